"""Turning the paths a user names into capture files, and files into payloads.

A folder is searched for the capture extensions and ``.txt`` (hidden files and folders are
passed over); a file named explicitly is read whatever its name. A ``.txt`` file is recognised by
content, found in a folder or named alike. The format is forced, or recognised by
extension, or sniffed from the first bytes (``detect.py``); standard input is sniffed the same
way. A JSON Lines capture is streamed line by line, so it is never held in memory whole.
"""

from __future__ import annotations

import functools
import importlib
import io
import os
import stat
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING, BinaryIO

from envelint.captures import jsonl_file
from envelint.captures.access_log import DEFAULT_FIELDS, AccessLogFields
from envelint.captures.detect import SNIFF_SIZE, detect_format
from envelint.captures.formats import EXTENSIONS, READERS, SNIFFED_EXTENSIONS
from envelint.captures.payload import Payload
from envelint.common.errors import CaptureError, EnvelintError
from envelint.common.paths import STDIN, STDIN_NAME, display_path, suffix_of

if TYPE_CHECKING:
    from envelint.captures.har_file import SkippedEntry

CAPTURE_SUFFIXES = frozenset(EXTENSIONS) | frozenset(SNIFFED_EXTENSIONS)


@functools.cache
def reader(input_format: str) -> ModuleType:
    return importlib.import_module(f"envelint.captures.{READERS[input_format]}")


def capture_files(paths: list[str]) -> Iterator[str]:
    """Every capture file named or found below a named folder, in a stable order."""
    for path in paths:
        if path == STDIN:
            yield STDIN
        else:
            try:
                is_folder = stat.S_ISDIR(os.stat(path).st_mode)  # one system call, not two
            except (OSError, ValueError):
                raise EnvelintError(f"{path}: no such file or directory") from None
            yield from _walk(path) if is_folder else (path,)


def _walk(root: str) -> Iterator[str]:
    """Capture files below ``root``; symbolic links to folders are not followed (no loops).

    A folder that cannot be listed is an error, not a silent gap in what was checked.
    """
    found: list[str] = []
    for folder, subfolders, files in os.walk(root, onerror=_unlistable):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        found.extend(
            os.path.join(folder, name)
            for name in files
            if not name.startswith(".")
            and suffix_of(name) in CAPTURE_SUFFIXES
            and not _is_special_file(os.path.join(folder, name))
        )
    yield from sorted(found)


def _unlistable(error: OSError) -> None:
    raise EnvelintError(f"{error.filename}: cannot list: {error.strerror or error}")


def _is_special_file(path: str) -> bool:
    """A named pipe, socket or device found in a folder: reading it could wait forever.

    A link that leads nowhere is not special: reading it reports the error.
    """
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def open_capture(path: str) -> BinaryIO:
    """Open ``path`` to read; a named pipe that nobody writes to reads as empty, not forever.

    Opening a pipe waits for a writer unless O_NONBLOCK is given; once it is open, reading is
    blocking again, so a writer that is there is read to its end. A regular file of at most
    SNIFF_SIZE bytes is read at once, with no file object: a pre-commit run reads thousands of
    small files, and a buffered file object costs as much as reading one (3 us of 6).
    """
    if not hasattr(os, "O_NONBLOCK"):
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(descriptor)
        if stat.S_ISREG(info.st_mode) and info.st_size <= SNIFF_SIZE:
            contents = _read_to_end(descriptor, info.st_size)
            os.close(descriptor)
            return io.BytesIO(contents)
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def whole_contents(stream: BinaryIO) -> bytes | None:
    """The bytes of a capture ``open_capture`` read whole (a small regular file); None for a
    stream still to be read."""
    return stream.getvalue() if isinstance(stream, io.BytesIO) else None


def cannot_read(path: str, error: OSError) -> CaptureError:
    """The one error line for a capture that cannot be opened or read."""
    return CaptureError(path, f"cannot read: {error.strerror or error}")


def open_readable(path: str) -> BinaryIO:
    """``open_capture``, its failure said as one line."""
    try:
        return open_capture(path)
    except OSError as error:
        raise cannot_read(path, error) from None


def _read_to_end(descriptor: int, size: int) -> bytes:
    """The rest of the file; one read when it gives the ``size`` that fstat saw (the common
    case: no second read to learn that the end is there)."""
    contents = os.read(descriptor, SNIFF_SIZE + 1)
    if len(contents) == size:
        return contents
    while chunk := os.read(descriptor, SNIFF_SIZE + 1):
        contents += chunk
    return contents


def read_payloads(path: str, input_format: str | None = None) -> Iterator[Payload]:
    """The payloads in ``path`` (or standard input for ``-``), in file order."""
    yield from _read_path(path, input_format, None)


def read_captures(
    path: str,
    input_format: str | None = None,
    opened: BinaryIO | None = None,
    fields: AccessLogFields = DEFAULT_FIELDS,
    max_size: int | None = None,
) -> Iterator[Payload]:
    """The payloads in ``path``, then one for each HAR entry that gave none.

    Those carry ``skipped_reason`` (and no body). The file is read once, so standard input and
    pipes give them too, and a file that changes during the run cannot give a mixed picture;
    ``opened`` is ``path`` as ``open_capture`` gave it, when the caller has looked at it first.
    """
    skipped: list[SkippedEntry] = []
    yield from _read_path(path, input_format, skipped, opened, fields, max_size)
    yield from (skipped_payload(entry) for entry in skipped)


def skipped_payload(entry: SkippedEntry) -> Payload:
    return Payload(
        source=entry.source,
        data=b"",
        line=entry.line,
        column=entry.column,
        method=entry.method,
        url=entry.url,
        status=entry.status,
        skipped_reason=entry.reason,
        source_line=entry.source_line,
        request=entry.request,
        request_body=entry.request_body,
        request_at=entry.request_at,
    )


def _read_path(
    path: str,
    input_format: str | None,
    skipped: list[SkippedEntry] | None,
    opened: BinaryIO | None = None,
    fields: AccessLogFields = DEFAULT_FIELDS,
    max_size: int | None = None,
) -> Iterator[Payload]:
    if path == STDIN:
        stdin = sys.stdin.buffer
        yield from _read(STDIN_NAME, STDIN, stdin, input_format, skipped, fields, max_size)
        return
    with opened if opened is not None else open_readable(path) as stream:
        try:
            shown = display_path(path)
            yield from _read(shown, path, stream, input_format, skipped, fields, max_size)
        except OSError as error:
            raise cannot_read(path, error) from None


def _read(
    source: str,
    name: str,
    stream: BinaryIO,
    forced: str | None,
    skipped: list[SkippedEntry] | None,
    fields: AccessLogFields = DEFAULT_FIELDS,
    max_size: int | None = None,
) -> Iterator[Payload]:
    """The payloads of ``stream``; HAR entries that give none go to ``skipped``, if given.

    A file read whole is read up to ``max_size`` bytes and no further: one that holds more is a
    single payload of that many bytes, marked ``truncated`` (J006), whatever it is (a 3 GB log
    saved as .json, /dev/zero), so that memory stays bounded by the limit."""
    head = stream.read(SNIFF_SIZE)
    input_format = detect_format(name, head, forced)
    if input_format == "jsonl":  # line by line, from the line the sniff cut
        lines = jsonl_file.lines_within(stream, max_size, head)
        yield from jsonl_file.read_stream(source, lines, fields)
    elif (whole := _read_whole(head, stream, max_size)) is None:
        yield Payload(source=source, data=head, truncated=True)
    elif input_format == "har" and skipped is not None:
        for result in reader("har").entries(source, whole):
            if isinstance(result, Payload):
                yield result
            else:
                skipped.append(result)
    else:
        yield from reader(input_format).read(source, whole)


def _read_whole(head: bytes, stream: BinaryIO, max_size: int | None) -> bytes | None:
    """``head`` and the rest of ``stream``; None once more than ``max_size`` bytes are there."""
    if max_size is None:
        return head + stream.read()
    rest = stream.read(max(0, max_size + 1 - len(head)))
    if len(head) + len(rest) > max_size:
        return None
    return head + rest
