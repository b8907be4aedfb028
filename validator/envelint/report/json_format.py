"""``--format json``: the stable machine-readable report.

The document is written in three parts (what comes before the findings, each finding, what
follows them), so that a long run writes its findings as they come, and the whole is still
byte for byte ``json.dumps(..., indent=2, ensure_ascii=False)`` of the document.
"""

from __future__ import annotations

import json
import re

import orjson

from envelint import __version__
from envelint.common.findings import Finding
from envelint.report import TOOL_NAME, Report
from envelint.report.writer import Output, ReportWriter

_INDENT = "  "
_ENCODER = json.JSONEncoder(indent=2, ensure_ascii=False)  # json.dumps makes one a call
_INDENTED = orjson.OPT_INDENT_2
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # a broken \ud800 escape: not writable as UTF-8


class JsonWriter(ReportWriter):
    """The head at once, each finding as it comes (the output buffers), the tail at the end."""

    def __init__(self, output: Output) -> None:
        super().__init__(output)
        output.write(document_head(TOOL_NAME, __version__))
        self._any_findings = False

    def __call__(self, findings: list[Finding]) -> None:
        write = self.output.write
        for finding in findings:
            write(finding_part(finding, first=not self._any_findings))
            self._any_findings = True

    def write_end(self, report: Report) -> None:
        self.output.write(document_tail(report, any_findings=self._any_findings))


def document_head(tool_name: str, tool_version: str) -> str:
    """From the opening brace to the opening bracket of ``findings``."""
    tool = {"name": tool_name, "version": tool_version}
    return '{\n  "tool": ' + nested(tool, 1) + ',\n  "findings": ['


def finding_part(finding: Finding, *, first: bool) -> str:
    return ("\n" if first else ",\n") + _INDENT * 2 + nested(finding.to_dict(), 2)


def document_tail(report: Report, *, any_findings: bool) -> str:
    """From the closing bracket of ``findings`` to the end of the document."""
    closing = "\n" + _INDENT + "]" if any_findings else "]"
    return closing + ',\n  "summary": ' + nested(report.summary(), 1) + "\n}\n"


def nested(value: object, level: int) -> str:
    """``value`` as ``json.dumps(..., indent=2, ensure_ascii=False)`` writes it ``level``
    containers deep.

    orjson writes the same text as ``json.dumps`` for what reports hold (strings, integers,
    booleans, None, lists, dicts with string keys), 5 to 10 times faster; what it refuses (a
    lone surrogate, an integer over 64 bits, a key that is not a string) takes ``json``.
    No report holds a float, the one type the two would write differently.
    """
    try:
        text = orjson.dumps(value, option=_INDENTED).decode()
    except (orjson.JSONEncodeError, TypeError):
        text = _ENCODER.encode(value)
    return text.replace("\n", "\n" + _INDENT * level) if level else text
