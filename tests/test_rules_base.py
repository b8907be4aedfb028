"""What the rules are given: schema errors over a value whose unreadable parts are null."""

from __future__ import annotations

from envelint.jsontext.model import UNKNOWN, ParseResult
from envelint.rules.base import _with_unknowns_as_null, short_value, short_values


def parsed(value: object, unknown: set[str]) -> ParseResult:
    return ParseResult(value, [], {}, {}, unknown)


def test_unreadable_values_become_null_and_the_parse_is_left_as_it_was():
    value = {"error": {"message": "x", "code": UNKNOWN}, "details": [UNKNOWN, 1]}
    checked = _with_unknowns_as_null(parsed(value, {"/error/code", "/details/0"}))
    assert checked == {"error": {"message": "x", "code": None}, "details": [None, 1]}
    assert value["error"]["code"] is UNKNOWN and value["details"][0] is UNKNOWN


def test_only_the_containers_on_the_way_to_an_unreadable_value_are_copied():
    big = {"rows": list(range(1000))}
    value = {"data": big, "error": {"code": UNKNOWN}}
    checked = _with_unknowns_as_null(parsed(value, {"/error/code"}))
    assert checked["data"] is big


def test_an_unreadable_document_is_null():
    assert _with_unknowns_as_null(parsed(UNKNOWN, {""})) is None


def test_a_value_is_quoted_as_json():
    assert [short_value(v) for v in (None, True, "0", 1.5)] == ["null", "true", '"0"', "1.5"]


def test_containers_are_quoted_as_json_not_python():
    assert short_value(("active", "deleted")) == '["active", "deleted"]'
    assert short_value({"a": None}) == '{"a": null}'


def test_a_long_value_is_cut_with_an_ellipsis_without_rendering_all_of_it():
    shown = short_value(list(range(10_000_000)))
    assert len(shown) == 40 and shown.endswith("…") and shown.startswith("[0, 1, 2")


def test_an_unreadable_value_is_a_question_mark():
    assert short_value(UNKNOWN) == "?"


def test_a_list_of_values_is_a_json_array_cut_after_whole_items():
    assert short_values(["SAS", "SSD"]) == '["SAS", "SSD"]'
    assert short_values(["x" * 30] * 10, limit=100) == '["' + "x" * 30 + '", "' + "x" * 30 + '", …]'
