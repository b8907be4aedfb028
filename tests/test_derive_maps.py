"""Maps: objects whose keys are data, each value described by a table (fixtures/docs/maps)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from envelint.derive import derive_catalog
from envelint.derive.maps import described_map, is_open_object, names_map_key
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


# -- a row that stands for the keys of its parent (fixtures/docs/map_keys) -----------------------

MAP_KEYS = Path(__file__).resolve().parents[1] / "fixtures" / "docs" / "map_keys"


def test_a_row_saying_key_and_value_makes_its_parent_a_map_of_its_type():
    catalog = derive_catalog([MAP_KEYS / "querying_a_gadget.rst"])
    gadget = shape(catalog.schemas["querying_a_gadget.normal"])["properties"]["gadget"]
    assert gadget["properties"]["networks"] == {
        "type": "object",
        "additionalProperties": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"ip": {"type": "string"}, "mac": {"type": "string"}},
            },
        },
    }
    assert gadget["properties"]["kms_key_id"] == {"type": "string"}


def test_lint_accepts_any_key_of_a_map_row_and_checks_each_value():
    result = run_cli("lint", str(MAP_KEYS), "--no-cache", "--format", "text")
    s003 = [line for line in result.output.splitlines() if " S003 " in line]
    assert len(s003) == 2, result.output
    assert "`tier`" in s003[0]  # a closed object keeps its S003
    assert "`gateway`" in s003[1]


def test_an_object_holding_fields_set_by_users_takes_other_keys():
    catalog = derive_catalog([MAP_KEYS / "querying_a_gadget.rst"])
    gadget = shape(catalog.schemas["querying_a_gadget.normal"])["properties"]["gadget"]
    metadata = gadget["properties"]["metadata"]
    assert metadata["additionalProperties"] == {}
    assert list(metadata["properties"]) == ["owner"]
    assert "additionalProperties" not in gadget["properties"]["spec"]


@pytest.mark.parametrize(
    ("description", "is_array", "expected"),
    [
        ("Metadata includes system default fields and the fields set by users.", False, True),
        ("Extra settings: user-defined fields are kept as sent.", False, True),
        ("Custom key-value pairs of the gadget.", False, True),
        ("List of custom key-value pairs.", True, False),
        ("Specifies the gadget metadata.", False, False),
    ],
)
def test_which_objects_take_keys_set_by_users(description: str, is_array: bool, expected: bool):
    assert is_open_object(description, is_array) is expected


@pytest.mark.parametrize(
    ("name", "description", "expected"),
    [
        ("vpc_id", "- **key**: indicates the ID of the VPC. - **value**: the VPC details.", True),
        ("subnet_id", "The key is the subnet ID, and the value is its ports.", True),
        ("subnet_id", "The key value is the subnet ID. The value is a list of ports.", True),
        ("kms_key_id", "ID of the key. The key is rotated; its value is never returned.", False),
        ("project_id", "Project ID. Obtain the key value from the console.", False),
        ("metadata", "The key indicates the metadata name; the value is its text.", False),
        (
            "x-gadget-customer-key",
            "The key is used to seal a gadget. Example: x-gadget-customer-key:Zm9vYmFy "
            "This header is a 256-bit key used with x-gadget-customer-key-MD5. Value: base64.",
            False,
        ),
    ],
)
def test_which_rows_stand_for_map_keys(name: str, description: str, expected: bool):
    assert names_map_key(name, description) is expected
