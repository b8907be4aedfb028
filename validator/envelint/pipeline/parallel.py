"""``--jobs N``: the same checks in N processes.

Files are shared out whole, small ones several to a task, and a large JSON Lines log is cut into
byte ranges at line breaks, each worker streaming its own range, which costs nothing to hand over
(sending the lines themselves through a pool costs as much as checking them). The parent counts
the line breaks before each range once, so a worker numbers its lines, and words its messages, as
one process would. The engines are built in the parent, before the workers fork. The result is
the same report as one process gives, in the same order.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import itertools
import math
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from multiprocessing.pool import AsyncResult, Pool
from typing import Any, BinaryIO, cast

from envelint.captures import access_log
from envelint.captures.detect import SNIFF_SIZE, detect_format
from envelint.captures.discover import capture_files
from envelint.common.errors import EnvelintError
from envelint.common.paths import STDIN, display_path
from envelint.config.settings import Settings
from envelint.pipeline.validate import (
    EnginePerSettings,
    ValidateRequest,
    check_access_log,
    check_files,
    check_json_lines,
    new_report,
    validate_captures,
)
from envelint.report import Report
from envelint.report.coverage import ExchangeTally

SPLIT_AT_BYTES = 4 * 1024 * 1024  # smaller logs are not worth cutting
PIECES_PER_JOB = 4  # more pieces than workers: a slowed-down worker does not hold up the run
# A range's findings are held whole, by its worker and then by the parent, so a range is never
# larger than this, whatever the log's size. A 1 MiB range of the benchmark log (4% bad records)
# holds ~0.4 MB of findings; with every record bad, ~15 MB. Checking it takes 0.2 s to 5 s, and
# 64 ranges of the 67 MB log take no more time than 8.
RANGE_LIMIT = 1024 * 1024
COUNT_BLOCK = 1024 * 1024
RANGE_BLOCK = 1024 * 1024
# Handing a task to a worker and its report back costs ~0.1 ms, as much as checking three small
# files, so consecutive whole files go together, up to this many or this many bytes.
FILES_PER_TASK = 32
TASK_BYTES = 256 * 1024
# Tasks handed out ahead of the one the parent waits for: enough to keep every worker busy,
# few enough that the reports waiting for their turn stay small.
TASKS_AHEAD_PER_JOB = 2
MERGE_BATCH = 1024  # findings
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when the thread that forked it ends
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
ORPHANED = 128 + signal.SIGTERM  # a worker whose parent ended before it could tie itself to it


@dataclass(frozen=True)
class Chunk:
    path: str
    start: int = 0
    end: int | None = None  # exclusive; None: the whole file, whatever its format
    first_line: int = 1  # the line number of the range's first line
    size: int = 0  # a whole file's size in bytes (0 for standard input), to group small files

    @property
    def is_range(self) -> bool:
        return self.end is not None


Task = list[Chunk]  # one range, or consecutive whole files


@dataclass
class Plan:
    """What the parent works out once per file, before handing out tasks."""

    chunks: list[Chunk]
    settings: dict[str, Settings]  # each planned file's effective settings, by path


@dataclass
class Checked:
    report: Report
    error: EnvelintError | None = None  # what ended the task; the report holds what came before


@dataclass
class _Shared:
    """What every worker needs, built once in the parent."""

    request: ValidateRequest
    engines: EnginePerSettings
    settings: dict[str, Settings]  # each planned file's effective settings, by path


# Set in the parent before the workers fork, so every worker inherits it.
_SHARED: _Shared | None = None


def validate_in_parallel(request: ValidateRequest, jobs: int) -> Report:
    global _SHARED
    planned = plan(request, jobs)
    tasks = group_tasks(planned.chunks)
    if jobs <= 1 or len(tasks) <= 1:
        return validate_captures(request)
    _SHARED = _Shared(request, _engines_for(request, planned.settings), planned.settings)
    merged = new_report(request)  # capped as merged, in order: as one process
    try:
        with merged.stream_stopped_on_error():
            _check_tasks(tasks, jobs, merged)
    finally:
        _SHARED = None
    return merged


def _check_tasks(tasks: list[Task], jobs: int, merged: Report) -> None:
    """In order, as they come: the parent writes one task's findings while the workers check
    the next ones. At most a few tasks ahead, so that findings do not pile up in the parent
    when writing them is slower than finding them."""
    in_flight: deque[tuple[Task, AsyncResult[Any] | None]] = deque()
    parent = os.getpid()
    with _stop_signals_held():  # the pool's threads and workers start with them held
        pool = multiprocessing.get_context("fork").Pool(
            jobs, initializer=_start_worker, initargs=(parent,)
        )
    with pool:
        for task in tasks:
            in_flight.append((task, _hand_out(pool, task)))
            if len(in_flight) >= jobs * TASKS_AHEAD_PER_JOB:
                _merge_next(merged, in_flight)
        while in_flight:
            _merge_next(merged, in_flight)


@contextlib.contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back while the pool starts: its threads keep them held, so the
    kernel gives them to the main thread, the one Python runs handlers in. One given to a pool
    thread waited for the main thread to wake, which it never did when the task it waited for
    had died with its worker (the other half of the SIGTERM hang). A signal that came meanwhile
    is handled when this ends."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _start_worker(parent: int) -> None:
    """A worker leaves Ctrl-C to the parent, which stops the pool; SIGTERM (the pool's own way
    of stopping its workers) ends it at once, with no traceback, even one that came before this
    ran (held until here). It never outlives the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    _end_with_parent(parent)


def _end_with_parent(parent: int) -> None:
    """On Linux the kernel kills the worker when the parent ends, however it ends (its SIGTERM
    handler's ``os._exit``, ``kill -9``). The pool forks a replacement for a worker a signal
    killed; one forked after the parent's handler had ended the others was left waiting on the
    pool's queue forever, holding the run's stderr open (a run in six hung under a SIGTERM to
    the whole process group). A parent that ended before the worker got here is not waited for.
    Elsewhere, the parent's SIGTERM handler ends the workers it sees (commands.main)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(ORPHANED)


def _hand_out(pool: Pool, task: Task) -> AsyncResult[Any] | None:
    """The task, given to a worker; None for standard input, which the parent reads when its
    turn comes (a worker's standard input is /dev/null)."""
    if task[0].path == STDIN:
        return None
    return pool.apply_async(_check_task, (task,))


def _merge_next(merged: Report, in_flight: deque[tuple[Task, AsyncResult[Any] | None]]) -> None:
    task, result = in_flight.popleft()
    checked = _check_task(task) if result is None else result.get()
    _merge(merged, task, checked.report)
    if checked.error is not None:
        raise checked.error


def _engines_for(request: ValidateRequest, settings: dict[str, Settings]) -> EnginePerSettings:
    """Every engine the files need, built once here rather than in each worker (an engine
    indexes the catalog's operations; building one per small file cost more than checking it)."""
    engines = EnginePerSettings(request.catalog)
    for file_settings in settings.values():
        engines.get(file_settings)
    return engines


def plan(request: ValidateRequest, jobs: int) -> Plan:
    """The chunks to check, with each file's settings and size worked out once."""
    planned = Plan(chunks=[], settings={})
    for path in capture_files(request.paths):
        settings = request.settings.for_path(path)
        if settings.excluded(path):
            continue
        planned.settings[path] = settings
        if path == STDIN:
            planned.chunks.append(Chunk(path))
            continue
        size = os.path.getsize(path)
        # --operation/--status give each record a context: whole files take it (check_files)
        if request.context is None and _is_big_jsonl(path, size, request.input_format):
            planned.chunks.extend(_ranges(path, size, _pieces(size, jobs)))
        else:
            planned.chunks.append(Chunk(path, size=size))
    return planned


def group_tasks(chunks: list[Chunk]) -> list[Task]:
    """A range alone; consecutive whole files together, up to FILES_PER_TASK or TASK_BYTES."""
    tasks: list[Task] = []
    group: Task = []
    group_bytes = 0
    for chunk in chunks:
        groupable = not chunk.is_range and chunk.path != STDIN
        if group and (not groupable or len(group) == FILES_PER_TASK or group_bytes >= TASK_BYTES):
            tasks.append(group)
            group, group_bytes = [], 0
        if groupable:
            group.append(chunk)
            group_bytes += chunk.size
        else:
            tasks.append([chunk])
    if group:
        tasks.append(group)
    return tasks


def _is_big_jsonl(path: str, size: int, forced: str | None) -> bool:
    if size < SPLIT_AT_BYTES:
        return False
    with open(path, "rb") as handle:
        return detect_format(path, handle.read(SNIFF_SIZE), forced) == "jsonl"


def _pieces(size: int, jobs: int) -> int:
    return max(jobs * PIECES_PER_JOB, math.ceil(size / RANGE_LIMIT))


def _ranges(path: str, size: int, pieces: int) -> list[Chunk]:
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


def _line_numbers_at(handle: BinaryIO, offsets: list[int]) -> list[int]:
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


def _check_task(task: Task) -> Checked:
    shared = _SHARED
    assert shared is not None
    report = Report(findings=[], rules={})  # the parent's report has the rules
    if shared.request.track_coverage:
        report.exchanges = ExchangeTally()
    try:
        if task[0].is_range:
            settings = shared.settings[task[0].path]
            _check_range(task[0], settings, shared.request, shared.engines, report)
        else:
            paths = [chunk.path for chunk in task]
            whole_files = replace(shared.request, paths=paths, stream=None)
            check_files(whole_files, shared.engines, report)
    except EnvelintError as error:
        return Checked(report, error)
    return Checked(report)


def _check_range(
    chunk: Chunk,
    settings: Settings,
    request: ValidateRequest,
    engines: EnginePerSettings,
    report: Report,
) -> None:
    engine = engines.get(settings)
    schema_id = request.schema_id or settings.schema_for_path(chunk.path)
    lines = _range_lines(chunk)
    source = display_path(chunk.path)
    if _is_access_log(chunk.path, settings):  # decided by the file's first record, not the range's
        keep_units = request.keep_units
        check_access_log(source, lines, engine, schema_id, report, keep_units, chunk.first_line)
        return
    check_json_lines(source, lines, engine, schema_id, report, request.keep_units, chunk.first_line)


def _is_access_log(path: str, settings: Settings) -> bool:
    with open(path, "rb") as handle:
        return access_log.opening_lines(handle, settings.access_log)[1]


def _range_lines(chunk: Chunk) -> Iterator[bytes]:
    """The lines of a byte range, read a block at a time and split at C speed."""
    return itertools.chain.from_iterable(_range_blocks(chunk))


def _range_blocks(chunk: Chunk) -> Iterator[io.BytesIO]:
    with open(chunk.path, "rb") as handle:
        handle.seek(chunk.start)
        remaining = cast(int, chunk.end) - chunk.start  # a range always has its end
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


def _merge(merged: Report, task: Task, part: Report) -> None:
    # A batch at a time, so the text of a range full of findings is not built all at once.
    for start in range(0, len(part.findings), MERGE_BATCH):
        merged.add(part.findings[start : start + MERGE_BATCH])
    for unit in part.units:  # after the task's findings: an order JunitWriter takes as it is
        merged.add_unit(unit)
    merged.payloads += part.payloads
    if merged.exchanges is not None and part.exchanges is not None:
        merged.exchanges.merge(part.exchanges)
    if not task[0].is_range:
        merged.files += part.files
    elif task[0].start == 0:
        merged.files += 1
