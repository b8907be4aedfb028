"""JSON and SARIF reports written from findings as they come: the same bytes as the report
rendered from findings in memory, the findings kept out of memory, and no half report, no
leftover file, when the run stops with an error or is killed."""

from __future__ import annotations

import io
import json
import sys
import tempfile

import pytest
from click.testing import CliRunner

from tests.conftest import FIXTURES
from validator.cli import cli
from validator.findings import DocRow, Finding, Severity
from validator.report import Report, json_format, sarif_format
from validator.report.output import Destination, JsonStream, SarifStream, emit
from validator.validate import rule_infos

INVALID = FIXTURES / "payloads" / "invalid"
STREAMS = {"json": JsonStream, "sarif": SarifStream}
RENDER = {"json": json_format.render, "sarif": sarif_format.render}


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
        assert json_format.render(report) == reference


@pytest.mark.parametrize("format_name", ["json", "sarif"])
def test_a_streamed_report_keeps_no_finding_and_writes_the_rendered_bytes(tmp_path, format_name):
    target = tmp_path / f"report.{format_name}"
    stream = STREAMS[format_name](str(target))
    report = Report(findings=[], files=2, payloads=7, rules=rule_infos(), stream=stream)
    report.add(findings()[:2])
    report.add([])
    report.add(findings()[2:])
    assert report.findings == []
    emit(report, [Destination(format_name, str(target))])
    rendered = RENDER[format_name](Report(findings(), files=2, payloads=7, rules=rule_infos()))
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


@pytest.mark.parametrize("format_name", ["json", "sarif"])
def test_an_error_replaces_no_report_and_prints_nothing(tmp_path, format_name):
    target = tmp_path / "report"
    target.write_text("the last good report\n")
    missing = str(tmp_path / "missing.json")
    runner = CliRunner()
    to_file = runner.invoke(cli, ["validate", str(INVALID), missing, "--format", format_name,
                                  "--output", str(target)])  # fmt: skip
    to_stdout = runner.invoke(cli, ["validate", str(INVALID), missing, "--format", format_name])
    assert to_file.exit_code == to_stdout.exit_code == 2
    assert target.read_text() == "the last good report\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report"]  # no staging file
    assert to_stdout.stdout == ""


@pytest.mark.parametrize("format_name", ["json", "sarif"])
def test_no_file_has_a_name_while_the_run_goes_on(tmp_path, monkeypatch, format_name):
    # A run killed by SIGTERM runs no clean-up: what is staged must have no name to leave.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    stream = STREAMS[format_name](str(tmp_path / "report"))
    stream(findings() * 8_000)  # over the 8 MiB kept in memory in both formats: on disk
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tmp"]
    assert list(temporary.iterdir()) == []
    stream.abandon()


def test_standard_output_without_a_byte_buffer_still_gets_the_report(monkeypatch):
    printed = io.StringIO()
    monkeypatch.setattr(sys, "stdout", printed)
    report = Report(findings=[], files=1, payloads=3, stream=JsonStream(None))
    report.add(findings())
    emit(report, [Destination("json", None)])
    rendered = json_format.render(Report(findings=findings(), files=1, payloads=3))
    assert printed.getvalue() == rendered.encode("utf-8", errors="replace").decode()
