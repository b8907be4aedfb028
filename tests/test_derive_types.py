"""envelint.derive.types: the Type column's words, read from types.yaml."""

from __future__ import annotations

import pytest

from envelint.derive.types import vocabulary
from envelint.docs import ItemList, ListItem

STRING = {"type": "string"}
OBJECT = {"type": "object"}


@pytest.mark.parametrize(
    ("text", "schema"),
    [
        ("String", STRING),
        ("string", STRING),
        ("Integer", {"type": "integer"}),
        ("Long", {"type": "integer"}),
        ("Int", {"type": "integer"}),
        ("Float", {"type": "number"}),
        ("Double", {"type": "number"}),
        ("Number", {"type": "number"}),
        ("Boolean", {"type": "boolean"}),
        ("Bool", {"type": "boolean"}),
        ("Object", OBJECT),
        ("JSON object", OBJECT),
        ("Dict", OBJECT),
        ("Dictionary data structure [1]", OBJECT),
        ("V2JobSpec object", OBJECT),
        ("datetime", STRING),
        ("Array", {"type": "array"}),
        ("JSONArray", {"type": "array"}),
        ("Array of strings", {"type": "array", "items": STRING}),
        ("Array of objects", {"type": "array", "items": OBJECT}),
        ("Array of NodePool objects", {"type": "array", "items": OBJECT}),
        ("List<String>", {"type": "array", "items": STRING}),
        ("Map<String,String>", {"type": "object", "additionalProperties": STRING}),
        (
            "Map<String, Array of objects>",
            {"type": "object", "additionalProperties": {"type": "array", "items": OBJECT}},
        ),
        ("String or Int", {"type": ["string", "integer"]}),
        ("AnyType", {}),
    ],
)
def test_known_types(text, schema):
    assert vocabulary().schema_for(text) == schema


@pytest.mark.parametrize("text", ["Sting", "No", "-", "Strin g"])
def test_unknown_types(text):
    assert vocabulary().schema_for(text) is None


def test_a_link_in_the_type_cell_reads_as_an_object():
    assert vocabulary().schema_for("Array of ref") == {"type": "array", "items": OBJECT}
    assert vocabulary().schema_for("List<Object> ref") == {"type": "array", "items": OBJECT}


def test_schemas_are_fresh_copies():
    first = vocabulary().schema_for("Array of objects")
    first["items"]["properties"] = {}
    assert vocabulary().schema_for("Array of objects") == {"type": "array", "items": OBJECT}


def test_map_of_object_means_any_value():
    from envelint.derive.types import vocabulary

    assert vocabulary().schema_for("Map<String,Object>") == {"type": "object"}
    assert vocabulary().schema_for("Map<String,String>") == {
        "type": "object",
        "additionalProperties": {"type": "string"},
    }


def test_bullets_after_in_this_example_are_parts_not_enum_values():
    from envelint.derive.values import enum_values

    parts = [ItemList("In this example:", [ListItem("userLV", "userLV"), ListItem("lv", "lvType")])]
    assert enum_values("Overrides the LVM settings.", parts, "string") is None
    states = [ItemList("The state.", [ListItem("on", "ACTIVE"), ListItem("off", "SHUTOFF")])]
    assert enum_values("The state.", states, "string") == ["ACTIVE", "SHUTOFF"]


def test_values_deferred_to_another_reference_are_no_enum():
    from envelint.derive.values import enum_values

    deferred = "The disk type. For details about possible values, see root_volume in the ECS API."
    listed = [ItemList(deferred, [ListItem("SAS: high", "SAS"), ListItem("SSD: ultra", "SSD")])]
    assert enum_values(deferred, listed, "string") is None
