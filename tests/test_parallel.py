"""`--jobs N` gives the same report as one process, with a big log cut into byte ranges."""

from __future__ import annotations

import dataclasses
import json
import os

import pytest
from click.testing import CliRunner

from envelint.commands.main import cli
from envelint.config.settings import Settings
from envelint.pipeline import parallel, validate
from envelint.pipeline.validate import validate_captures
from envelint.report import FindingStream
from tests.conftest import FIXTURES
from tests.factories import validate_request

GOOD = '{"job_id": "ff80808288d41e1b018990260955686a"}'
BAD = {
    17: '{"error": {"message": "x", "code": 400}}',
    1234: '{"job_id": XXX}',
    2500: '{"job_id": "ff80808288d41e1b018990260955686a", "job_id": "x"}',
    2999: '{"jobid": "ff80808288d41e1b018990260955686a", "order_id": "CS2009141523OQSEQ"}',
}


@pytest.fixture
def log(tmp_path):
    lines = [BAD.get(number, GOOD) for number in range(1, 3001)]
    path = tmp_path / "responses.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(autouse=True)
def small_split(monkeypatch):
    monkeypatch.setattr(parallel, "SPLIT_AT_BYTES", 1024)


def run(*args: str) -> dict:
    result = CliRunner().invoke(cli, ["validate", "--format", "json", *args])
    return json.loads(result.output)


def test_ranges_start_at_line_breaks_cover_the_file_and_know_their_first_line(log):
    request = validate_request([str(log)])
    chunks = parallel.plan(request, 3).chunks
    data = log.read_bytes()
    assert len(chunks) == 3 * parallel.PIECES_PER_JOB
    assert chunks[0].start == 0 and chunks[-1].end == len(data)
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert before.end == after.start and data[after.start - 1 : after.start] == b"\n"
        assert after.first_line == data[: after.start].count(b"\n") + 1


def test_two_jobs_report_what_one_reports(log):
    one = run("--jobs", "1", str(log))
    two = run("--jobs", "2", str(log))
    assert two["findings"] == one["findings"]
    assert two["summary"] == one["summary"]
    lines = sorted({finding["line"] for finding in two["findings"]})
    assert lines == [17, 1234, 2500, 2999]
    assert [f["message"] for f in two["findings"]] == [f["message"] for f in one["findings"]]


def test_many_files_are_shared_out_whole(monkeypatch):
    monkeypatch.setattr(parallel, "FILES_PER_TASK", 4)  # 14 files: 4 tasks, not one process
    folder = FIXTURES / "payloads"
    request = validate_request([str(folder)])
    assert len(parallel.group_tasks(parallel.plan(request, 2).chunks)) == 4
    assert run("--jobs", "2", str(folder)) == run(str(folder))


def test_consecutive_whole_files_go_to_a_worker_together_and_a_range_alone(log, monkeypatch):
    monkeypatch.setattr(parallel, "FILES_PER_TASK", 2)
    a, b, c, d = (str(path) for path in sorted((FIXTURES / "payloads" / "valid").iterdir()))
    paths = [a, str(log), b, c, d]
    request = validate_request(paths)
    chunks = parallel.plan(request, 1).chunks
    ranges = [[chunk] for chunk in chunks if chunk.is_range]
    whole = {chunk.path: chunk for chunk in chunks if not chunk.is_range}
    assert parallel.group_tasks(chunks) == [[whole[a]], *ranges, [whole[b], whole[c]], [whole[d]]]


def test_the_parent_works_out_each_file_s_settings_and_size_once(log, monkeypatch):
    other = str(FIXTURES / "payloads" / "valid" / "jobs-normal.json")
    asked: list[tuple[str, str]] = []  # (what, path), in the parent only
    for_path, getsize = Settings.for_path, os.path.getsize
    monkeypatch.setattr(
        Settings,
        "for_path",
        lambda self, path: asked.append(("settings", path)) or for_path(self, path),
    )
    monkeypatch.setattr(
        os.path, "getsize", lambda path: asked.append(("size", path)) or getsize(path)
    )
    request = validate_request([str(log), other])
    parallel.validate_in_parallel(request, 2)
    assert sorted(asked) == sorted(
        (what, path) for what in ("settings", "size") for path in (str(log), other)
    )


def test_the_engine_is_built_once_in_the_parent_and_the_workers_reuse_it(
    log, tmp_path, monkeypatch
):
    built_in = tmp_path / "engines-built-in"  # the process of every engine built, one a line

    class RecordedEngine(validate.Engine):
        def __init__(self, *args, **kwargs):
            with open(built_in, "a") as record:
                record.write(f"{os.getpid()}\n")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(validate, "Engine", RecordedEngine)
    checked_in = record_checking_processes(tmp_path, monkeypatch)
    run("--jobs", "2", str(log), str(FIXTURES / "payloads"))
    assert built_in.read_text().split() == [str(os.getpid())]
    assert set(checked_in.read_text().split()) - {str(os.getpid())}  # workers did the checking


def test_with_jobs_the_ranges_are_checked_in_other_processes(log, tmp_path, monkeypatch):
    checked_in = record_checking_processes(tmp_path, monkeypatch)
    run("--jobs", "2", str(log))
    processes = checked_in.read_text().split()
    assert len(processes) == 2 * parallel.PIECES_PER_JOB  # one line per range checked
    assert str(os.getpid()) not in processes


def record_checking_processes(tmp_path, monkeypatch):
    """A file that gets the process id of every task checked (a range, or whole files), one a
    line."""
    checked_in = tmp_path / "tasks-checked-in"
    checked_in.touch()
    for name in ("_check_range", "check_files"):  # what a task runs, looked up when it runs
        monkeypatch.setattr(parallel, name, recorded(getattr(parallel, name), checked_in))
    return checked_in


def recorded(check, checked_in):
    def recorded_check(*args, **kwargs):
        with open(checked_in, "a") as record:
            record.write(f"{os.getpid()}\n")
        return check(*args, **kwargs)

    return recorded_check


def test_standard_input_is_read_with_jobs():
    other = str(FIXTURES / "payloads" / "valid" / "jobs-normal.json")
    args = ["validate", "--format", "json", "-", other]
    one = CliRunner().invoke(cli, [*args, "--jobs", "1"], input='{"job_id": XXX}')
    two = CliRunner().invoke(cli, [*args, "--jobs", "2"], input='{"job_id": XXX}')
    assert json.loads(two.stdout) == json.loads(one.stdout)
    assert [finding["code"] for finding in json.loads(two.stdout)["findings"]] == ["J001"]


def test_a_file_that_cannot_be_read_is_a_finding_and_the_others_are_checked(log, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"job_id": XXX}')
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [\n")
    args = ["validate", "--format", "json", str(bad), str(broken), str(log)]
    one = CliRunner().invoke(cli, args)
    two = CliRunner().invoke(cli, [*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    codes = {finding["code"] for finding in json.loads(two.stdout)["findings"]}
    assert {"J001", "J008"} <= codes


def test_an_excluded_log_is_neither_checked_nor_counted(log, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    other = str(FIXTURES / "payloads" / "valid" / "jobs-normal.json")
    settings = Settings(exclude=[log.name])
    request = validate_request([log.name, other, other], settings)
    assert parallel.validate_in_parallel(request, 2).summary() == {
        "files": 2,
        "payloads": 2,
        "findings": 0,
        "by_code": {},
    }


def test_a_range_reads_the_lines_readline_gives(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "RANGE_BLOCK", 7)  # blocks cut lines, and hold none whole
    text = b'{"a": 1}\n{"b": "a line longer than any block"}\r\n\n{"c": "\r"}\n{"d": 4}'
    path = tmp_path / "log.jsonl"
    path.write_bytes(text)
    whole = parallel.Chunk(str(path), 0, len(text), 1)
    assert list(parallel._range_lines(whole)) == text.splitlines(keepends=True)[:2] + [
        b"\n",
        b'{"c": "\r"}\n',
        b'{"d": 4}',
    ]
    pieces = parallel._ranges(str(path), len(text), 3)
    assert b"".join(line for piece in pieces for line in parallel._range_lines(piece)) == text


class UnitRecorder(FindingStream):
    """A stream that keeps the units it is given, and drops the findings."""

    def __init__(self) -> None:
        self.units: list = []

    def __call__(self, findings) -> None:
        pass

    def unit(self, unit) -> None:
        self.units.append(unit)


def test_the_workers_units_go_through_the_stream_in_the_order_one_process_gives(log):
    paths = [str(FIXTURES / "payloads"), str(log), str(FIXTURES / "captures")]
    request = validate_request(paths)
    one = validate_captures(request)
    recorder = UnitRecorder()
    two = parallel.validate_in_parallel(dataclasses.replace(request, stream=recorder), 2)
    assert two.units == []
    assert recorder.units == one.units


def test_two_jobs_read_every_range_of_an_access_log_as_records(tmp_path):
    record = json.loads((FIXTURES / "captures" / "access-log.jsonl").read_text().splitlines()[1])
    lines = []
    for number in range(1, 601):
        record["response_body"] = {
            "error_code": "WGT.0400",
            "error_msg": 7 if number % 200 == 0 else "m",
        }
        lines.append(json.dumps(record))
    path = tmp_path / "gateway.jsonl"
    path.write_text("\n".join(lines) + "\n")
    docs = str(FIXTURES / "docs" / "tree")
    args = ["check", docs, str(path), "--format", "json"]
    one = json.loads(CliRunner().invoke(cli, [*args, "--jobs", "1"]).output)
    two = json.loads(CliRunner().invoke(cli, [*args, "--jobs", "2"]).output)
    assert two == one
    assert [(f["line"], f["pointer"]) for f in two["findings"]] == [
        (200, "/error_msg"),
        (400, "/error_msg"),
        (600, "/error_msg"),
    ]


def test_with_an_operation_given_two_jobs_check_each_record_against_it(log):
    docs = str(FIXTURES / "docs" / "tree")
    options = ["--operation", "GET /v2/projects/{project_id}/widgets", "--status", "200"]
    args = ["check", docs, str(log), *options, "--format", "json"]
    one = json.loads(CliRunner().invoke(cli, [*args, "--jobs", "1"]).output)
    two = json.loads(CliRunner().invoke(cli, [*args, "--jobs", "2"]).output)
    assert two == one
    operations = {finding["operation"] for finding in two["findings"] if finding["operation"]}
    assert operations == {"GET /v2/projects/{project_id}/widgets"}
