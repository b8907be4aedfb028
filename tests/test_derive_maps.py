"""Maps: objects whose keys are data, each value described by a table (fixtures/docs/maps)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from envelint.derive import derive_catalog
from envelint.derive.maps import described_map
from tests.helpers import run_cli

MAPS = Path(__file__).resolve().parents[1] / "fixtures" / "docs" / "maps"


def shape(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {
            key: shape(value)
            for key, value in schema.items()
            if key not in ("description", "x-doc", "$schema", "title")
        }
    return schema


@pytest.fixture(scope="module")
def server() -> Any:
    catalog = derive_catalog([MAPS / "listing_servers.rst"])
    return shape(catalog.schemas["listing_servers.normal"])["properties"]["server"]["properties"]


def test_structure_is_map_in_the_description_makes_the_table_describe_each_value(server):
    assert server["addresses"] == {
        "type": "object",
        "additionalProperties": {
            "properties": {"addr": {"type": "string"}, "version": {"type": "integer"}}
        },
    }


def test_key_value_pairs_where_the_key_indicates_is_a_map(server):
    assert server["ports"]["additionalProperties"] == {"properties": {"mac": {"type": "string"}}}
    assert "properties" not in server["ports"]


def test_a_map_of_arrays_makes_each_value_an_array_of_the_table(server):
    assert server["volumes"]["additionalProperties"] == {
        "type": "array",
        "items": {"type": "object", "properties": {"device": {"type": "string"}}},
    }


def test_a_map_type_cell_makes_the_linked_table_describe_each_value(server):
    assert server["labels"]["additionalProperties"] == {"properties": {"text": {"type": "string"}}}


def test_a_plain_object_with_a_table_keeps_its_fields(server):
    assert server["flavor"] == {"type": "object", "properties": {"id": {"type": "string"}}}


def test_lint_checks_map_values_not_map_keys():
    result = run_cli("lint", str(MAPS), "--no-cache", "--format", "text")
    s003 = [line for line in result.output.splitlines() if " S003 " in line]
    assert len(s003) == 1
    assert "`mtu`" in s003[0]


@pytest.mark.parametrize(
    "description",
    [
        "If the value is empty, only the key is returned.",
        "Specifies the ECS metadata.",
        "Extended fields in the format of key-value pairs.",
    ],
)
def test_descriptions_that_declare_no_map(description):
    assert described_map(description) is None
