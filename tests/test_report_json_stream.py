"""The JSON report written as findings come: the same bytes as the rendered one, and no half
document anywhere when the run stops with an error."""

from __future__ import annotations

import io
import json
import sys

from click.testing import CliRunner

from tests.conftest import FIXTURES
from validator.cli import cli
from validator.findings import DocRow, Finding, Severity
from validator.report import Report, json_format
from validator.report.output import Destination, JsonStream, emit

INVALID = FIXTURES / "payloads" / "invalid"


def findings() -> list[Finding]:
    doc = DocRow("seeds/000.txt", 31, "Table 1")
    return [
        Finding(
            "S001",
            "type-mismatch",
            Severity.ERROR,
            "`code` is 400 \u00e9",
            "a.json",
            1,
            3,
            pointer="/error/code",
            doc=doc,
        ),
        Finding("E003", "placeholder-value", Severity.WARNING, "xxxx \u2028", "b.json", 2, 5),
        Finding("J001", "payload-not-json", Severity.ERROR, "lone \ud800", "c.jsonl", 9, 1),
    ]


def reference_render(report: Report) -> str:
    """The report as one json.dumps of the whole document, as it was written before streaming."""
    document = {
        "tool": {"name": report.tool_name, "version": report.tool_version},
        "findings": [finding.to_dict() for finding in report.findings],
        "summary": report.summary(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def test_the_report_in_parts_is_the_document_in_one_piece():
    for count in (0, 1, 3):
        report = Report(findings=findings()[:count], files=2, payloads=7)
        assert json_format.render(report) == reference_render(report)


def test_a_streamed_report_keeps_no_finding_and_writes_the_rendered_bytes(tmp_path):
    target = tmp_path / "report.json"
    stream = JsonStream(str(target))
    report = Report(findings=[], files=2, payloads=7, stream=stream)
    report.add(findings()[:2])
    report.add([])
    report.add(findings()[2:])
    assert report.findings == []
    emit(report, [Destination("json", str(target))])
    expected = reference_render(Report(findings=findings(), files=2, payloads=7))
    assert target.read_bytes() == expected.encode("utf-8", errors="replace")


def test_validate_streams_the_json_report_it_would_render(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the second report of the two-report run goes there
    streamed, rendered = tmp_path / "streamed.json", tmp_path / "rendered.json"
    json_to = ("--format", "json", "--output")
    runner = CliRunner()
    one = runner.invoke(cli, ["validate", str(INVALID), *json_to, str(streamed)])
    two = runner.invoke(cli, ["validate", str(INVALID), *json_to, str(rendered), *json_to, "b"])
    on_stdout = runner.invoke(cli, ["validate", str(INVALID), "--format", "json"])
    assert one.exit_code == two.exit_code == on_stdout.exit_code == 1
    assert streamed.read_bytes() == rendered.read_bytes()
    assert on_stdout.output.encode() == rendered.read_bytes()
    assert json.loads(rendered.read_bytes())["summary"]["findings"] > 0


def test_an_error_replaces_no_report_and_prints_no_half_document(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("the last good report\n")
    missing = str(tmp_path / "missing.json")
    runner = CliRunner()
    to_file = runner.invoke(cli, ["validate", str(INVALID), missing, "--format", "json",
                                  "--output", str(target)])  # fmt: skip
    to_stdout = runner.invoke(cli, ["validate", str(INVALID), missing, "--format", "json"])
    assert to_file.exit_code == to_stdout.exit_code == 2
    assert target.read_text() == "the last good report\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.json"]  # no staging file
    assert to_stdout.stdout == ""


def test_nothing_is_named_beside_the_report_while_the_run_goes_on(tmp_path):
    # A run killed by SIGTERM runs no clean-up: the staging file must have no name to leave.
    stream = JsonStream(str(tmp_path / "report.json"))
    stream(findings() * 9_000)  # 9.3 MB: more than the 8 MiB kept in memory, so on disk
    stream.flush()
    assert list(tmp_path.iterdir()) == []
    stream.abandon()


def test_standard_output_without_a_byte_buffer_still_gets_the_report(monkeypatch):
    printed = io.StringIO()
    monkeypatch.setattr(sys, "stdout", printed)
    report = Report(findings=[], files=1, payloads=3, stream=JsonStream(None))
    report.add(findings())
    emit(report, [Destination("json", None)])
    expected = reference_render(Report(findings=findings(), files=1, payloads=3))
    assert printed.getvalue() == expected.encode("utf-8", errors="replace").decode()
