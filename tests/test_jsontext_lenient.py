"""The lenient JSON parser: the seed examples, one test per problem kind, RFC 8259 corners, limits.

The hypothesis properties (any JSON, any text) are in test_jsontext_properties.py.
"""

from __future__ import annotations

import copy
import json
import pickle
import textwrap
import time
from pathlib import Path

import pytest

from envelint.jsontext import pointer
from envelint.jsontext.lenient import UNKNOWN, ParseResult, Span, line_col, parse_lenient
from envelint.jsontext.number_reader import HUGE, finite_float
from tests.conftest import SEEDS, require_shared

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jsontext"

SEED = '{"error": {"message": "", "code": XXX,""}}'
SEED_MULTILINE = '{\n    "error": {"message": "", "code": XXX,""}\n}\n'


def kinds(result: ParseResult) -> list[str]:
    return [problem.kind for problem in result.problems]


def spanned(text: str, result: ParseResult) -> list[tuple[str, str]]:
    """Each problem as (kind, the text its span covers)."""
    return [(p.kind, text[p.span.start : p.span.end]) for p in result.problems]


# -- the seed examples ----------------------------------------------------------------------


def test_seed_example_reports_the_placeholder_and_the_value_without_key():
    result = parse_lenient(SEED)
    assert kinds(result) == ["placeholder", "value-without-key"]
    assert [p.span for p in result.problems] == [Span(34, 37), Span(38, 40)]
    assert spanned(SEED, result) == [("placeholder", "XXX"), ("value-without-key", '""')]


def test_seed_example_recovers_the_structure_with_code_unknown():
    result = parse_lenient(SEED)
    assert result.value == {"error": {"message": "", "code": UNKNOWN}}
    assert result.unknown_pointers == {"/error/code"}
    assert result.value_spans["/error/code"] == Span(34, 37)
    assert result.key_spans["/error/code"] == Span(26, 32)


def test_seed_messages_say_what_was_expected_and_found():
    placeholder, value_without_key = parse_lenient(SEED).problems
    assert placeholder.message == "placeholder XXX where a JSON value belongs"
    assert '"Ecs.0005"' in placeholder.hint
    assert value_without_key.message == 'value "" where a member ("key": value) belongs'


def test_seed_multiline_form_locates_xxx_at_line_2_column_38():
    result = parse_lenient(SEED_MULTILINE)
    placeholder = result.problems[0]
    assert SEED_MULTILINE[placeholder.span.start : placeholder.span.end] == "XXX"
    # "    " + '"error": ' + "{" + '"message": ' + '"", ' + '"code": ' is 37 characters.
    assert line_col(SEED_MULTILINE, placeholder.span.start) == (2, 38)
    assert line_col(SEED_MULTILINE, result.problems[1].span.start) == (2, 42)


def test_seed_without_the_stray_value_has_one_placeholder():
    result = parse_lenient('{"error": {"message": "", "code": XXX}}')
    assert spanned('{"error": {"message": "", "code": XXX}}', result) == [("placeholder", "XXX")]
    assert result.value == {"error": {"message": "", "code": UNKNOWN}}


def test_seed_page_block_as_written_in_shared_seeds():
    page = require_shared(SEEDS / "000_cb33e2b5c92bfef4.txt").read_text(encoding="utf-8")
    lines = page.splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if "XXX" in line)
    block = textwrap.dedent("".join(lines[row - 1 : row + 2]))
    result = parse_lenient(block)
    assert kinds(result) == ["placeholder", "value-without-key"]
    assert line_col(block, result.problems[0].span.start) == (2, 38)


# -- one test per problem kind --------------------------------------------------------------

KIND_CASES = [
    # (kind, text, the text the first problem's span covers, recovered value)
    ("placeholder", '{"a": xxx}', "xxx", {"a": UNKNOWN}),
    ("placeholder", '{"a": <value>}', "<value>", {"a": UNKNOWN}),
    ("placeholder", "[1, ...]", "...", [1, UNKNOWN]),
    ("placeholder", '{"a": 1, ...}', "...", {"a": 1}),
    ("trailing-comma", "[1, 2,]", ",", [1, 2]),
    ("trailing-comma", '{"a": 1,\n}', ",", {"a": 1}),
    ("comment", '{"a": 1 // one\n}', "// one", {"a": 1}),
    ("comment", "[/* first */ 1]", "/* first */", [1]),
    ("missing-comma", '{"a": 1\n "b": 2}', "", {"a": 1, "b": 2}),
    ("unquoted-key", "{job_id: 1}", "job_id", {"job_id": 1}),
    ("value-without-key", '{"a": 1, "b"}', '"b"', {"a": 1}),
    ("value-without-key", '{"a": 1, [2]}', "[2]", {"a": 1}),
    ("single-quotes", '{"a": \'it\\\'s "so"\'}', "'it\\'s \"so\"'", {"a": 'it\'s "so"'}),
    ("newline-in-string", '{"a": "one\ntwo"}', "\n", {"a": "one\ntwo"}),
    ("newline-in-string", '["one\r\ntwo"]', "\r\n", ["one\r\ntwo"]),
    ("control-character", '["a\tb"]', "\t", ["a\tb"]),
    ("invalid-escape", r'["a\qb"]', r"\q", ["aqb"]),
    ("invalid-escape", r'["\u12"]', r"\u12", ["\\u12"]),
    ("unterminated-string", '{"a": "abc\n, "b": 2}', '"abc', {"a": "abc", "b": 2}),
    ("truncated", '{"a": [1, 2', "", {"a": [1, 2]}),
    ("missing-colon", '{"a" 1}', "", {"a": 1}),
    ("missing-colon", '{"a" = 1}', "=", {"a": 1}),
    ("mismatched-bracket", "[1, 2}", "}", [1, 2]),
    ("mismatched-bracket", '{"a": [1, 2}', "}", {"a": [1, 2]}),
    ("leading-text", 'Response:\n{"a": 1}', "Response:", {"a": 1}),
    ("extra-data", '{"a": 1}\n{"b": 2}\n', '{"b": 2}', {"a": 1}),
    ("extra-data", "[1];", ";", [1]),
    ("invalid-number", "[01]", "01", [1]),
    ("invalid-number", "[+1]", "+1", [1]),
    ("invalid-number", "[.5]", ".5", [0.5]),
    ("invalid-number", "[1.]", "1.", [1.0]),
    ("invalid-number", "[0x1F]", "0x1F", [31]),
    ("invalid-number", "[1.2.3]", "1.2.3", [UNKNOWN]),
    ("duplicate-key", '{"a": 1, "a": 2}', '"a"', {"a": 2}),
    ("too-deep", "[[[1]]]", "[", [[UNKNOWN]]),
    ("empty", "", "", UNKNOWN),
    ("empty", " \n\t ", " \n\t ", UNKNOWN),
    ("byte-order-mark", '\ufeff{"a": 1}', "\ufeff", {"a": 1}),
    ("missing-value", '{"a": , "b": 1}', ",", {"a": UNKNOWN, "b": 1}),
    ("unexpected-character", '{"a": 1 @}', "@", {"a": 1}),
    ("invalid-whitespace", '{"a":\u00a01}', "\u00a0", {"a": 1}),
]


@pytest.mark.parametrize(
    ("kind", "text", "covered", "value"),
    KIND_CASES,
    ids=[f"{case[0]}: {case[1]!r}" for case in KIND_CASES],
)
def test_problem_kind(kind, text, covered, value):
    result = parse_lenient(text, max_depth=2)
    assert kinds(result) == [kind]
    assert spanned(text, result)[0] == (kind, covered)
    assert result.value == value
    assert not result.is_strict_json


def test_missing_comma_span_is_empty_at_the_end_of_the_previous_value():
    text = '{"a": 1\n "b": 2}'
    (problem,) = parse_lenient(text).problems
    assert problem.span == Span(7, 7)
    assert line_col(text, problem.span.start) == (1, 8)


def test_truncated_points_at_the_end_and_hints_the_closers():
    (problem,) = parse_lenient('{"a": [1, 2').problems
    assert problem.span == Span(11, 11)
    assert "array opened at line 1, column 7" in problem.message
    assert problem.hint == "add ']}' at the end"


def test_truncated_points_after_the_last_token_not_after_trailing_lines():
    text = '{"a": [1,\n\n'
    (problem,) = parse_lenient(text).problems
    assert problem.span == Span(9, 9)
    assert line_col(text, problem.span.start) == (1, 10)


def test_http_lines_without_a_body_are_leading_text_and_leave_nothing():
    text = "HTTP/1.1 204 No Content\r\n\r\n"
    result = parse_lenient(text)
    assert spanned(text, result)[0] == ("leading-text", "HTTP/1.1 204 No Content")
    assert kinds(result) == ["leading-text", "empty"]
    assert result.value is UNKNOWN


def test_a_placeholder_alone_makes_the_root_unknown():
    result = parse_lenient("XXX")
    assert kinds(result) == ["placeholder"]
    assert result.value is UNKNOWN
    assert result.unknown_pointers == {""}


def test_non_standard_numbers_are_recovered_as_floats():
    text = "[NaN, Infinity, -Infinity]"
    result = parse_lenient(text)
    assert spanned(text, result) == [
        ("non-standard-number", "NaN"),
        ("non-standard-number", "Infinity"),
        ("non-standard-number", "-Infinity"),
    ]
    nan, inf, negative_inf = result.value
    assert nan != nan and inf == float("inf") and negative_inf == float("-inf")


def test_http_status_line_and_headers_are_leading_text():
    text = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"job_id": "a1"}'
    result = parse_lenient(text)
    assert spanned(text, result) == [("leading-text", text[: text.index("{")].rstrip())]
    assert "HTTP status line" in result.problems[0].message
    assert result.value == {"job_id": "a1"}
    assert result.value_spans["/job_id"] == Span(text.index('"a1"'), len(text) - 1)


def test_one_run_reports_every_problem_of_a_capture():
    text = (FIXTURES / "many_problems.http").read_text(encoding="utf-8")
    result = parse_lenient(text)
    assert kinds(result) == [
        "leading-text",
        "comment",
        "unquoted-key",
        "single-quotes",
        "placeholder",
        "trailing-comma",
        "missing-comma",
        "invalid-number",
        "truncated",
    ]
    assert result.value == {
        "error": {
            "message": "Invalid request.",
            "code": UNKNOWN,
            "details": [{"field": "job_id", "reason": "missing"}],
            "retry": 1,
        }
    }
    assert result.unknown_pointers == {"/error/code"}
    assert line_col(text, result.problems[4].span.start) == (8, 17)


def test_placeholder_key_drops_the_member():
    result = parse_lenient('{"a": 1, <key>: {"b": 2}}')
    assert kinds(result) == ["placeholder"]
    assert result.value == {"a": 1}
    assert set(result.value_spans) == {"", "/a"}


def test_python_literals_are_placeholders_with_a_lower_case_hint():
    (problem,) = parse_lenient('{"ok": True}').problems
    assert problem.kind == "placeholder"
    assert problem.hint == "JSON literals are lower case: write true"


def test_unterminated_string_at_the_end_of_the_text():
    text = '{"a": "abc'
    result = parse_lenient(text)
    assert spanned(text, result) == [("unterminated-string", '"abc'), ("truncated", "")]
    assert result.value == {"a": "abc"}


def test_value_missing_at_the_end_of_the_text_is_unknown():
    result = parse_lenient('{"a": 1, "b":')
    assert kinds(result) == ["truncated"]
    assert result.value == {"a": 1, "b": UNKNOWN}
    assert result.unknown_pointers == {"/b"}


def test_max_problems_caps_the_list_and_counts_the_rest():
    result = parse_lenient("[" + "[1,]," * 30 + "0]", max_problems=10)
    assert kinds(result) == ["trailing-comma"] * 10
    assert result.omitted_problems == 20
    assert result.value == [[1]] * 30 + [0]
    assert not result.is_strict_json


# -- RFC 8259 corners: no problem, the value json.loads gives ----------------------------------

VALID = [
    '"\\ud83d\\ude00"',
    '"\\ud800"',
    '"\\udc00\\ud800x"',
    '"\\u00e9\\n\\t\\b\\f\\r\\"\\\\\\/"',
    '"\ud800"',
    '"\x7f\u2028"',
    "-0",
    "-0.0",
    "1e5",
    "1E+5",
    "0.5e-3",
    "1E400",
    "-1e-400",
    "123456789012345678901234567890",
    "true",
    "false",
    "null",
    '"top"',
    " \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n",
    '{"": {"": ""}}',
    "[[], {}, [[]], [{}]]",
    '{"a/b": {"m~n": 1}}',
]


@pytest.mark.parametrize("text", VALID, ids=repr)
def test_valid_json_gives_no_problem_and_the_stdlib_value(text):
    result = parse_lenient(text)
    assert result.problems == []
    assert result.is_strict_json
    # The standard library's value, but a number past a double's range (1E400) is not infinity.
    assert result.value == json.loads(text, parse_float=finite_float)
    assert result.unknown_pointers == set()


def test_surrogate_pairs_combine_and_lone_surrogates_stay():
    assert parse_lenient('"\\ud83d\\ude00"').value == "\U0001f600"
    assert parse_lenient('"\\ud800"').value == "\ud800"


@pytest.mark.parametrize("code", range(0x20))
def test_raw_control_characters_in_strings_are_reported(code):
    text = f'["a{chr(code)}b"]'
    result = parse_lenient(text)
    expected = "newline-in-string" if chr(code) in "\r\n" else "control-character"
    assert spanned(text, result) == [(expected, chr(code))]
    assert result.value == [f"a{chr(code)}b"]


@pytest.mark.parametrize("code", range(0x20))
def test_escaped_control_characters_are_valid(code):
    text = json.dumps(f"a{chr(code)}b")
    assert parse_lenient(text).problems == []
    assert parse_lenient(text).value == f"a{chr(code)}b"


@pytest.mark.parametrize("space", ["\f", "\v", "\u00a0", "\u2003", "\u3000", "\x1c"])
def test_whitespace_json_does_not_know_is_reported(space):
    text = f"[1,{space}2]"
    result = parse_lenient(text)
    assert spanned(text, result) == [("invalid-whitespace", space)]
    assert result.value == [1, 2]


def test_an_integer_of_100000_digits_stays_an_integer_beyond_any_bound():
    result = parse_lenient("1" * 100_000)
    assert result.problems == []
    assert result.value == HUGE
    assert parse_lenient("[-" + "9" * 5000 + "]").value == [-HUGE]


def test_a_number_past_a_double_is_no_infinity():
    assert parse_lenient("[1e400, -2.5E999, 1e-400]").value == [HUGE, -HUGE, 0.0]


# -- pointers and spans -----------------------------------------------------------------------


def test_pointers_escape_tilde_and_slash_and_index_arrays():
    text = '{"a/b": {"m~n": [10, {"": 20}]}}'
    result = parse_lenient(text)
    assert set(result.value_spans) == {
        "",
        "/a~1b",
        "/a~1b/m~0n",
        "/a~1b/m~0n/0",
        "/a~1b/m~0n/1",
        "/a~1b/m~0n/1/",
    }
    assert text[result.value_spans["/a~1b/m~0n/1/"].start :].startswith("20")
    assert text[slice(*_bounds(result.key_spans["/a~1b/m~0n"]))] == '"m~n"'
    assert pointer.resolve(result.value, "/a~1b/m~0n/1/") == 20


def test_duplicate_key_spans_are_those_of_the_value_that_wins():
    text = '{"a": {"x": XXX, "y": 1}, "a": {"x": 2}}'
    result = parse_lenient(text)
    assert kinds(result) == ["placeholder", "duplicate-key"]
    assert result.problems[1].span == Span(26, 29)
    assert result.value == {"a": {"x": 2}}
    assert result.key_spans["/a"] == Span(26, 29)
    assert text[slice(*_bounds(result.value_spans["/a"]))] == '{"x": 2}'
    assert set(result.value_spans) == {"", "/a", "/a/x"}
    assert result.unknown_pointers == set()


def test_duplicate_key_can_make_a_value_unknown():
    result = parse_lenient('{"a": 1, "a": XXX}')
    assert result.unknown_pointers == {"/a"}


# -- limits ----------------------------------------------------------------------------------


def test_too_deep_stops_descending_and_marks_the_value_unknown():
    depth = 1500
    text = "[" * depth + "1" + "]" * depth
    result = parse_lenient(text)
    assert kinds(result) == ["too-deep"]
    assert result.problems[0].span == Span(1000, 1001)
    deep_pointer = "/0" * 1000
    assert result.unknown_pointers == {deep_pointer}
    assert result.value_spans[deep_pointer] == Span(1000, len(text) - 1000)
    assert pointer.resolve(result.value, deep_pointer) is UNKNOWN


def test_a_million_open_brackets_are_too_deep_and_truncated_quickly():
    started = time.perf_counter()
    result = parse_lenient("[" * 1_000_000)
    assert time.perf_counter() - started < 2
    assert kinds(result) == ["too-deep", "truncated"]


def test_a_million_nested_members_are_too_deep_and_truncated_quickly():
    started = time.perf_counter()
    result = parse_lenient('{"a":' * 1_000_000)
    assert time.perf_counter() - started < 2
    assert kinds(result) == ["too-deep", "truncated"]


def test_a_10_mb_string_parses_quickly():
    text = '{"blob": "' + "ab\\n" * 2_500_000 + '"}'
    started = time.perf_counter()
    result = parse_lenient(text)
    assert time.perf_counter() - started < 1
    assert result.problems == []
    assert len(result.value["blob"]) == 7_500_000


def test_a_10_mb_string_with_raw_line_breaks_parses_quickly():
    text = '["' + "ab\n" * 3_000_000 + '"]'
    started = time.perf_counter()
    result = parse_lenient(text)
    assert time.perf_counter() - started < 2
    assert kinds(result) == ["newline-in-string"] * 100
    assert result.omitted_problems == 2_999_900


# -- small helpers of the API ---------------------------------------------------------------


def test_line_col_is_one_based_and_counts_characters():
    text = "ab\ncé\r\nd"
    assert line_col(text, 0) == (1, 1)
    assert line_col(text, 2) == (1, 3)
    assert line_col(text, 3) == (2, 1)
    assert line_col(text, 5) == (2, 3)
    assert line_col(text, 7) == (3, 1)
    assert line_col(text, 100) == (3, 2)


def test_unknown_is_one_object_through_copy_and_pickle():
    value = {"a": [UNKNOWN]}
    assert copy.deepcopy(value)["a"][0] is UNKNOWN
    assert pickle.loads(pickle.dumps(value))["a"][0] is UNKNOWN
    assert repr(UNKNOWN) == "UNKNOWN"


def _bounds(span: Span) -> tuple[int, int]:
    return span.start, span.end


def test_problems_that_may_follow_from_a_guess_are_kept_and_marked_dependent():
    """Every problem is still listed; J001 reports only those that are not ``dependent``."""
    result = parse_lenient('{"a": This is text, "b": XXX}')
    marks = [(p.kind, p.dependent) for p in result.problems]
    assert marks[0] == ("placeholder", False)
    assert all(dependent for _, dependent in marks[1:-1])
    assert marks[-1] == ("placeholder", False)  # past the ',' after a complete value
