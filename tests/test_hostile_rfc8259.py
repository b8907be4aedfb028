"""RFC 8259 decides what is JSON: its corners through the engine, on both paths.

Every valid document gets no syntax finding (J001, J003, J004) from ``Engine.check`` (the fast
path, which falls back to the full path) nor from ``Engine.check_fully``; every invalid one gets
at least one from both. Duplicate names are valid JSON (RFC 8259, section 4: names SHOULD be
unique), so they are J002's business, not a syntax finding.
"""

from __future__ import annotations

import pytest

from tests.factories import builtin_engine, make_payload

SYNTAX = {"J001", "J003", "J004"}
ENGINE = builtin_engine()


def syntax_codes(data: bytes) -> tuple[set[str], set[str]]:
    """The syntax codes of the fast path (with its fallback) and of the full path."""
    fast = {finding.code for finding in ENGINE.check(make_payload(data))}
    full = {finding.code for finding in ENGINE.check_fully(make_payload(data))}
    return fast & SYNTAX, full & SYNTAX


VALID = {
    # escapes
    "simple escapes": rb'["\" \\ \/ \b \f \n \r \t"]',
    "unicode escapes": rb'["\u0000 \u001f \u0041 \u00e9 \u00E9 \uffff"]',
    "surrogate pair": rb'["\uD834\uDD1E", "\ud83d\ude00"]',
    "escaped key": rb'{"\u006a\u006f\u0062_id": "x"}',
    # raw characters that JSON allows in strings
    "raw non-ASCII": '["é", "𝄞", "日本"]'.encode(),
    "raw U+2028 and U+2029": '["\u2028\u2029"]'.encode(),
    "raw DEL": b'["\x7f"]',
    "raw noncharacters": '["\ufffe\uffff"]'.encode(),
    "empty key": b'{"": 1}',
    # number forms
    "zero and minus zero": b"[0, -0, 0.0, -0.0, 0e0, -0E-0]",
    "fractions and exponents": b"[0.5, -0.5, 1e10, 1E10, 1e+10, 1e-10, 1.5E-10, 10.25e3]",
    "integer beyond 64 bits": b"[123456789012345678901234567890, -98765432109876543210]",
    "float overflow and underflow": b"[1e400, -1e400, 1e-400]",
    "float limits": b"[4.9e-324, 1.7976931348623157e308, 2.2250738585072014e-308]",
    "many digits": b"[0." + b"1" * 5000 + b"]",
    # top-level values
    "top-level string": b'"x"',
    "top-level number": b"42",
    "top-level true": b"true",
    "top-level false": b"false",
    "top-level null": b"null",
    "top-level empty array": b"[]",
    "top-level empty object": b"{}",
    # whitespace
    "all four whitespace characters": b' \t\n\r{ \t\n\r"job_id" \t\n\r: \t\n\r"x" \t\n\r} \t\n\r',
    "whitespace inside arrays": b"[\n1\r,\t2 ,\r\n3]",
    "no whitespace at all": b'{"error":{"message":"m","code":"Ecs.0005","details":[]}}',
    # nesting well within the limit
    "five hundred levels": b"[" * 500 + b"]" * 500,
    "duplicate names": b'{"job_id": "a", "job_id": "b"}',
}

INVALID = {
    # escapes
    "hex escape": rb'["\x41"]',
    "short unicode escape": rb'["\u12"]',
    "non-hex unicode escape": rb'["\uGGGG"]',
    "long unicode escape": rb'["\U0001F600"]',
    "escaped single quote": rb"""["\'"]""",
    "unknown escape": rb'["\a"]',
    "backslash at the end": b'["\\',
    # control characters in strings
    "raw NUL in a string": b'["a\x00b"]',
    "raw U+001F in a string": b'["a\x1fb"]',
    "raw tab in a string": b'["a\tb"]',
    "raw line feed in a string": b'["a\nb"]',
    # number forms
    "leading zero": b"[01]",
    "minus leading zero": b"[-01]",
    "plus sign": b"[+1]",
    "no digit before the point": b"[.5]",
    "no digit after the point": b"[1.]",
    "point then exponent": b"[1.e5]",
    "empty exponent": b"[1e]",
    "signed empty exponent": b"[1e+]",
    "hexadecimal": b"[0x1F]",
    "double minus": b"[--1]",
    "lone minus": b"[-]",
    "NaN": b"[NaN]",
    "Infinity": b"[Infinity]",
    "minus Infinity": b"[-Infinity]",
    "digit separator": b"[1_000]",
    "non-ASCII digit": "[١]".encode(),
    # top-level
    "empty": b"",
    "whitespace only": b" \t\r\n",
    "two values": b"1 2",
    "two objects": b"{}{}",
    "unclosed array": b"[1, 2",
    "closer alone": b"]",
    # whitespace JSON does not have
    "no-break space": "[1,\u00a02]".encode(),
    "line separator between tokens": "[1,\u20282]".encode(),
    "vertical tab": b"[1,\x0b2]",
    "form feed": b"[1,\x0c2]",
    "NUL between tokens": b"[1,\x002]",
    # byte order marks and encodings
    "UTF-8 byte order mark": b'\xef\xbb\xbf{"job_id": "x"}',
    "UTF-16 LE": '\ufeff{"job_id": "x"}'.encode("utf-16-le"),
    "UTF-16 BE": '\ufeff{"job_id": "x"}'.encode("utf-16-be"),
    "UTF-16 LE without mark": '{"job_id": "x"}'.encode("utf-16-le"),
    "UTF-32 BE": '\ufeff{"job_id": "x"}'.encode("utf-32-be"),
    "byte 0xFF in a string": b'["\xff"]',
    "overlong encoding": b'["\xc0\xaf"]',
    "surrogate encoded in UTF-8": b'["\xed\xa0\x80"]',
    "truncated multibyte character": b'["\xe2\x82"]',
    # literals and structure
    "capitalised literal": b"[True]",
    "upper-case null": b"[NULL]",
    "cut literal": b"[tru]",
    "trailing comma in an array": b"[1,]",
    "trailing comma in an object": b'{"a": 1,}',
    "missing comma": b"[1 2]",
    "single quotes": b"['a']",
    "unquoted key": b"{a: 1}",
    "line comment": b"[1] // note",
    "block comment": b"[1 /* note */]",
    "missing colon": b'{"a" 1}',
    "missing value": b'{"a": }',
}


@pytest.mark.parametrize("data", list(VALID.values()), ids=list(VALID))
def test_valid_json_gets_no_syntax_finding(data):
    assert syntax_codes(data) == (set(), set())


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(rb'{"job_id": "\ud800"}', id="lone high surrogate"),
        pytest.param(rb'{"job_id": "\udc00x"}', id="lone low surrogate"),
        pytest.param(rb'{"job_id": "x", "\udfff": 1}', id="in a key"),
        pytest.param(rb'{"job_id": "\ude00\ud83d"}', id="in reverse"),
        pytest.param(rb'["\ud800"]', id="lone surrogate outside any schema"),
    ],
)
def test_lone_surrogate_escapes_are_valid_json(data):
    # RFC 8259, section 8.2: the grammar allows them; what a reader makes of them varies.
    assert syntax_codes(data) == (set(), set())


@pytest.mark.parametrize("data", list(INVALID.values()), ids=list(INVALID))
def test_invalid_json_is_reported_on_both_paths(data):
    fast, full = syntax_codes(data)
    assert fast, "the fast path passed it"
    assert full, "the full path passed it"


def test_duplicate_names_are_their_own_rule():
    findings = ENGINE.check(make_payload(VALID["duplicate names"]))
    assert "J002" in {finding.code for finding in findings}
