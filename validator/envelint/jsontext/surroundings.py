"""What may stand around a JSON body: prose or HTTP lines before it, more text after it."""

from __future__ import annotations

import re

from envelint.jsontext.scanner import WORD_PATTERN
from envelint.jsontext.wording import excerpt

_BODY_AT_LINE_START = re.compile(r"^[ \t]*+([{\[])", re.MULTILINE)
_BODY_ANYWHERE = re.compile(r"[{\[]")
_VALUE_FIRST_CHARS = frozenset("{[\"'+-.0123456789")
_VALUE_WORDS = frozenset({"true", "false", "null", "NaN", "Infinity"})


def body_after_leading_text(text: str, pos: int) -> int | None:
    """Where the JSON body starts when ``pos`` starts prose or HTTP lines instead of a value.

    The body is the first '{' or '[' that begins a line, else the first one at all; after HTTP
    lines without one, the end of the text. None when ``pos`` starts something that reads as a
    value, or when no body follows.
    """
    if pos >= len(text) or text[pos] in _VALUE_FIRST_CHARS:
        return None
    word = WORD_PATTERN.match(text, pos)
    if word is not None and word.group() in _VALUE_WORDS:
        return None
    body = _BODY_AT_LINE_START.search(text, pos) or _BODY_ANYWHERE.search(text, pos)
    if body is not None:
        return body.end() - 1
    if text.startswith("HTTP/", pos):  # a response without a body
        return len(text)
    return None


def describe_leading_text(text: str, pos: int) -> str:
    return "an HTTP status line or headers" if text.startswith("HTTP/", pos) else "text"


def describe_extra_data(text: str, start: int, end: int) -> str:
    if text[start] in "{[":
        return "another JSON document after the first one: a payload holds one"
    return f"text after the JSON document: {excerpt(text[start:end])}"
