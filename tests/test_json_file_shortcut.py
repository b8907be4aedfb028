"""A small ``.json`` file is read whole and judged without a Payload; anything the shortcut does
not accept takes the full path, with the bytes already read, and says what it always said."""

from __future__ import annotations

from pathlib import Path

from envelint.captures import discover
from envelint.pipeline import validate
from tests.factories import write_file
from tests.helpers import run_cli, spy
from tests.test_hostile_support import codes_of, report_of

VALID_JOB = b'{"job_id": "ff80808288d41e1b018990260955686a"}'
MASKED_JOB = b'{"job_id": "XXX"}'
EMPTY_HAR = b'{"log": {"version": "1.2", "creator": {"name": "ui", "version": "1"}, "entries": []}}'


def test_a_clean_file_is_counted_as_one_payload(tmp_path: Path) -> None:
    path = write_file(tmp_path, "job.json", VALID_JOB)
    report = report_of(str(path))
    assert report["summary"]["payloads"] == 1
    assert report["findings"] == []


def test_a_har_export_saved_as_json_is_still_read_as_har(tmp_path: Path, monkeypatch) -> None:
    # With extra fields allowed, the export itself would pass as one payload of the schema.
    monkeypatch.chdir(tmp_path)
    Path("pyproject.toml").write_text('[tool.envelint]\nundocumented = "off"\n')
    Path("console.json").write_bytes(EMPTY_HAR)
    report = report_of("--schema", "000_cb33e2b5c92bfef4.normal", "console.json")
    assert report["summary"]["payloads"] == 0


def test_a_failing_file_is_opened_once(tmp_path: Path, monkeypatch) -> None:
    path = write_file(tmp_path, "job.json", MASKED_JOB)
    opened = spy(monkeypatch, discover, "open_capture")
    assert codes_of(report_of(str(path))) == ["E003"]
    assert opened == [(str(path),)]


def test_a_final_line_break_counts_against_max_size(tmp_path: Path) -> None:
    path = write_file(tmp_path, "job.json", VALID_JOB + b"\n")
    report = report_of("--max-size", str(len(VALID_JOB)), str(path))
    assert codes_of(report) == ["J006"]


def test_a_clean_file_is_judged_without_reading_payloads(tmp_path: Path, monkeypatch) -> None:
    path = write_file(tmp_path, "job.json", VALID_JOB)
    read = spy(monkeypatch, validate, "read_captures")
    assert report_of(str(path))["findings"] == []
    assert read == []


def test_a_clean_file_is_a_passing_junit_test_case(tmp_path: Path) -> None:
    path = write_file(tmp_path, "job.json", VALID_JOB)
    junit = run_cli("validate", "--format", "junit", str(path)).stdout
    assert junit.count("<testcase ") == 1
    assert 'name="payload at line 1" />' in junit
