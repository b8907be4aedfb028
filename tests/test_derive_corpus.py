"""envelint.derive on the three real references in ../shared/corpus: coverage targets, issues,
and the derived schemas of a few representative pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from envelint.catalog.store import Operation
from envelint.derive import derive_catalog
from tests.conftest import CORPUS, require_shared

pytestmark = pytest.mark.slow

TREES = ("elastic-cloud-server", "cloud-container-engine", "identity-access-management")
_DERIVED: dict[str, object] = {}


def api_ref(tree: str) -> Path:
    return require_shared(CORPUS / tree / "api-ref")


def derived(tree: str):
    """Each tree is derived once for the whole module."""
    root = api_ref(tree)
    if tree not in _DERIVED:
        _DERIVED[tree] = derive_catalog([root])
    return _DERIVED[tree]


def shape(schema: dict, path: str = "") -> list[tuple[str, str | None, int | None]]:
    """(path, type, documentation line) of every node, in document order."""
    doc = schema.get("x-doc")
    rows = [(path, schema.get("type"), doc["line"] if doc else None)]
    for name, child in schema.get("properties", {}).items():
        rows += shape(child, f"{path}/{name}")
    if isinstance(schema.get("items"), dict):
        rows += shape(schema["items"], f"{path}[]")
    if isinstance(schema.get("additionalProperties"), dict):
        rows += shape(schema["additionalProperties"], f"{path}{{}}")
    return rows


@pytest.mark.parametrize("tree", TREES)
def test_a_schema_for_99_percent_of_operation_pages_with_a_response_table(tree):
    stats = derived(tree).stats
    assert stats["operation_pages_with_response_table"] > 0
    covered = stats["operation_pages_with_schema"] / stats["operation_pages_with_response_table"]
    assert covered >= 0.99, stats


@pytest.mark.parametrize("tree", TREES)
def test_99_percent_of_nested_links_resolved(tree):
    stats = derived(tree).stats
    total = stats["links_resolved"] + stats["links_unresolved"]
    assert total > 100
    assert stats["links_resolved"] / total >= 0.99, stats


@pytest.mark.parametrize("tree", TREES)
def test_every_unresolved_link_and_unknown_type_is_an_issue_with_a_position(tree):
    result = derived(tree)
    kinds = [issue.kind for issue in result.issues]
    assert kinds.count("unknown-type") == result.stats["unknown_types"]
    assert kinds.count("unresolved-reference") >= result.stats["links_unresolved"]
    for issue in result.issues:
        assert Path(issue.path).is_file() and issue.line >= 1 and issue.column >= 1


@pytest.mark.parametrize("tree", TREES)
def test_every_entry_has_its_schema_and_an_object_or_array_root(tree):
    result = derived(tree)
    assert sorted(result.schemas) == sorted(entry.id for entry in result.entries)
    for schema in result.schemas.values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema.get("type") in ("object", "array", "string", None)


def test_seed_home_page_abnormal_schema():
    root = api_ref("elastic-cloud-server")
    page = (root / "source/common_parameters/job_request_results/responses_jobs.rst").as_posix()
    schema = derived("elastic-cloud-server").schemas[
        "source/common_parameters/job_request_results/responses_jobs.abnormal"
    ]

    def field(kind, description, line, table, **extra):
        return {
            "type": kind,
            **extra,
            "description": description,
            "x-doc": {"path": page, "line": line, "table": table, **published},
        }

    published = {"page": "Responses (Jobs)", "original_name": "en-us_topic_0022067714.html"}
    error, details = "Table 1 error field structure", "Table 2 details field description"
    message = "Describes the error message when an error occurs."
    code = "Specifies the error code when an error occurs."
    schema = dict(schema)  # the derivation is shared by the module's tests
    # the codes the reference's Error Codes appendix lists, one of each shape (rule E004)
    assert schema.pop("x-error-code-form")["examples"] == ["Common.0024", "Ecs.0000", "Pdp.0001"]
    assert schema == {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Responses (Jobs): abnormal response",
        "type": "object",
        "properties": {
            "error": field(
                "object",
                "Specifies the returned error message when an error occurs. For details, see "
                "Table 1.",
                21,
                None,
                properties={
                    "message": field("string", message, 31, error),
                    "code": field("string", code, 33, error),
                    "details": field(
                        "array",
                        "Specifies error details. Error details provide the error code and fault "
                        "description, facilitating error handling.",
                        35,
                        error,
                        items={
                            "type": "object",
                            "properties": {
                                "message": field("string", message, 45, details),
                                "code": field("string", code, 46, details),
                            },
                        },
                    ),
                },
            )
        },
    }


def test_abnormal_response_taken_from_the_common_page():
    result = derived("elastic-cloud-server")
    page = "source/apis_recommended/disk_management/attaching_a_disk_to_an_ecs"
    entries = {entry.id: entry for entry in result.entries if entry.id.startswith(page)}
    assert sorted(entries) == [f"{page}.abnormal", f"{page}.normal", f"{page}.request"]
    assert entries[f"{page}.abnormal"].operation == Operation(
        "POST", "/v1/{project_id}/cloudservers/{server_id}/attachvolume"
    )
    common = "source/common_parameters/job_request_results/responses_jobs.abnormal"
    assert result.schemas[f"{page}.abnormal"]["properties"] == result.schemas[common]["properties"]
    assert list(result.schemas[f"{page}.normal"]["properties"]) == ["job_id"]


def test_cross_page_map_with_documented_keys():
    schema = derived("elastic-cloud-server").schemas[
        "source/apis_recommended/lifecycle_management/querying_details_about_an_ecs.normal"
    ]
    metadata = schema["properties"]["server"]["properties"]["metadata"]
    assert metadata["additionalProperties"] == {"type": "string"}
    assert metadata["properties"]["charging_mode"]["x-doc"]["path"].endswith(
        "data_structure/data_structure_for_querying_details_about_ecss.rst"
    )
    power = schema["properties"]["server"]["properties"]["OS-EXT-STS:power_state"]
    assert power["type"] == "integer" and power["enum"] == [0, 1, 4]


def test_status_page_with_type_cell_links_and_a_cycle():
    schema = derived("cloud-container-engine").schemas[
        "source/apis/job_management/obtaining_job_details.status-200"
    ]
    assert schema["title"] == "Obtaining Job Details: status 200 response"
    assert shape(schema) == [
        ("", "object", None),
        ("/kind", "string", 115),
        ("/apiVersion", "string", 131),
        ("/metadata", "object", 147),
        ("/metadata/uid", "string", 393),
        ("/metadata/creationTimestamp", "string", 409),
        ("/metadata/updateTimestamp", "string", 425),
        ("/spec", "object", 163),
        ("/spec/type", "string", 203),
        ("/spec/clusteruid", "string", 219),
        ("/spec/resourceid", "string", 235),
        ("/spec/resourcename", "string", 251),
        ("/spec/extendparam", "object", 267),
        ("/spec/extendparam{}", "string", None),
        ("/spec/subjobs", "array", 283),
        ("/spec/subjobs[]", "object", None),
        ("/status", "object", 179),
        ("/status/status", "string", 449),
        ("/status/reason", "string", 471),
        ("/status/completionTime", "string", 487),
    ]


def test_array_body_and_cross_page_response_reference():
    result = derived("cloud-container-engine")
    charts = result.schemas["source/apis/chart_management/obtaining_a_chart_list.status-200"]
    assert charts["type"] == "array" and "id" in charts["items"]["properties"]
    updated = result.schemas["source/apis/cluster_management/updating_a_specified_node_pool.normal"]
    assert updated["properties"]["spec"]["x-doc"]["path"].endswith("creating_a_node_pool.rst")


def test_parameter_cell_links_to_list_item_labels_and_mandatory_columns():
    schema = derived("identity-access-management").schemas[
        "source/apis/user_management/querying_a_user_list.normal"
    ]
    assert schema["required"] == ["users", "links"]
    users = schema["properties"]["users"]["items"]
    assert users["required"] == [
        "description",
        "domain_id",
        "enabled",
        "id",
        "links",
        "name",
        "password_expires_at",
    ]
    assert shape(schema) == [
        ("", "object", None),
        ("/users", "array", 78),
        ("/users[]", "object", None),
        ("/users[]/description", "string", 90),
        ("/users[]/domain_id", "string", 92),
        ("/users[]/enabled", "boolean", 94),
        ("/users[]/id", "string", 96),
        ("/users[]/links", "object", 98),
        ("/users[]/links/self", "string", 132),
        ("/users[]/links/previous", "string", 134),
        ("/users[]/links/next", "string", 136),
        ("/users[]/name", "string", 100),
        ("/users[]/password_expires_at", "string", 102),
        ("/users[]/pwd_status", "boolean", 104),
        ("/users[]/pwd_strength", "string", 106),
        ("/users[]/last_project_id", "string", 108),
        ("/links", "object", 80),
        ("/links/self", "string", 118),
        ("/links/previous", "string", 120),
        ("/links/next", "string", 122),
    ]


def test_malformed_headers_are_reported():
    issues = derived("cloud-container-engine").issues
    malformed = [issue for issue in issues if issue.kind == "malformed-header"]
    assert len(malformed) >= 5
    assert all('"String"' in issue.message for issue in malformed)
