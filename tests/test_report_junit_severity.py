"""JUnit maps severities as the exit code does: only what fails the run fails a test case;
a warning below the fail level is reported in <system-err>, an info in <system-out>."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from envelint.common.findings import Severity
from envelint.report import CheckedUnit, Report
from envelint.report.output import Destination, Display, streaming_report
from tests import factories
from tests.conftest import FIXTURES
from tests.helpers import run_cli


def junit_of(tmp_path: Path, fail_on: Severity, *severities: Severity) -> ET.Element:
    target = tmp_path / "report.xml"
    stream = streaming_report(
        [Destination("junit", str(target), Display(fail_on=fail_on))], suppressing=False
    )
    assert stream is not None
    findings = [
        factories.make_finding(severity=severity, line=index + 1, code=f"S00{index + 1}")
        for index, severity in enumerate(severities)
    ]
    stream(findings)
    stream.unit(CheckedUnit("captures/a.json", "payload at line 1", 1))
    stream.unit(CheckedUnit("captures/a.json", "payload at line 20", 20))  # clean
    stream.finish(Report(findings=[]))
    return ET.parse(target).getroot()


def outcome(case: ET.Element) -> str:
    children = [child.tag for child in case]
    return children[0] if children else "passed"


def test_only_errors_fail_by_default(tmp_path: Path):
    root = junit_of(tmp_path, Severity.ERROR, Severity.ERROR, Severity.WARNING, Severity.INFO)

    assert [outcome(case) for case in root.iter("testcase")] == [
        "failure", "system-err", "system-out", "passed"
    ]  # fmt: skip
    assert (root.get("tests"), root.get("failures")) == ("4", "1")
    assert root.find("testsuite").get("failures") == "1"


def test_fail_on_warning_makes_warnings_fail_too(tmp_path: Path):
    root = junit_of(tmp_path, Severity.WARNING, Severity.ERROR, Severity.WARNING, Severity.INFO)

    assert [outcome(case) for case in root.iter("testcase")] == [
        "failure", "failure", "system-out", "passed"
    ]  # fmt: skip
    assert root.get("failures") == "2"


def test_the_reported_warning_carries_its_details(tmp_path: Path):
    root = junit_of(tmp_path, Severity.ERROR, Severity.WARNING)

    text = root.find(".//system-err").text
    assert text.startswith("captures/a.json:1:") and " S001 warning " in text


def test_command_line_fail_on_reaches_the_junit_report(tmp_path: Path):
    report = tmp_path / "junit.xml"
    typo = str(FIXTURES / "payloads" / "invalid" / "jobid-typo.json")  # one S003 warning

    default = run_cli("validate", "--format", "junit", "--output", str(report), typo)
    passing = ET.parse(report).getroot().get("failures")
    strict = run_cli(
        "validate", "--fail-on", "warning", "--format", "junit", "--output", str(report), typo
    )

    assert (default.exit_code, passing) == (0, "0")
    assert (strict.exit_code, ET.parse(report).getroot().get("failures")) == (1, "1")
