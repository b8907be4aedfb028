"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=F,line=L,col=C,endLine=L,endColumn=E,title=CODE rule-name::message``, with
``::warning`` and ``::notice`` for warnings and infos; errors first, then warnings, then notices,
each in report order. ``file`` is relative to the working directory when the file is below it
(GitHub matches annotations against repository paths), else the path as given; a payload read
from ``<stdin>`` has no file, so its location goes into the message. ``endColumn`` is exclusive;
``col`` and ``endColumn`` are left out when the span crosses lines, as GitHub requires. The
message carries the documentation row and the hint on further lines. A plain summary line ends
the output.
"""

from __future__ import annotations

import os

from validator.findings import Finding, Severity
from validator.report import Report
from validator.report.json_format import LONE_SURROGATE
from validator.report.sarif_format import (
    STDIN,
    finding_span,
    message_text,
    repository_path,
)

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}



def escape_data(text: str) -> str:
    """A command's message: what the Actions toolkit's ``escapeData`` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: ``escapeData`` plus ``:`` and ``,``, which end a value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    by_level = sorted(report.findings, key=lambda finding: -finding.severity)  # stable
    cwd = os.getcwd()
    lines = [annotation(finding, cwd) for finding in by_level]
    lines.append(summary_line(report))
    return LONE_SURROGATE.sub("\ufffd", "\n".join(lines) + "\n")


def annotation(finding: Finding, cwd: str) -> str:
    properties = _location_properties(finding, cwd)
    properties.append(("title", f"{finding.code} {finding.rule}"))
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[finding.severity]} {listed}::{escape_data(_message(finding))}"


def _location_properties(finding: Finding, cwd: str) -> list[tuple[str, str]]:
    if finding.path == STDIN:
        return []
    span = finding_span(finding)
    properties = [("file", repository_path(finding.path, cwd) or finding.path)]
    properties.append(("line", str(span.line)))
    if span.single_line:
        properties.append(("col", str(span.column)))
    properties.append(("endLine", str(span.end_line)))
    if span.single_line:
        properties.append(("endColumn", str(span.end_column)))
    return properties


def _message(finding: Finding) -> str:
    text = message_text(finding)
    if finding.path == STDIN:
        return f"{STDIN}:{finding.line}:{finding.column}: {text}"
    return text


def summary_line(report: Report) -> str:
    payloads = _count(report.payloads, "payload")
    files = _count(report.files, "file")
    if not report.findings:
        return f"{report.tool_name}: no findings in {payloads} from {files}."
    counts = {severity: 0 for severity in Severity}
    for finding in report.findings:
        counts[finding.severity] += 1
    parts = ", ".join(
        _count(counts[severity], COMMANDS[severity]) for severity in reversed(Severity)
    )
    findings = _count(len(report.findings), "finding")
    return f"{report.tool_name}: {findings} ({parts}) in {payloads} from {files}."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
