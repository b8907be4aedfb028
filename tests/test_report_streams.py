"""Reports written from findings (and, for JUnit, checked units) as they come, in every format:
the same bytes as the report rendered from what is kept in memory, nothing kept, and no half
report, no leftover file, when the run stops with an error or is killed."""

from __future__ import annotations

import io
import json
import sys
import tempfile

import pytest
from click.testing import CliRunner

from envelint.commands.main import cli
from envelint.common.findings import DocRow, Finding, Severity
from envelint.pipeline.validate import rule_infos, validate_captures
from envelint.report import (
    FORMATS,
    CheckedUnit,
    FindingStream,
    Report,
    junit_format,
    output,
    render,
    writer,
)
from envelint.report.json_format import JsonWriter
from envelint.report.output import Destination, emit, streaming_report
from envelint.report.sarif_format import SarifWriter
from envelint.report.writer import StagedOutput
from tests.conftest import FIXTURES
from tests.factories import validate_request
from tests.helpers import run_cli, spy

INVALID = FIXTURES / "payloads" / "invalid"
CAPTURES = FIXTURES / "captures"  # a HAR, HTTP and YAML captures: many payloads in a file
WRITERS = {"json": JsonWriter, "sarif": SarifWriter}
ALL_FORMATS = list(FORMATS)
STAGED = ["json", "sarif", "junit", "github"]  # on standard output too: text there is printed


def findings() -> list[Finding]:
    doc = DocRow("seeds/000.txt", 31, "Table 1")
    code = Finding("S001", "type-mismatch", Severity.ERROR, "`code` is 400 \u00e9", "a.json", 1, 3,
                   pointer="/error/code", doc=doc, excerpt='{"code": 400}')  # fmt: skip
    return [
        code,
        Finding("E003", "placeholder-value", Severity.WARNING, "xxxx \u2028", "b.json", 2, 5),
        Finding("X101", "custom-rule", Severity.INFO, "a code no rule list has", "b.json", 2, 5),
        code,  # the same again: a second occurrence
        Finding("J001", "payload-not-json", Severity.ERROR, "lone \ud800", "c.jsonl", 9, 1),
    ]


def test_the_json_report_in_parts_is_the_document_in_one_piece():
    for count in (0, 1, 5):
        report = Report(findings=findings()[:count], files=2, payloads=7)
        document = {
            "tool": {"name": report.tool_name, "version": report.tool_version},
            "findings": [finding.to_dict() for finding in report.findings],
            "summary": report.summary(),
        }  # how the report was written before it was streamed
        reference = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        assert render("json", report) == reference


@pytest.mark.parametrize("format_name", ["json", "sarif"])
def test_a_streamed_report_keeps_no_finding_and_writes_the_rendered_bytes(tmp_path, format_name):
    target = tmp_path / f"report.{format_name}"
    stream = WRITERS[format_name](StagedOutput(str(target)))
    report = Report(findings=[], files=2, payloads=7, rules=rule_infos(), stream=stream)
    report.add(findings()[:2])
    report.add([])
    report.add(findings()[2:])
    assert report.findings == []
    emit(report, [Destination(format_name, str(target))])
    rendered = render(format_name, Report(findings(), files=2, payloads=7, rules=rule_infos()))
    assert target.read_bytes() == rendered.encode("utf-8", errors="replace")


@pytest.mark.parametrize("format_name", ["json", "sarif"])
def test_validate_streams_the_report_it_would_render(tmp_path, monkeypatch, format_name):
    monkeypatch.chdir(tmp_path)
    to = ("--format", format_name, "--output")
    runner = CliRunner()
    one = runner.invoke(cli, ["validate", str(INVALID), *to, "streamed"])
    text_too = ("--format", "text", "--output", "b")  # two reports: none is streamed
    two = runner.invoke(cli, ["validate", str(INVALID), *to, "rendered", *text_too])
    on_stdout = runner.invoke(cli, ["validate", str(INVALID), "--format", format_name])
    assert one.exit_code == two.exit_code == on_stdout.exit_code == 1
    rendered = (tmp_path / "rendered").read_bytes()
    assert (tmp_path / "streamed").read_bytes() == rendered
    assert on_stdout.output.encode() == rendered
    assert json.loads(rendered)  # and there is something in it


@pytest.mark.parametrize("format_name", ALL_FORMATS)
def test_an_error_replaces_no_report_file(tmp_path, format_name):
    target = tmp_path / "report"
    target.write_text("the last good report\n")
    missing = str(tmp_path / "missing.json")
    to_file = CliRunner().invoke(cli, ["validate", str(INVALID), missing, "--format", format_name,
                                       "--output", str(target)])  # fmt: skip
    assert to_file.exit_code == 2
    assert target.read_text() == "the last good report\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report"]  # no staging file


@pytest.mark.parametrize("format_name", STAGED)
def test_an_error_prints_no_staged_report(tmp_path, format_name):
    missing = str(tmp_path / "missing.json")
    args = ["validate", str(INVALID), missing, "--format", format_name]
    to_stdout = CliRunner().invoke(cli, args)
    assert to_stdout.exit_code == 2
    assert to_stdout.stdout == ""


@pytest.mark.parametrize("format_name", ALL_FORMATS)
def test_no_file_has_a_name_while_the_run_goes_on(tmp_path, monkeypatch, format_name):
    # A run killed by SIGTERM runs no clean-up: what is staged must have no name to leave.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    stream = streaming_report([Destination(format_name, str(tmp_path / "report"))], False)
    stream(findings() * 8_000)  # over writer.SPOOL_IN_MEMORY in every format: on disk
    for line in range(1, 20_000):
        stream.unit(CheckedUnit("c.jsonl", f"payload at line {line}", line))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tmp"]
    assert list(temporary.iterdir()) == []
    stream.abandon()


def units() -> list[CheckedUnit]:
    """Units of the files ``findings`` names, and of a clean one."""
    return [
        CheckedUnit("a.json", "payload at line 1", 1),
        CheckedUnit("b.json", "payload at line 1", 1),
        CheckedUnit("b.json", "payload at line 2", 2),
        *(CheckedUnit("c.jsonl", f"payload at line {line}", line) for line in range(1, 12)),
        CheckedUnit("clean.json", "payload at line 1", 1),
    ]


def add_as_validate_does(report: Report) -> Report:
    """Add ``findings`` and ``units`` as ``check_payloads`` does (each file's findings, then its
    units); the report that keeps them in that order."""
    kept = Report(findings=[], files=report.files, payloads=report.payloads, rules=report.rules)
    for path in dict.fromkeys(unit.path for unit in units()):
        found = [finding for finding in findings() if finding.path == path]
        report.add(found)
        kept.add(found)
        for unit in [unit for unit in units() if unit.path == path]:
            report.add_unit(unit)
            kept.add_unit(unit)
    return kept


@pytest.mark.parametrize("format_name", ["junit", "github", "text"])
def test_a_report_to_a_file_streams_keeping_nothing_and_writes_the_rendered_bytes(
    tmp_path, monkeypatch, format_name
):
    monkeypatch.setattr(writer, "RENDER_BLOCK", 2)  # findings rendered in several blocks
    target = tmp_path / "report"
    stream = streaming_report([Destination(format_name, str(target))], suppressing=False)
    report = Report(findings=[], files=4, payloads=15, rules=rule_infos(), stream=stream)
    kept = add_as_validate_does(report)
    assert (report.findings, report.units) == ([], [])
    emit(report, [Destination(format_name, str(target))])
    assert target.read_bytes() == render(format_name, kept).encode("utf-8", errors="replace")


def test_junit_cases_that_come_out_of_order_are_still_written_as_rendered(tmp_path):
    target = tmp_path / "report.xml"
    stream = streaming_report([Destination("junit", str(target))], suppressing=False)
    report = Report(findings=[], stream=stream)
    late = Finding("S001", "type-mismatch", Severity.ERROR, "before the units", "c.jsonl", 4, 1)
    named_twice = [*units(), *units()[:3]]  # a.json and b.json again, after the rest
    for unit in named_twice:
        report.add_unit(unit)
    report.add([*findings(), late])  # after the units of their lines: not in order
    emit(report, [Destination("junit", str(target))])
    kept = Report([*findings(), late], units=named_twice)
    assert target.read_text(encoding="utf-8") == render("junit", kept)


def test_junit_suites_are_written_by_path_whatever_order_the_files_come_in(tmp_path):
    target = tmp_path / "report.xml"
    stream = streaming_report([Destination("junit", str(target))], suppressing=False)
    report = Report(findings=[], stream=stream)
    for path in reversed(dict.fromkeys(unit.path for unit in units())):  # clean.json first
        report.add([finding for finding in findings() if finding.path == path])
        for unit in [unit for unit in units() if unit.path == path]:
            report.add_unit(unit)
    emit(report, [Destination("junit", str(target))])
    assert target.read_text(encoding="utf-8") == render("junit", Report(findings(), units=units()))


class OrderRecorder(FindingStream):
    """A stream that tells, for each file, whether its cases came in the order JUnit streams."""

    def __init__(self) -> None:
        self.orders: dict[str, junit_format.SuiteOrder] = {}
        self.units = 0

    def __call__(self, findings) -> None:
        for finding in findings:
            self._see(finding.path, junit_format.finding_case(finding))

    def unit(self, unit) -> None:
        self.units += 1
        self._see(unit.path, (unit.line, unit.name, None))  # a unit's case: no failure

    def _see(self, path: str, case: tuple) -> None:
        self.orders.setdefault(path, junit_format.SuiteOrder()).see(case)


def test_validate_gives_each_file_s_cases_in_the_order_junit_streams_a_span_at_a_time(log):
    recorder = OrderRecorder()
    paths = [str(CAPTURES), str(INVALID), str(log)]  # many payloads a file, one, a log
    request = validate_request(paths)
    request.stream = recorder
    report = validate_captures(request)
    assert recorder.units == report.payloads and report.total() > 0
    assert {path for path, order in recorder.orders.items() if not order.in_order} == set()


@pytest.fixture
def log(tmp_path):
    """A JSON Lines log whose findings come before its units, line by line."""
    path = tmp_path / "responses.jsonl"
    path.write_text('{"job_id": XXX}\n{"job_id": "ff80808288d41e1b018990260955686a"}\n' * 50)
    return path


@pytest.mark.parametrize(
    ("format_name", "to_file"),
    [("junit", True), ("github", True), ("text", True), ("junit", False), ("github", False)],
)
def test_validate_streams_one_report_keeping_no_finding_and_no_unit(
    tmp_path, monkeypatch, format_name, to_file
):
    monkeypatch.chdir(tmp_path)
    emitted = spy(monkeypatch, output, "emit")
    inputs = (str(CAPTURES), str(INVALID), str(INVALID))  # each invalid file named twice
    to = ("--format", format_name, *(("--output", "report") if to_file else ()))
    streamed = run_cli("validate", *inputs, *to)
    [(report, _)] = emitted
    assert (report.findings, report.units, report.total() > 0) == ([], [], True)
    streamed_bytes = (tmp_path / "report").read_bytes() if to_file else streamed.stdout_bytes
    json_too = ("--format", "json", "--output", "b")  # two reports: none is streamed
    rendered = run_cli("validate", *inputs, *json_too, *to)
    rendered_bytes = (tmp_path / "report").read_bytes() if to_file else rendered.stdout_bytes
    assert streamed.exit_code == rendered.exit_code == 1
    assert streamed_bytes == rendered_bytes


def test_standard_output_without_a_byte_buffer_still_gets_the_report(monkeypatch):
    printed = io.StringIO()
    monkeypatch.setattr(sys, "stdout", printed)
    report = Report(findings=[], files=1, payloads=3, stream=JsonWriter(StagedOutput(None)))
    report.add(findings())
    emit(report, [Destination("json", None)])
    rendered = render("json", Report(findings=findings(), files=1, payloads=3))
    assert printed.getvalue() == rendered.encode("utf-8", errors="replace").decode()
