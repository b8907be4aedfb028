"""JSON Lines access logs: each line a record holding a request's method, URL and status and the
response body (and, in some logs, the request body), under names that differ from gateway to
gateway (``request_method``, ``request_uri``, ``status``, ``response_body``; or nested,
``request.method``).

``AccessLogFields`` holds the names looked for, in order, for each part: the configuration's
``access-log`` section, else names common gateways write. A name with dots is a path into nested
objects (a member whose own name has the dots is taken first). A log is an access log when its
first record has a method and a URL under those names; then every line is read as a record.

The body may be logged as a JSON string (``"response_body": "{\\"id\\": 1}"``) or as the object
itself (``"response_body": {"id": 1}``): either way the payload's positions point into the line
as the user has it (through the string's escapes, or at the object's own columns).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from envelint.captures.located_json import (
    LocatedDict,
    LocatedStr,
    LocatedSyntaxError,
    Position,
    escaped_string_locator,
    read_located,
)
from envelint.captures.payload import Payload, request_body_value
from envelint.jsontext.positions import LineIndex

PARTS = ("method", "url", "status", "body", "request_body")


@dataclass(frozen=True)
class AccessLogFields:
    """The names of each part of a record, tried in order."""

    method: tuple[str, ...] = (
        "method", "request_method", "http_method", "httpMethod", "verb",
        "request.method", "req.method", "httpRequest.requestMethod",
    )  # fmt: skip
    url: tuple[str, ...] = (
        "url", "uri", "request_uri", "request_url", "requestUri", "path",
        "request.url", "request.uri", "request.path", "req.url", "httpRequest.requestUrl",
    )  # fmt: skip
    status: tuple[str, ...] = (
        "status", "status_code", "statusCode", "response_status", "http_status",
        "response.status", "response.status_code", "res.statusCode", "httpRequest.status",
    )  # fmt: skip
    body: tuple[str, ...] = (
        "response_body", "resp_body", "responseBody", "body", "response.body", "res.body",
    )  # fmt: skip
    request_body: tuple[str, ...] = (
        "request_body", "req_body", "requestBody", "request.body", "req.body",
    )  # fmt: skip

    @classmethod
    def configured(cls, names: dict[str, str | list[str]]) -> AccessLogFields:
        """The defaults with each configured part (``request-body`` or ``request_body``) set."""
        chosen: dict[str, tuple[str, ...]] = {}
        for key, value in names.items():
            part = key.replace("-", "_")
            chosen[part] = (value,) if isinstance(value, str) else tuple(value)
        return cls(**chosen)


DEFAULT_FIELDS = AccessLogFields()


def read(source: str, data: bytes) -> Iterator[Payload]:
    """Every line of ``data`` as a record under the default names (the reader registry's form)."""
    yield from read_stream(source, io.BytesIO(data), DEFAULT_FIELDS)


def is_record(line: bytes, fields: AccessLogFields = DEFAULT_FIELDS) -> bool:
    """True when ``line`` is an access-log record: a JSON object with a method and a URL."""
    try:
        record = read_located(_text(line))
    except (LocatedSyntaxError, RecursionError):
        return False
    return _request_line(record, fields) is not None


def opening_lines(lines: Iterable[bytes], fields: AccessLogFields) -> tuple[Iterator[bytes], bool]:
    """The lines of a JSON Lines log, all of them still to read, and whether it is an access
    log (its first record has a method and a URL under ``fields``' names)."""
    remaining = iter(lines)
    leading: list[bytes] = []
    for line in remaining:
        leading.append(line)
        if line.strip():
            break
    is_access_log = bool(leading) and is_record(leading[-1], fields)
    return itertools.chain(leading, remaining), is_access_log


def read_stream(
    source: str, lines: Iterable[bytes], fields: AccessLogFields, first_line: int = 1
) -> Iterator[Payload]:
    """One payload per record with a body; a line that is not a record is a body of its own
    (J001 says what is wrong with it)."""
    for number, line in enumerate(lines, start=first_line):
        if line.strip():
            payload = read_record(source, number, line, fields)
            if payload is not None:
                yield payload


def read_record(source: str, number: int, line: bytes, fields: AccessLogFields) -> Payload | None:
    """The payload of the record on line ``number``; None for a record that logged no body."""
    text = _text(line)
    try:
        record = read_located(text)
    except (LocatedSyntaxError, RecursionError):
        record = None
    request = _request_line(record, fields)
    if request is None or not isinstance(record, LocatedDict):
        return Payload(source=source, data=text.encode("utf-8", "replace"), line=number)
    found = _find(record, fields.body)
    if found is None or found[0] is None or found[0] == "":
        return None
    body, (start, end) = found
    lines = LineIndex(text)
    if isinstance(body, LocatedStr):
        data = body.encode("utf-8", "replace")
        locate = _on_line(number, escaped_string_locator(lines, body))
    else:
        data = text[start:end].encode("utf-8", "replace")
        locate = _on_line(number, lambda offset: (1, start + 1 + max(0, offset)))
    method, url = request
    line_at: Callable[[int], str] = lambda wanted: text if wanted == number else ""  # noqa: E731
    return Payload(
        source=source,
        data=data,
        line=number,
        column=locate(0)[1],
        method=method,
        url=url,
        status=_status(_find(record, fields.status)),
        request_body=_request_body(_find(record, fields.request_body)),
        locate=locate,
        source_line=line_at,
    )


def _text(line: bytes) -> str:
    return line.rstrip(b"\r\n").decode("utf-8", "replace")


def _request_line(record: object, fields: AccessLogFields) -> tuple[str, str] | None:
    if not isinstance(record, LocatedDict):
        return None
    method, url = _find(record, fields.method), _find(record, fields.url)
    if method is None or url is None:
        return None
    if not isinstance(method[0], str) or not isinstance(url[0], str):
        return None
    return method[0], url[0]


Found = tuple[object, tuple[int, int]]  # a value and its span in the line


def _find(record: LocatedDict, names: tuple[str, ...]) -> Found | None:
    """The value (and span) under the first of ``names`` the record has."""
    for name in names:
        found = _member(record, name)
        if found is not None:
            return found
    return None


def _member(record: LocatedDict, name: str) -> Found | None:
    if name in record:
        return record[name], record.spans[name]
    head, dot, rest = name.partition(".")
    if not dot or not isinstance(record.get(head), LocatedDict):
        return None
    return _member(record[head], rest)


def _status(found: Found | None) -> int | None:
    value = found[0] if found else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _request_body(found: Found | None) -> object | None:
    value = found[0] if found else None
    if isinstance(value, str):
        return request_body_value(value)
    return value


def _on_line(number: int, locate: Callable[[int], Position]) -> Callable[[int], Position]:
    """``locate`` within the line, moved to line ``number`` of the log."""
    return lambda offset: (number, locate(offset)[1])
