"""Request tables -> request contracts, on fixtures/docs/requests: pages of our own in the
corpus's styles (path, query, header and body tables; a nested table by link; Mandatory
written Yes/No, Mandatory/Optional, and "Yes when ..."; a GET whose request table is its
query)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from envelint.catalog.store import (
    ApiOperation,
    Catalog,
    RequestSpec,
    load_catalog,
    render_catalog,
    write_catalog,
)
from envelint.derive import derive_catalog
from envelint.derive.derivation import DerivedCatalog
from envelint.derive.params import says_mandatory

REPO = Path(__file__).resolve().parents[1]
TREE = "fixtures/docs/requests"
PAGE = "fixtures/docs/requests/creating_a_widget.rst"


@pytest.fixture(scope="module")
def derived() -> DerivedCatalog:
    previous = Path.cwd()
    os.chdir(REPO)
    try:
        return derive_catalog([TREE])
    finally:
        os.chdir(previous)


@pytest.fixture(scope="module")
def operations(derived: DerivedCatalog) -> dict[str, ApiOperation]:
    return {operation.id: operation for operation in derived.operations}


def request_of(operations: dict[str, ApiOperation], name: str) -> RequestSpec:
    request = operations[name].request
    assert request is not None
    return request


def test_the_body_table_becomes_a_request_schema(derived, operations):
    request = request_of(operations, "widget-create")
    assert request.body == "creating_a_widget.request"
    entry = next(e for e in derived.entries if e.id == request.body)
    assert entry.kind == "request"
    body = derived.schemas[request.body]
    assert list(body["properties"]) == ["widget", "count", "mode"]


def test_required_comes_from_the_mandatory_column(derived, operations):
    body = derived.schemas[request_of(operations, "widget-create").body or ""]
    assert body["required"] == ["widget"]  # "No" and "Yes when count is over 1" are not


def test_a_linked_table_nests_with_its_own_mandatory_column(derived, operations):
    widget = derived.schemas[request_of(operations, "widget-create").body or ""]["properties"][
        "widget"
    ]
    assert widget["required"] == ["name"]
    assert widget["properties"]["tags"]["items"] == {"type": "string"}


def test_every_request_property_cites_its_row(derived, operations):
    body = derived.schemas[request_of(operations, "widget-create").body or ""]
    assert (
        body["properties"]["count"]["x-doc"].items()
        >= {
            "path": PAGE,
            "line": 54,
            "table": "Table 4 Request body parameters",
        }.items()
    )
    assert body["properties"]["widget"]["properties"]["name"]["x-doc"]["table"] == "Table 5 Widget"


def test_an_enum_in_a_request_description_is_read(derived, operations):
    body = derived.schemas[request_of(operations, "widget-create").body or ""]
    assert body["properties"]["mode"]["enum"] == ["serial", "parallel"]


def test_path_query_and_header_tables_become_parameter_schemas(operations):
    request = request_of(operations, "widget-create")
    assert request.path is not None and request.query is not None and request.headers is not None
    assert request.path["required"] == ["project_id", "workshop_id"]
    assert request.query["properties"]["dry_run"]["type"] == "boolean"
    assert "required" not in request.query
    assert list(request.headers["properties"]) == ["X-Auth-Token", "Content-Type", "X-Trace-Id"]
    assert request.headers["required"] == ["X-Auth-Token", "Content-Type"]  # not "Optional"


def test_a_uri_table_is_split_into_path_and_query_by_the_template(operations):
    request = request_of(operations, "widget-list")
    assert request.path is not None and request.query is not None
    assert list(request.path["properties"]) == ["project_id"]
    assert list(request.query["properties"]) == ["limit", "color"]


def test_a_get_has_no_request_body(derived, operations):
    assert request_of(operations, "widget-list").body is None
    assert not any(entry.id == "listing_widgets.request" for entry in derived.entries)


def test_a_response_header_table_is_not_a_request_header_table(operations):
    assert request_of(operations, "widget-list").headers is None


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("Yes", True),
        ("Mandatory", True),
        ("Required", True),
        ("No", False),
        ("Optional", False),
        ("-", False),
        ("Conditionally required", False),
        ("Yes when func_vpc is not empty", False),
        ("Yes (If the volume is created from a snapshot)", False),
        ("Mandatory for AK/SK-based authentication", False),
        ("No (query parameter)", False),
    ],
)
def test_mandatory_spellings(cell, said):
    assert says_mandatory(cell) is said


def test_the_catalog_keeps_request_contracts_and_stays_byte_identical(derived, tmp_path):
    files = render_catalog(derived.entries, derived.schemas, derived.operations)
    write_catalog(tmp_path, files)
    loaded = load_catalog(tmp_path)
    by_id = {operation.id: operation for operation in loaded.operations}
    request = by_id["widget-create"].request
    assert request is not None and request.body == "creating_a_widget.request"
    assert (
        request.headers
        == request_of({o.id: o for o in derived.operations}, "widget-create").headers
    )
    again = render_catalog(
        loaded.entries, {e.id: loaded.schema(e.id) for e in loaded.entries}, loaded.operations
    )
    assert again == files


def test_request_schemas_are_never_chosen_for_a_response(derived):
    from envelint.catalog.matching import Selector

    catalog = Catalog.in_memory(derived.entries, derived.schemas, derived.operations)
    selector = Selector(catalog, lambda schema_id: [])
    assert all(entry.kind != "request" for entry in selector.everything)


def test_a_body_table_keeps_a_field_named_like_a_path_variable(derived, operations):
    request = request_of(operations, "widget-convert")
    body = derived.schemas[request.body or ""]
    assert list(body["properties"]) == ["type", "keep"]
    assert body["required"] == ["type"]


def test_a_caption_naming_its_own_row_is_a_body_table_not_a_nested_one(operations):
    assert operations["widget-convert"].request_keys == ("type", "keep")


def test_a_label_before_an_uncaptioned_table_names_the_headers(operations):
    headers = request_of(operations, "widget-convert").headers
    assert headers is not None and list(headers["properties"]) == ["X-Auth-Token"]


@pytest.mark.parametrize(
    ("description", "said"),
    [
        ("This parameter is mandatory only if you have enabled MFA-based login.", False),
        ("Mandatory when source_type is image.", False),
        ("This parameter is required when type is shelf.", False),
        (
            "This parameter is not contained in the request when the EIP is unbound.",
            False,
        ),
        ("This parameter is not included if the gadget is a replica.", False),
        ("Gadget name. Mandatory when mode is set to cluster.", False),
        ("This parameter is not required when the disk is shared.", False),
        ("This parameter is valid only when type is set to replica.", False),
        ("Only when the gadget is encrypted. Key ID.", False),
        ("The project ID.", True),
        ("This API is available only when authorityEnable is set to true.", True),
        ("The value cannot be empty when the gadget is created.", True),
        ("If action is set to add, see Table 3 for details about the parameters.", True),
    ],
)
def test_a_condition_in_the_description_makes_a_yes_conditional(description, said):
    from envelint.derive.params import CONDITION_IN_DESCRIPTION

    assert (not CONDITION_IN_DESCRIPTION.search(description)) is said


@pytest.mark.parametrize("header", ["Mandatory (Yes/No)", "Mandatory or Not", "Mandatory"])
def test_the_corpus_spellings_of_the_mandatory_column_are_read(header: str) -> None:
    from envelint.derive.columns import find_columns

    assert find_columns(["Parameter", header, "Type", "Description"]).mandatory == 1


def test_a_query_table_row_naming_a_path_variable_is_a_path_parameter(tmp_path: Path) -> None:
    page = tmp_path / "querying_a_group.rst"
    page.write_text(
        "Querying a Group\n================\n\nURI\n---\n\n-  URI format\n\n"
        "   GET /v3/groups/{group_id}\n\n-  Query parameters\n\n"
        "   ========= ========= ====== ===========\n"
        "   Parameter Mandatory Type   Description\n"
        "   ========= ========= ====== ===========\n"
        "   group_id  Yes       String The group.\n"
        "   ========= ========= ====== ===========\n"
    )
    [operation] = derive_catalog([str(tmp_path)]).operations
    assert operation.request is not None and operation.request.query is None
    assert operation.request.path is not None
    assert list(operation.request.path["properties"]) == ["group_id"]
