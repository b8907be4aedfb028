"""``envelint export openapi``: the derived contract as one OpenAPI 3.1 document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from envelint.catalog.store import ApiOperation, ResponseSpec
from envelint.export.openapi import ExportInfo, openapi_document
from envelint.export.schema_forms import to_internal, to_openapi
from tests.helpers import run_cli

WIDGETS = Path(__file__).parents[1] / "fixtures" / "docs" / "openapi"


@pytest.fixture
def exported(tmp_path: Path) -> dict:
    target = tmp_path / "widgets.yaml"
    result = run_cli("export", "openapi", str(WIDGETS), "-o", str(target), "--version", "2.1")
    assert result.exit_code == 0, result.output
    return yaml.safe_load(target.read_text())


def test_info_takes_the_title_of_the_index_page_and_the_given_version(exported: dict) -> None:
    assert exported["openapi"] == "3.1.0"
    assert exported["info"]["title"] == "Widget Service - API Reference"
    assert exported["info"]["version"] == "2.1"


def test_a_page_with_two_templates_gives_the_operation_under_both_paths(exported: dict) -> None:
    first = exported["paths"]["/v1/{project_id}/widgets"]["get"]
    second = exported["paths"]["/v1.1/{project_id}/widgets"]["get"]
    assert (first["operationId"], second["operationId"]) == ("widget-list", "widget-list.2")
    assert first["x-envelint-operation"] == second["x-envelint-operation"] == "widget-list"


def test_path_and_query_parameters_come_from_the_templates(exported: dict) -> None:
    parameters = exported["paths"]["/v1/{project_id}/widgets"]["get"]["parameters"]
    assert [(p["name"], p["in"], p["required"]) for p in parameters] == [
        ("project_id", "path", True),
        ("limit", "query", False),
        ("marker", "query", False),
    ]


def test_a_variable_written_twice_in_a_path_is_numbered(exported: dict) -> None:
    move = exported["paths"]["/v1/{project_id}/widgets/{widget_id}/moves/{project_id_2}"]["post"]
    names = [p["name"] for p in move["parameters"]]
    assert names == ["project_id", "widget_id", "project_id_2"]
    assert "{project_id}" in move["parameters"][2]["description"]


def test_the_description_is_the_pages_opening_sentence(exported: dict) -> None:
    move = exported["paths"]["/v1/{project_id}/widgets/{widget_id}/moves/{project_id_2}"]["post"]
    assert move["description"] == "This API is used to move a widget to another project's shelf."
    listing = exported["paths"]["/v1/{project_id}/widgets"]["get"]
    assert "description" not in listing  # the page opens with its URI


def test_responses_per_status_and_a_bodyless_response_has_no_content(exported: dict) -> None:
    move = exported["paths"]["/v1/{project_id}/widgets/{widget_id}/moves/{project_id_2}"]["post"]
    assert set(move["responses"]) == {"204", "409"}
    assert "content" not in move["responses"]["204"]
    listing = exported["paths"]["/v1/{project_id}/widgets"]["get"]["responses"]["200"]
    ref = listing["content"]["application/json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/widgets.listing_widgets.normal"


def test_a_table_two_schemas_cite_is_one_component(exported: dict) -> None:
    schemas = exported["components"]["schemas"]
    listing = schemas["widgets.listing_widgets.normal"]["properties"]["widgets"]["items"]
    details = schemas["widgets.querying_widget_details.normal"]["properties"]["widget"]
    assert listing["$ref"] == details["$ref"]
    assert details["description"] == "The widget. For details, see Table 2."
    component = schemas[details["$ref"].rsplit("/", 1)[1]]
    assert list(component["properties"]) == ["id", "size", "tags"]


def test_every_property_cites_its_page_and_line(exported: dict) -> None:
    component = exported["components"]["schemas"]["listing_widgets.widget_field_description"]
    source = component["properties"]["size"]["x-envelint-source"]
    assert (source["path"], source["line"]) == ("widgets/listing_widgets.rst", 33)
    assert source["table"] == "Table 2 widget field description"


def test_no_envelint_annotation_is_left_unprefixed(exported: dict) -> None:
    text = json.dumps(exported)
    assert '"x-doc"' not in text and '"$schema"' not in text
    assert '"items": {}' in text  # an array of unknown items says so


def test_json_by_suffix(tmp_path: Path) -> None:
    target = tmp_path / "widgets.json"
    assert run_cli("export", "openapi", str(WIDGETS), "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text())["openapi"] == "3.1.0"


def test_an_unknown_suffix_is_one_error_line(tmp_path: Path) -> None:
    result = run_cli("export", "openapi", str(WIDGETS), "-o", str(tmp_path / "widgets.txt"))
    assert result.exit_code == 2
    assert "must end in .yaml, .yml or .json" in result.output


def test_operations_sharing_method_and_path_are_told_apart_by_a_fragment() -> None:
    start = ApiOperation("srv-start", "POST", ("/v1/servers/{id}/action",), ("id",))
    stop = ApiOperation("srv-stop", "POST", ("/v1/servers/{id}/action",), ("id",))
    document = openapi_document(ExportInfo("t", "1"), [stop, start], [], {})
    assert set(document["paths"]) == {"/v1/servers/{id}/action", "/v1/servers/{id}/action#srv-stop"}


def test_paths_differing_only_in_variable_names_share_the_first_spelling() -> None:
    get = ApiOperation("a-get", "GET", ("/{ObjectKey}",), ("ObjectKey",))
    put = ApiOperation("b-put", "PUT", ("/{ObjectName}",), ("ObjectName",))
    document = openapi_document(ExportInfo("t", "1"), [put, get], [], {})
    assert list(document["paths"]) == ["/{ObjectKey}"]
    assert set(document["paths"]["/{ObjectKey}"]) == {"get", "put"}


def test_query_flags_stay_in_the_path_key() -> None:
    acl = ApiOperation(
        "acl", "GET", ("/",), query_flags=("acl",), responses=(ResponseSpec(200, "normal", None),)
    )
    document = openapi_document(ExportInfo("t", "1"), [acl], [], {})
    assert list(document["paths"]) == ["/?acl"]


def test_annotations_round_trip() -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {"x-doc": {"type": "string", "x-doc": {"path": "a.rst", "line": 3}}},
        "x-error-code-form": {"pattern": "^A$"},
    }
    exported = to_openapi(schema)
    assert exported["properties"]["x-doc"]["x-envelint-source"] == {"path": "a.rst", "line": 3}
    assert exported["x-envelint-error-code-form"] == {"pattern": "^A$"}
    back = to_internal(exported)
    assert back == {key: value for key, value in schema.items() if key != "$schema"}


def test_a_sentence_starting_with_a_method_word_is_a_description() -> None:
    from envelint.docs import read_page
    from envelint.export.descriptions import page_description

    text = "Gizmo Syntax\n============\n\nDelete a gizmo and its parts.\n\nURI\n---\n\n"
    text += "DELETE /v1/gizmos/{gizmo_id}\n"
    assert page_description(read_page("deleting.rst", text)) == "Delete a gizmo and its parts."


def test_title_and_version_from_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / "envelint.yaml"
    config.write_text("openapi:\n  title: Widgets\n  version: '3.0'\n")
    target = tmp_path / "widgets.yaml"
    arguments = ("export", "openapi", str(WIDGETS), "-o", str(target), "--config", str(config))
    assert run_cli(*arguments).exit_code == 0
    assert yaml.safe_load(target.read_text())["info"] == {
        "title": "Widgets",
        "version": "3.0",
        "description": yaml.safe_load(target.read_text())["info"]["description"],
    }
    assert run_cli(*arguments, "--version", "4").exit_code == 0
    assert yaml.safe_load(target.read_text())["info"]["version"] == "4"


def test_the_same_documentation_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert run_cli("export", "openapi", str(WIDGETS), "-o", str(first)).exit_code == 0
    assert (
        run_cli("export", "openapi", str(WIDGETS), "-o", str(second), "--no-cache").exit_code == 0
    )
    assert first.read_bytes() == second.read_bytes()


def test_a_missing_docs_folder_is_one_error_line(tmp_path: Path) -> None:
    result = run_cli("export", "openapi", str(tmp_path / "absent"), "-o", str(tmp_path / "a.yaml"))
    assert result.exit_code == 2
    assert result.output.startswith("envelint: error: no such documentation file or folder")


REQUESTS = Path(__file__).parents[1] / "fixtures" / "docs" / "requests"
REQUEST_CAPTURES = Path(__file__).parents[1] / "fixtures" / "captures" / "requests"


@pytest.fixture
def requests_export(tmp_path: Path) -> Path:
    target = tmp_path / "requests.yaml"
    result = run_cli("export", "openapi", str(REQUESTS), "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


def create_widget_parameters(export: Path) -> dict[tuple[str, str], dict]:
    document = yaml.safe_load(export.read_text())
    item = document["paths"]["/v1/{project_id}/workshops/{workshop_id}/widgets"]["post"]
    return {(p["in"], p["name"]): p for p in item["parameters"]}


def test_parameters_take_type_description_and_source_from_their_tables(requests_export) -> None:
    dry_run = create_widget_parameters(requests_export)[("query", "dry_run")]
    assert dry_run["schema"] == {"type": "boolean"}
    assert dry_run["description"] == "Only checks the request when true."
    assert dry_run["required"] is False
    assert dry_run["x-envelint-source"]["table"] == "Table 2 Query Parameters"


def test_request_header_parameters_are_exported_but_content_type(requests_export) -> None:
    parameters = create_widget_parameters(requests_export)
    headers = {name: p["required"] for (place, name), p in parameters.items() if place == "header"}
    assert headers == {"X-Auth-Token": True, "X-Trace-Id": False}


def test_parameters_read_back_check_captured_urls_as_the_docs_do(
    requests_export: Path, tmp_path: Path
) -> None:
    capture = tmp_path / "dry-run.jsonl"
    record = {
        "method": "POST",
        "url": "/v1/p1/workshops/w1/widgets?dry_run=maybe",
        "status": 201,
        "request_body": {"widget": {"name": "a"}, "mode": "serial"},
        "body": {"id": "w-1"},
    }
    capture.write_text(json.dumps(record) + "\n")

    def request_side(source: Path) -> list[tuple[object, ...]]:
        result = run_cli("check", "--no-cache", "--format", "json", str(source), str(capture))
        findings = json.loads(result.output)["findings"]
        return [(f["code"], f["message"]) for f in findings if f["side"] == "request"]

    from_docs = request_side(REQUESTS)
    assert [code for code, _ in from_docs] == ["S001"]
    assert request_side(requests_export) == from_docs
