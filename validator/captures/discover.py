"""Turning the paths a user names into capture files, and files into payloads.

A folder is searched for the capture extensions (hidden files and folders are passed over); a
file named explicitly is read whatever its name. The format is forced, or recognised by
extension, or sniffed from the first bytes (``detect.py``); standard input is sniffed the same
way. A JSON Lines capture is streamed line by line, so it is never held in memory whole.
"""

from __future__ import annotations

import io
import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from validator.captures import har_file, http_file, json_file, jsonl_file, yaml_file
from validator.captures.detect import EXTENSIONS, SNIFF_SIZE, detect_format
from validator.captures.payload import Payload
from validator.errors import EnvelintError

CAPTURE_SUFFIXES = frozenset(EXTENSIONS)
READERS = {
    "json": json_file,
    "jsonl": jsonl_file,
    "yaml": yaml_file,
    "har": har_file,
    "http": http_file,
}
STDIN = "-"
STDIN_NAME = "<stdin>"


def capture_files(paths: list[str]) -> Iterator[str]:
    """Every capture file named or found below a named folder, in a stable order."""
    for path in paths:
        if path == STDIN:
            yield STDIN
        elif os.path.isdir(path):
            yield from _walk(path)
        elif os.path.exists(path):
            yield path
        else:
            raise EnvelintError(f"{path}: no such file or directory")


def _walk(root: str) -> Iterator[str]:
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        found.extend(
            os.path.join(folder, name)
            for name in files
            if not name.startswith(".") and Path(name).suffix.lower() in CAPTURE_SUFFIXES
        )
    yield from sorted(found)


def read_payloads(path: str, input_format: str | None = None) -> Iterator[Payload]:
    """The payloads in ``path`` (or standard input for ``-``), in file order."""
    if path == STDIN:
        yield from _read(STDIN_NAME, STDIN, sys.stdin.buffer, input_format)
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - the with below closes it
    except OSError as error:
        raise EnvelintError(f"{path}: cannot read: {error.strerror or error}") from None
    with stream:
        try:
            yield from _read(_display_path(path), path, stream, input_format)
        except OSError as error:
            raise EnvelintError(f"{path}: cannot read: {error.strerror or error}") from None


def skipped_entries(path: str, input_format: str | None = None) -> list[har_file.SkippedEntry]:
    """The HAR entries of ``path`` that gave no payload (none for other formats).

    Standard input cannot be read twice, so for ``-`` this is always empty.
    """
    if path == STDIN:
        return []
    try:
        with open(path, "rb") as stream:
            head = stream.read(SNIFF_SIZE)
            if detect_format(path, head, input_format) != "har":
                return []
            data = head + stream.read()
    except OSError as error:
        raise EnvelintError(f"{path}: cannot read: {error.strerror or error}") from None
    return har_file.skipped_entries(_display_path(path), data)


def _read(source: str, name: str, stream: BinaryIO, forced: str | None) -> Iterator[Payload]:
    head = stream.read(SNIFF_SIZE)
    input_format = detect_format(name, head, forced)
    if input_format == "jsonl":
        head += stream.readline()  # finish the line the sniff cut, then go on line by line
        lines = itertools.chain(io.BytesIO(head), stream)
        yield from jsonl_file.read_stream(source, lines)
    else:
        yield from READERS[input_format].read(source, head + stream.read())


def _display_path(path: str) -> str:
    return Path(path).as_posix()
