"""Raw HTTP responses, ``curl -i`` output and ``curl -v`` output: one payload per response body.

A response is a status line (``HTTP/1.1 202 Accepted``, ``HTTP/2 400``), headers, a blank line
and the body, which runs until the next status line, the next request or the end of the file;
trailing blank lines are not part of it. In ``curl -v`` output the lines prefixed ``> `` (request),
``< `` (response head), ``* `` (connection info), ``{ [`` / ``} [`` (data notes) and the progress
meter are protocol chatter; the body is the unprefixed lines. curl's ``* Connection #0 to host ...
left intact`` glued to the end of a body that has no final newline is cut off.

The method and URL come from the request line that precedes a response (``> POST /path
HTTP/1.1`` or an unprefixed ``POST /path HTTP/1.1`` in a raw exchange) and its ``Host`` header;
the request body (read as JSON, to tell apart operations that share a URI) from the lines
between the request's head and the response: after the blank line of a raw request, or the
unprefixed lines after curl's closing ``>`` line (curl -v shows only ``} [83 bytes data]``
there, but a transcript written by hand, or with the body pasted in, has it).
A response with an empty body (``100 Continue``, ``204``, a proxy's ``200 Connection
established``) gives no payload; a final one (status 200 or above) that answers a request line
gives a ``request_only`` payload, so that its request is still checked. Bodies are not
filtered by Content-Type: whoever captured the exchange asked for this response, so an HTML
error page is worth a "not JSON" finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from envelint.captures.payload import Payload, RequestPart, meant_as_json, request_body_value
from envelint.jsontext.positions import LineIndex

_STATUS_LINE = re.compile(r"HTTP/\d(?:\.\d)?[ \t]+(\d{3})(?:[ \t].*)?")
_REQUEST_LINE = re.compile(r"([A-Z]+)[ \t]+(\S+)[ \t]+HTTP/\d(?:\.\d)?[ \t]*")
_CONNECTED = re.compile(r"Connected to \S+ \(.*\) port (\d+)")
_TLS_NOTE = re.compile(r"\b(?:SSL|TLS|ALPN)\b")
_PROGRESS = re.compile(
    r"\s*% Total\s+% Received|\s*Dload\s+Upload"
    r"|\s*\d+\s+\S+\s+\d+\s+\S+\s+\d+\s+\S+\s.*(?:--:--:--|\d+:\d\d:\d\d)"
)
# curl -v's note after a body without a final line break, exactly as curl writes it.
_CURL_TRAILER = re.compile(
    rb"\* (?:Connection #\d+ to host \S+ left intact|Closing connection #?\d+)$"
)

_OUT, _IN, _INFO, _NOISE, _PLAIN = "out", "in", "info", "noise", "plain"


@dataclass
class _Request:
    method: str
    target: str
    host: str | None = None
    line: int = 0  # the request line's line in the file
    body: list[bytes] = field(default_factory=list)  # lines, with their line endings
    body_lines: list[int] = field(default_factory=list)  # the file line of each


@dataclass
class _Response:
    status: int
    method: str | None
    url: str | None
    from_curl_verbose: bool  # head given as "< " lines: the body starts after "<"
    request_body: object | None = None
    request: RequestPart | None = None
    request_line: int = 0
    in_body: bool = False
    body: list[tuple[int, bytes]] = field(default_factory=list)  # (file line, bytes with EOL)


def read(source: str, data: bytes) -> Iterator[Payload]:
    reader = _Reader(source, _SourceLines(data))
    for number, raw in enumerate(_lines(data), start=1):
        yield from reader.feed(number, raw)
    yield from reader.finish()


def _lines(data: bytes) -> Iterator[bytes]:
    """Lines split at ``\\n`` only (as ``Payload.position`` counts them), line endings kept."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end == -1 else end + 1
        yield data[start:end]
        start = end


def _classify(text: str) -> tuple[str, str]:
    """(kind of line, the line without its curl prefix)."""
    if text in (">", "<", "*"):
        return {">": _OUT, "<": _IN, "*": _INFO}[text], ""
    prefix = text[:2]
    if prefix == "> ":
        return _OUT, text[2:]
    if prefix == "< ":
        return _IN, text[2:]
    if prefix == "* ":
        return _INFO, text[2:]
    if text.startswith(("{ [", "} [")) or _PROGRESS.match(text):
        return _NOISE, text
    return _PLAIN, text


class _SourceLines:
    """Line ``number`` (1-based) of the capture, decoded; the line starts are found once."""

    def __init__(self, data: bytes):
        self.data = data
        self.starts: list[int] | None = None

    def __call__(self, number: int) -> str:
        if self.starts is None:
            self.starts = [0] + [match.end() for match in re.finditer(b"\n", self.data)]
        if not 0 < number <= len(self.starts):
            return ""
        end = self.starts[number] if number < len(self.starts) else len(self.data)
        line = self.data[self.starts[number - 1] : end]
        return line.decode("utf-8", errors="replace").rstrip("\r\n")


class _Reader:
    def __init__(self, source: str, lines: _SourceLines):
        self.source = source
        self.lines = lines
        self.request: _Request | None = None
        self.request_state: str | None = None  # "head" or "body" of an unprefixed request
        self.response: _Response | None = None
        self.scheme = "http"
        self.number = 0  # the line being read

    def feed(self, number: int, raw: bytes) -> Iterator[Payload]:
        text = raw.rstrip(b"\r\n").decode("utf-8", errors="replace")
        kind, rest = _classify(text)
        self.number = number
        if kind == _OUT:
            yield from self._request_line(rest, prefixed=True)
        elif kind == _IN:
            yield from self._response_head(rest)
        elif kind == _INFO:
            self._connection_note(rest)
        elif kind == _PLAIN:
            yield from self._plain(number, raw, text)
        elif kind == _NOISE and self.response is None and self.request_state == "body":
            self.request_state = None  # "} [83 bytes data]": curl did not show the body

    def finish(self) -> Iterator[Payload]:
        response, self.response = self.response, None
        if response is not None:
            payload = _payload(self.source, response, self.lines)
            if payload is not None:
                yield payload

    def _request_line(self, text: str, prefixed: bool) -> Iterator[Payload]:
        match = _REQUEST_LINE.fullmatch(text)
        if match:
            yield from self.finish()
            self.request = _Request(match.group(1), match.group(2), line=self.number)
            self.request_state = "head"
        elif self.request is not None and text.lower().startswith("host:"):
            self.request.host = text[5:].strip()
        elif prefixed and text.strip() == "" and self.request_state == "head":
            self.request_state = "body"  # lines not prefixed from here to "<" are its body

    def _response_head(self, text: str) -> Iterator[Payload]:
        match = _STATUS_LINE.fullmatch(text)
        if match:
            yield from self._start_response(int(match.group(1)), from_curl_verbose=True)
        elif text.strip() == "" and self.response is not None:
            self.response.in_body = True

    def _connection_note(self, text: str) -> None:
        connected = _CONNECTED.search(text)
        if connected:
            self.scheme = "https" if connected.group(1) == "443" else "http"
        elif _TLS_NOTE.search(text):
            self.scheme = "https"

    def _plain(self, number: int, raw: bytes, text: str) -> Iterator[Payload]:
        status = _STATUS_LINE.fullmatch(text)
        if status:
            yield from self._start_response(int(status.group(1)), from_curl_verbose=False)
            return
        response = self.response
        if _REQUEST_LINE.fullmatch(text) and (response is None or response.in_body):
            yield from self._request_line(text, prefixed=False)
        elif response is None:
            self._unprefixed_request(number, raw, text)
        elif response.in_body:
            response.body.append((number, raw))
        elif not response.from_curl_verbose and text.strip() == "":
            response.in_body = True

    def _unprefixed_request(self, number: int, raw: bytes, text: str) -> None:
        if self.request is None:
            return
        if self.request_state == "body":
            self.request.body.append(raw)
            self.request.body_lines.append(number)
        elif self.request_state == "head":
            if text.strip() == "":
                self.request_state = "body"
            elif text.lower().startswith("host:"):
                self.request.host = text[5:].strip()

    def _start_response(self, status: int, from_curl_verbose: bool) -> Iterator[Payload]:
        yield from self.finish()
        self.request_state = None
        request = self.request
        method = request.method if request else None
        url = _url(request, self.scheme) if request else None
        body = request_body_value(b"".join(request.body)) if request else None
        part = _request_part(request) if request else None
        self.response = _Response(status, method, url, from_curl_verbose, body, part)
        self.response.request_line = request.line if request else 0


def _url(request: _Request, scheme: str) -> str:
    if "://" in request.target or request.host is None:
        return request.target
    return f"{scheme}://{request.host}{request.target}"


def _payload(source: str, response: _Response, lines: _SourceLines) -> Payload | None:
    body = _trimmed_body(response.body)
    if not body:
        return _request_only(source, response)
    data = b"".join(raw for _, raw in body)
    data = data.removesuffix(b"\n").removesuffix(b"\r")
    first_line = body[0][0]
    payload = Payload(
        source=source,
        data=data,
        line=first_line,
        method=response.method,
        url=response.url,
        status=response.status,
        request_body=response.request_body,
        request=response.request,
        request_at=(response.request_line, 1) if response.request_line else None,
    )
    file_lines = [number for number, _ in body]
    if file_lines[-1] - first_line != len(file_lines) - 1:  # chatter between body lines
        payload.locate = _line_map_locator(payload.text, file_lines)
        payload.source_line = lines
    return payload


def _request_only(source: str, response: _Response) -> Payload | None:
    """A body-less final response's request, to check on its own (an interim ``100 Continue``
    is followed by the final response to the same request: it gives nothing)."""
    if response.request_line == 0 or response.status < 200 or response.method is None:
        return None
    return Payload(
        source=source,
        data=b"",
        line=response.request_line,
        method=response.method,
        url=response.url,
        status=response.status,
        request_body=response.request_body,
        request=response.request,
        request_at=(response.request_line, 1),
        request_only=True,
    )


def _request_part(request: _Request) -> RequestPart | None:
    """The request's body lines where they stand in the file (blank lines around left out)."""
    body = _trimmed_body(list(zip(request.body_lines, request.body, strict=True)))
    while body and not body[0][1].strip():
        body = body[1:]
    if not body:
        return None
    data = b"".join(raw for _, raw in body).removesuffix(b"\n").removesuffix(b"\r")
    if not meant_as_json(data):  # a form or XML body: not checked
        return None
    file_lines = [number for number, _ in body]
    part = RequestPart(data, file_lines[0])
    if file_lines[-1] - file_lines[0] != len(file_lines) - 1:
        part.locate = _line_map_locator(data.decode("utf-8", "replace"), file_lines)
    return part


def _trimmed_body(body: list[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
    """The body without trailing blank lines and without curl's closing note."""
    body = list(body)
    while body and not body[-1][1].strip():
        body.pop()
    if body:
        number, raw = body[-1]
        cut = _CURL_TRAILER.sub(b"", raw.rstrip(b"\r\n"))
        if cut != raw.rstrip(b"\r\n"):
            body[-1] = (number, cut)
            if not cut.strip():
                body.pop()
                return _trimmed_body(body)
    return body


def _line_map_locator(text: str, file_lines: list[int]) -> Callable[[int], tuple[int, int]]:
    """Body offset -> position, for a body whose lines are scattered among chatter lines."""
    body_lines = LineIndex(text)

    def locate(offset: int) -> tuple[int, int]:
        body_line, column = body_lines.line_col(offset)
        return file_lines[body_line - 1], column

    return locate
