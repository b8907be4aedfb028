"""Rows that stand for something other than a field (fixtures/docs/placeholder_rows): a
placeholder key typed as a map, and an "Array elements" row that is the body itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import derive_from_repo
from tests.helpers import run_cli

REPO = Path(__file__).resolve().parents[1]
PAGES = "fixtures/docs/placeholder_rows"


@pytest.fixture(scope="module")
def schemas():
    return derive_from_repo(PAGES).schemas


def test_a_placeholder_key_typed_as_a_map_makes_its_object_the_map(schemas):
    schema = schemas["querying_error_responses.status-200"]
    value = schema["additionalProperties"]
    assert value["type"] == "object"
    assert set(value["properties"]) == {"body", "status", "default"}
    assert "additionalProperties" not in value


def test_the_map_value_keeps_the_placeholder_row_as_its_doc_row(schemas):
    value = schemas["querying_error_responses.status-200"]["additionalProperties"]
    assert value["x-doc"]["line"] == 23


def test_an_array_elements_row_makes_the_body_an_array_of_its_table(schemas):
    schema = schemas["batch_starting_tasks.normal"]
    assert schema["type"] == "array"
    assert set(schema["items"]["properties"]) == {"is_success", "message"}
    assert "properties" not in schema


def test_lint_checks_the_array_items_and_the_map_values(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("lint", PAGES, "--no-cache", "--format", "json", "--exit-zero")
    assert '"pointer": "/1/is_success"' in result.stdout
    assert result.stdout.count('"code": "S001"') == 1


def test_an_object_whose_description_names_its_types_takes_them(schemas):
    value = schemas["querying_error_responses.status-200"]["additionalProperties"]
    assert value["properties"]["default"]["type"] == ["integer", "string", "boolean"]
