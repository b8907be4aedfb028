"""A ``.jsonl`` / ``.ndjson`` log: one payload for every non-blank line, or, when its first
record has a method and a URL, an access log (``access_log.py``): one payload per record's body.

``read_stream`` takes any iterable of byte lines (an open binary file is one) and holds a single
line at a time, so a log of any length is read in constant memory.
"""

from __future__ import annotations

import io
import itertools
import os
import stat
from collections.abc import Iterable, Iterator
from typing import BinaryIO

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


BLOCK = 1 << 16


def lines_within(stream: BinaryIO, limit: int | None, head: bytes = b"") -> Iterable[bytes]:
    """The lines of ``stream`` (after ``head``, bytes already read from it), none of them held
    longer than ``limit`` bytes: ``bounded_lines`` where a line could be longer (a pipe, a big
    file), the file's own line iteration where it cannot (a regular file within the limit)."""
    left = _size(stream)
    if limit is None or (left is not None and left <= limit - len(head)):
        return itertools.chain(io.BytesIO(head + stream.readline()), stream) if head else stream
    return bounded_lines(stream, limit, head)


def bounded_lines(stream: BinaryIO, limit: int, head: bytes = b"") -> Iterator[bytes]:
    """Lines as iterating the file gives them (ending with b"\\n" but the last), except that a
    line longer than ``limit`` bytes is cut to its first ``limit + 1`` (J006 reports it) and
    the rest of it is read and dropped: memory stays within the limit whatever the input."""
    parts: list[bytes] = []  # the line read so far, in pieces (joined once it ends)
    held = 0
    dropping = False
    block = head or stream.read(BLOCK)
    while block:
        pieces = block.split(b"\n")
        for piece in pieces[:-1]:  # each ends a line
            if not dropping:
                parts.append(piece)
                line = b"".join(parts)
                yield line + b"\n" if len(line) <= limit else line[: limit + 1]
            parts, held, dropping = [], 0, False
        last = pieces[-1]
        if last and not dropping:
            parts.append(last)
            held += len(last)
            if held > limit:
                yield b"".join(parts)[: limit + 1]
                parts, held, dropping = [], 0, True
        block = stream.read(BLOCK)
    if parts:
        yield b"".join(parts)


def _size(stream: BinaryIO) -> int | None:
    """The bytes left in a regular file or an in-memory buffer; None for a pipe or a device."""
    if isinstance(stream, io.BytesIO):
        return len(stream.getbuffer()) - stream.tell()
    try:
        info = os.fstat(stream.fileno())
    except (OSError, AttributeError, io.UnsupportedOperation):
        return None
    return info.st_size - stream.tell() if stat.S_ISREG(info.st_mode) else None
