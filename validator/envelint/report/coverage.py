"""Coverage: the documented operations x statuses against the captured exchanges.

A run that tracks coverage counts, per exchange (a capture with a method and a URL), the
operation it matched and its status, and whether it gave any finding (``ExchangeTally``, filled
by the pipeline, merged across ``--jobs`` workers). ``coverage_table`` lays that over the
catalog's operations: each documented (operation, status) is *exercised*, *exercised with
findings* or *never exercised*; a status an operation does not document, seen in the traffic, is
a row of its own (*undocumented status*); and the exchanges that matched no operation are
grouped by method and normalized path (ids made ``{id}``). ``render_coverage`` writes the table
as text, JSON or Markdown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from envelint.catalog.store import ApiOperation

EXERCISED = "exercised"
WITH_FINDINGS = "exercised with findings"
NEVER = "never exercised"
UNDOCUMENTED_STATUS = "undocumented status"
UNKNOWN_STATUS = "(none)"  # a capture that holds no status
SUCCESS, ERROR = "(success)", "(error)"  # a response the page documents without a code
EXAMPLES_KEPT = 3  # URLs kept per unmatched group

# A path segment that is a value rather than a name: digits, a UUID, or a long token with digits.
_ID_SEGMENT = re.compile(
    r"^(?:\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|(?=[\w.~-]*\d)[\w.~-]{8,})$"
)


def normalized_path(url: str) -> str:
    """The URL's path, query and host left out, each id-like segment made ``{id}``:
    ``/v2/0123456789/servers/42?x=1`` -> ``/v2/{id}/servers/{id}``."""
    path = url.strip().partition("#")[0].partition("?")[0]
    scheme = path.find("://")
    if scheme != -1:
        slash = path.find("/", scheme + 3)
        path = path[slash:] if slash != -1 else "/"
    segments = [segment for segment in path.split("/") if segment]
    named = ["{id}" if _ID_SEGMENT.match(segment) else segment for segment in segments]
    return "/" + "/".join(named)


@dataclass
class Counts:
    exchanges: int = 0
    with_findings: int = 0

    def add(self, had_findings: bool) -> None:
        self.exchanges += 1
        self.with_findings += had_findings

    def merge(self, other: Counts) -> None:
        self.exchanges += other.exchanges
        self.with_findings += other.with_findings


@dataclass
class UnmatchedGroup:
    counts: Counts = field(default_factory=Counts)
    examples: list[str] = field(default_factory=list)  # the first URLs seen


@dataclass
class ExchangeTally:
    """What a run saw of the traffic: per (operation id, status) and per unmatched
    (method, normalized path), how many exchanges and how many of them gave findings."""

    exercised: dict[tuple[str, int | None], Counts] = field(default_factory=dict)
    unmatched: dict[tuple[str, str], UnmatchedGroup] = field(default_factory=dict)
    without_request: int = 0  # payloads with no method and URL: they exercise nothing known

    def record(
        self,
        operation_ids: Iterable[str],
        method: str | None,
        url: str | None,
        status: int | None,
        had_findings: bool,
    ) -> None:
        if not method or not url:
            self.without_request += 1
            return
        matched = False
        for operation_id in operation_ids:
            matched = True
            key = (operation_id, status)
            counts = self.exercised.get(key)
            if counts is None:
                counts = self.exercised[key] = Counts()
            counts.add(had_findings)
        if not matched:
            group_key = (method.upper(), normalized_path(url))
            group = self.unmatched.get(group_key)
            if group is None:
                group = self.unmatched[group_key] = UnmatchedGroup()
            group.counts.add(had_findings)
            if len(group.examples) < EXAMPLES_KEPT and url not in group.examples:
                group.examples.append(url)

    def merge(self, other: ExchangeTally) -> None:
        for key, counts in other.exercised.items():
            self.exercised.setdefault(key, Counts()).merge(counts)
        for group_key, group in other.unmatched.items():
            mine = self.unmatched.setdefault(group_key, UnmatchedGroup())
            mine.counts.merge(group.counts)
            for url in group.examples:
                if len(mine.examples) < EXAMPLES_KEPT and url not in mine.examples:
                    mine.examples.append(url)
        self.without_request += other.without_request


@dataclass(frozen=True)
class CoverageRow:
    """One documented (operation, status), or a status the traffic gave it undocumented."""

    operation: str  # the operation's stable id
    method: str
    uri: str  # its first URI template
    page: str | None
    status: str  # "200", "(success)" for a success the page gives no code, "(none)"
    documented: bool
    exchanges: int
    with_findings: int

    @property
    def state(self) -> str:
        if not self.documented:
            return UNDOCUMENTED_STATUS
        if not self.exchanges:
            return NEVER
        return WITH_FINDINGS if self.with_findings else EXERCISED

    def to_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "method": self.method,
            "uri": self.uri,
            "page": self.page,
            "status": self.status,
            "state": self.state,
            "exchanges": self.exchanges,
            "with_findings": self.with_findings,
        }


@dataclass(frozen=True)
class UnmatchedRow:
    method: str
    path: str
    exchanges: int
    with_findings: int
    examples: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "exchanges": self.exchanges,
            "with_findings": self.with_findings,
            "examples": list(self.examples),
        }


@dataclass(frozen=True)
class CoverageTable:
    rows: tuple[CoverageRow, ...]
    unmatched: tuple[UnmatchedRow, ...]
    operations: int
    without_request: int = 0

    def summary(self) -> dict[str, Any]:
        documented = [row for row in self.rows if row.documented]
        exercised = {row.operation for row in documented if row.exchanges}
        return {
            "operations": self.operations,
            "operations_exercised": len(exercised),
            "operations_never_exercised": self.operations - len(exercised),
            "statuses_documented": len(documented),
            "statuses_exercised": sum(1 for row in documented if row.state == EXERCISED),
            "statuses_with_findings": sum(1 for row in documented if row.state == WITH_FINDINGS),
            "statuses_never_exercised": sum(1 for row in documented if row.state == NEVER),
            "undocumented_statuses": sum(1 for row in self.rows if not row.documented),
            "unmatched_exchanges": sum(row.exchanges for row in self.unmatched),
            "exchanges_without_request": self.without_request,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "operations": [row.to_dict() for row in self.rows],
            "unmatched": [row.to_dict() for row in self.unmatched],
        }


def _status_label(operation: ApiOperation, status: int | None) -> tuple[str, bool]:
    """The row an exchange's status counts in, and whether the operation documents it."""
    if status is None:
        return UNKNOWN_STATUS, True
    if status in operation.statuses:
        return str(status), True
    uncoded = operation.responses_for(status)
    if uncoded:
        return (SUCCESS if uncoded[0].kind == "normal" else ERROR), True
    return str(status), False


def _documented_labels(operation: ApiOperation) -> list[str]:
    labels = [str(status) for status in operation.statuses]
    for response in operation.responses:
        if response.status is None:
            label = SUCCESS if response.kind == "normal" else ERROR
            if label not in labels:
                labels.append(label)
    return labels


def coverage_table(operations: list[ApiOperation], tally: ExchangeTally) -> CoverageTable:
    """Every documented (operation, status) with what the traffic did to it, in catalog order,
    the undocumented statuses the traffic gave an operation after its documented ones."""
    seen: dict[str, dict[tuple[str, bool], Counts]] = {}
    by_id = {operation.id: operation for operation in operations}
    for (operation_id, status), counts in tally.exercised.items():
        operation = by_id.get(operation_id)
        if operation is None:
            continue
        row_key = _status_label(operation, status)
        seen.setdefault(operation_id, {}).setdefault(row_key, Counts()).merge(counts)
    rows: list[CoverageRow] = []
    for operation in operations:
        counted = seen.get(operation.id, {})
        labels = [(label, True) for label in _documented_labels(operation)]
        if not labels:  # a page that documents no response at all: one row for any status
            labels = [(SUCCESS, True)]
        extra = sorted(key for key in counted if key not in labels)
        for label, documented in labels + extra:
            counts = counted.get((label, documented), Counts())
            rows.append(
                CoverageRow(
                    operation.id,
                    operation.method,
                    operation.templates[0] if operation.templates else "",
                    operation.page,
                    label,
                    documented,
                    counts.exchanges,
                    counts.with_findings,
                )
            )
    unmatched = sorted(
        (
            UnmatchedRow(
                method,
                path,
                group.counts.exchanges,
                group.counts.with_findings,
                tuple(group.examples),
            )
            for (method, path), group in tally.unmatched.items()
        ),  # fmt: skip
        key=lambda row: (-row.exchanges, row.method, row.path),
    )
    return CoverageTable(tuple(rows), tuple(unmatched), len(operations), tally.without_request)


# -- rendering -------------------------------------------------------------------------------


def render_coverage(table: CoverageTable, format_name: str) -> str:
    if format_name == "json":
        return json.dumps(table.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if format_name == "markdown":
        return coverage_markdown(table)
    return coverage_text(table)


def _summary_line(table: CoverageTable) -> str:
    summary = table.summary()
    return (
        f"{summary['operations_exercised']} of {summary['operations']} operations exercised; "
        f"statuses: {summary['statuses_exercised']} exercised, "
        f"{summary['statuses_with_findings']} exercised with findings, "
        f"{summary['statuses_never_exercised']} never exercised, "
        f"{summary['undocumented_statuses']} undocumented; "
        f"{summary['unmatched_exchanges']} exchanges matched no operation"
    )


def coverage_text(table: CoverageTable) -> str:
    header = ("OPERATION", "METHOD", "URI", "STATUS", "STATE", "EXCHANGES", "WITH FINDINGS")
    body = [
        (row.operation, row.method, row.uri, row.status, row.state, str(row.exchanges),
         str(row.with_findings))
        for row in table.rows
    ]  # fmt: skip
    lines = _aligned([header, *body])
    if table.unmatched:
        lines += ["", "Exchanges that match no documented operation:"]
        unmatched_header = ("METHOD", "PATH", "EXCHANGES", "WITH FINDINGS", "EXAMPLE")
        unmatched = [
            (row.method, row.path, str(row.exchanges), str(row.with_findings), row.examples[0])
            for row in table.unmatched
        ]
        lines += _aligned([unmatched_header, *unmatched])
    if table.without_request:
        lines += ["", f"{table.without_request} payloads had no request (method and URL): "
                      "they exercise no operation."]  # fmt: skip
    lines += ["", _summary_line(table) + "."]
    return "\n".join(lines) + "\n"


def _aligned(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows]  # fmt: skip


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def coverage_markdown(table: CoverageTable) -> str:
    lines = [
        "## Coverage",
        "",
        _summary_line(table) + ".",
        "",
        "| Operation | Method | URI | Status | State | Exchanges | With findings |",
        "| --- | --- | --- | --- | --- | ---: | ---: |",
    ]
    for row in table.rows:
        lines.append(
            f"| {_md(row.operation)} | {row.method} | `{_md(row.uri)}` | {row.status} | "
            f"{row.state} | {row.exchanges} | {row.with_findings} |"
        )
    if table.unmatched:
        lines += [
            "",
            "### Exchanges that match no documented operation",
            "",
            "| Method | Path | Exchanges | With findings | Example |",
            "| --- | --- | ---: | ---: | --- |",
        ]
        for unmatched in table.unmatched:
            lines.append(
                f"| {unmatched.method} | `{_md(unmatched.path)}` | {unmatched.exchanges} | "
                f"{unmatched.with_findings} | `{_md(unmatched.examples[0])}` |"
            )
    return "\n".join(lines) + "\n"
