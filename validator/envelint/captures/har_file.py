"""A HAR 1.2 capture (browser "Save all as HAR", proxies): one payload per JSON response body.

Each entry's ``response.content.text`` becomes a payload carrying ``request.method``,
``request.url``, ``response.status`` and the request body (``request.postData.text``, as JSON);
a ``base64`` body is decoded. Entries that cannot give a
JSON body are not payloads: ``read`` yields nothing for them, and ``skipped_entries`` lists them
with the reason (another component turns them into info findings). That covers content types
other than JSON (``application/json``, ``text/json``, ``*+json``) and odd entries: no response,
no content, a null or empty ``text``, a status that is not a number, an unknown encoding.
A HAR file that is not JSON at all, or has no ``log.entries`` list, is a ``CaptureError``: a
finding (J008) on that file.

Positions: the body is a JSON string inside the HAR file, so ``Payload.locate`` maps an offset
in the decoded body to the line and column of the HAR characters that encode it (``\\n``,
``\\"`` and ``\\uXXXX`` take several file characters for one body character). A base64 body
maps every offset to the start of its string.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from envelint.captures.located_json import (
    LocatedList,
    LocatedStr,
    Position,
    escaped_string_locator,
    parse_located,
)
from envelint.captures.payload import Payload, RequestPart, meant_as_json, request_body_value
from envelint.common.errors import CaptureError
from envelint.jsontext.positions import LineIndex


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
    # the request, checked even when its response gives no payload (a 204, an empty body)
    request: RequestPart | None = field(default=None, compare=False, repr=False)
    request_body: object | None = field(default=None, compare=False, repr=False)
    request_at: tuple[int, int] | None = field(default=None, compare=False, repr=False)


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
    root = parse_located(source, text, lines, "not a valid HAR file")
    log = root.get("log") if isinstance(root, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, LocatedList):
        raise CaptureError(source, "not a HAR file: there is no log.entries list")
    for index, entry in enumerate(entries):
        yield _examine(source, lines, index, entry, entries.starts[index])


def _examine(
    source: str, lines: LineIndex, index: int, entry: object, start: int
) -> Payload | SkippedEntry:
    line, column = lines.line_col(start)

    if not isinstance(entry, dict):
        return SkippedEntry(
            source, index, line, column, "the entry is not an object", source_line=lines.line_text
        )
    request = entry.get("request") if isinstance(entry.get("request"), dict) else {}

    def skip(reason: str, **known) -> SkippedEntry:
        return SkippedEntry(
            source,
            index,
            line,
            column,
            reason,
            source_line=lines.line_text,
            request=_request_part(lines, request),
            request_body=_request_body(request),
            request_at=_url_position(lines, request),
            **known,
        )

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
    if not isinstance(body, LocatedStr) or body == "":
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
        request_body=_request_body(request),
        request=_request_part(lines, request),
        request_at=_url_position(lines, request),
        **known,
    )


def _request_body(request: dict[str, Any]) -> object | None:
    """``request.postData.text`` as JSON, when the entry has it."""
    post_data = request.get("postData")
    text = post_data.get("text") if isinstance(post_data, dict) else None
    return request_body_value(text) if isinstance(text, str) else None


def _url_position(lines: LineIndex, request: dict[str, Any]) -> Position | None:
    url = request.get("url")
    return escaped_string_locator(lines, url)(0) if isinstance(url, LocatedStr) else None


def _request_part(lines: LineIndex, request: dict[str, Any]) -> RequestPart | None:
    """``request.postData.text`` where it stands in the file, when it is there."""
    post_data = request.get("postData")
    text = post_data.get("text") if isinstance(post_data, dict) else None
    if not isinstance(text, LocatedStr) or not text.strip():
        return None
    data = _encodable(text).encode("utf-8")
    media_type = _string(post_data.get("mimeType")) if isinstance(post_data, dict) else None
    if not meant_as_json(data, media_type or _header(request, "content-type")):
        return None
    locate = escaped_string_locator(lines, text)
    line, column = locate(0)
    return RequestPart(data, line, column, locate)


def _decode_body(
    lines: LineIndex, body: LocatedStr, encoding: str | None
) -> tuple[bytes, Callable[[int], Position]] | str:
    """The body's bytes and its position map, or why it cannot be read."""
    if not encoding:
        return _encodable(body).encode("utf-8"), escaped_string_locator(lines, body)
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


# --- positions ---------------------------------------------------------------------------------


def _fixed_locator(position: Position) -> Callable[[int], Position]:
    """Every offset -> one position (a base64 body has no character-by-character map)."""
    return lambda offset: position
