"""``--format gitlab``: a GitLab Code Quality report (``artifacts:reports:codequality``).

The report is a JSON array of issues, each with the fields GitLab's documentation requires
(docs.gitlab.com, "Code Quality report format"): ``description``, ``check_name``,
``fingerprint``, ``severity`` (``info``, ``minor``, ``major``, ``critical`` or ``blocker``),
``location.path`` (relative to the repository, no leading ``./``) and ``location.lines.begin``.

Decisions:

- Severities: error -> ``major``, warning -> ``minor``, info -> ``info`` (``critical`` and
  ``blocker`` are left for problems worse than a contract break).
- ``check_name`` is the rule code; ``description`` the message (its first line, as findings
  keep it); the documentation row follows in ``content.body`` when there is one.
- ``fingerprint`` hashes the rule code, the path, the JSON pointer, the schema and the message,
  never the line, so that a payload moved within its file keeps its issue in the merge request
  widget; identical findings in one file get their occurrence number in the hash, so every
  fingerprint of a report is unique (GitLab shows one issue per fingerprint).
- A path below the working directory is written relative to it (the CI case: envelint runs from
  the repository root); another is written as given.
"""

from __future__ import annotations

import hashlib
import os

from envelint.common.findings import Finding, Severity
from envelint.report import Report
from envelint.report.json_format import LONE_SURROGATE, nested
from envelint.report.sarif_format import repository_path
from envelint.report.writer import Output, ReportWriter

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


class GitlabWriter(ReportWriter):
    """Each issue as its finding comes (the output is staged), the closing bracket at the end."""

    def __init__(self, output: Output) -> None:
        super().__init__(output)
        self._cwd = os.getcwd()
        self._occurrences: dict[str, int] = {}
        self._separator = "[\n"

    def __call__(self, findings: list[Finding]) -> None:
        write = self.output.write
        for finding in findings:
            issue = self.issue(finding)
            write(self._separator + "  " + LONE_SURROGATE.sub("\ufffd", nested(issue, 1)))
            self._separator = ",\n"

    def write_end(self, report: Report) -> None:
        self.output.write("[]\n" if self._separator == "[\n" else "\n]\n")

    def issue(self, finding: Finding) -> dict[str, object]:
        path = report_path(finding.path, self._cwd)
        digest = fingerprint_material(finding, path)
        self._occurrences[digest] = occurrence = self._occurrences.get(digest, 0) + 1
        issue: dict[str, object] = {
            "description": finding.message,
            "check_name": finding.code,
            "fingerprint": _hash(f"{digest}\x1f{occurrence}"),
            "severity": SEVERITIES[finding.severity],
            "location": {"path": path, "lines": {"begin": max(1, finding.line)}},
        }
        if finding.doc is not None:
            issue["content"] = {"body": f"Documented at {finding.doc.cited()}."}
        return issue


def report_path(path: str, cwd: str) -> str:
    """``path`` relative to the repository root (the working directory) when below it."""
    relative = repository_path(path, cwd)
    return relative if relative is not None else path.removeprefix("./")


def fingerprint_material(finding: Finding, path: str) -> str:
    """What identifies a finding across runs: never its line."""
    parts = (finding.code, path, finding.pointer or "", finding.schema or "", finding.message)
    return _hash("\x1f".join(parts))


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
