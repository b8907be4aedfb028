"""Reporters: turn a run's findings into text for people and formats for machines.

A reporter is a module with ``render(report: Report) -> str``. Reporters know findings and the
rules' descriptive metadata (for SARIF), never the rules themselves.
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field

from validator import __version__
from validator.findings import Finding, Severity

FORMATS = ("text", "json", "sarif", "junit", "github")


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


@dataclass
class Report:
    findings: list[Finding]
    files: int = 0
    payloads: int = 0
    units: list[CheckedUnit] = field(default_factory=list)
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    tool_name: str = "envelint"
    tool_version: str = __version__
    color: bool = False
    statistics: bool = False

    def by_code(self) -> dict[str, int]:
        counts = Counter(finding.code for finding in self.findings)
        return dict(sorted(counts.items()))

    def summary(self) -> dict:
        return {
            "files": self.files,
            "payloads": self.payloads,
            "findings": len(self.findings),
            "by_code": self.by_code(),
        }


def render(format_name: str, report: Report) -> str:
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r} (expected one of {', '.join(FORMATS)})")
    module = importlib.import_module(f"validator.report.{format_name}_format")
    return module.render(report)
