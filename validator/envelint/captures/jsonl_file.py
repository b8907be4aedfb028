"""A ``.jsonl`` / ``.ndjson`` log: one payload for every non-blank line, or, when its first
record has a method and a URL, an access log (``access_log.py``): one payload per record's body.

``read_stream`` takes any iterable of byte lines (an open binary file is one) and holds a single
line at a time, so a log of any length is read in constant memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from envelint.captures import access_log
from envelint.captures.access_log import DEFAULT_FIELDS, AccessLogFields
from envelint.captures.payload import Payload

JSON_WHITESPACE = b" \t\r\n"  # not bytes.strip()'s: a line of \x0b or \x0c is no blank line


def read(source: str, data: bytes) -> Iterator[Payload]:
    yield from read_stream(source, io.BytesIO(data))


def read_stream(
    source: str, binary_file: Iterable[bytes], fields: AccessLogFields = DEFAULT_FIELDS
) -> Iterator[Payload]:
    """The payloads of a log: an access log's bodies, else one per line."""
    every_line, is_access_log = access_log.opening_lines(binary_file, fields)
    if is_access_log:
        yield from access_log.read_stream(source, every_line, fields)
    else:
        yield from read_bodies(source, every_line)


def read_bodies(source: str, binary_file: Iterable[bytes]) -> Iterator[Payload]:
    """One payload per non-blank line; ``data`` is the line without its line ending."""
    for number, line in enumerate(binary_file, start=1):
        body = without_line_ending(line)
        if not is_blank(body):
            yield Payload(source=source, data=body, line=number)


def is_blank(body: bytes) -> bool:
    """Whether a line holds only what JSON counts as white space (then it is skipped)."""
    return not body.strip(JSON_WHITESPACE)


def without_line_ending(line: bytes) -> bytes:
    if line.endswith(b"\n"):
        line = line[:-1]
    if line.endswith(b"\r"):
        line = line[:-1]
    return line
