"""``--format json``: the stable machine-readable report."""

from __future__ import annotations

import json

from validator.report import Report


def render(report: Report) -> str:
    document = {
        "tool": {"name": report.tool_name, "version": report.tool_version},
        "findings": [finding.to_dict() for finding in report.findings],
        "summary": report.summary(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
