"""A payload: the bytes of one response body and what is known about where it came from."""

from __future__ import annotations

import linecache
import os
from collections.abc import Callable
from dataclasses import dataclass, field

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
REQUEST_SIDE, RESPONSE_SIDE = "request", "response"
SIDE_MARKERS = {REQUEST_SIDE: "request body: "}  # what starts a request-side finding's message


@dataclass
class RequestPart:
    """A captured request's body as it stands in the capture: its bytes and where they are
    (as ``Payload``'s ``line``, ``column`` and ``locate``)."""

    data: bytes
    line: int = 1
    column: int = 1
    locate: Callable[[int], tuple[int, int]] | None = field(default=None, repr=False)


@dataclass
class Payload:
    """One response body.

    ``line`` is the source line of the body's first line (1-based) and ``column`` the source
    column of the first character of every body line: an example indented under an RST
    directive has its indentation stripped, so each of its lines starts at the same column.
    A reader whose body is not a verbatim slice of the file (a HAR body inside a JSON string)
    sets ``locate`` to map a character offset in ``text`` to (line, column) in ``source``, and
    ``source_line`` to give the text of a line of ``source`` (1-based) for the excerpts.
    """

    source: str
    data: bytes
    line: int = 1
    column: int = 1
    method: str | None = None
    url: str | None = None
    status: int | None = None
    schema_id: str | None = None  # forced by the caller (an example on a documented page)
    locate: Callable[[int], tuple[int, int]] | None = None
    source_line: Callable[[int], str] | None = field(default=None, compare=False, repr=False)
    skipped_reason: str | None = None  # a response that was not read as a body, and why
    unreadable: str | None = None  # the capture file could not be read as its format: why
    truncated: bool = False  # read no further than the size limit: it holds more (J006)
    doc_example: bool = False  # a documentation example: '...' may stand for left-out content
    request_body: object | None = None  # the request's parsed body, where the capture holds it
    side: str = RESPONSE_SIDE  # what the body is: a response's, or a request's (REQUEST_SIDE)
    request: RequestPart | None = field(default=None, repr=False)  # the request's body, located
    request_at: tuple[int, int] | None = None  # (line, column) of the request's URL, where known
    request_only: bool = False  # a response without a body (a 204): only its request is checked
    _text: str | None = None
    _excerpts: dict[tuple[str, int], str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The body decoded as UTF-8, undecodable bytes replaced (J004 reports them).

        A body with a UTF-16 byte order mark is decoded as UTF-16, so that J004 says what is
        wrong once, rather than the parser reporting every other byte as a stray NUL.
        """
        if self._text is None:
            self._text = _decode(self.data)
        return self._text

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the source file of the character at ``offset`` in ``text``."""
        if self.locate is not None:
            return self.locate(offset)
        text = self.text
        offset = max(0, min(offset, len(text)))
        line_start = text.rfind("\n", 0, offset) + 1
        if line_start == 0:  # on the body's first line (every line of a JSON Lines log)
            return self.line, self.column + offset
        return self.line + text.count("\n", 0, offset), self.column + offset - line_start

    def excerpt(self, offset: int) -> str:
        """The source line holding ``offset``, as the user sees it in the file.

        Findings on one line share one string: a payload of a single long line may have a
        hundred findings, and a copy of the line for each would multiply its size.
        """
        text = self.text
        offset = max(0, min(offset, len(text)))
        if self.locate is not None or self.skipped_reason:  # no slice of the file: read its line
            file_line, _ = self.position(offset)
            key = ("file", file_line)
            if key not in self._excerpts:
                self._excerpts[key] = self._source_line(file_line).rstrip("\r\n")
            return self._excerpts[key]
        start = text.rfind("\n", 0, offset) + 1
        key = ("text", start)
        if key not in self._excerpts:
            end = text.find("\n", offset)
            line = text[start : end if end != -1 else len(text)].rstrip("\r")
            self._excerpts[key] = " " * (self.column - 1) + line
        return self._excerpts[key]

    def _source_line(self, number: int) -> str:
        if self.source_line is not None:
            return self.source_line(number)
        if not os.path.isfile(self.source):  # standard input or a pipe cannot be read again
            return ""
        return linecache.getline(self.source, number)


def meant_as_json(data: bytes, media_type: str | None = None) -> bool:
    """A captured request body to check as JSON: its media type says JSON, or, where none is
    known, it opens like JSON (a form body ``a=1&b=2`` or XML is not checked)."""
    if media_type:
        essence = media_type.split(";", 1)[0].strip().lower()
        return essence in ("application/json", "text/json") or essence.endswith("+json")
    return data.lstrip()[:1] in (b"{", b"[")


def request_body_value(data: bytes | str) -> object | None:
    """A captured request body as JSON; None when it is empty or not JSON."""
    import json

    try:
        return json.loads(data) if data.strip() else None
    except (ValueError, RecursionError):
        return None


def _decode(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: J004 still reports the byte order mark
    return data.decode("utf-8", errors="replace")
