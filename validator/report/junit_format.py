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
written as ``\\uXXXX``; ElementTree escapes the rest (no CDATA is used).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from validator.findings import Finding
from validator.report import CheckedUnit, Report

_XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class _Case:
    """A testcase before serialization: its line orders it within the suite."""

    line: int
    name: str
    finding: Finding | None = None


def render(report: Report) -> str:
    findings_by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        findings_by_path[finding.path].append(finding)
    units_by_path: dict[str, list[CheckedUnit]] = defaultdict(list)
    for unit in report.units:
        units_by_path[unit.path].append(unit)

    root = ET.Element("testsuites", name=xml_text(report.tool_name))
    totals = {"tests": 0, "failures": 0}
    for path in sorted(findings_by_path.keys() | units_by_path.keys()):
        cases = _cases(findings_by_path[path], units_by_path[path])
        root.append(_suite(path, cases))
        totals["tests"] += len(cases)
        totals["failures"] += sum(case.finding is not None for case in cases)
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold written as ``\\uXXXX``."""
    return _XML_FORBIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _body_text(text: str) -> str:
    """Element text with line ends made ``\\n``: a parser would turn a bare ``\\r`` into one
    anyway (ElementTree escapes ``\\r`` in attributes, where it survives)."""
    return xml_text(text).replace("\r\n", "\n").replace("\r", "\n")


def clean_units(units: list[CheckedUnit], findings: list[Finding]) -> list[CheckedUnit]:
    """The units of one file in which no finding falls (see the module docstring)."""
    starts = sorted({unit.line for unit in units})
    if not starts:
        return []
    dirty_starts = {starts[max(0, bisect_right(starts, f.line) - 1)] for f in findings}
    return [unit for unit in units if unit.line not in dirty_starts]


def _cases(findings: list[Finding], units: list[CheckedUnit]) -> list[_Case]:
    cases = [_Case(finding.line, _finding_case_name(finding), finding) for finding in findings]
    cases += [_Case(unit.line, unit.name) for unit in clean_units(units, findings)]
    cases.sort(key=lambda case: (case.line, case.finding is not None))
    return _unique_names(cases)


def _finding_case_name(finding: Finding) -> str:
    name = f"{finding.code} {finding.line}:{finding.column}"
    return f"{name} {finding.pointer}" if finding.pointer else name


def _unique_names(cases: list[_Case]) -> list[_Case]:
    """Suffix repeated names: within one suite the classname is the same for every case."""
    counts: dict[str, int] = defaultdict(int)
    unique = []
    for case in cases:
        counts[case.name] += 1
        if counts[case.name] > 1:
            case = _Case(case.line, f"{case.name} #{counts[case.name]}", case.finding)
        unique.append(case)
    return unique


def _suite(path: str, cases: list[_Case]) -> ET.Element:
    failures = sum(case.finding is not None for case in cases)
    suite = ET.Element(
        "testsuite",
        name=xml_text(path),
        tests=str(len(cases)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    for case in cases:
        element = ET.SubElement(
            suite, "testcase", classname=xml_text(path), name=xml_text(case.name)
        )
        if case.finding is not None:
            element.append(_failure(case.finding))
    return suite


def _failure(finding: Finding) -> ET.Element:
    failure = ET.Element("failure", type=xml_text(finding.code), message=xml_text(finding.message))
    failure.text = _body_text(_details(finding))
    return failure


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
