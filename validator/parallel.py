"""``--jobs N``: the same checks in N processes.

Files are shared out whole, and a large JSON Lines log is cut into byte ranges at line breaks,
each worker streaming its own range, which costs nothing to hand over (sending the lines
themselves through a pool costs as much as checking them). Line numbers within a range are
relative; the parent adds the lines of the ranges before it. The result is the same report as one
process gives, in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass, replace
from pathlib import Path

from validator.captures.detect import SNIFF_SIZE, detect_format
from validator.captures.discover import capture_files
from validator.report import CheckedUnit, Report
from validator.validate import (
    EnginePerSettings,
    ValidateRequest,
    check_json_lines,
    rule_infos,
    validate_captures,
)

SPLIT_AT_BYTES = 4 * 1024 * 1024  # smaller logs are not worth cutting


@dataclass(frozen=True)
class Chunk:
    path: str
    start: int = 0
    end: int | None = None  # exclusive; None: the whole file, whatever its format

    @property
    def is_range(self) -> bool:
        return self.end is not None


@dataclass
class ChunkResult:
    report: Report
    lines: int  # lines read in a range (to number the next range's lines)


_REQUEST: ValidateRequest | None = None  # set in the parent before the workers fork


def validate_in_parallel(request: ValidateRequest, jobs: int) -> Report:
    global _REQUEST
    chunks = plan_chunks(request, jobs)
    if jobs <= 1 or len(chunks) <= 1:
        return validate_captures(request)
    _REQUEST = request
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(_check_chunk, chunks, chunksize=1)
    finally:
        _REQUEST = None
    return _merge(chunks, results, request)


def plan_chunks(request: ValidateRequest, jobs: int) -> list[Chunk]:
    chunks: list[Chunk] = []
    for path in capture_files(request.paths):
        if path != "-" and _is_big_jsonl(path, request.input_format):
            chunks.extend(_ranges(path, jobs))
        else:
            chunks.append(Chunk(path))
    return chunks


def _is_big_jsonl(path: str, forced: str | None) -> bool:
    size = os.path.getsize(path)
    if size < SPLIT_AT_BYTES:
        return False
    with open(path, "rb") as handle:
        return detect_format(path, handle.read(SNIFF_SIZE), forced) == "jsonl"


def _ranges(path: str, jobs: int) -> list[Chunk]:
    size = os.path.getsize(path)
    starts = [0]
    with open(path, "rb") as handle:
        for index in range(1, jobs):
            handle.seek(max(starts[-1], size * index // jobs))
            handle.readline()  # move to the start of the next line
            position = handle.tell()
            if starts[-1] < position < size:
                starts.append(position)
    ends = [*starts[1:], size]
    return [Chunk(path, start, end) for start, end in zip(starts, ends, strict=True)]


def _check_chunk(chunk: Chunk) -> ChunkResult:
    request = _REQUEST
    assert request is not None
    if not chunk.is_range:
        one_file = replace(request, paths=[chunk.path])
        return ChunkResult(validate_captures(one_file), 0)
    settings = request.settings.for_path(chunk.path)
    report = Report(findings=[], rules={})
    if settings.excluded(chunk.path):
        return ChunkResult(report, 0)
    lines = _LineCounter(chunk)
    engine = EnginePerSettings(request.catalog).get(settings)
    schema_id = request.schema_id or settings.schema_for_path(chunk.path)
    check_json_lines(_display(chunk.path), lines, engine, schema_id, report, request.keep_units)
    return ChunkResult(report, lines.count)


class _LineCounter:
    """The lines of one byte range, counted as they are read."""

    def __init__(self, chunk: Chunk):
        self.chunk = chunk
        self.count = 0

    def __iter__(self):
        with open(self.chunk.path, "rb") as handle:
            handle.seek(self.chunk.start)
            remaining = self.chunk.end - self.chunk.start
            while remaining > 0:
                line = handle.readline()
                if not line:
                    return
                remaining -= len(line)
                self.count += 1
                yield line


def _display(path: str) -> str:
    return Path(path).as_posix()


def _merge(chunks: list[Chunk], results: list[ChunkResult], request: ValidateRequest) -> Report:
    merged = Report(findings=[], rules=rule_infos(request.settings))
    lines_before: dict[str, int] = {}
    for chunk, result in zip(chunks, results, strict=True):
        part = result.report
        offset = lines_before.get(chunk.path, 0) if chunk.is_range else 0
        for finding in part.findings:
            finding.line += offset
            if finding.end_line is not None:
                finding.end_line += offset
        merged.findings.extend(part.findings)
        merged.units.extend(
            CheckedUnit(unit.path, f"payload at line {unit.line + offset}", unit.line + offset)
            for unit in part.units
        )
        merged.payloads += part.payloads
        if not chunk.is_range:
            merged.files += part.files
        elif chunk.start == 0:
            merged.files += 1
        if chunk.is_range:
            lines_before[chunk.path] = offset + result.lines
    return merged
