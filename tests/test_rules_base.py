"""What the rules are given: schema errors over a value whose unreadable parts are null."""

from __future__ import annotations

from envelint.jsontext.model import UNKNOWN, ParseResult
from envelint.rules.base import _with_unknowns_as_null


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
