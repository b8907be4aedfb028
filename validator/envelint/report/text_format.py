"""``--format text``: ``path:line:col: CODE severity message [rule]``, an excerpt and a caret,
then a summary line (none with ``-q``). With ``--statistics``, only the count of each rule's
findings, as ruff prints them.

On standard output the findings are shown as they come (coloured on a terminal); to a file they
are staged like every other report. Control characters from payloads and paths are escaped
(``\x1b``, ``\u202e``), as ruff and git do, so a payload cannot drive the terminal.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace

from envelint.common.findings import CheckedAgainst, Finding, Severity
from envelint.report import Report
from envelint.report.writer import BlockWriter, Output

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


class TextWriter(BlockWriter):
    """The findings, rendered a block at a time (each batch at once on standard output), then
    the summary."""

    shown_as_it_comes = True

    def __init__(self, output: Output) -> None:
        super().__init__(output)
        self._repeats = _Repeats()
        self._heading: tuple[str, CheckedAgainst | None] | None = None

    def write_end(self, report: Report) -> None:
        if self.display.statistics or report.statistics:
            lines = _statistics_lines(report)
        else:
            self.write_pending()
            self._write_repeats()
            lines = [] if self.display.quiet else [_summary_line(report)]
        if lines:
            self.output.write("\n".join(lines) + "\n")

    def write_report(self, report: Report) -> None:
        if report.statistics:
            self.display = replace(self.display, statistics=True)
        super().write_report(report)

    def abandon(self) -> None:
        if self.output.live:
            self.write_pending()  # what was found before the error is shown with it
            self._write_repeats()
        super().abandon()

    def write_block(self, findings: list[Finding]) -> None:
        if self.display.statistics:
            return  # only the counts are shown
        first_times = [finding for finding in findings if self._repeats.first(finding)]
        if not first_times:
            return
        color = self.output.color
        lines: list[str] = []
        for finding in first_times:
            heading = (finding.path, finding.against)
            if heading != self._heading:
                self._heading = heading
                lines.extend(_against_line(finding, color))
            lines.extend(_finding_lines(finding, color))
        self.output.write("\n".join(lines) + "\n")

    def _write_repeats(self) -> None:
        lines = self._repeats.lines(self.output.color)
        if lines:
            self.output.write("\n".join(lines) + "\n")


# At most this many distinct findings are remembered for grouping (memory stays flat on a long
# log: past it, a new finding is always shown in full), and this many places listed per group.
_REMEMBERED = 10_000
_PLACES_LISTED = 1_000


class _Repeats:
    """Findings of one repeated text: the same code and message on the same source text (a
    boilerplate paragraph on many pages, one record logged many times), found at several places.

    The first is shown in full as it comes; the others are one group at the end of the report,
    the message once and then each place. Other formats list every finding.
    """

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str, str], list[str]] = {}
        self._first: dict[tuple[str, str, str], Finding] = {}
        self._more: dict[tuple[str, str, str], int] = {}

    def first(self, finding: Finding) -> bool:
        """True when ``finding`` is shown in full: its text was not seen at another place."""
        if finding.excerpt is None:
            return True
        key = (finding.code, finding.message, finding.excerpt.strip())
        places = self._groups.get(key)
        if places is None:
            if len(self._groups) < _REMEMBERED:
                self._groups[key] = []
                self._first[key] = finding
            return True
        if len(places) < _PLACES_LISTED:
            places.append(f"{finding.path}:{finding.line}:{finding.column}")
        else:
            self._more[key] = self._more.get(key, 0) + 1
        return False

    def lines(self, color: bool) -> list[str]:
        lines: list[str] = []
        for key, places in self._groups.items():
            if not places:
                continue
            first = self._first[key]
            more = self._more.get(key, 0)
            count = len(places) + more
            location = escape(f"{first.path}:{first.line}:{first.column}:")
            if color:
                location = f"{_BOLD}{location}{_RESET}"
            lines.append(
                f"{location} {first.code} the same finding at {count} more "
                f"place{'s' if count != 1 else ''}: {escape(first.message)} [{first.rule}]"
            )
            lines.extend(f"  {escape(place)}" for place in places)
            if more:
                lines.append(f"  ... and {more} more")
            places.clear()
            self._more.pop(key, None)
        return lines


def render_findings(findings: list[Finding], color: bool) -> str:
    """The lines of some findings, without a summary."""
    return "\n".join(line for finding in findings for line in _finding_lines(finding, color))


# C0 and C1 control characters (but tab, expanded in excerpts), DEL, and the invisible marks
# that reorder or hide text (bidirectional controls, zero-width characters, line separators).
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def escape(text: str) -> str:
    """``text`` with the characters that could drive or deceive a terminal written as escapes
    (``\x1b``, ``\u202e``), as ruff and git show them."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_CHOSEN = {
    "shape": "chosen by the body's shape",
    "forced": "named by --schema",
    "mapping": "mapped in the configuration",
}


def _against_line(finding: Finding, color: bool) -> list[str]:
    """Once for each run of findings on payloads checked against the same response: what
    that response is (its operation and page), and how it was chosen when not by the HTTP
    context. Nothing when the payload had no documented response."""
    against = finding.against
    if against is None or against.schema is None:
        return []
    if against.page and _same_file(against.page, finding.path):
        return []  # a documented example, checked against its own page (lint)
    parts = [against.operation or f"schema {against.schema}"]
    if against.page:
        parts.append(f"documented in {against.page}")
    if against.operation:
        parts.append(f"schema {against.schema}")
    chosen = _CHOSEN.get(against.selection)
    if chosen:
        parts.append(chosen)
    if against.candidates:
        parts.append(f"of {len(against.candidates)} candidates")
    line = escape(f"{finding.path}: checked against {', '.join(parts)}")
    return [f"{_DIM}{line}{_RESET}" if color else line]


def _same_file(first: str, second: str) -> bool:
    return os.path.abspath(first) == os.path.abspath(second)


def _finding_lines(finding: Finding, color: bool) -> list[str]:
    location = escape(f"{finding.path}:{finding.line}:{finding.column}:")
    severity = finding.severity.label
    if color:
        location = f"{_BOLD}{location}{_RESET}"
        severity = f"{_COLORS[finding.severity]}{severity}{_RESET}"
    lines = [f"{location} {finding.code} {severity} {escape(finding.message)} [{finding.rule}]"]
    if finding.excerpt is not None:
        lines.extend(_excerpt_lines(finding, finding.excerpt))
    if finding.doc is not None:
        lines.append(escape(f"  = documented at {finding.doc.cited()}"))
    if finding.hint:
        lines.append(escape(f"  = hint: {finding.hint}"))
    return lines


def _excerpt_lines(finding: Finding, source_line: str) -> list[str]:
    """The finding's excerpt (``source_line``) with a caret under the column."""
    excerpt = source_line.rstrip("\r\n").expandtabs(1)
    if len(excerpt) > 200:  # keep long single-line payloads readable: a window round the column
        start = max(0, finding.column - 80)
        prefix = "..." if start else ""
        excerpt = prefix + excerpt[start : start + 160] + "..."
        caret_at = finding.column - start + len(prefix)
    else:
        caret_at = finding.column
    width = 1
    if finding.end_line in (None, finding.line) and finding.end_column:
        width = max(1, min(finding.end_column - finding.column, len(excerpt) - caret_at + 1))
    # Escapes widen the text: the caret moves with what precedes it and spans what it marks.
    marked = excerpt[caret_at - 1 : caret_at - 1 + width]
    caret_at = len(escape(excerpt[: caret_at - 1])) + 1
    width = max(1, len(escape(marked))) if marked else width
    gutter = f"{finding.line:>5} | "
    blank_gutter = " " * (len(gutter) - 2) + "| "
    return [gutter + escape(excerpt), blank_gutter + " " * (caret_at - 1) + "^" * width]


def _summary_line(report: Report) -> str:
    total = report.total()
    if not total and not report.files:
        return "Nothing was checked: no file to check."
    if not total:
        return f"No findings in {_units(report)}."
    counts = {severity: 0 for severity in Severity}
    for (_, _, severity), count in report.tally().items():
        counts[severity] += count
    parts = [f"{counts[s]} {s.label}{'s' if counts[s] != 1 else ''}" for s in reversed(Severity)]
    noun = "finding" if total == 1 else "findings"
    line = f"Found {total} {noun} ({', '.join(parts)}) in {_units(report)}."
    unreported = report.unreported_total()
    if unreported:
        line += (
            f"\n{unreported} of them not shown: at most {report.max_findings} per rule and"
            " operation (--max-findings)."
        )
    return line


def _units(report: Report) -> str:
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    payloads = f"{report.payloads} payload{'s' if report.payloads != 1 else ''}"
    return f"{payloads} from {files}"


def _statistics_lines(report: Report) -> list[str]:
    names = {code: rule for code, rule, _ in report.tally()}
    return [f"{count:>7}  {code} {names[code]}" for code, count in report.by_code().items()]
