"""An OpenAPI 3.x document read as a catalog (``--catalog spec.yaml``, ``check spec.yaml``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from envelint.catalog.openapi_source import load_openapi_catalog
from envelint.catalog.store import CatalogError, load_catalog
from tests.helpers import run_cli

ROOT = Path(__file__).parents[1]
SPECS = ROOT / "fixtures" / "openapi"
CAPTURES = ROOT / "fixtures" / "captures" / "openapi"
WIDGETS = ROOT / "fixtures" / "docs" / "openapi"


def test_operations_templates_and_statuses_of_a_3_0_document() -> None:
    catalog = load_openapi_catalog(SPECS / "petstore-3.0.yaml")
    by_id = {op.id: op for op in catalog.operations}
    assert set(by_id) == {"listPets", "getPet", "deletePet"}
    assert by_id["getPet"].templates == ("/v1/pets/{pet_id}",)
    assert by_id["listPets"].query_params == ("limit",)  # from a $ref'd parameter
    assert [(r.status, r.kind, r.schema) for r in by_id["getPet"].responses] == [
        (200, "normal", "Pet"),
        (404, "abnormal", "Error"),
    ]
    assert [(r.status, r.schema) for r in by_id["deletePet"].responses] == [(204, None)]


def test_default_is_an_error_beside_a_success() -> None:
    catalog = load_openapi_catalog(SPECS / "petstore-3.0.yaml")
    listing = next(op for op in catalog.operations if op.id == "listPets")
    assert [(r.status, r.kind) for r in listing.responses] == [(200, "normal"), (None, "abnormal")]


def test_refs_are_resolved_and_3_0_keywords_become_2020_12() -> None:
    catalog = load_openapi_catalog(SPECS / "petstore-3.0.yaml")
    listing = catalog.schema("listPets.200")
    pet = listing["properties"]["pets"]["items"]
    assert pet["required"] == ["id", "name"]
    assert listing["properties"]["next_marker"]["type"] == ["string", "null"]
    assert pet["properties"]["age"]["exclusiveMinimum"] == 0
    assert "minimum" not in pet["properties"]["age"]
    assert pet["properties"]["age"]["examples"] == [3]


def test_each_property_cites_its_line_in_the_document() -> None:
    catalog = load_openapi_catalog(SPECS / "petstore-3.0.yaml")
    cited = catalog.schema("Pet")["properties"]["name"]["x-doc"]
    lines = (SPECS / "petstore-3.0.yaml").read_text().splitlines()
    assert lines[cited["line"] - 1].strip() == "name:"
    assert cited["table"] == "#/components/schemas/Pet"


def test_a_recursive_schema_keeps_one_definition() -> None:
    catalog = load_openapi_catalog(SPECS / "tree-3.1.json")
    tree = catalog.schema("Tree")
    assert tree["properties"]["branches"]["items"] == {"$ref": "#/$defs/Tree"}
    assert tree["$defs"]["Tree"]["required"] == ["name"]


def test_a_problem_json_body_and_a_range_key_are_an_error_response() -> None:
    catalog = load_openapi_catalog(SPECS / "tree-3.1.json")
    (tree,) = catalog.operations
    assert [(r.status, r.kind) for r in tree.responses] == [(200, "normal"), (None, "abnormal")]
    assert tree.responses_for(404)[0].schema == "showTree.4XX"


def test_an_external_ref_is_one_clear_error() -> None:
    with pytest.raises(CatalogError, match="points outside the document"):
        load_catalog(SPECS / "external-ref.yaml")


def test_not_an_openapi_document(tmp_path: Path) -> None:
    spec = tmp_path / "swagger.json"
    spec.write_text(json.dumps({"swagger": "2.0", "paths": {}}))
    result = run_cli("validate", "--catalog", str(spec), str(CAPTURES / "pets.http"))
    assert result.exit_code == 2
    assert "is not an OpenAPI 3.x document" in result.output


def test_broken_yaml_is_one_error_line_with_its_line(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.1.0\npaths: [\n")
    result = run_cli("check", str(spec), str(CAPTURES / "pets.http"))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "cannot read the OpenAPI document" in result.output


def test_validate_against_a_3_0_document_finds_the_exclusive_bound() -> None:
    result = run_cli(
        "validate",
        "--catalog",
        str(SPECS / "petstore-3.0.yaml"),
        str(CAPTURES / "pets.http"),
        "--format",
        "json",
    )
    assert result.exit_code == 1
    (finding,) = json.loads(result.output)["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("S007", 7, 36)
    assert finding["pointer"] == "/age"


def test_check_against_a_3_1_document_follows_the_recursion() -> None:
    result = run_cli(
        "check", str(SPECS / "tree-3.1.json"), str(CAPTURES / "trees.http"), "--format", "json"
    )
    assert result.exit_code == 1
    (finding,) = json.loads(result.output)["findings"]
    assert (finding["code"], finding["pointer"]) == ("S002", "/branches/1")


def test_an_export_read_back_keeps_operations_templates_and_schemas(tmp_path: Path) -> None:
    exported = tmp_path / "widgets.yaml"
    assert run_cli("export", "openapi", str(WIDGETS), "-o", str(exported)).exit_code == 0
    catalog = load_catalog(exported)
    listing = next(op for op in catalog.operations if op.id == "widget-list")
    assert listing.templates == ("/v1/{project_id}/widgets", "/v1.1/{project_id}/widgets")
    widget = catalog.schema("widgets.querying_widget_details.normal")["properties"]["widget"]
    assert widget["x-doc"]["line"] == 19  # the citing row, kept beside the lifted table
    assert widget["properties"]["size"]["x-doc"]["line"] == 33


HOSTILE = {
    "paths-not-a-mapping.yaml": "openapi: 3.1.0\npaths: 5\n",
    "responses-a-list.yaml": "openapi: 3.1.0\npaths:\n  /x:\n    get:\n      responses: [1]\n",
    "ref-to-nothing.yaml": (
        "openapi: 3.1.0\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n"
        "          content:\n            application/json:\n              schema: {$ref: '#/no'}\n"
    ),
    "parameters-a-number.yaml": (
        "openapi: 3.1.0\npaths:\n  /x:\n    get:\n      parameters: 7\n      responses:\n"
        "        '200':\n          headers: [1]\n          content:\n"
        "            application/json:\n"
        "              schema: {type: object, properties: [1, 2]}\n"
    ),
    "not-a-mapping.json": "[1, 2]",
    "deep.yaml": "openapi: 3.1.0\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n"
    "          content:\n            application/json:\n              schema: "
    + "{properties: {a: " * 3000
    + "{}"
    + "}}" * 3000
    + "\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_broken_document_is_one_error_line(name: str, tmp_path: Path) -> None:
    spec = tmp_path / name
    spec.write_text(HOSTILE[name])
    payload = tmp_path / "payload.json"
    payload.write_text('{"a": 1}')
    result = run_cli("validate", "--catalog", str(spec), str(payload))
    assert "internal error" not in result.output
    assert result.exit_code in (1, 2)
    if result.exit_code == 2:
        assert result.output.count("\n") == 1 and result.output.startswith("envelint: error:")


def test_the_configuration_may_name_an_openapi_document(tmp_path: Path) -> None:
    (tmp_path / "kennel.yaml").write_text((SPECS / "petstore-3.0.yaml").read_text())
    (tmp_path / ".envelint.yaml").write_text("catalog: kennel.yaml\n")
    capture = tmp_path / "pets.http"
    capture.write_text((CAPTURES / "pets.http").read_text())
    result = run_cli("validate", str(capture), "--format", "json")
    assert result.exit_code == 1, result.output
    assert [f["code"] for f in json.loads(result.output)["findings"]] == ["S007"]


def _comparable(finding: dict) -> tuple:
    """A finding without what names the catalog: schema ids, the page it was read from."""
    doc = finding["doc"]
    row = (Path(doc["path"]).name, doc["line"], doc["table"]) if doc else None
    place = (finding["path"], finding["line"], finding["column"], finding["pointer"])
    return (finding["code"], *place, finding["message"], finding["operation"], row)


def test_a_capture_gives_the_same_findings_against_the_docs_and_their_export(
    tmp_path: Path,
) -> None:
    docs = ROOT / "fixtures" / "docs" / "operations"
    exported = tmp_path / "gizmos.yaml"
    assert run_cli("export", "openapi", str(docs), "-o", str(exported)).exit_code == 0
    capture = str(CAPTURES / "gizmos.http")
    derived = run_cli("check", str(docs), capture, "--format", "json")
    read_back = run_cli("check", str(exported), capture, "--format", "json")
    before = [_comparable(f) for f in json.loads(derived.output)["findings"]]
    after = [_comparable(f) for f in json.loads(read_back.output)["findings"]]
    assert [code for code, *_ in before] == ["S001", "S003", "E007"]  # 500: the page lists 200, 404
    assert after == before


def test_an_exported_request_body_is_read_back_as_the_operation_s_request_schema(
    tmp_path: Path,
) -> None:
    exported = tmp_path / "gizmos.yaml"
    docs = ROOT / "fixtures" / "docs" / "operations"
    assert run_cli("export", "openapi", str(docs), "-o", str(exported)).exit_code == 0
    catalog = load_catalog(exported)
    [start] = [operation for operation in catalog.operations if operation.id == "gizmo-start"]
    assert start.request is not None and start.request.body is not None
    assert catalog.by_id[start.request.body].kind == "request"
