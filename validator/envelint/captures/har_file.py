"""A HAR 1.2 capture (browser "Save all as HAR", proxies): one payload per JSON response body.

Each entry's ``response.content.text`` becomes a payload carrying ``request.method``,
``request.url`` and ``response.status``; a ``base64`` body is decoded. Entries that cannot give a
JSON body are not payloads: ``read`` yields nothing for them, and ``skipped_entries`` lists them
with the reason (another component turns them into info findings). That covers content types
other than JSON (``application/json``, ``text/json``, ``*+json``) and odd entries: no response,
no content, a null or empty ``text``, a status that is not a number, an unknown encoding.
A HAR file that is not JSON at all, or has no ``log.entries`` list, is an ``EnvelintError``.

Positions: the body is a JSON string inside the HAR file, so ``Payload.locate`` maps an offset
in the decoded body to the line and column of the HAR characters that encode it (``\\n``,
``\\"`` and ``\\uXXXX`` take several file characters for one body character). A base64 body
maps every offset to the start of its string.
"""

from __future__ import annotations

import base64
import binascii
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from json.decoder import JSONDecodeError, scanstring
from json.scanner import NUMBER_RE
from typing import Any

from envelint.captures.payload import Payload
from envelint.common.errors import EnvelintError
from envelint.jsontext.model import JSON_SPACE
from envelint.jsontext.number_reader import finite_float, integer
from envelint.jsontext.positions import LineIndex

Position = tuple[int, int]


@dataclass(frozen=True)
class SkippedEntry:
    """A HAR entry that gave no payload, and why."""

    source: str
    index: int  # 0-based position in log.entries
    line: int  # where the entry object starts in the HAR file
    column: int
    reason: str
    method: str | None = None
    url: str | None = None
    status: int | None = None
    mime_type: str | None = None
    source_line: Callable[[int], str] | None = field(default=None, compare=False, repr=False)


def read(source: str, data: bytes) -> Iterator[Payload]:
    for result in _examine_entries(source, data):
        if isinstance(result, Payload):
            yield result


def entries(source: str, data: bytes) -> Iterator[Payload | SkippedEntry]:
    """Every entry in file order: its payload, or why it gave none."""
    yield from _examine_entries(source, data)


def skipped_entries(source: str, data: bytes) -> list[SkippedEntry]:
    """The entries ``read`` passes over (it parses the file again; HAR files are small)."""
    return [result for result in _examine_entries(source, data) if isinstance(result, SkippedEntry)]


def is_json_media_type(media_type: str | None) -> bool:
    if not media_type:
        return False
    essence = media_type.split(";", 1)[0].strip().lower()
    return essence in ("application/json", "text/json") or essence.endswith("+json")


# --- entries -------------------------------------------------------------------------------------


def _examine_entries(source: str, data: bytes) -> Iterator[Payload | SkippedEntry]:
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = LineIndex(text)
    root = _parse(source, text, lines)
    log = root.get("log") if isinstance(root, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, _LocatedList):
        raise EnvelintError(f"{source}: not a HAR file: there is no log.entries list")
    for index, entry in enumerate(entries):
        yield _examine(source, lines, index, entry, entries.starts[index])


def _examine(
    source: str, lines: LineIndex, index: int, entry: object, start: int
) -> Payload | SkippedEntry:
    line, column = lines.line_col(start)

    def skip(reason: str, **known) -> SkippedEntry:
        return SkippedEntry(
            source, index, line, column, reason, source_line=lines.line_text, **known
        )

    if not isinstance(entry, dict):
        return skip("the entry is not an object")
    request = entry.get("request") if isinstance(entry.get("request"), dict) else {}
    method, url = _string(request.get("method")), _string(request.get("url"))
    response = entry.get("response")
    if not isinstance(response, dict):
        return skip("the entry has no response", method=method, url=url)
    status = response.get("status")
    if not isinstance(status, int) or isinstance(status, bool):
        return skip(f"response.status is not a number: {status!r}", method=method, url=url)
    known = {"method": method, "url": url, "status": status}
    if status == 0:
        return skip("no response was received (status 0)", **known)
    content = response.get("content")
    if not isinstance(content, dict):
        return skip("the response has no content", **known)
    mime_type = _string(content.get("mimeType")) or _header(response, "content-type")
    if not is_json_media_type(mime_type):
        reason = f"not a JSON response (content type {mime_type or 'unknown'})"
        return skip(reason, mime_type=mime_type, **known)
    body = content.get("text")
    if not isinstance(body, _LocatedStr) or body == "":
        reason = "the response body is empty" if body == "" else "no response.content.text"
        return skip(reason, mime_type=mime_type, **known)
    decoded = _decode_body(lines, body, _string(content.get("encoding")))
    if isinstance(decoded, str):
        return skip(decoded, mime_type=mime_type, **known)
    data, locate = decoded
    line, column = locate(0)
    return Payload(
        source=source,
        data=data,
        line=line,
        column=column,
        locate=locate,
        source_line=lines.line_text,
        **known,
    )


def _decode_body(
    lines: LineIndex, body: _LocatedStr, encoding: str | None
) -> tuple[bytes, Callable[[int], Position]] | str:
    """The body's bytes and its position map, or why it cannot be read."""
    if not encoding:
        return _encodable(body).encode("utf-8"), _escaped_string_locator(lines, body)
    if encoding.lower() != "base64":
        return f"unsupported content encoding {encoding!r}"
    try:
        data = base64.b64decode(body, validate=False)
    except (binascii.Error, ValueError):
        return "response.content.text is not valid base64"
    return data, _fixed_locator(lines.line_col(body.start + 1))


def _string(value: object) -> str | None:
    return str(value) if isinstance(value, str) else None


def _header(response: dict[str, Any], name: str) -> str | None:
    headers = response.get("headers")
    if not isinstance(headers, list):
        return None
    for header in headers:
        if isinstance(header, dict) and str(header.get("name", "")).lower() == name:
            return _string(header.get("value"))
    return None


def _encodable(body: str) -> str:
    """The body with lone surrogates (from a lone ``\\uD800`` escape) replaced one for one."""
    try:
        body.encode("utf-8")
        return str(body)
    except UnicodeEncodeError:
        return re.sub("[\ud800-\udfff]", "\ufffd", body)


# --- positions -----------------------------------------------------------------------------------

# One escape and the single body character it stands for; a surrogate pair is one character.
_ESCAPE = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.DOTALL
)


def _fixed_locator(position: Position) -> Callable[[int], Position]:
    """Every offset -> one position (a base64 body has no character-by-character map)."""
    return lambda offset: position


def _escaped_string_locator(lines: LineIndex, body: _LocatedStr) -> Callable[[int], Position]:
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


class _LocatedStr(str):
    """A JSON string value; ``start`` is the offset of its opening quote, ``end`` past its close."""

    start: int
    end: int


class _LocatedDict(dict[str, Any]):
    start: int


class _LocatedList(list[Any]):
    """A JSON array; ``starts`` holds the offset where each item starts."""

    starts: list[int]


class _HarSyntaxError(Exception):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


_LITERALS = {"true": True, "false": False, "null": None}
_MAX_DEPTH = 200


def _parse(source: str, text: str, lines: LineIndex) -> object:
    try:
        value, end = _value(text, 0, 0)
        end = JSON_SPACE.match(text, end).end()
        if end != len(text):
            raise _HarSyntaxError("extra data after the HAR document", end)
    except _HarSyntaxError as error:
        line, column = lines.line_col(error.offset)
        raise EnvelintError(f"{source}:{line}:{column}: not a valid HAR file: {error}") from None
    return value


def _value(text: str, index: int, depth: int) -> tuple[object, int]:
    index = JSON_SPACE.match(text, index).end()
    char = text[index : index + 1]
    if char == '"':
        return _string_at(text, index)
    if char in ("{", "["):
        if depth >= _MAX_DEPTH:
            raise _HarSyntaxError("nested too deeply", index)
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
    raise _HarSyntaxError("expected a JSON value" if char else "unexpected end of file", index)


def _string_at(text: str, index: int) -> tuple[_LocatedStr, int]:
    try:
        decoded, end = scanstring(text, index + 1, False)
    except JSONDecodeError as error:
        raise _HarSyntaxError(error.msg, error.pos) from None
    located = _LocatedStr(decoded)
    located.start, located.end = index, end
    return located, end


def _object(text: str, index: int, depth: int) -> tuple[_LocatedDict, int]:
    result = _LocatedDict()
    result.start = index
    index = JSON_SPACE.match(text, index + 1).end()
    if text.startswith("}", index):
        return result, index + 1
    while True:
        if not text.startswith('"', index):
            raise _HarSyntaxError("expected a member name in double quotes", index)
        key, index = _string_at(text, index)
        index = JSON_SPACE.match(text, index).end()
        if not text.startswith(":", index):
            raise _HarSyntaxError("expected ':' after a member name", index)
        result[str(key)], index = _value(text, index + 1, depth)
        index = JSON_SPACE.match(text, index).end()
        if text.startswith("}", index):
            return result, index + 1
        if not text.startswith(",", index):
            raise _HarSyntaxError("expected ',' or '}' in an object", index)
        index = JSON_SPACE.match(text, index + 1).end()


def _array(text: str, index: int, depth: int) -> tuple[_LocatedList, int]:
    result = _LocatedList()
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
            raise _HarSyntaxError("expected ',' or ']' in an array", index)
        index += 1
