"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=F,line=L,col=C,endLine=L,endColumn=E,title=CODE rule-name::message``, with
``::warning`` and ``::notice`` for warnings and infos; errors first, then warnings, then notices,
each in report order. ``file`` is relative to the working directory when the file is below it
(GitHub matches annotations against repository paths), else the path as given; a payload read
from ``<stdin>`` has no file, so its location goes into the message. ``endColumn`` is exclusive;
``col`` and ``endColumn`` are left out when the span crosses lines, as GitHub requires. The
message carries the documentation row and the hint on further lines. A plain summary line ends
the output.

Annotations are written as the findings come (``GithubWriter``): the errors at once, the
warnings and notices to an unnamed temporary file per severity, copied after the errors at the
end.
"""

from __future__ import annotations

import os

from envelint.common.findings import Finding, Severity
from envelint.common.paths import STDIN_NAME
from envelint.report import Report
from envelint.report.json_format import LONE_SURROGATE
from envelint.report.sarif_format import (
    finding_span,
    message_text,
    repository_path,
)
from envelint.report.text_format import escape
from envelint.report.writer import BlockWriter, Output, spooled_file

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A command's message: what the Actions toolkit's ``escapeData`` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: ``escapeData`` plus ``:`` and ``,``, which end a value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubWriter(BlockWriter):
    """Errors first, then warnings, then notices, each in the order they came: errors are
    written as they come, the others kept in a temporary file per severity until the end."""

    def __init__(self, output: Output) -> None:
        super().__init__(output)
        self._later = {severity: spooled_file() for severity in (Severity.WARNING, Severity.INFO)}
        self._cwd = os.getcwd()

    def write_end(self, report: Report) -> None:
        self.write_pending()
        for later in self._later.values():
            size = later.tell()
            later.seek(0)
            self.output.copy_from(later, size)
            later.close()
        self.output.write(summary_text(report))

    def abandon(self) -> None:
        for later in self._later.values():
            later.close()
        super().abandon()

    def write_block(self, findings: list[Finding]) -> None:
        for finding in findings:
            line = annotation_line(finding, self._cwd)
            if finding.severity == Severity.ERROR:
                self.output.write(line)
            else:
                self._later[finding.severity].write(line.encode("utf-8", errors="replace"))


def annotation_line(finding: Finding, cwd: str) -> str:
    """An annotation with its line end, writable as UTF-8."""
    return _writable(annotation(finding, cwd) + "\n")


def summary_text(report: Report) -> str:
    return _writable(summary_line(report) + "\n")


def _writable(text: str) -> str:
    # A payload's broken \ud800 escape can reach a message; it cannot be written as UTF-8.
    return LONE_SURROGATE.sub("\ufffd", text)


def annotation(finding: Finding, cwd: str) -> str:
    properties = _location_properties(finding, cwd)
    properties.append(("title", f"{finding.code} {finding.rule}"))
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[finding.severity]} {listed}::{escape_data(_message(finding))}"


def _location_properties(finding: Finding, cwd: str) -> list[tuple[str, str]]:
    if finding.path == STDIN_NAME:
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
    # Payload text (a key holding ESC or an OSC sequence) must not drive the log's viewer.
    text = "\n".join(escape(line) for line in message_text(finding).split("\n"))
    if finding.path == STDIN_NAME:
        return f"{STDIN_NAME}:{finding.line}:{finding.column}: {text}"
    return text


def summary_line(report: Report) -> str:
    payloads = _count(report.payloads, "payload")
    files = _count(report.files, "file")
    total = report.total()  # the findings kept and the findings streamed
    if not total:
        return f"{report.tool_name}: no findings in {payloads} from {files}."
    counts = {severity: 0 for severity in Severity}
    for (_, _, severity), count in report.tally().items():
        counts[severity] += count
    parts = ", ".join(
        _count(counts[severity], COMMANDS[severity]) for severity in reversed(Severity)
    )
    findings = _count(total, "finding")
    return f"{report.tool_name}: {findings} ({parts}) in {payloads} from {files}."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
