"""Request-side conventions that gave false findings (issue 17): a body or field documented by
alternative tables, one per case (named in the parent row's cell, or two captioned body tables);
a bare ``Array`` request row that took a response table by its caption; two alternative bodies
in one example block separated by a line "Or"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from envelint.derive.builder import merge_alternatives
from envelint.derive.derivation import derive_catalog
from envelint.docs import read_page
from envelint.docs.examples import find_examples, find_request_examples
from envelint.pipeline.request_cases import chosen_case
from tests.helpers import run_cli

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "docs" / "request_precision"


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict[str, Any]]:
    return derive_catalog([PAGES]).schemas


def lint_json(path: Path) -> list[dict[str, Any]]:
    result = run_cli("lint", "--no-cache", "--format", "json", str(path))
    findings: list[dict[str, Any]] = json.loads(result.output)["findings"]
    return findings


# -- 1. alternative tables ---------------------------------------------------------------------


def test_a_case_table_named_in_a_parent_rows_cell_is_that_fields_case_not_a_body(schemas):
    body = schemas["creating_a_vault.request"]
    assert list(body["properties"]) == ["vault", "dry_run"]
    assert body["required"] == ["vault"]
    vault = body["properties"]["vault"]
    assert list(vault["properties"]) == ["name", "size", "region", "source_vault_id"]
    assert vault["required"] == ["name"]  # size is mandatory in one case only


def test_a_field_both_body_cases_describe_by_tables_of_their_own_merges_them(schemas):
    body = schemas["creating_a_mirror.request"]
    assert body["required"] == ["name", "flavor", "volume"]
    volume = body["properties"]["volume"]
    assert list(volume["properties"]) == ["type", "size"]
    assert volume["required"] == ["type"]  # size: mandatory in Table 2 only, not in Table 5
    assert volume["x-doc"]["table"].startswith("Table 1 ")


def test_merging_two_cases_of_a_nested_object_keeps_what_both_require():
    def case(*required: str) -> dict[str, Any]:
        fields = {name: {"type": "string"} for name in ("a", "b", "c")}
        inner = {"type": "object", "properties": fields, "required": list(required)}
        return {"type": "object", "properties": {"x": inner}, "required": ["x"]}

    merged = merge_alternatives([case("a", "b"), case("a", "c")])
    assert merged["required"] == ["x"]
    assert merged["properties"]["x"]["required"] == ["a"]


def test_examples_of_either_case_give_no_finding():
    for name in ("creating_a_vault.rst", "creating_a_mirror.rst"):
        assert lint_json(PAGES / name) == []


def test_a_field_mandatory_in_every_case_is_still_s002(tmp_path):
    text = (PAGES / "creating_a_vault.rst").read_text()
    page = tmp_path / "creating_a_vault.rst"
    page.write_text(text.replace('"name": "vault-2",', '"region": "r-1",'))
    findings = lint_json(page)
    # region is a field of standard vaults only: the replica example is checked as a replica
    assert [(f["code"], f["pointer"]) for f in findings] == [
        ("S002", "/vault"),
        ("S003", "/vault/region"),
    ]
    assert "`name`" in findings[0]["message"]


# -- 2. a request field never takes a response table by caption -------------------------------


def test_a_bare_array_request_row_keeps_untyped_items(schemas):
    topics = schemas["deleting_topics.request"]["properties"]["topics"]
    assert topics["type"] == "array"
    assert "properties" not in topics.get("items", {})
    response = schemas["deleting_topics.normal"]["properties"]["topics"]
    assert list(response["items"]["properties"]) == ["id", "success"]


def test_a_bare_array_request_row_takes_no_table_of_another_page(schemas):
    zones = schemas["creating_a_pool.request"]["properties"]["available_zones"]
    assert zones["type"] == "array" and "properties" not in zones.get("items", {})


def test_an_array_of_strings_in_the_request_is_no_finding():
    assert lint_json(PAGES / "deleting_topics.rst") == []
    assert lint_json(PAGES / "creating_a_pool.rst") == []


# -- 3. "Or" between two bodies ----------------------------------------------------------------


BLOCK = """\
Creating a Tag
==============

URI
---

POST /v2/{{project_id}}/tags

Example Request
---------------

.. code-block:: text

   POST https://{{endpoint}}/v2/{{project_id}}/tags

   {{"key": "env"}}
{separator}
   {{"key": "owner", "value": "ops"}}
"""


@pytest.mark.parametrize(
    "separator", ["   Or", "\n   or\n", "   OR\n", "\n   Or"], ids=["Or", "or", "OR", "blank-Or"]
)
def test_a_line_or_between_two_bodies_makes_two_examples(tmp_path, separator):
    path = tmp_path / "creating_a_tag.rst"
    path.write_text(BLOCK.format(separator=separator))
    examples = find_request_examples(read_page(path))
    assert [json.loads(example.text) for example in examples] == [
        {"key": "env"},
        {"key": "owner", "value": "ops"},
    ]
    lines = path.read_text().splitlines()
    assert [lines[example.line - 1].strip() for example in examples] == [
        '{"key": "env"}',
        '{"key": "owner", "value": "ops"}',
    ]


def test_or_inside_a_string_or_before_the_brackets_close_separates_nothing(tmp_path):
    path = tmp_path / "page.rst"
    path.write_text(
        "Querying a Tag\n==============\n\nURI\n---\n\nGET /v2/tags\n\n"
        "Example Response\n----------------\n\n.. code-block::\n\n"
        '   {\n     "mode": "a",\n   or\n     "b": 1\n   }\n'
    )
    [example] = find_examples(read_page(path))
    assert "or" in example.text


def test_lint_reports_the_defect_of_the_second_body_at_its_line():
    findings = lint_json(PAGES / "tagging_a_volume.rst")
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("J001", 41, 20)]
    assert "missing ','" in findings[0]["message"]


def test_a_second_body_table_captioned_with_a_parenthesised_case_is_that_cases_body(tmp_path):
    text = (PAGES / "creating_a_mirror.rst").read_text()
    page = tmp_path / "creating_a_mirror.rst"
    page.write_text(
        text.replace("Parameter for replica creation", "Parameter description (creating replicas)")
    )
    assert lint_json(page) == []
    body = derive_catalog([tmp_path]).schemas["creating_a_mirror.request"]
    assert "replica_of" in body["properties"] and body["required"] == ["name", "flavor", "volume"]


def test_case_tables_named_by_bare_numbers_alone_are_the_fields_cases(tmp_path):
    text = (PAGES / "creating_a_vault.rst").read_text()
    page = tmp_path / "creating_a_vault.rst"
    page.write_text(text.replace(":ref:`Table 3 <vault_create__table3>`.", "Table 3.       "))
    assert lint_json(page) == []
    body = derive_catalog([tmp_path]).schemas["creating_a_vault.request"]
    assert list(body["properties"]) == ["vault", "dry_run"]
    assert body["properties"]["vault"]["required"] == ["name"]


# -- 1b. an example that names its case is checked against that case ---------------------------


def test_each_case_has_its_own_body_beside_the_merged_one(schemas):
    standard, replica = (schemas[f"creating_a_vault.request.case-{n}"] for n in (1, 2))
    assert standard["properties"]["vault"]["required"] == ["name", "size"]
    assert replica["properties"]["vault"]["required"] == ["name", "source_vault_id"]
    assert "replica" in replica["x-case"]
    mirror = schemas["creating_a_mirror.request.case-2"]
    assert mirror["x-case"] == "Table 4 Parameter for replica creation"
    assert mirror["properties"]["volume"]["required"] == ["type"]


@pytest.mark.parametrize(
    ("label", "chosen"),
    [
        ("Example request: creating a replica vault", 1),
        ("Creating a standard vault", 0),
        ("Example request", None),  # names no case: the merged body
        ("Creating a vault", None),  # "vault" is said by both labels
    ],
)
def test_the_case_an_example_caption_names(label, chosen):
    labels = [
        "Table 3 Parameter description (creating standard vaults) For details, see Table 3.",
        "Table 4 Parameter for replica vault creation When creating a replica vault, see Table 4.",
    ]
    assert chosen_case(label, labels) == chosen


def _vault_page(tmp_path: Path, old: str, new: str) -> Path:
    text = (PAGES / "creating_a_vault.rst").read_text()
    assert old in text
    page = tmp_path / "creating_a_vault.rst"
    page.write_text(text.replace(old, new))
    return page


def test_an_example_of_one_case_missing_a_field_that_case_requires_is_s002(tmp_path):
    page = _vault_page(tmp_path, '"size": 100', '"region": "r-1"')
    findings = lint_json(page)
    assert [(f["code"], f["pointer"]) for f in findings] == [("S002", "/vault")]
    assert "`size`" in findings[0]["message"]


def test_a_field_of_the_other_case_in_an_example_that_names_its_case_is_s003(tmp_path):
    page = _vault_page(tmp_path, '"size": 100', '"size": 100, "source_vault_id": "v-1"')
    assert [(f["code"], f["pointer"]) for f in lint_json(page)] == [
        ("S003", "/vault/source_vault_id")
    ]


def test_an_example_that_names_no_case_is_checked_against_every_case(tmp_path):
    page = _vault_page(
        tmp_path, "Example request: creating a standard vault", "Example request (1)"
    )
    page.write_text(page.read_text().replace('"size": 100', '"region": "r-1"'))
    assert lint_json(page) == []


def test_an_example_of_a_body_case_is_checked_against_that_body(tmp_path):
    text = (PAGES / "creating_a_mirror.rst").read_text()
    page = tmp_path / "creating_a_mirror.rst"
    page.write_text(text.replace('"replica_of": "m-1",', ""))
    findings = lint_json(page)
    assert [(f["code"], f["pointer"]) for f in findings] == [("S002", "")]
    assert "`replica_of`" in findings[0]["message"]


def test_words_of_the_pages_topic_name_no_case():
    labels = ["Table 1 Parameter description", "Table 2 Parameter for restoring to a new gadget"]
    label = "Restoring a backup to the original gadget"
    assert chosen_case(label, labels) == 1  # "restoring", "gadget": said by the second alone
    assert chosen_case(label, labels, "Restoring a Gadget") is None
