"""``--format junit``: JUnit XML for CI test report viewers.

One ``<testsuite>`` per file (named by its path as given, in path order), one failing
``<testcase>`` per finding and one passing ``<testcase>`` per clean checked unit.

When a unit is clean: units only know the line they start on, so a file's units split it into
spans, each from its unit's start line up to the next unit's start line (the first also takes
any lines before it, the last runs to the end of the file). A unit is clean when no finding of
its file has a line in its span. Every finding is a failure, whatever its severity: the report
holds only what the run's selection kept. ``errors`` and ``skipped`` are always 0 (a run that
cannot read its input exits with status 2 before any report is written).

The output keeps to the attributes of the Jenkins xunit ``junit-10.xsd``: ``testcase`` has only
``classname`` (the path as given) and ``name`` (``CODE line:col pointer``), and a
``(classname, name)`` pair that repeats gets `` #2``, `` #3``... Characters XML 1.0 forbids are
written as ``\\uXXXX``; the rest is escaped as ElementTree escapes it (no CDATA is used), with its
indentation.

The document is written in pieces (``write_cases``, ``suite_head``, ``document_head``...), so
that a report of many payloads can be written from files as it comes (``JunitStream`` in
``junit_stream.py``) with the bytes ``render`` gives.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from envelint.common.findings import Finding
from envelint.report import CheckedUnit, Report

_XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
SUITE_TAIL = "\n  </testsuite>"
DOCUMENT_TAIL = "\n</testsuites>\n"

# A testcase before it is written: (line, name, failure), ``failure`` the written <failure>
# element of a finding's case, None for a clean unit's. The line orders it within its suite.
# A tuple rather than a dataclass: a streamed report spools one per payload, and plain tuples
# are made and pickled five times faster.
Case = tuple[int, str, str | None]


def render(report: Report) -> str:
    findings_by_path: dict[str, list[Case]] = defaultdict(list)
    for finding in report.findings:
        findings_by_path[finding.path].append(finding_case(finding))
    units_by_path: dict[str, list[Case]] = defaultdict(list)
    for unit in report.units:
        units_by_path[unit.path].append(unit_case(unit))
    suites: list[str] = []
    tests = failures = 0
    for path in sorted(findings_by_path.keys() | units_by_path.keys()):
        cases = sorted_cases(findings_by_path[path], units_by_path[path])
        written: list[str] = []
        suite_tests, suite_failures = write_cases(path, cases, written.append)
        suites.append(suite_head(path, suite_tests, suite_failures) + "".join(written) + SUITE_TAIL)
        tests, failures = tests + suite_tests, failures + suite_failures
    if not suites:
        return empty_document(report.tool_name)
    return document_head(report.tool_name, tests, failures) + "".join(suites) + DOCUMENT_TAIL


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
            failures += 1
            write(f"{tag}>\n      {failure}\n    </testcase>")
    return tests, failures


def finding_case(finding: Finding) -> Case:
    return (finding.line, _finding_case_name(finding), _failure(finding))


def unit_case(unit: CheckedUnit) -> Case:
    return (unit.line, unit.name, None)


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
    findings: list[Case] = []  # findings from the span's start on, as they came
    for case in cases:
        line, _, failure = case
        if failure is not None:
            findings.append(case)
        elif units and line == units[0][0]:
            units.append(case)
        else:  # a new span starts: every finding before it is in the last one
            before = [finding for finding in findings if finding[0] < line] if findings else []
            if before:
                findings = [finding for finding in findings if finding[0] >= line]
            if units:
                yield from _span(units, dirty or bool(before), before)
                dirty = False
            else:  # before the first unit: sorted first, and its span is dirty
                yield from _by_line(before)
                dirty = bool(before)
            units = [case]
    if units:
        yield from _span(units, dirty or bool(findings), findings)
    else:
        yield from _by_line(findings)


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


def _failure(finding: Finding) -> str:
    kind, message = _attribute(finding.code), _attribute(finding.message)
    details = _escaped_text(_body_text(_details(finding)))
    return f'<failure type="{kind}" message="{message}">{details}</failure>'


def _details(finding: Finding) -> str:
    lines = [
        f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
        f"{finding.severity.label} {finding.message} [{finding.rule}]"
    ]
    if finding.pointer is not None:
        lines.append(f"pointer: {finding.pointer or '(the whole document)'}")
    if finding.schema:
        lines.append(f"schema: {finding.schema}")
    if finding.doc is not None:
        table = f" ({finding.doc.table})" if finding.doc.table else ""
        lines.append(f"documented at {finding.doc.path}:{finding.doc.line}{table}")
    if finding.hint:
        lines.append(f"hint: {finding.hint}")
    if finding.excerpt is not None:
        lines.append(f"source: {finding.excerpt.rstrip()}")
    return "\n".join(lines)
