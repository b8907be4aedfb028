"""Reporters: turn a run's findings into text for people and formats for machines.

A format is one writer class (a ``writer.ReportWriter``) in its own module, registered in
``WRITERS`` below: the only list of formats. Its module is imported only when the format is
chosen. A writer is given the findings as they come and writes its report at the end; the
whole-report case is the same writer given what a ``Report`` kept. Reporters know findings and
the rules' descriptive metadata (``RuleInfo``, for SARIF), never the rules themselves.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from envelint import __version__
from envelint.common.errors import EnvelintError
from envelint.common.findings import Finding, Severity

if TYPE_CHECKING:
    from envelint.report.coverage import CoverageTable, ExchangeTally
    from envelint.report.writer import ReportWriter

# --format name -> (module, writer class): the only place a format is listed.
WRITERS = {
    "text": ("envelint.report.text_format", "TextWriter"),
    "json": ("envelint.report.json_format", "JsonWriter"),
    "sarif": ("envelint.report.sarif_format", "SarifWriter"),
    "junit": ("envelint.report.junit_format", "JunitWriter"),
    "github": ("envelint.report.github_format", "GithubWriter"),
    "gitlab": ("envelint.report.gitlab_format", "GitlabWriter"),
    "html": ("envelint.report.html_format", "HtmlWriter"),
}
FORMATS = tuple(WRITERS)
# ``envelint coverage --format``: here, so that defining the command imports no coverage code.
COVERAGE_FORMATS = ("text", "json", "markdown")
TOOL_NAME = "envelint"

# What a report counts its findings by: (code, rule, severity).
Tally = tuple[str, str, Severity]
# What ``--max-findings`` caps: a rule's findings on one operation (``METHOD uri``; the schema
# checked against for a payload tied to no operation, None for a page).
CapKey = tuple[str, str | None]


@dataclass(frozen=True)
class RuleInfo:
    """What a reporter may know of a rule: its description, not its logic."""

    code: str
    name: str
    severity: Severity
    summary: str
    description: str


@dataclass(frozen=True)
class CheckedUnit:
    """One thing that was checked (a payload, a documented example or a page): JUnit needs the
    clean ones too."""

    path: str
    name: str  # e.g. "line 12", "payload 3", "example at line 40"
    line: int = 1


class FindingStream:
    """Where a report's findings go as they are added, instead of being kept: called with each
    batch (a report writer, ``writer.ReportWriter``). The hooks do nothing unless a stream
    needs them."""

    def __call__(self, findings: list[Finding]) -> None:
        raise NotImplementedError

    def unit(self, unit: CheckedUnit) -> None:
        """A checked unit, for a report that lists the clean ones (JUnit)."""

    def finish(self, report: Report) -> None:
        """Write the rest of the report: what was held back, then what follows the findings."""

    def abandon(self) -> None:
        """The run failed: throw away what was staged (text on standard output is written
        instead: what was found before the error is shown with it)."""


@dataclass
class Report:
    """A run's findings and counts.

    With ``stream`` set, findings and checked units go to it as they are added and only the
    findings' counts are kept, so memory stays flat however many payloads are checked or fail
    (every format streams when it is the run's one report and nothing suppresses findings).
    """

    findings: list[Finding]
    files: int = 0
    payloads: int = 0
    units: list[CheckedUnit] = field(default_factory=list)
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    tool_name: str = TOOL_NAME
    tool_version: str = __version__
    statistics: bool = False
    stream: FindingStream | None = None
    # (code, rule, severity) -> count
    streamed: Counter[Tally] = field(default_factory=Counter)
    # What the traffic exercised, when the run tracks coverage (``envelint coverage``, html)
    exchanges: ExchangeTally | None = None
    coverage: CoverageTable | None = None  # laid over the catalog's operations at the end
    # --max-findings: at most this many findings reported per rule and operation; the rest are
    # counted (``unreported``), never written. None: every finding is reported.
    max_findings: int | None = None
    unreported: Counter[Tally] = field(default_factory=Counter)
    _reported_per: Counter[CapKey] = field(default_factory=Counter, repr=False)

    def add(self, findings: list[Finding]) -> None:
        if self.stream is None:
            self.findings.extend(findings)  # capped at the end (``cap_kept``), once suppressed
            return
        if self.max_findings is not None:
            findings = self._capped(findings)
        if findings:
            self.stream(findings)
            streamed = self.streamed
            for finding in findings:
                streamed[finding.code, finding.rule, finding.severity] += 1

    def cap_kept(self) -> None:
        """``--max-findings`` on the kept findings (a streamed report is capped as it goes)."""
        if self.max_findings is not None and self.stream is None:
            self.findings = self._capped(self.findings)

    def _capped(self, findings: list[Finding]) -> list[Finding]:
        """The findings still under the cap; the others counted in ``unreported``."""
        limit, reported_per = self.max_findings, self._reported_per
        kept = []
        for finding in findings:
            key = (finding.code, finding.operation or finding.schema)
            if limit is None or reported_per[key] < limit:
                reported_per[key] += 1
                kept.append(finding)
            else:
                self.unreported[finding.code, finding.rule, finding.severity] += 1
        return kept

    def unreported_total(self) -> int:
        return sum(self.unreported.values())

    def add_unit(self, unit: CheckedUnit) -> None:
        if self.stream is None:
            self.units.append(unit)
        else:
            self.stream.unit(unit)

    def stop_stream(self) -> None:
        """The run stops on an error: streamed text on standard output shows what was found
        before it; a staged document (any other) is thrown away, so that no half report is left
        anywhere."""
        if self.stream is not None:
            self.stream.abandon()

    @contextmanager
    def stream_stopped_on_error(self) -> Iterator[None]:
        """Around the checking: an ``EnvelintError`` stops the stream (``stop_stream``)."""
        try:
            yield
        except EnvelintError:
            self.stop_stream()
            raise

    def tally(self) -> Counter[Tally]:
        """(code, rule, severity) -> count, over kept and streamed findings."""
        counts = Counter((f.code, f.rule, f.severity) for f in self.findings)
        counts.update(self.streamed)
        counts.update(self.unreported)
        return counts

    def by_code(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for (code, _, _), count in self.tally().items():
            counts[code] += count
        return dict(sorted(counts.items()))

    def total(self) -> int:
        return len(self.findings) + sum(self.streamed.values()) + self.unreported_total()

    def summary(self) -> dict[str, Any]:
        """The counts count every finding, reported or not; with ``--max-findings``, how many
        of them were not reported."""
        summary: dict[str, Any] = {
            "files": self.files,
            "payloads": self.payloads,
            "findings": self.total(),
            "by_code": self.by_code(),
        }
        if self.max_findings is not None:
            summary["max_findings"] = self.max_findings
            summary["unreported"] = self.unreported_total()
        return summary


def writer_class(format_name: str) -> type[ReportWriter]:
    """The writer of ``format_name``, its module imported now (and only now)."""
    if format_name not in WRITERS:
        raise ValueError(f"unknown format {format_name!r} (expected one of {', '.join(FORMATS)})")
    module, name = WRITERS[format_name]
    writer: type[ReportWriter] = getattr(importlib.import_module(module), name)
    return writer


def render(format_name: str, report: Report) -> str:
    """The whole report as its file would hold it (no colour), written by the format's writer
    from what ``report`` kept."""
    from envelint.report.writer import CapturedOutput

    output = CapturedOutput()
    writer_class(format_name)(output).write_report(report)
    return output.text
