"""Spans found inside the containers read whole, and the lines and columns a payload gives them."""

from __future__ import annotations

import json

from envelint.captures.payload import Payload
from envelint.jsontext.lenient import Span, parse_lenient
from envelint.jsontext.locate import LazySpans


def covered(text: str, span: Span | None) -> str | None:
    return None if span is None else text[span.start : span.end]


def test_spans_inside_a_container_read_whole_are_found_in_any_order():
    text = '{"a": 1, "b": {"x": [true, {"y": "z"}]}, "c": "three", "d": null}'
    result = parse_lenient(text)
    assert isinstance(result.value_spans, LazySpans)
    values, keys = result.value_spans, result.key_spans
    assert covered(text, values.get("/b/x/1/y")) == '"z"'
    assert covered(text, keys.get("/b/x/1/y")) == '"y"'
    assert covered(text, values.get("/a")) == "1"  # before the member asked for first
    assert covered(text, values.get("/d")) == "null"  # the last member
    assert covered(text, keys.get("/c")) == '"c"'
    assert values.get("/e") is None and keys.get("/e", "absent") == "absent"
    assert covered(text, values.get("/b/x")) == '[true, {"y": "z"}]'
    assert keys.get("/b/x/0") is None  # an item has no key
    assert covered(text, values["/b/x/0"]) == "true"
    assert "/b/x/1" in values and "/b/x/2" not in values and "/b/x/01" not in values
    assert values.get("/a/0") is None and values.get("/b/x/y") is None
    assert values.get(None) is None and values.get(7) is None


def test_escaped_keys_and_values_are_found_like_plain_ones():
    members = {"a/b": 1, "m~n": [2], 'q"t': {"in": "s\\t"}, "é\ud800": -1.5e3, "": 'x"y'}
    for text in (json.dumps(members), json.dumps(members, indent="\t", ensure_ascii=False)):
        result = parse_lenient(text)
        values, keys = result.value_spans, result.key_spans
        assert covered(text, values.get("/a~1b")) == "1"
        assert covered(text, values.get("/m~0n/0")) == "2"
        assert json.loads(covered(text, keys.get('/q"t'))) == 'q"t'
        assert covered(text, values.get('/q"t/in')) == json.dumps("s\\t")
        assert covered(text, values.get("/é\ud800")) == "-1500.0"
        assert covered(text, values.get("/")) == json.dumps('x"y')
        assert values.get("/a/b") is None
        assert values.get("/m~n") == values.get("/m~0n")  # "~n" escapes nothing: kept as is


def test_the_last_of_duplicate_keys_is_found_below_them():
    text = '{"k": {"v": 1}, "k": {"v": [0, 2]}, "j": [[3], {"v": 4}]}'
    result = parse_lenient(text)
    assert [problem.kind for problem in result.problems] == ["duplicate-key"]
    assert covered(text, result.value_spans.get("/k/v/1")) == "2"
    assert covered(text, result.key_spans.get("/k")) == '"k"'
    assert text.rindex('"k"') == result.key_spans["/k"].start
    assert covered(text, result.value_spans.get("/j/0/0")) == "3"
    assert covered(text, result.value_spans.get("/j/1/v")) == "4"


def test_positions_on_the_first_line_and_after_it_in_any_order():
    text = 'x = {\r\n\t"a": 1,\n\n  "b": [2]\n}'
    payload = Payload(source="p.txt", data=text.encode(), line=10, column=4)
    offsets = [len(text), 0, text.index("2"), text.index('"a"'), 5, 6, 7, text.index("}"), -3, 99]
    for offset in offsets + offsets[::-1]:
        clamped = max(0, min(offset, len(text)))
        before = text[:clamped]
        line_start = before.rfind("\n") + 1
        assert payload.position(offset) == (10 + before.count("\n"), 4 + clamped - line_start)
    assert payload.excerpt(0) == "   x = {"
    assert payload.excerpt(5) is payload.excerpt(2)  # one string for the findings on a line
    assert payload.excerpt(text.index('"a"')) == '   \t"a": 1,'
    assert payload.excerpt(text.index("2")) == '     "b": [2]'
    assert payload.excerpt(len(text)) == "   }"


def test_a_one_line_payload_keeps_its_line_for_every_offset():
    payload = Payload(source="log.jsonl", data=b'{"job_id": 909925047}\r', line=7)
    assert payload.position(11) == (7, 12)
    assert payload.position(500) == (7, 23)
    assert payload.excerpt(11) == '{"job_id": 909925047}'
