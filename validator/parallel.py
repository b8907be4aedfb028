"""``--jobs N``: the same checks in N processes.

Files are shared out whole, and a large JSON Lines log is cut into byte ranges at line breaks,
each worker streaming its own range, which costs nothing to hand over (sending the lines
themselves through a pool costs as much as checking them). The parent counts the line breaks
before each range once, so a worker numbers its lines, and words its messages, as one process
would. The result is the same report as one process gives, in the same order.
"""

from __future__ import annotations

import io
import itertools
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from validator.captures.detect import SNIFF_SIZE, detect_format
from validator.captures.discover import capture_files
from validator.report import Report
from validator.validate import (
    EnginePerSettings,
    ValidateRequest,
    check_json_lines,
    rule_infos,
    validate_captures,
)

SPLIT_AT_BYTES = 4 * 1024 * 1024  # smaller logs are not worth cutting
PIECES_PER_JOB = 4  # more pieces than workers: a slowed-down worker does not hold up the run
COUNT_BLOCK = 1024 * 1024
RANGE_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class Chunk:
    path: str
    start: int = 0
    end: int | None = None  # exclusive; None: the whole file, whatever its format
    first_line: int = 1  # the line number of the range's first line

    @property
    def is_range(self) -> bool:
        return self.end is not None


_REQUEST: ValidateRequest | None = None  # set in the parent before the workers fork


def validate_in_parallel(request: ValidateRequest, jobs: int) -> Report:
    global _REQUEST
    chunks = plan_chunks(request, jobs)
    if jobs <= 1 or len(chunks) <= 1:
        return validate_captures(request)
    _REQUEST = request
    merged = Report(findings=[], rules=rule_infos(request.settings), stream=request.stream)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            # In order, as they come: the parent writes one range's findings while the
            # workers check the next ones.
            for chunk, part in zip(chunks, pool.imap(_check_chunk, chunks), strict=True):
                _merge(merged, chunk, part)
    finally:
        _REQUEST = None
    return merged


def plan_chunks(request: ValidateRequest, jobs: int) -> list[Chunk]:
    chunks: list[Chunk] = []
    for path in capture_files(request.paths):
        if path != "-" and _is_big_jsonl(path, request.input_format):
            chunks.extend(_ranges(path, jobs * PIECES_PER_JOB))
        else:
            chunks.append(Chunk(path))
    return chunks


def _is_big_jsonl(path: str, forced: str | None) -> bool:
    size = os.path.getsize(path)
    if size < SPLIT_AT_BYTES:
        return False
    with open(path, "rb") as handle:
        return detect_format(path, handle.read(SNIFF_SIZE), forced) == "jsonl"


def _ranges(path: str, pieces: int) -> list[Chunk]:
    size = os.path.getsize(path)
    starts = [0]
    with open(path, "rb") as handle:
        for index in range(1, pieces):
            handle.seek(max(starts[-1], size * index // pieces))
            handle.readline()  # move to the start of the next line
            position = handle.tell()
            if starts[-1] < position < size:
                starts.append(position)
        first_lines = _line_numbers_at(handle, starts)
    ends = [*starts[1:], size]
    return [
        Chunk(path, start, end, first_line)
        for start, end, first_line in zip(starts, ends, first_lines, strict=True)
    ]


def _line_numbers_at(handle, offsets: list[int]) -> list[int]:
    """The line number at each (line-starting) offset: one pass counting line breaks."""
    numbers, breaks, position = [], 0, 0
    handle.seek(0)
    for offset in offsets:
        while position < offset:
            block = handle.read(min(COUNT_BLOCK, offset - position))
            if not block:
                break
            breaks += block.count(b"\n")
            position += len(block)
        numbers.append(breaks + 1)
    return numbers


def _check_chunk(chunk: Chunk) -> Report:
    request = _REQUEST
    assert request is not None
    if not chunk.is_range:
        return validate_captures(replace(request, paths=[chunk.path], stream=None))
    settings = request.settings.for_path(chunk.path)
    report = Report(findings=[], rules={})
    if settings.excluded(chunk.path):
        return report
    engine = EnginePerSettings(request.catalog).get(settings)
    schema_id = request.schema_id or settings.schema_for_path(chunk.path)
    lines = _range_lines(chunk)
    source = Path(chunk.path).as_posix()
    check_json_lines(source, lines, engine, schema_id, report, request.keep_units, chunk.first_line)
    return report


def _range_lines(chunk: Chunk) -> Iterator[bytes]:
    """The lines of a byte range, read a block at a time and split at C speed."""
    return itertools.chain.from_iterable(_range_blocks(chunk))


def _range_blocks(chunk: Chunk) -> Iterator[io.BytesIO]:
    with open(chunk.path, "rb") as handle:
        handle.seek(chunk.start)
        remaining = chunk.end - chunk.start
        unfinished: list[bytes] = []  # the start of a line that earlier blocks cut
        while remaining > 0:
            block = handle.read(min(RANGE_BLOCK, remaining))
            if not block:
                break
            remaining -= len(block)
            cut = block.rfind(b"\n") + 1 if remaining > 0 else len(block)
            if cut == 0:  # a line longer than a block: joined once it ends
                unfinished.append(block)
                continue
            yield io.BytesIO(b"".join([*unfinished, block[:cut]]))  # iterating it gives lines
            unfinished = [block[cut:]]
        if any(unfinished):
            yield io.BytesIO(b"".join(unfinished))


def _merge(merged: Report, chunk: Chunk, part: Report) -> None:
    merged.add(part.findings)
    merged.units.extend(part.units)
    merged.payloads += part.payloads
    if not chunk.is_range:
        merged.files += part.files
    elif chunk.start == 0:
        merged.files += 1
