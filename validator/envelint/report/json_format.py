"""``--format json``: the stable machine-readable report.

The document is written in three parts (what comes before the findings, each finding, what
follows them), so that a long run can write its findings as they come (``JsonStream`` in
``streams.py``) and still give exactly the bytes of ``render``.
"""

from __future__ import annotations

import json
import re

from envelint.common.findings import Finding
from envelint.report import Report

_INDENT = "  "
_ENCODER = json.JSONEncoder(indent=2, ensure_ascii=False)  # json.dumps makes one a call
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # a broken \ud800 escape: not writable as UTF-8


def render(report: Report) -> str:
    parts = [document_head(report.tool_name, report.tool_version)]
    for finding in report.findings:
        parts.append(finding_part(finding, first=len(parts) == 1))
    parts.append(document_tail(report, any_findings=bool(report.findings)))
    return "".join(parts)


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
    containers deep."""
    text = _ENCODER.encode(value)
    return text.replace("\n", "\n" + _INDENT * level)
