"""index.json format 2: operations beside schemas, written byte-deterministically, read back
whole; a format 1 catalog still loads; any other version is one clear error."""

from __future__ import annotations

import json
import random

import pytest

from envelint.catalog.store import (
    ApiOperation,
    CatalogEntry,
    CatalogError,
    Operation,
    ResponseSpec,
    load_catalog,
    render_catalog,
    write_catalog,
)

OPERATIONS = [
    ApiOperation(
        "gizmo-list",
        "GET",
        ("/v2/{project_id}/gizmos", "/v2.1/{project_id}/gizmos"),
        path_params=("project_id",),
        query_params=("limit",),
        responses=(
            ResponseSpec(200, "normal", "list.normal", ("X-Total",)),
            ResponseSpec(204, "normal", None),
        ),
        page="docs/list.rst",
        line=12,
        title="Listing Gizmos",
    ),
    ApiOperation(
        "bucket-acl",
        "GET",
        ("/",),
        query_flags=("acl",),
        request_keys=("a", "b"),
        required_request_keys=("a",),
        page="docs/acl.rst",
        line=3,
        title="Getting a Bucket ACL",
    ),
]
ENTRIES = [
    CatalogEntry("list.normal", "list.normal.json", "normal", None, Operation("GET", "/v2/x"))
]
SCHEMAS = {"list.normal": {"type": "object"}}


def test_operations_survive_a_round_trip(tmp_path):
    write_catalog(tmp_path, render_catalog(ENTRIES, SCHEMAS, OPERATIONS))
    catalog = load_catalog(tmp_path)
    assert sorted(catalog.operations, key=lambda op: op.id) == sorted(
        OPERATIONS, key=lambda op: op.id
    )
    assert catalog.entries == ENTRIES


def test_the_index_is_the_same_bytes_whatever_the_order_given():
    shuffled = list(OPERATIONS)
    random.Random(3).shuffle(shuffled)
    first = render_catalog(ENTRIES, SCHEMAS, OPERATIONS)
    assert render_catalog(ENTRIES, SCHEMAS, list(reversed(OPERATIONS))) == first
    index = json.loads(first["index.json"])
    assert index["envelint_catalog"] == 2
    assert [item["id"] for item in index["operations"]] == ["bucket-acl", "gizmo-list"]


def test_a_format_1_catalog_loads_with_operations_from_its_schemas(tmp_path):
    entry = ENTRIES[0].to_dict()
    index = {"envelint_catalog": 1, "schemas": [entry]}
    (tmp_path / "index.json").write_text(json.dumps(index))
    catalog = load_catalog(tmp_path)
    [operation] = catalog.operations
    assert (operation.method, operation.templates) == ("GET", ("/v2/x",))
    assert operation.schema_ids == ("list.normal",)


def test_an_unknown_version_is_one_clear_error(tmp_path):
    (tmp_path / "index.json").write_text(json.dumps({"envelint_catalog": 9, "schemas": []}))
    with pytest.raises(CatalogError, match="rebuild it with `envelint schemas build`"):
        load_catalog(tmp_path)


def test_a_malformed_operation_is_one_clear_error(tmp_path):
    index = {"envelint_catalog": 2, "schemas": [], "operations": [{"method": "GET"}]}
    (tmp_path / "index.json").write_text(json.dumps(index))
    with pytest.raises(CatalogError, match="malformed"):
        load_catalog(tmp_path)


def test_responses_for_a_status():
    listed = OPERATIONS[0]
    assert listed.responses_for(204) == (ResponseSpec(204, "normal", None),)
    assert listed.responses_for(500) == ()  # not documented: E007 territory
    unnamed = ApiOperation(
        "x",
        "GET",
        ("/x",),
        responses=(ResponseSpec(None, "normal", "x.normal"), ResponseSpec(None, "abnormal", "x.e")),
    )
    assert unnamed.responses_for(201) == (ResponseSpec(None, "normal", "x.normal"),)
    assert unnamed.responses_for(503) == (ResponseSpec(None, "abnormal", "x.e"),)
    assert unnamed.responses_for(None) == unnamed.responses


def test_a_built_catalog_routes_requests_to_its_operations(tmp_path, monkeypatch):
    from envelint.catalog.operations import OperationIndex
    from tests.conftest import REPO
    from tests.helpers import run_cli

    monkeypatch.chdir(REPO)
    result = run_cli("schemas", "build", "fixtures/docs/operations", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    catalog = load_catalog(tmp_path)
    index = OperationIndex.for_catalog(catalog)
    url = "https://api.example.com/v2.1/p1/gizmos/g1/action"
    [found] = index.match_operations("POST", url, {"reboot": {"type": "SOFT"}})
    assert found.operation.id == "gizmo-reboot"
    assert found.values == {"project_id": "p1", "gizmo_id": "g1"}
    assert [entry.id for entry in index.match("GET", "/v2/p1/gizmos")] == [
        "gizmos/listing_gizmos.normal"
    ]
