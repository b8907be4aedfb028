"""Properties of the lenient parser, for any JSON and for any text at all (hypothesis)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from envelint.jsontext import pointer
from envelint.jsontext.lenient import UNKNOWN, ParseResult, parse_lenient
from tests.strategies import json_documents

pytestmark = pytest.mark.slow

KNOWN_KINDS = {
    "placeholder",
    "trailing-comma",
    "comment",
    "missing-comma",
    "unquoted-key",
    "value-without-key",
    "single-quotes",
    "newline-in-string",
    "control-character",
    "invalid-escape",
    "unterminated-string",
    "truncated",
    "missing-colon",
    "mismatched-bracket",
    "leading-text",
    "extra-data",
    "invalid-number",
    "non-standard-number",
    "duplicate-key",
    "too-deep",
    "empty",
    "byte-order-mark",
    "missing-value",
    "unexpected-character",
    "invalid-whitespace",
}

# Pieces of almost-JSON: they reach the recovery paths far more often than random text does.
# fmt: off
PIECES = [
    "{", "}", "[", "]", ",", ":", '"a"', '"b"', "'c'", '"', "'", "1", "-2.5e3", "01", ".5",
    "0x1F", "+", "-", "NaN", "-Infinity", "true", "null", "XXX", "<value>", "...", "// note\n",
    "/*", "*/", "\n", " ", "\t", "\\", "\\u12", "\\ud83d", "\u00a0", "\ufeff",
    "HTTP/1.1 200 OK\r\n", "=", "@", "\x00", "é",
]
# fmt: on
fragments = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def strict_loads(text: str) -> object:
    def refuse(name: str) -> object:
        raise ValueError(name)

    return json.loads(text, parse_constant=refuse)


def all_pointers(value: object) -> tuple[set[str], set[str]]:
    """Pointers of every value in ``value``, and of every object member (no recursion)."""
    values, members = set(), set()
    pending = [("", value)]
    while pending:
        here, node = pending.pop()
        values.add(here)
        if isinstance(node, dict):
            for key, child in node.items():
                members.add(f"{here}/{pointer.escape(key)}")
                pending.append((f"{here}/{pointer.escape(key)}", child))
        elif isinstance(node, list):
            pending.extend((f"{here}/{index}", child) for index, child in enumerate(node))
    return values, members


def check_consistent(text: str, result: ParseResult, max_problems: int = 100) -> None:
    """What holds for any text: spans inside it, problems in order, pointers matching the value."""
    assert isinstance(result, ParseResult)
    assert len(result.problems) <= max_problems
    starts = [problem.span.start for problem in result.problems]
    assert starts == sorted(starts)
    for problem in result.problems:
        assert problem.kind in KNOWN_KINDS
        assert problem.message
        assert 0 <= problem.span.start <= problem.span.end <= len(text)
    for span in [*result.value_spans.values(), *result.key_spans.values()]:
        assert 0 <= span.start <= span.end <= len(text)
    values, members = all_pointers(result.value)
    assert set(result.value_spans) == values
    assert set(result.key_spans) == members
    unknown = {p for p in values if pointer.resolve(result.value, p) is UNKNOWN}
    assert result.unknown_pointers == unknown
    assert result.is_strict_json == (not result.problems and not result.omitted_problems)


def check_like_the_stdlib(text: str, result: ParseResult) -> None:
    """If json.loads accepts the text, no problem but duplicate keys, and the same value."""
    try:
        expected = strict_loads(text)
    except (ValueError, RecursionError):
        return
    assert [p for p in result.problems if p.kind != "duplicate-key"] == []
    assert result.value == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_documents())
def test_any_json_gives_no_problem_and_the_same_value(text):
    result = parse_lenient(text)
    assert result.problems == []
    assert result.value == json.loads(text)
    check_consistent(text, result)


@settings(max_examples=100, deadline=None)
@given(json_documents())
def test_every_span_holds_the_json_of_its_value(text):
    result = parse_lenient(text)
    for where, span in result.value_spans.items():
        assert json.loads(text[span.start : span.end]) == pointer.resolve(result.value, where)
    for where, span in result.key_spans.items():
        assert json.loads(text[span.start : span.end]) == pointer.split(where)[-1]


@settings(max_examples=200, deadline=None)
@given(st.text())
@example("")
@example("\ufeff")
@example("[" * 3000)
@example('"\\')
def test_any_text_gives_a_consistent_result(text):
    result = parse_lenient(text)
    check_consistent(text, result)
    check_like_the_stdlib(text, result)


@settings(max_examples=100, deadline=None)
@given(st.binary())
def test_any_bytes_decoded_with_replacement_give_a_consistent_result(data):
    text = data.decode("utf-8", errors="replace")
    check_consistent(text, parse_lenient(text))


@settings(max_examples=400, deadline=None)
@given(fragments, st.integers(min_value=0, max_value=12))
def test_almost_json_gives_a_consistent_result(text, max_problems):
    check_consistent(text, parse_lenient(text, max_problems=max_problems), max_problems)
    result = parse_lenient(text, max_depth=3)
    check_consistent(text, result)
    check_like_the_stdlib(text, result)


@settings(max_examples=150, deadline=None)
@given(json_documents(), st.data())
def test_json_with_one_character_changed_gives_a_consistent_result(text, data):
    position = data.draw(st.integers(min_value=0, max_value=len(text)))
    replacement = data.draw(
        st.sampled_from(["", "{", "}", "[", "]", ",", ":", '"', "'", "x", "\n"])
    )
    changed = text[:position] + replacement + text[position + 1 :]
    result = parse_lenient(changed)
    check_consistent(changed, result)
    check_like_the_stdlib(changed, result)
