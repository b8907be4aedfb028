"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Decisions:

- ``tool.driver.rules`` lists every rule in ``report.rules`` (sorted by code), plus a minimal
  descriptor for any finding whose code is not there. Listing all of them keeps each rule's
  ``ruleIndex`` the same from run to run, and shows viewers the whole catalog (a few dozen
  entries, so the cost is small).
- A location's ``uri`` is relative to the working directory, with ``uriBaseId: %SRCROOT%`` (the
  CI case: envelint runs from the repository root); a file outside it gets a relative reference
  that climbs out (``../docs/page.rst``), never an absolute ``file://`` URI, so that logs made on
  two machines are the same bytes. ``run.originalUriBaseIds`` declares ``%SRCROOT%`` with a
  description and no ``uri`` (the consumer knows where it checked the repository out).
  ``<stdin>`` stays as it is, percent-encoded.
- Each rule's ``help`` has its documentation as text and as Markdown (the same docstring that
  ``envelint rules explain`` prints; ``Bad::`` blocks become fenced-free indented code), and
  ``helpUri`` points at the rule's section of the documentation when the installed package
  declares a ``Documentation`` URL (``[project.urls]`` in pyproject.toml).
- ``partialFingerprints["envelint/v1"]`` hashes rule code, location uri, JSON pointer and
  message, never the line, so moving a payload keeps its alerts. Identical findings in one file
  get an occurrence suffix (``hash:1``, ``hash:2``), as GitHub's own line hashes do.
- Columns count characters (``columnKind: unicodeCodePoints``), as findings do. ``endColumn`` is
  exclusive; a finding without an end, or with an empty one, is widened to one character.
- No timestamps, absolute paths of the machine or other run-dependent data: same findings,
  same bytes.
- At scale: GitHub code scanning takes at most 25,000 results per run (``RESULT_LIMIT``). A
  report with more findings gives one result per (rule, operation) instead, its message giving
  the count, its ``locations`` the first ``GROUP_LOCATIONS`` findings' (GitHub shows the first),
  ``properties.count`` the count; ``run.properties.grouping`` states what was grouped and why.
  Were the groups still too many, the largest ``RESULT_LIMIT`` are kept and the log says how
  many findings were left out. The JSON report stays complete.
- The log lists its rules before its results, and a finding whose code the report does not
  list adds one, so ``SarifWriter`` keeps the findings in an unnamed temporary file (pickled,
  without their excerpts, which SARIF does not show) and writes the log from it at the end, in
  pieces, one result at a time (``write_log``): byte for byte ``json.dumps`` of the whole log.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from envelint.common.findings import DocRow, Finding, Severity, against_fields
from envelint.common.paths import STDIN_NAME
from envelint.report import Report, RuleInfo
from envelint.report.json_format import LONE_SURROGATE, nested
from envelint.report.writer import Output, ReportWriter, spooled_file

SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SOURCE_ROOT = "%SRCROOT%"
FINGERPRINT_KEY = "envelint/v1"
GROUP_FINGERPRINT_KEY = "envelint/group/v1"
RESULT_LIMIT = 25_000  # GitHub code scanning's limit of results per run
GROUP_LOCATIONS = 10  # the locations a grouped result lists: its first findings'
NO_OPERATION = "(no operation)"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@dataclass(frozen=True)
class Span:
    """A finding's region: 1-based, ``end_column`` just after the last character."""

    line: int
    column: int
    end_line: int
    end_column: int

    @property
    def single_line(self) -> bool:
        return self.line == self.end_line


def finding_span(finding: Finding) -> Span:
    """The finding's region made sound: at least 1, never ending before it starts, and at
    least one character wide on a single line."""
    line = max(1, finding.line)
    column = max(1, finding.column)
    end_line = max(line, finding.end_line if finding.end_line is not None else line)
    end_column = finding.end_column if finding.end_column is not None else column
    if end_line == line:
        end_column = max(end_column, column + 1)
    return Span(line, column, end_line, max(1, end_column))


@functools.cache  # a report asks for each of its few paths once or twice per finding
def repository_path(path: str, cwd: str) -> str | None:
    """``path`` relative to ``cwd`` (the working directory, given so that it keys the cache)
    with ``/`` separators when the file is at or below it, else None. Symbolic links in either
    are resolved when the paths as written do not say."""
    if path == STDIN_NAME:
        return None
    absolute = os.path.normpath(os.path.join(cwd, path))
    relative = _relative_below(absolute, cwd)
    if relative is None:
        relative = _relative_below(os.path.realpath(absolute), os.path.realpath(cwd))
    return relative


def _relative_below(file: str, root: str) -> str | None:
    try:
        if os.path.commonpath([file, root]) == os.path.normpath(root):
            return os.path.relpath(file, root).replace(os.sep, "/")
    except ValueError:  # different drives on Windows
        pass
    return None


# A file outside the working directory (the built-in catalog's pages, say) costs ~10 µs for its
# URI, and a finding asks for one or two locations.
@functools.cache
def artifact_location(path: str, cwd: str) -> dict[str, str]:
    """Where ``path`` is, for a log read at ``cwd``; shared, so treat it as read-only."""
    if path == STDIN_NAME:
        return {"uri": quote(path, safe="")}
    relative = repository_path(path, cwd)
    if relative is None:  # outside the working directory: a reference that climbs out of it
        absolute = os.path.normpath(os.path.join(cwd, path))
        try:
            relative = os.path.relpath(absolute, cwd).replace(os.sep, "/")
        except ValueError:  # another drive (Windows): no relative reference reaches it
            return {"uri": Path(absolute).as_uri()}
    return {"uri": quote(relative, safe="/"), "uriBaseId": SOURCE_ROOT}


SOURCE_ROOT_BASE = {
    SOURCE_ROOT: {
        "description": {"text": "The working directory envelint ran in: the repository root in CI."}
    }
}


@functools.cache
def documentation_url() -> str | None:
    """The ``Documentation`` URL the installed package declares, if any."""
    from importlib import metadata

    try:
        urls = metadata.metadata("envelint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return str(url.strip())
    return None


class SarifWriter(ReportWriter):
    """The findings kept (pickled) in an unnamed temporary file as they come, the log written
    from it at the end."""

    result_limit = RESULT_LIMIT

    def __init__(self, output: Output) -> None:
        super().__init__(output)
        self._kept = spooled_file()
        self._first_of_code: dict[str, Finding] = {}
        self._groups: dict[tuple[str, str], FindingGroup] = {}
        self._count = 0

    def __call__(self, findings: list[Finding]) -> None:
        import pickle  # only a SARIF log pays for it

        first_of_code = self._first_of_code
        groups = self._groups
        for finding in findings:
            first_of_code.setdefault(finding.code, finding)
            key = (finding.code, finding.operation or NO_OPERATION)
            group = groups.get(key)
            if group is None:
                group = groups[key] = FindingGroup(finding.code, key[1])
            group.add(_without_excerpt_finding(finding))
        self._count += len(findings)
        kept = [_without_excerpt(finding) for finding in findings]
        pickle.dump(kept, self._kept, pickle.HIGHEST_PROTOCOL)  # a batch: one call for many

    def write_end(self, report: Report) -> None:
        unlisted = unlisted_rules(report.rules, self._first_of_code.values())
        self._kept.seek(0)
        if self._count <= self.result_limit:
            write_log(report, self._kept_findings(), unlisted, self.output.write)
        else:
            groups = sorted(self._groups.values(), key=lambda g: (-g.count, g.code, g.operation))
            kept, left_out = groups[: self.result_limit], groups[self.result_limit :]
            grouping = grouping_statement(
                self._count, len(groups), kept, left_out, self.result_limit
            )
            write_grouped_log(report, kept, unlisted, grouping, self.output.write)
        self._kept.close()

    def abandon(self) -> None:
        self._kept.close()
        super().abandon()

    def _kept_findings(self) -> Iterator[Finding]:
        import pickle

        while True:
            try:
                batch = pickle.load(self._kept)
            except EOFError:
                return
            for fields in batch:
                yield Finding(**fields)


@dataclass
class FindingGroup:
    """The findings of one rule against one operation: how many, and the first few."""

    code: str
    operation: str
    count: int = 0
    severity: Severity = Severity.INFO
    first: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.count += 1
        self.severity = max(self.severity, finding.severity)
        if len(self.first) < GROUP_LOCATIONS:
            self.first.append(finding)


def grouping_statement(
    findings: int,
    groups: int,
    kept: list[FindingGroup],
    left_out: list[FindingGroup],
    limit: int,
) -> dict[str, Any]:
    """What ``run.properties.grouping`` says of a grouped log."""
    statement: dict[str, Any] = {
        "by": ["ruleId", "operation"],
        "reason": f"{findings} findings exceed {limit} results per run (GitHub code scanning's "
        f"limit): one result per rule and operation, with the count and the first "
        f"{GROUP_LOCATIONS} locations; the JSON report lists every finding",
        "findings": findings,
        "results": len(kept),
        "groups": groups,
    }
    if left_out:
        statement["left_out"] = {
            "groups": len(left_out),
            "findings": sum(group.count for group in left_out),
        }
    return statement


def _without_excerpt_finding(finding: Finding) -> Finding:
    return finding if finding.excerpt is None else replace(finding, excerpt=None)


def write_grouped_log(
    report: Report,
    groups: list[FindingGroup],
    unlisted: list[RuleInfo],
    grouping: dict[str, Any],
    write: Callable[[str], object],
) -> None:
    """The log with one result per group (``SarifWriter.result_limit`` exceeded)."""
    rules = sorted([*report.rules.values(), *unlisted], key=lambda info: info.code)
    rule_index = {info.code: index for index, info in enumerate(rules)}
    cwd = os.getcwd()
    results = [_group_result(group, rule_index[group.code], cwd) for group in groups]
    run = {
        "tool": {"driver": _driver(report, rules)},
        "originalUriBaseIds": SOURCE_ROOT_BASE,
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"grouping": grouping},
    }
    log = {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    write(_writable(nested(log, 0)) + "\n")


def _group_result(group: FindingGroup, rule_index: int, cwd: str) -> dict[str, Any]:
    first = group.first[0]
    shown = len(group.first)
    against = "no documented operation" if group.operation == NO_OPERATION else group.operation
    lines = [
        f"{group.count} findings of {group.code} ({first.rule}) against {against}; "
        f"the first {shown} locations are listed. The first: {first.message}"
    ]
    if first.doc is not None:
        lines.append(f"documented at {first.doc.cited()}")
    locations = [
        {"physicalLocation": _physical_location(finding, artifact_location(finding.path, cwd))}
        for finding in group.first
    ]
    material = "\x1f".join((group.code, group.operation))
    digest = hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    result: dict[str, Any] = {
        "ruleId": group.code,
        "ruleIndex": rule_index,
        "level": LEVELS[group.severity],
        "message": {"text": "\n".join(lines)},
        "locations": locations,
        "partialFingerprints": {GROUP_FINGERPRINT_KEY: digest},
    }
    if first.doc is not None:
        result["relatedLocations"] = [_documentation_location(first.doc, cwd)]
    properties: dict[str, Any] = {"grouped": True, "count": group.count}
    if group.operation != NO_OPERATION:
        properties["operation"] = group.operation
    if first.page is not None:
        properties["page"] = first.page
    result["properties"] = properties
    return result


def _driver(report: Report, rules: list[RuleInfo]) -> dict[str, Any]:
    return {
        "name": report.tool_name,
        "version": report.tool_version,
        "rules": [_rule_descriptor(info) for info in rules],
    }


def _without_excerpt(finding: Finding) -> dict[str, Any]:
    """A finding's fields, its excerpt (a whole source line) left out."""
    fields = vars(finding).copy()
    del fields["excerpt"]
    return fields


def write_log(
    report: Report,
    findings: Iterable[Finding],
    unlisted: list[RuleInfo],
    write: Callable[[str], object],
) -> None:
    """The log in pieces, the results one at a time (``findings`` may come from a file):
    byte for byte ``json.dumps`` of the whole log with ``indent=2``.

    ``unlisted`` describes the codes of ``findings`` that ``report.rules`` lacks.
    """
    rules = sorted([*report.rules.values(), *unlisted], key=lambda info: info.code)
    rule_index = {info.code: index for index, info in enumerate(rules)}
    run = {
        "tool": {"driver": _driver(report, rules)},
        "originalUriBaseIds": SOURCE_ROOT_BASE,
        "columnKind": "unicodeCodePoints",
        "results": [],
    }
    log = {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    head, tail = nested(log, 0).split(_EMPTY_RESULTS)  # rule texts have it escaped only
    write(_writable(head) + '"results": [')
    cwd = os.getcwd()
    occurrences: dict[str, int] = {}
    separator = "\n"
    for finding in findings:
        location = artifact_location(finding.path, cwd)
        digest = _fingerprint_digest(finding, location["uri"])
        occurrences[digest] = occurrences.get(digest, 0) + 1
        result = _result(
            finding, rule_index[finding.code], f"{digest}:{occurrences[digest]}", location, cwd
        )
        write(separator + _RESULT_INDENT + _writable(nested(result, _RESULTS_DEPTH)))
        separator = ",\n"
    write(("]" if separator == "\n" else "\n" + _RESULTS_INDENT + "]") + tail + "\n")


_EMPTY_RESULTS = '"results": []'
_RESULTS_DEPTH = 4  # a result is in the results list, in the run, in runs, in the log
_RESULTS_INDENT = "  " * (_RESULTS_DEPTH - 1)
_RESULT_INDENT = "  " * _RESULTS_DEPTH


def _writable(text: str) -> str:
    # A payload's broken \ud800 escape can reach a message; it cannot be written as UTF-8.
    return LONE_SURROGATE.sub("\ufffd", text)


def unlisted_rules(listed: dict[str, RuleInfo], findings: Iterable[Finding]) -> list[RuleInfo]:
    """A minimal description of each code among ``findings`` that ``listed`` lacks (e.g. a
    custom rule the report was not told about), from its first finding."""
    unlisted: dict[str, RuleInfo] = {}
    for finding in findings:
        if finding.code not in listed and finding.code not in unlisted:
            unlisted[finding.code] = RuleInfo(
                finding.code, finding.rule, finding.severity, finding.rule, ""
            )
    return list(unlisted.values())


def _rule_descriptor(info: RuleInfo) -> dict[str, Any]:
    summary = info.summary or info.name
    description = info.description or summary
    help_text = summary if description == summary else f"{summary}\n\n{description}"
    descriptor: dict[str, Any] = {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": description},
        "help": {"text": help_text, "markdown": help_markdown(info)},
    }
    url = documentation_url()
    if url:
        descriptor["helpUri"] = f"{url}#{info.code.lower()}-{info.name}"
    descriptor["defaultConfiguration"] = {"level": LEVELS[info.severity]}
    return descriptor


def help_markdown(info: RuleInfo) -> str:
    """The rule's documentation as Markdown: the heading, its severity and summary, then the
    docstring, whose reStructuredText shapes read the same in Markdown (````code````, indented
    blocks) once a literal block's ``::`` is made ``:``."""
    summary = info.summary or info.name
    lines = [f"**{info.code} {info.name}** ({info.severity.label}): {summary}"]
    if info.description and info.description != summary:
        lines += ["", re.sub(r"::$", ":", info.description, flags=re.MULTILINE)]
    return "\n".join(lines)


def _result(
    finding: Finding, rule_index: int, fingerprint: str, location: dict[str, str], cwd: str
) -> dict[str, Any]:
    result = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": message_text(finding)},
        "locations": [{"physicalLocation": _physical_location(finding, location)}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.doc is not None:
        result["relatedLocations"] = [_documentation_location(finding.doc, cwd)]
    properties = _properties(finding)
    if properties:
        result["properties"] = properties
    return result


def message_text(finding: Finding) -> str:
    """The message, then where the documentation says otherwise, then the hint."""
    lines = [finding.message]
    if finding.doc is not None:
        lines.append(f"documented at {finding.doc.cited()}")
    if finding.hint:
        lines.append(f"hint: {finding.hint}")
    return "\n".join(lines)


def _physical_location(finding: Finding, location: dict[str, str]) -> dict[str, Any]:
    span = finding_span(finding)
    region = {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    }
    return {"artifactLocation": location, "region": region}


def _documentation_location(doc: DocRow, cwd: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(doc.path, cwd)}
    if doc.line >= 1:
        physical["region"] = {"startLine": doc.line}
    text = f"documented here ({doc.table})" if doc.table else "documented here"
    return {"id": 1, "physicalLocation": physical, "message": {"text": text}}


def _properties(finding: Finding) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    if finding.pointer is not None:
        properties["pointer"] = finding.pointer
    if finding.schema is not None:
        properties["schema"] = finding.schema
    if finding.side is not None:
        properties["side"] = finding.side
    properties.update(_checked_against(finding))
    return properties


def _checked_against(finding: Finding) -> dict[str, Any]:
    """The operation, page and choice of schema the finding was made against, where known."""
    fields = against_fields(finding.against)
    if not fields["candidates"]:
        del fields["candidates"]
    return {name: value for name, value in fields.items() if value is not None}


def _fingerprint_digest(finding: Finding, location: str) -> str:
    material = "\x1f".join((finding.code, location, finding.pointer or "", finding.message))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:32]
