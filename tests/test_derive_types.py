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


OBJECTS = {"type": "array", "items": OBJECT}


@pytest.mark.parametrize(
    ("text", "structure"),
    [
        ("Array of NodeGroup", "nodegroup"),
        ("List<resource_tag>", "resource_tag"),
        ("Array<Storage type>", "storage type"),
        ("jobs array", "jobs"),
        ("Array of tags", "tags"),
        ("Tags structure array", "tags"),
        ("Match condition structure array", "match condition"),
        ("List (NAT gateways)", "nat gateways"),
    ],
)
def test_a_name_inside_a_container_is_a_structure(text, structure):
    reading = vocabulary().read(text)
    assert reading is not None
    assert (reading.schema, reading.structure, reading.bare_name) == (OBJECTS, structure, False)


@pytest.mark.parametrize(
    ("text", "schema", "structure"),
    [
        ("Versions structure", OBJECT, "versions"),
        ("Quota data structure", OBJECT, "quota"),
        ("List data structure", {"type": "array"}, None),
        ("V2JobSpec object", OBJECT, "v2jobspec"),
    ],
)
def test_a_marked_structure_names_its_table(text, schema, structure):
    reading = vocabulary().read(text)
    assert reading is not None
    assert (reading.schema, reading.structure) == (schema, structure)


@pytest.mark.parametrize(
    ("text", "schema"),
    [
        ("String. The value can be ACTIVE or DOWN.", STRING),
        ("Integer Value range: 1 to 10", {"type": "integer"}),
        ("HTTP time string complying with RFC 2616.", STRING),
        ("Server data structure. For details, see ref.", OBJECT),
    ],
)
def test_a_type_phrase_followed_by_prose(text, schema):
    reading = vocabulary().read(text)
    assert reading is not None and reading.schema == schema


@pytest.mark.parametrize(
    ("text", "schema"),
    [
        ("String(64)", STRING),
        ("Integer (0-100)", {"type": "integer"}),
        ("Set<String>", {"type": "array", "items": STRING}),
        ("Array(Object)", OBJECTS),
        ("Array String", {"type": "array", "items": STRING}),
        ("ARRAY_REFERENCE", OBJECTS),
        ("BIGDECIMAL", {"type": "number"}),
        ("<T>", {}),
        ("Binary or text", {}),
        ("uuids", STRING),
    ],
)
def test_more_type_phrasings(text, schema):
    reading = vocabulary().read(text)
    assert reading is not None and reading.schema == schema


@pytest.mark.parametrize("text", ["Serial Number", "Reference", "Container", "Binary"])
def test_loose_readings_never_make_a_header_a_type_word(text):
    assert vocabulary().schema_for(text) is None
    assert vocabulary().read(text) is not None


@pytest.mark.parametrize("text", ["Array of Strin", "List<Intger>", "Bad request", "No Content"])
def test_misspelt_words_and_prose_are_no_structure(text):
    assert vocabulary().read(text) is None


def test_a_lone_name_is_only_a_candidate():
    reading = vocabulary().read("ChargeInfo")
    assert reading is not None and reading.bare_name and reading.structure == "chargeinfo"
    assert vocabulary().schema_for("ChargeInfo") is None
    assert vocabulary().read("No") is None


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
