"""``--format junit``: JUnit XML for CI test report viewers.

One ``<testsuite>`` per file (named by its path as given, in path order), one ``<testcase>``
per finding and one passing ``<testcase>`` per clean checked unit.

Severities map as the exit code does: a finding at or above the fail level (``--fail-on``,
default error) is a ``<failure>``; below it, the test case passes and carries the finding in
``<system-err>`` (a warning) or ``<system-out>`` (an info), so CI shows it without failing.

When a unit is clean: units only know the line they start on, so a file's units split it into
spans, each from its unit's start line up to the next unit's start line (the first also takes
any lines before it, the last runs to the end of the file). A unit is clean when no finding of
its file has a line in its span (a finding below the fail level too: its case stands for the
unit). ``errors`` and ``skipped`` are always 0 (a run that
cannot read its input exits with status 2 before any report is written).

The output keeps to the attributes of the Jenkins xunit ``junit-10.xsd``: ``testcase`` has only
``classname`` (the path as given) and ``name`` (``CODE line:col pointer``), and a
``(classname, name)`` pair that repeats gets `` #2``, `` #3``... Characters XML 1.0 forbids are
written as ``\\uXXXX``; the rest is escaped as ElementTree escapes it (no CDATA is used), with its
indentation.

At scale (more than ``CASE_LIMIT`` test cases: a day of gateway traffic is hundreds of thousands
of payloads) the cases are grouped by capture file and operation: each file's suite holds one
test case per operation its findings were made against (``METHOD uri``, or ``(no operation)``),
failing when any of them is at or above the fail level, its element giving the count per rule
and the first ``GROUP_DETAILS`` findings, and one passing case for the file's clean payloads
with their count. Each suite's ``<properties>`` states the grouping (``envelint.grouping``).

The document gives its counts before its test cases, and orders each file's cases by line,
clean units among findings, so ``JunitWriter`` spools the cases as they come and writes the
document in pieces (``write_cases``, ``suite_head``, ``document_head``...) at the end.
"""

from __future__ import annotations

import math
import pickle
import re
import tempfile
from bisect import bisect_right
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from envelint.common.findings import Finding, Severity
from envelint.report import CheckedUnit, Report
from envelint.report.writer import Output, ReportWriter, spooled_file

_XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
CASE_LIMIT = 10_000  # test cases past which they are grouped by file and operation
GROUP_DETAILS = 10  # the findings a grouped case details
NO_OPERATION = "(no operation)"
GROUPING = (
    "test cases grouped by capture file and operation ({cases} cases exceed {limit}): one per "
    "operation with the count per rule and the first {details} findings, one for the clean "
    "payloads; the JSON report lists every finding"
)
SUITE_TAIL = "\n  </testsuite>"
DOCUMENT_TAIL = "\n</testsuites>\n"

# A testcase before it is written: (line, name, failure), ``failure`` the written element of a
# finding's case (<failure>, or <system-err>/<system-out> below the fail level), None for a
# clean unit's. The line orders it within its suite.
# A tuple rather than a dataclass: a streamed report spools one per payload, and plain tuples
# are made and pickled five times faster.
Case = tuple[int, str, str | None]


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold written as ``\\uXXXX``."""
    return _XML_FORBIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _body_text(text: str) -> str:
    """Element text with line ends made ``\\n``: a parser would turn a bare ``\\r`` into one
    anyway (attributes escape ``\\r``, where it survives)."""
    return xml_text(text).replace("\r\n", "\n").replace("\r", "\n")


def _escaped_text(text: str) -> str:
    """Element text escaped as ElementTree escapes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it (line ends and tabs kept as
    character references), after ``xml_text``."""
    text = _escaped_text(xml_text(text)).replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def document_head(tool_name: str, tests: int, failures: int) -> str:
    """The XML declaration and the opening tag of a ``testsuites`` that holds suites."""
    return XML_DECLARATION + _testsuites_tag(tool_name, tests, failures) + ">"


def empty_document(tool_name: str) -> str:
    return XML_DECLARATION + _testsuites_tag(tool_name, 0, 0) + " />\n"


def _testsuites_tag(tool_name: str, tests: int, failures: int) -> str:
    name = _attribute(tool_name)
    return f'<testsuites name="{name}" tests="{tests}" failures="{failures}" errors="0"'


def suite_head(path: str, tests: int, failures: int) -> str:
    counts = f'tests="{tests}" failures="{failures}" errors="0" skipped="0"'
    return f'\n  <testsuite name="{_attribute(path)}" {counts}>'


def write_cases(
    path: str, cases: Iterable[Case], write: Callable[[str], object]
) -> tuple[int, int]:
    """Write the testcases of one file's suite, in the order given; its (tests, failures)."""
    classname = _attribute(path)
    tests = failures = 0
    for _, name, failure in cases:
        tests += 1
        tag = f'\n    <testcase classname="{classname}" name="{_attribute(name)}"'
        if failure is None:
            write(tag + " />")
        else:
            failures += failure.startswith(_FAILURE_TAG)
            write(f"{tag}>\n      {failure}\n    </testcase>")
    return tests, failures


def finding_case(finding: Finding, fail_on: Severity = Severity.ERROR) -> Case:
    """A finding's test case: failing at or above ``fail_on``, else passing with the finding
    in its output (``<system-err>`` for a warning, ``<system-out>`` for an info)."""
    if finding.severity >= fail_on:
        body = _failure(finding)
    else:
        stream = "system-err" if finding.severity >= Severity.WARNING else "system-out"
        details = _escaped_text(_body_text(_details(finding)))
        body = f"<{stream}>{details}</{stream}>"
    return (finding.line, _finding_case_name(finding), body)


def sorted_cases(findings: list[Case], units: list[Case]) -> list[Case]:
    """One file's cases in order, with unique names: each finding (in report order) and each
    clean unit, by line (no clean unit shares a line with a finding: that finding makes it
    dirty)."""
    cases = findings + clean_units(units, findings)
    cases.sort(key=lambda case: case[0])
    return _unique_names(cases)


def clean_units(units: list[Case], findings: list[Case]) -> list[Case]:
    """The units of one file in which no finding falls (see the module docstring)."""
    starts = sorted({line for line, _, _ in units})
    if not starts:
        return []
    dirty_starts = {starts[max(0, bisect_right(starts, line) - 1)] for line, _, _ in findings}
    return [unit for unit in units if unit[0] not in dirty_starts]


def _unique_names(cases: list[Case]) -> list[Case]:
    """Suffix repeated names: within one suite the classname is the same for every case."""
    counts: dict[str, int] = defaultdict(int)
    unique = []
    for line, name, failure in cases:
        counts[name] += 1
        if counts[name] > 1:
            name = f"{name} #{counts[name]}"
        unique.append((line, name, failure))
    return unique


@dataclass
class SuiteOrder:
    """Whether one file's cases, as they come (units and findings mixed), can be sorted a span
    at a time (``spanwise_cases``): after a unit at line L, no case of a line before L comes,
    and each unit's name ends with its line (``payload at line 12``), as a finding's name
    carries its line after the code, so that a name repeats only within one line."""

    in_order: bool = True
    last_unit_line: float = -math.inf

    def see(self, case: Case) -> None:
        line, name, failure = case
        if line < self.last_unit_line:
            self.in_order = False
        if failure is None:
            self.last_unit_line = line
            if not name.endswith(f" {line}"):
                self.in_order = False


def spanwise_cases(cases: Iterable[Case]) -> Iterator[Case]:
    """``sorted_cases`` of one file's cases given as they came, in order by ``SuiteOrder``,
    holding only the cases of one span (from a unit to the next) at a time."""
    return _named_within_lines(_spans_in_order(cases))


def _spans_in_order(cases: Iterable[Case]) -> Iterator[Case]:
    units: list[Case] = []  # the units that start the current span (all of one line)
    dirty = False  # a finding before the first unit fell in the span
    findings = _PendingFindings()  # findings from the span's start on, as they came
    for case in cases:
        line, _, failure = case
        if failure is not None:
            findings.append(case)
        elif units and line == units[0][0]:
            units.append(case)
        else:  # a new span starts: every finding before it is in the last one
            before = findings.take_before(line)
            if units:
                yield from _span(units, dirty or bool(before), before)
                dirty = False
            else:  # before the first unit: sorted first, and its span is dirty
                yield from _by_line(before)
                dirty = bool(before)
            units = [case]
    rest = findings.take_before(math.inf)
    if units:
        yield from _span(units, dirty or bool(rest), rest)
    else:
        yield from _by_line(rest)


class _PendingFindings:
    """The findings of the current span and after, as they came. A report written whole gives
    a file's findings before its units, all at once and by line: taking those before a line
    from the front keeps each span's work to its own findings (filtering the whole list at
    every span made 20,000 findings take seconds)."""

    def __init__(self) -> None:
        self._cases: deque[Case] = deque()
        self._by_line = True  # every case came at or after the line of the one before

    def append(self, case: Case) -> None:
        if self._cases and case[0] < self._cases[-1][0]:
            self._by_line = False
        self._cases.append(case)

    def take_before(self, line: float) -> list[Case]:
        """The findings before ``line``, in the order they came; the rest stay."""
        cases = self._cases
        if self._by_line:
            before = []
            while cases and cases[0][0] < line:
                before.append(cases.popleft())
            return before
        before = [case for case in cases if case[0] < line]
        if before:
            self._cases = deque(case for case in cases if case[0] >= line)
        return before


def _span(units: list[Case], dirty: bool, findings: list[Case]) -> list[Case]:
    """A span's cases: its findings when it is dirty, else its units (it then has no finding)."""
    return _by_line(findings) if dirty else units


def _by_line(findings: list[Case]) -> list[Case]:
    # Most spans have no finding: a million calls to sorted([]) would cost 0.15 s.
    return sorted(findings, key=lambda case: case[0]) if len(findings) > 1 else findings


def _named_within_lines(cases: Iterator[Case]) -> Iterator[Case]:
    """``_unique_names`` for cases in line order whose names repeat only within a line."""
    counts: dict[str, int] = {}
    current_line = None
    for case in cases:
        line, name, failure = case
        if line != current_line:
            counts.clear()
            current_line = line
        count = counts[name] = counts.get(name, 0) + 1
        yield case if count == 1 else (line, f"{name} #{count}", failure)


def _finding_case_name(finding: Finding) -> str:
    name = f"{finding.code} {finding.line}:{finding.column}"
    return f"{name} {finding.pointer}" if finding.pointer else name


_FAILURE_TAG = "<failure "


def _failure(finding: Finding) -> str:
    kind, message = _attribute(finding.code), _attribute(finding.message)
    details = _escaped_text(_body_text(_details(finding)))
    return f'<failure type="{kind}" message="{message}">{details}</failure>'


def _details(finding: Finding, source: bool = True) -> str:
    """The finding in words; ``source`` adds its source line (a grouped case leaves it out: an
    access-log line is long, and the first line says where it is)."""
    lines = [
        f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
        f"{finding.severity.label} {finding.message} [{finding.rule}]"
    ]
    if finding.pointer is not None:
        lines.append(f"pointer: {finding.pointer or '(the whole document)'}")
    if finding.schema:
        lines.append(f"schema: {finding.schema}")
    if finding.doc is not None:
        lines.append(f"documented at {finding.doc.cited()}")
    if finding.hint:
        lines.append(f"hint: {finding.hint}")
    if source and finding.excerpt is not None:
        lines.append(f"source: {finding.excerpt.rstrip()}")
    return "\n".join(lines)


class JunitWriter(ReportWriter):
    """The JUnit report of the findings and checked units as they come.

    Each case (a tuple, its failure element already written) is pickled as it comes, in batches
    of one file's cases, into an unnamed temporary file. At the end each file's cases are read
    back and put in order (a span from one unit to the next at a time when they came in order,
    as ``validate`` gives them: ``SuiteOrder``; all at once when not) and written to a second
    temporary file, which gives the counts; the document is then written from it.
    """

    lists_units = True

    BATCH = 4096  # cases pickled together
    case_limit = CASE_LIMIT

    def __init__(self, output: Output) -> None:
        super().__init__(output)
        self._spool = spooled_file()
        self._suites: dict[str, _SpooledSuite] = {}
        self._batch: list[Case] = []
        self._batch_path: str | None = None
        self._suite = _SpooledSuite()  # the suite of the batch's path
        self._cases = 0
        self._groups: dict[tuple[str, str], OperationGroup] = {}

    def __call__(self, findings: list[Finding]) -> None:
        fail_on = self.display.fail_on
        groups = self._groups
        for finding in findings:
            self._add(finding.path, finding_case(finding, fail_on))
            key = (finding.path, finding.operation or NO_OPERATION)
            group = groups.get(key)
            if group is None:
                group = groups[key] = OperationGroup(key[1])
            group.add(finding, fail_on)

    def unit(self, unit: CheckedUnit) -> None:
        self._add(unit.path, (unit.line, unit.name, None))  # a unit's case: no failure

    def _add(self, path: str, case: Case) -> None:
        self._cases += 1
        if path != self._batch_path:
            self._spool_batch()
            self._batch_path = path
            self._suite = self._suites.setdefault(path, _SpooledSuite())
        elif len(self._batch) == self.BATCH:
            self._spool_batch()
        self._suite.order.see(case)
        self._batch.append(case)

    def _spool_batch(self) -> None:
        if self._batch:
            self._suite.batches.append(self._spool.tell())
            pickle.dump(self._batch, self._spool, pickle.HIGHEST_PROTOCOL)
            self._batch = []

    def write_end(self, report: Report) -> None:
        self._spool_batch()
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace", newline="\n") as text:
            grouped = self._cases > self.case_limit
            write_suite = self._write_grouped_suite if grouped else self._write_suite
            suites = [write_suite(path, text) for path in sorted(self._suites)]
            self._spool.close()
            if suites:
                self._write_document(report.tool_name, suites, text, self.output)
            else:
                self.output.write(empty_document(report.tool_name))

    def _write_suite(self, path: str, text: TextIO) -> _WrittenSuite:
        """Write the file's cases in order to ``text``, flushed after each suite."""
        ordered = self._ordered_cases(self._suites[path])
        start = text.buffer.tell()
        tests, failures = write_cases(path, ordered, text.write)
        text.flush()
        return _WrittenSuite(path, tests, failures, text.buffer.tell() - start)

    def _write_grouped_suite(self, path: str, text: TextIO) -> _WrittenSuite:
        """The file's cases grouped by operation, then one case for its clean payloads."""
        suite = self._suites[path]
        clean = sum(1 for case in self._ordered_cases(suite) if case[2] is None)
        groups = sorted(
            (group for (where, _), group in self._groups.items() if where == path),
            key=lambda group: group.operation,
        )
        statement = GROUPING.format(cases=self._cases, limit=self.case_limit, details=GROUP_DETAILS)
        start = text.buffer.tell()
        text.write(
            "\n    <properties>\n"
            f'      <property name="envelint.grouping" value="{_attribute(statement)}" />'
            "\n    </properties>"
        )
        cases = [group.case() for group in groups]
        if clean:
            cases.append((0, f"clean payloads ({clean})", None))
        tests, failures = write_cases(path, cases, text.write)
        text.flush()
        return _WrittenSuite(path, tests, failures, text.buffer.tell() - start)

    def _ordered_cases(self, suite: _SpooledSuite) -> Iterable[Case]:
        """The file's cases in order: a span at a time when they came in order (``SuiteOrder``),
        else (rare: a file named twice, say) held at once."""
        cases = self._spooled_cases(suite)
        if suite.order.in_order:
            return spanwise_cases(cases)
        held = list(cases)
        findings = [case for case in held if case[2] is not None]
        units = [case for case in held if case[2] is None]
        return sorted_cases(findings, units)

    def _spooled_cases(self, suite: _SpooledSuite) -> Iterator[Case]:
        for offset in suite.batches:
            self._spool.seek(offset)
            yield from pickle.load(self._spool)

    @staticmethod
    def _write_document(
        tool_name: str, suites: list[_WrittenSuite], text: TextIO, output: Output
    ) -> None:
        """The document, its suites copied from where ``_write_suite`` wrote them in ``text``."""
        written = text.buffer
        tests = sum(suite.tests for suite in suites)
        failures = sum(suite.failures for suite in suites)
        output.write(document_head(tool_name, tests, failures))
        written.seek(0)
        for suite in suites:
            output.write(suite_head(suite.path, suite.tests, suite.failures))
            output.copy_from(written, suite.size)
            output.write(SUITE_TAIL)
        output.write(DOCUMENT_TAIL)

    def abandon(self) -> None:
        self._spool.close()
        super().abandon()


@dataclass
class OperationGroup:
    """The findings of one capture file against one operation, as a grouped test case."""

    operation: str
    count: int = 0
    failing: int = 0  # at or above the fail level
    worst: Severity = Severity.INFO
    by_code: dict[str, int] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)

    def add(self, finding: Finding, fail_on: Severity) -> None:
        self.count += 1
        self.failing += finding.severity >= fail_on
        self.worst = max(self.worst, finding.severity)
        self.by_code[finding.code] = self.by_code.get(finding.code, 0) + 1
        if len(self.details) < GROUP_DETAILS:
            self.details.append(_details(finding, source=False))

    def case(self) -> Case:
        codes = ", ".join(f"{code} x{count}" for code, count in sorted(self.by_code.items()))
        summary = f"{self.count} findings ({codes})"
        shown = f"the first {len(self.details)} of {self.count}:"
        body = _escaped_text(_body_text("\n\n".join([summary + "; " + shown, *self.details])))
        if self.failing:
            message = _attribute(summary)
            return (
                0,
                self.operation,
                f'<failure type="grouped" message="{message}">{body}</failure>',
            )
        stream = "system-err" if self.worst >= Severity.WARNING else "system-out"
        return (0, self.operation, f"<{stream}>{body}</{stream}>")


@dataclass
class _SpooledSuite:
    """Where one file's cases are in a ``JunitWriter``'s spool, and whether they came in order."""

    batches: list[int] = field(default_factory=list)  # offsets of its pickled batches
    order: SuiteOrder = field(default_factory=SuiteOrder)


@dataclass(frozen=True)
class _WrittenSuite:
    path: str
    tests: int
    failures: int
    size: int  # bytes of its written test cases
