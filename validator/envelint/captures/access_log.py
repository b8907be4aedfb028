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
from typing import Any

import orjson

from envelint.captures.located_json import (
    LocatedDict,
    LocatedStr,
    LocatedSyntaxError,
    Position,
    escaped_string_locator,
    read_located,
)
from envelint.captures.payload import Payload, RequestPart, meant_as_json, request_body_value
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
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
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


@dataclass(frozen=True)
class Bodiless:
    """A record that logged no response body (a 204, a 202 with none): its request line and
    status, which coverage counts though there is no body to check."""

    method: str
    url: str
    status: int | None
    request_body: object | None


def read_stream(
    source: str,
    lines: Iterable[bytes],
    fields: AccessLogFields,
    first_line: int = 1,
    bodiless: Callable[[Bodiless], None] | None = None,
) -> Iterator[Payload]:
    """One payload per record with a body; a line that is not a record is a body of its own
    (J001 says what is wrong with it). ``bodiless`` is given each record without a body."""
    for number, line in enumerate(lines, start=first_line):
        if line.strip():
            payload = read_record(source, number, line, fields)
            if payload is not None:
                yield payload
            elif bodiless is not None:
                record = bodiless_record(line, fields)
                if record is not None:
                    bodiless(record)


def bodiless_record(line: bytes, fields: AccessLogFields) -> Bodiless | None:
    """The request line and status of a record that ``read_record`` found no body in."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    request = _request_line(record, fields)
    if request is None:
        return None
    status = _status(_find(record, fields.status))
    return Bodiless(
        request[0], request[1], status, _request_body(_find(record, fields.request_body))
    )


def read_record(source: str, number: int, line: bytes, fields: AccessLogFields) -> Payload | None:
    """The payload of the record on line ``number``; None for a record that logged no body.

    A record whose body is logged as a string (most gateways) is read with orjson, and the
    positions through the string's escapes are worked out only when a finding asks for one;
    a body logged as an object is sliced out of the line, which takes the located reader.
    """
    try:
        quick = orjson.loads(line)
    except orjson.JSONDecodeError:
        quick = None  # not JSON, or JSON orjson refuses (a lone surrogate): the slow reader says
    if isinstance(quick, dict):
        request = _request_line(quick, fields)
        if request is None:
            return _bare(source, number, line)
        body = _find(quick, fields.body)
        if body is _MISSING or body is None or body == "":
            return None
        if isinstance(body, str):
            return _record_payload(source, number, line, fields, quick, body.encode())
    return _located_record(source, number, line, fields)


def _located_record(
    source: str, number: int, line: bytes, fields: AccessLogFields
) -> Payload | None:
    text = _text(line)
    try:
        record = read_located(text)
    except (LocatedSyntaxError, RecursionError):
        record = None
    if not isinstance(record, LocatedDict) or _request_line(record, fields) is None:
        return _bare(source, number, line)
    body = _find(record, fields.body)
    if body is _MISSING or body is None or body == "":
        return None
    if isinstance(body, LocatedStr):
        data = body.encode("utf-8", "replace")
    else:
        start, end = _span(record, fields.body)
        data = text[start:end].encode("utf-8", "replace")
    return _record_payload(source, number, line, fields, record, data)


def _record_payload(
    source: str,
    number: int,
    line: bytes,
    fields: AccessLogFields,
    record: dict[str, Any],
    data: bytes,
) -> Payload:
    method, url = _request_line(record, fields) or (None, None)
    text = _text(line)
    return Payload(
        source=source,
        data=data,
        line=number,
        method=method,
        url=url,
        status=_status(_find(record, fields.status)),
        request_body=_request_body(_find(record, fields.request_body)),
        request=_request_part(number, text, record, fields),
        request_at=(number, 1),
        locate=_BodyLocator(number, text, fields),
        source_line=lambda wanted: text if wanted == number else "",
    )


def _request_part(
    number: int, text: str, record: dict[str, Any], fields: AccessLogFields
) -> RequestPart | None:
    """The request body field where it stands in the line (a JSON string's content, or an
    object written in the record), when the record has one."""
    value = _find(record, fields.request_body)
    if value is _MISSING or value is None or value == "":
        return None
    located = record if isinstance(record, LocatedDict) else read_located(text)
    if not isinstance(located, LocatedDict):
        return None
    value = _find(located, fields.request_body)
    if isinstance(value, LocatedStr):
        if not meant_as_json(value.encode("utf-8", "replace")):
            return None
        in_string = escaped_string_locator(LineIndex(text), value)

        def in_line(offset: int) -> Position:  # the locator counts the record's text alone
            return number, in_string(offset)[1]

        return RequestPart(value.encode("utf-8", "replace"), number, in_line(0)[1], in_line)
    start, end = _span(located, fields.request_body)

    def locate(offset: int) -> Position:
        return number, start + 1 + max(0, min(offset, end - start))

    return RequestPart(text[start:end].encode("utf-8", "replace"), number, start + 1, locate)


def _bare(source: str, number: int, line: bytes) -> Payload:
    """A line that is not a record: a body of its own (J001 says what is wrong with it)."""
    return Payload(source=source, data=line.rstrip(b"\r\n"), line=number)


class _BodyLocator:
    """Body offset -> (line, column) in the log; the line is read with positions on first use."""

    def __init__(self, number: int, text: str, fields: AccessLogFields):
        self.number, self.text, self.fields = number, text, fields
        self._column_of: Callable[[int], int] | None = None

    def __call__(self, offset: int) -> Position:
        if self._column_of is None:
            self._column_of = self._columns()
        return self.number, self._column_of(offset)

    def _columns(self) -> Callable[[int], int]:
        record = read_located(self.text)  # it parsed before: orjson or this reader read it
        assert isinstance(record, LocatedDict)
        body = _find(record, self.fields.body)
        if isinstance(body, LocatedStr):
            in_string = escaped_string_locator(LineIndex(self.text), body)
            return lambda offset: in_string(offset)[1]
        start, end = _span(record, self.fields.body)
        return lambda offset: start + 1 + max(0, min(offset, end - start))


def _text(line: bytes) -> str:
    return line.rstrip(b"\r\n").decode("utf-8", "replace")


def _request_line(record: object, fields: AccessLogFields) -> tuple[str, str] | None:
    if not isinstance(record, dict):
        return None
    method, url = _find(record, fields.method), _find(record, fields.url)
    if not isinstance(method, str) or not isinstance(url, str):
        return None
    return method, url


_MISSING = object()


def _find(record: dict[str, Any], names: tuple[str, ...]) -> object:
    """The value under the first of ``names`` the record has; ``_MISSING`` when none."""
    for name in names:
        container, key = _holder(record, name)
        if container is not None:
            return container[key]
    return _MISSING


def _span(record: LocatedDict, names: tuple[str, ...]) -> tuple[int, int]:
    """The span in the line of the value ``_find`` gives (which is there)."""
    for name in names:
        container, key = _holder(record, name)
        if isinstance(container, LocatedDict):
            return container.spans[key]
    raise KeyError(names)


def _holder(record: dict[str, Any], name: str) -> tuple[dict[str, Any] | None, str]:
    """The object holding member ``name`` (dots: nested members) and the member's own name."""
    if name in record:
        return record, name
    head, dot, rest = name.partition(".")
    inner = record.get(head) if dot else None
    if not isinstance(inner, dict):
        return None, name
    return _holder(inner, rest)


def _status(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _request_body(value: object) -> object | None:
    if value is _MISSING:
        return None
    if isinstance(value, str):
        return request_body_value(value)
    return value
