"""Tables that a field's documentation reads as alternatives or as maps: a field with one table
per case, a Mandatory "Yes" that the description makes conditional, a ``key``/``value`` table
describing data-derived keys, an object whose table lists only some of its fields, and a table
with one ``key`` row that no other field borrows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from envelint.derive.derivation import derive_catalog
from tests.helpers import run_cli

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "docs" / "cases"


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict[str, Any]]:
    return derive_catalog([CASES]).schemas


def lint_json(name: str) -> list[dict[str, Any]]:
    result = run_cli("lint", "--no-cache", "--format", "json", str(CASES / name))
    findings: list[dict[str, Any]] = json.loads(result.output)["findings"]
    return findings


def test_a_field_with_one_table_per_case_has_the_fields_of_every_case(schemas):
    spec = schemas["creating_a_gadget.request"]["properties"]["spec"]
    assert list(spec["properties"]) == ["flavor", "mode", "source_id"]


def test_a_field_of_one_case_is_required_only_when_every_case_requires_it(schemas):
    spec = schemas["creating_a_gadget.request"]["properties"]["spec"]
    assert spec["required"] == ["flavor"]


def test_each_field_of_a_case_cites_its_own_table(schemas):
    spec = schemas["creating_a_gadget.request"]["properties"]["spec"]["properties"]
    assert spec["mode"]["x-doc"]["table"].startswith("Table 2")
    assert spec["source_id"]["x-doc"]["table"].startswith("Table 3")


def test_tables_named_without_links_one_per_case_are_alternatives_too(schemas):
    detail = schemas["querying_a_task.normal"]["properties"]["detail"]
    assert list(detail["properties"]) == ["backup_id", "size", "target_id"]


def test_a_yes_whose_description_names_a_case_without_the_field_is_not_required(schemas):
    assert "publicip_id" not in schemas["creating_a_gadget.request"]["required"]


def test_a_key_value_table_of_data_derived_keys_is_a_map(schemas):
    parameters = schemas["creating_a_gadget.request"]["properties"]["parameters"]
    assert "properties" not in parameters
    assert parameters["additionalProperties"]["type"] == "string"
    assert (
        parameters["additionalProperties"]["x-doc"]["table"]
        == "Table 4 parameters field description"
    )


def test_a_row_of_key_value_pairs_is_a_map(schemas):
    labels = schemas["querying_a_task.normal"]["properties"]["labels"]
    assert labels["additionalProperties"]["type"] == "string"


def test_an_object_whose_table_lists_only_some_fields_takes_others(schemas):
    options = schemas["creating_a_gadget.request"]["properties"]["options"]
    assert options["additionalProperties"] == {}
    assert list(options["properties"]) == ["timeout"]


def test_a_lone_key_row_is_a_field_named_key(schemas):
    filter_ = schemas["creating_a_gadget.request"]["properties"]["filter"]
    assert list(filter_["properties"]) == ["key"] and "additionalProperties" not in filter_


def test_lint_finds_nothing_false_in_the_examples_of_every_case():
    findings = lint_json("creating_a_gadget.rst")
    assert [(f["code"], f["pointer"]) for f in findings] == [("S003", "/filter/values")]
    assert not lint_json("querying_a_task.rst")


def test_a_field_without_a_row_is_undocumented_not_checked_against_a_sibling_row():
    [finding] = lint_json("creating_a_gadget.rst")
    assert finding["severity"] == "warning" and "the table lists `key`" in finding["message"]


def test_a_second_body_table_whose_caption_names_a_case_is_the_body_of_that_case(schemas):
    body = schemas["restoring_a_gadget.request"]
    assert list(body["properties"]) == ["backup_id", "overwrite", "name"]
    assert body["required"] == ["backup_id"]
    assert (
        body["properties"]["name"]["x-doc"]["table"]
        == "Table 2 Parameter for restoring to a new gadget"
    )


def test_the_examples_of_each_request_case_pass():
    assert not lint_json("restoring_a_gadget.rst")


def test_the_request_keys_of_an_operation_are_those_of_every_case():
    operation = next(op for op in derive_catalog([CASES]).operations if op.id == "gadget-restore")
    assert operation.request_keys == ("backup_id", "overwrite", "name")
    assert operation.required_request_keys == ("backup_id",)


def test_a_placeholder_inside_a_name_stands_for_every_name_it_fits(schemas):
    page = schemas["pagination.normal"]
    assert list(page["properties"]) == ["count"]
    [(regex, links)] = page["patternProperties"].items()
    assert regex == "^.+_links$"
    assert list(links["items"]["properties"]) == ["href", "rel"]


def test_an_illustrative_example_of_a_patterned_name_is_documented():
    assert not lint_json("pagination.rst")


def test_tables_named_one_per_case_in_the_type_cell_are_alternatives_too(schemas):
    previous = schemas["querying_a_task.normal"]["properties"]["previous"]
    assert list(previous["properties"]) == ["backup_id", "size", "target_id"]
