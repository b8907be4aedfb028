"""envelint.derive: field names, caption names and description values."""

from __future__ import annotations

import pytest

from envelint.derive.captions import CaptionName, caption_name
from envelint.derive.names import ANY_KEY, BODY, FIELD, FieldName, read_name
from envelint.derive.values import described_types, enum_values, format_annotation
from envelint.docs import DocTable, ItemList, ListItem
from tests.factories import empty_table


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("job_id", FieldName(("job_id",), FIELD)),
        ("OS-EXT-STS:vm_state", FieldName(("OS-EXT-STS:vm_state",), FIELD)),
        ("alpha.cce/NodeImageID", FieldName(("alpha.cce/NodeImageID",), FIELD)),
        ("dataplane-v2 (supported by VPC clusters)", FieldName(("dataplane-v2",), FIELD)),
        ("protocol _id", FieldName(("protocol_id",), FIELD)),
        ("domain_name or domain_id", FieldName(("domain_name", "domain_id"), FIELD)),
        ("{User defined key}", FieldName(("{User defined key}",), ANY_KEY)),
        ("<attribute>", FieldName(("<attribute>",), ANY_KEY)),
        ("Network address of the ECS", FieldName(("Network address of the ECS",), ANY_KEY)),
        ("[items]", FieldName(("[items]",), BODY)),
        ("Array elements", FieldName(("Array elements",), BODY)),
        ("List items", FieldName(("List items",), BODY)),
        ("items", FieldName(("items",), FIELD)),
        ("-", FieldName(("-",), BODY)),
        ("", None),
    ],
)
def test_read_name(cell, expected):
    assert read_name(cell) == expected


def captioned(caption: str | None, heading: str | None = None) -> DocTable:
    return empty_table(caption, heading=heading)


@pytest.mark.parametrize(
    ("caption", "path"),
    [
        ("Table 2 details field description", ("details",)),
        ("Table 3 error data structure", ("error",)),
        ("Table 19 Data structure of the spec field", ("spec",)),
        ("Table 4 ip_range objects", ("ip_range",)),
        ("Table 6 server_group parameters", ("server_group",)),
        ("Table 9 token.user.domain", ("token", "user", "domain")),
        ("Table 13 Data structure of the spec/extendParam field", ("spec", "extendparam")),
    ],
)
def test_caption_names(caption, path):
    assert caption_name(captioned(caption)).path == path


@pytest.mark.parametrize(
    "caption",
    ["Table 2 Response parameters", "Table 1 Parameter description", "Table 1 Normal response"],
)
def test_captions_naming_no_field(caption):
    assert caption_name(captioned(caption)) is None


def test_a_heading_paragraph_names_the_table_too():
    assert caption_name(captioned(None, heading="users.links")).path == ("users", "links")


def test_a_dotted_path_beats_a_bare_name():
    path = ("users", "links")
    assert CaptionName(("users", "links")).score(path) > CaptionName(("links",)).score(path)


def test_slash_names_two_sibling_fields_or_a_path():
    shared = CaptionName(("primarynic", "extnics"), ("primarynic", "extnics"))
    assert shared.score(("nics", "extNics"), frozenset({"primarynic", "extnics"})) > 0
    nested = CaptionName(("spec", "extendparam"), ("spec", "extendparam"))
    assert nested.score(("spec", "extendParam")) > 0
    assert nested.score(("rootVolume", "extendParam"), frozenset({"size", "extendparam"})) == 0


def bullets(*terms: str | None, lead: str = "") -> list[ItemList]:
    """One list as a reader gives it: an item per term (None: an item with no bold term)."""
    return [ItemList(lead, [ListItem(f"{term}: text" if term else "text", term) for term in terms])]


def test_enum_from_a_clean_bullet_list():
    listed = bullets("ACTIVE", "SHUTOFF", lead="The state.")
    assert enum_values("The state. ACTIVE: running.", listed, "string") == ["ACTIVE", "SHUTOFF"]
    assert enum_values("0: off 1: on", bullets("0", "1"), "integer") == [0, 1]


@pytest.mark.parametrize(
    "lists",
    [
        bullets("ACTIVE", None),
        bullets("Default", "Maximum"),
        bullets("ON"),
        bullets("ON", "OFF") + bullets("A", "B"),
    ],
)
def test_no_enum_from_lists_that_are_not_clean(lists):
    assert enum_values("", lists, "string") is None


def test_no_enum_for_booleans():
    assert enum_values("true: yes false: no", bullets("true", "false"), "boolean") is None


def test_formats_are_annotations_for_strings_only():
    assert format_annotation("The server UUID.", "string") == "uuid"
    assert format_annotation("A time in ISO 8601 format.", "string") == "date-time"
    assert format_annotation("The server UUID.", "integer") is None


@pytest.mark.parametrize("lead", ["Examples:", "The values include, for example:", "Including:"])
def test_no_enum_from_a_list_said_to_be_a_sample(lead):
    assert enum_values("", bullets("ON", "OFF", lead=lead), "string") is None


def test_no_enum_from_a_list_ending_in_an_ellipsis():
    listed = [ItemList("Options:", [ListItem("ON: on", "ON"), ListItem("… and more", "…")])]
    assert enum_values("", listed, "string") is None


def test_values_the_prose_names_beside_the_list_belong_to_it():
    prose = (
        "The type. The value can be A, B, or C. If it is customized, value CUSTOMIZED is returned."
    )
    assert enum_values(prose, bullets("A", "B", "C"), "string") == ["A", "B", "C", "CUSTOMIZED"]


def test_prose_alone_makes_no_enum():
    assert enum_values("The value can be ON or OFF.", [], "string") is None


def test_a_prose_value_of_another_type_is_left_out():
    prose = "The level. The value can be 1, 2 or unset."
    assert enum_values(prose, bullets("1", "2"), "integer") == [1, 2]


def test_a_description_naming_several_types_gives_them():
    said = "The value. It can be of integer, string, or Boolean type."
    assert described_types(said) == ["integer", "string", "boolean"]
    assert described_types("It can be of Map type.") is None
    assert described_types("It can be created, updated or deleted types.") is None


def test_a_prose_value_spelt_like_a_listed_one_is_the_table_contradicting_itself():
    prose = "The quota type. The value can be instance or ram."
    assert enum_values(prose, bullets("instances", "ram"), "string") == ["instances", "ram"]


def test_a_placeholder_inside_a_name_makes_it_a_name_pattern():
    from envelint.derive.names import NAME_PATTERN, name_regex

    assert read_name("{resources}_links") == FieldName(("{resources}_links",), NAME_PATTERN)
    assert name_regex("{resources}_links") == "^.+_links$"
    assert read_name("{project_id}").role != NAME_PATTERN
