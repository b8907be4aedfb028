"""`--jobs N` holds a bounded share of a big log's findings at a time, whatever the log's size."""

from __future__ import annotations

import time

import pytest

from envelint.pipeline import parallel
from envelint.pipeline.validate import ValidateRequest
from envelint.report import FindingStream
from tests.factories import validate_request

pytestmark = pytest.mark.slow

BAD = '{"job_id": XXX}'  # every line a finding


@pytest.fixture
def log(tmp_path):
    path = tmp_path / "responses.jsonl"
    path.write_text("\n".join([BAD] * 3000) + "\n")
    return path


@pytest.fixture(autouse=True)
def small_split(monkeypatch):
    monkeypatch.setattr(parallel, "SPLIT_AT_BYTES", 1024)


class CallingStream(FindingStream):
    """A stream that hands each batch of findings to a function."""

    def __init__(self, write) -> None:
        self.write = write

    def __call__(self, findings) -> None:
        self.write(findings)


def request_for(log, **options) -> ValidateRequest:
    return validate_request([log], **options)


def test_no_range_is_larger_than_the_limit(log, monkeypatch):
    monkeypatch.setattr(parallel, "RANGE_LIMIT", 4096)
    size = log.stat().st_size
    chunks = parallel.plan(request_for(log), 1).chunks
    assert len(chunks) >= size / 4096 > parallel.PIECES_PER_JOB
    assert max(chunk.end - chunk.start for chunk in chunks) <= 4096 + len(BAD) + 1
    assert chunks[0].start == 0 and chunks[-1].end == size


def test_workers_stay_a_few_tasks_ahead_of_a_slow_writer(log, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "PIECES_PER_JOB", 16)  # 32 ranges, each with findings
    started = tmp_path / "started"  # one line per range a worker has begun
    check_json_lines = parallel.check_json_lines

    def recorded_check_json_lines(*args, **kwargs):
        with open(started, "a") as record:
            record.write("range\n")
        check_json_lines(*args, **kwargs)

    monkeypatch.setattr(parallel, "check_json_lines", recorded_check_json_lines)
    begun_while_writing: list[int] = []  # ranges begun when the parent writes the n-th range

    def slow_writer(findings):
        begun_while_writing.append(len(started.read_text().splitlines()))
        time.sleep(0.02)

    parallel.validate_in_parallel(request_for(log, stream=CallingStream(slow_writer)), 2)
    ahead = 2 * parallel.TASKS_AHEAD_PER_JOB
    assert len(begun_while_writing) == 32
    assert all(begun <= written + ahead for written, begun in enumerate(begun_while_writing))


def test_the_parent_writes_a_range_s_findings_a_batch_at_a_time(log, monkeypatch):
    monkeypatch.setattr(parallel, "MERGE_BATCH", 10)
    batch_sizes: list[int] = []

    def writer(findings):
        batch_sizes.append(len(findings))

    report = parallel.validate_in_parallel(request_for(log, stream=CallingStream(writer)), 2)
    assert max(batch_sizes) == 10
    assert sum(batch_sizes) == report.total() == 3000
