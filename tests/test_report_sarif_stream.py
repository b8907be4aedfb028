"""The SARIF log written from findings kept on disk as they come: the same bytes as the log
rendered from findings in memory, and no half log when the run stops with an error."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.conftest import FIXTURES
from validator.cli import cli
from validator.findings import DocRow, Finding, Severity
from validator.report import Report, sarif_format
from validator.report.output import Destination, SarifStream, emit
from validator.validate import rule_infos

INVALID = FIXTURES / "payloads" / "invalid"


def findings() -> list[Finding]:
    doc = DocRow("seeds/000.txt", 31, "Table 1")
    return [
        Finding("S001", "type-mismatch", Severity.ERROR, "`code` is 400", "a.json", 1, 3,
                pointer="/error/code", doc=doc, excerpt='{"code": 400}'),  # fmt: skip
        Finding("X101", "custom-rule", Severity.INFO, "not listed", "b.json", 2, 5),
        Finding("S001", "type-mismatch", Severity.ERROR, "`code` is 400", "a.json", 1, 3,
                pointer="/error/code", doc=doc),  # fmt: skip
        Finding("J001", "payload-not-json", Severity.ERROR, "lone \ud800", "c.jsonl", 9, 1),
    ]


def test_a_streamed_log_keeps_no_finding_and_writes_the_rendered_bytes(tmp_path):
    target = tmp_path / "report.sarif"
    stream = SarifStream(str(target))
    report = Report(findings=[], files=2, payloads=7, rules=rule_infos(), stream=stream)
    report.add(findings()[:2])
    report.add(findings()[2:])
    assert report.findings == []
    emit(report, [Destination("sarif", str(target))])
    rendered = Report(findings=findings(), files=2, payloads=7, rules=rule_infos())
    assert target.read_text(encoding="utf-8") == sarif_format.render(rendered)
    rules = json.loads(target.read_text())["runs"][0]["tool"]["driver"]["rules"]
    assert "X101" in [rule["id"] for rule in rules]  # a code the report did not list


def test_validate_streams_the_sarif_log_it_would_render(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sarif_to = ("--format", "sarif", "--output")
    runner = CliRunner()
    one = runner.invoke(cli, ["validate", str(INVALID), *sarif_to, "streamed.sarif"])
    two = runner.invoke(cli, ["validate", str(INVALID), *sarif_to, "rendered.sarif",
                              "--format", "json", "--output", "b.json"])  # fmt: skip
    on_stdout = runner.invoke(cli, ["validate", str(INVALID), "--format", "sarif"])
    assert one.exit_code == two.exit_code == on_stdout.exit_code == 1
    rendered = (tmp_path / "rendered.sarif").read_bytes()
    assert (tmp_path / "streamed.sarif").read_bytes() == rendered
    assert on_stdout.output.encode() == rendered
    assert json.loads(rendered)["runs"][0]["results"]


def test_an_error_replaces_no_log_and_prints_nothing(tmp_path):
    target = tmp_path / "report.sarif"
    target.write_text("the last good log\n")
    missing = str(tmp_path / "missing.json")
    runner = CliRunner()
    to_file = runner.invoke(cli, ["validate", str(INVALID), missing, "--format", "sarif",
                                  "--output", str(target)])  # fmt: skip
    to_stdout = runner.invoke(cli, ["validate", str(INVALID), missing, "--format", "sarif"])
    assert to_file.exit_code == to_stdout.exit_code == 2
    assert target.read_text() == "the last good log\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.sarif"]
    assert to_stdout.stdout == ""
