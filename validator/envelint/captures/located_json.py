"""A JSON reader that remembers where each value is, for captures that hold a body inside JSON
(a HAR entry's ``content.text``, an access-log record's ``response_body``).

Strings are ``LocatedStr`` (``start`` at the opening quote, ``end`` past the closing one),
objects ``LocatedDict`` (``start``, ``end`` and each member's value span in ``spans``), arrays
``LocatedList`` (``starts`` of each item). ``escaped_string_locator`` maps an offset in a
decoded string to the file position of the characters that encode it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from json.decoder import JSONDecodeError, scanstring
from json.scanner import NUMBER_RE
from typing import Any

from envelint.common.errors import CaptureError
from envelint.jsontext.model import JSON_SPACE
from envelint.jsontext.number_reader import finite_float, integer
from envelint.jsontext.positions import LineIndex

Position = tuple[int, int]

# One escape and the single body character it stands for; a surrogate pair is one character.
_ESCAPE = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.DOTALL
)


def escaped_string_locator(lines: LineIndex, body: LocatedStr) -> Callable[[int], Position]:
    """Body offset -> file position, through the escapes of the JSON string ``body`` came from."""
    content_start, content_end = body.start + 1, body.end - 1
    escape_body_offsets: list[int] = []
    extra_after: list[int] = []  # file characters beyond one per body character, cumulative
    extra = 0
    for match in _ESCAPE.finditer(lines.text, content_start, content_end):
        escape_body_offsets.append(match.start() - content_start - extra)
        extra += len(match.group()) - 1
        extra_after.append(extra)

    def locate(offset: int) -> Position:
        offset = max(0, min(offset, len(body)))
        escapes_before = bisect_left(escape_body_offsets, offset)
        shift = extra_after[escapes_before - 1] if escapes_before else 0
        return lines.line_col(content_start + offset + shift)

    return locate


# --- a JSON reader that remembers where strings and objects start --------------------------------


class LocatedStr(str):
    """A JSON string value; ``start`` is the offset of its opening quote, ``end`` past its close."""

    start: int
    end: int


class LocatedDict(dict[str, Any]):
    """A JSON object; ``spans`` holds each member's value span (start, end)."""

    start: int
    end: int
    spans: dict[str, tuple[int, int]]


class LocatedList(list[Any]):
    """A JSON array; ``starts`` holds the offset where each item starts."""

    starts: list[int]


class LocatedSyntaxError(Exception):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


_LITERALS = {"true": True, "false": False, "null": None}
_MAX_DEPTH = 200


def parse_located(source: str, text: str, lines: LineIndex, what: str) -> object:
    """The JSON document ``text``; a syntax error is one error line saying it is not ``what``."""
    try:
        return read_located(text)
    except LocatedSyntaxError as error:
        line, column = lines.line_col(error.offset)
        raise CaptureError(source, f"{what}: {error}", line, column) from None


def read_located(text: str) -> object:
    """The JSON document ``text``, with positions; ``LocatedSyntaxError`` when it is not JSON."""
    value, end = _value(text, 0, 0)
    end = JSON_SPACE.match(text, end).end()
    if end != len(text):
        raise LocatedSyntaxError("extra data after the document", end)
    return value


def _value(text: str, index: int, depth: int) -> tuple[object, int]:
    index = JSON_SPACE.match(text, index).end()
    char = text[index : index + 1]
    if char == '"':
        return _string_at(text, index)
    if char in ("{", "["):
        if depth >= _MAX_DEPTH:
            raise LocatedSyntaxError("nested too deeply", index)
        if char == "{":
            return _object(text, index, depth + 1)
        return _array(text, index, depth + 1)
    number = NUMBER_RE.match(text, index)
    if number and number.group():
        digits, fraction, exponent = number.groups()
        if fraction or exponent:
            return finite_float(number.group()), number.end()
        return integer(digits), number.end()
    for word, literal in _LITERALS.items():
        if text.startswith(word, index):
            return literal, index + len(word)
    raise LocatedSyntaxError("expected a JSON value" if char else "unexpected end of file", index)


def _string_at(text: str, index: int) -> tuple[LocatedStr, int]:
    try:
        decoded, end = scanstring(text, index + 1, False)
    except JSONDecodeError as error:
        raise LocatedSyntaxError(error.msg, error.pos) from None
    located = LocatedStr(decoded)
    located.start, located.end = index, end
    return located, end


def _object(text: str, index: int, depth: int) -> tuple[LocatedDict, int]:
    result = LocatedDict()
    result.start = index
    result.spans = {}
    index = JSON_SPACE.match(text, index + 1).end()
    if text.startswith("}", index):
        result.end = index + 1
        return result, index + 1
    while True:
        if not text.startswith('"', index):
            raise LocatedSyntaxError("expected a member name in double quotes", index)
        key, index = _string_at(text, index)
        index = JSON_SPACE.match(text, index).end()
        if not text.startswith(":", index):
            raise LocatedSyntaxError("expected ':' after a member name", index)
        value_start = JSON_SPACE.match(text, index + 1).end()
        result[str(key)], index = _value(text, value_start, depth)
        result.spans[str(key)] = (value_start, index)
        index = JSON_SPACE.match(text, index).end()
        if text.startswith("}", index):
            result.end = index + 1
            return result, index + 1
        if not text.startswith(",", index):
            raise LocatedSyntaxError("expected ',' or '}' in an object", index)
        index = JSON_SPACE.match(text, index + 1).end()


def _array(text: str, index: int, depth: int) -> tuple[LocatedList, int]:
    result = LocatedList()
    result.starts = []
    index = JSON_SPACE.match(text, index + 1).end()
    if text.startswith("]", index):
        return result, index + 1
    while True:
        index = JSON_SPACE.match(text, index).end()
        result.starts.append(index)
        item, index = _value(text, index, depth)
        result.append(item)
        index = JSON_SPACE.match(text, index).end()
        if text.startswith("]", index):
            return result, index + 1
        if not text.startswith(",", index):
            raise LocatedSyntaxError("expected ',' or ']' in an array", index)
        index += 1
