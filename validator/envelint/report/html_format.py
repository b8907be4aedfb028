"""``--format html``: one self-contained page (inline CSS, JS and SVG; nothing fetched when it is
viewed) for people reading a big run.

What it shows: the counts by severity; findings per rule and per operation, as inline SVG bar
charts and as tables whose rows filter the list; the coverage table (documented operations x
statuses against the traffic, when the run tracked it: ``shows_coverage``); and the findings,
filtered by rule, severity and operation, a page of ``PAGE_SIZE`` at a time (so 100,000 findings
stay usable: the browser renders one page, never the whole list). Each finding shows its source
excerpt with the line number and the column marked, and the documentation row it contradicts
(the row's own text, read from the page).

How it is written: each finding becomes a compact JSON array as it comes (strings that repeat,
such as paths, operations and documentation rows, are numbers into tables), spooled in an unnamed
temporary file; at the end the page is written around them. An excerpt is cut to
``EXCERPT_WIDTH`` characters around its column (an access-log line can be long).
"""

from __future__ import annotations

import html
import json
import linecache
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from envelint import __version__
from envelint.common.findings import DocRow, Finding, Severity
from envelint.report import TOOL_NAME, Report
from envelint.report.coverage import CoverageTable
from envelint.report.html_page import PAGE_SCRIPT, PAGE_STYLE, bar_chart
from envelint.report.json_format import LONE_SURROGATE
from envelint.report.writer import Output, ReportWriter, spooled_file

PAGE_SIZE = 50
EXCERPT_WIDTH = 120  # characters of a source line kept around the finding's column
CHART_BARS = 15  # the largest rules or operations a chart shows
NO_OPERATION = "(no operation)"


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element (no ``</``, no lone surrogate)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return LONE_SURROGATE.sub("\ufffd", text).replace("</", "<\\/").replace("<!--", "<\\!--")


def excerpt_window(excerpt: str, column: int, end_column: int) -> tuple[str, int, int]:
    """``excerpt`` cut to about EXCERPT_WIDTH characters, the finding's column a third of the
    way in (an ellipsis where it was cut), and the 0-based start and end of the marked span
    within the cut."""
    text = excerpt.rstrip("\r\n")
    start = max(0, column - 1)
    end = max(start + 1, end_column - 1)
    if len(text) <= EXCERPT_WIDTH:
        return text, start, end
    left = max(0, start - EXCERPT_WIDTH // 3)
    cut = text[left : left + EXCERPT_WIDTH]
    lead = "\u2026" if left else ""
    tail = "\u2026" if left + EXCERPT_WIDTH < len(text) else ""
    shift = len(lead) - left
    return lead + cut + tail, start + shift, min(end + shift, len(lead) + len(cut))


def documentation_text(doc: DocRow) -> str:
    """The text of the documentation row (its source line), "" when it cannot be read."""
    if doc.line < 1:
        return ""
    return linecache.getline(doc.path, doc.line).strip()


@dataclass
class Interned:
    """Strings that repeat, as numbers into a table."""

    values: list[Any] = field(default_factory=list)
    index: dict[Any, int] = field(default_factory=dict)

    def __call__(self, value: Any) -> int:
        number = self.index.get(value)
        if number is None:
            number = self.index[value] = len(self.values)
            self.values.append(value)
        return number


class HtmlWriter(ReportWriter):
    """The findings spooled as compact rows as they come; the page written around them."""

    shows_coverage = True

    def __init__(self, output: Output) -> None:
        super().__init__(output)
        self._rows = spooled_file()
        self._count = 0
        self._codes = Interned()  # [code, rule name]
        self._paths = Interned()
        self._operations = Interned()
        self._docs = Interned()  # [cited, row text]
        self._by_code: Counter[int] = Counter()
        self._by_operation: Counter[int] = Counter()
        self._by_severity: Counter[Severity] = Counter()

    def __call__(self, findings: list[Finding]) -> None:
        parts = []
        for finding in findings:
            parts.append(("," if self._count else "") + _script_json(self._row(finding)))
            self._count += 1
        self._rows.write("\n".join(parts).encode("utf-8", "replace") + b"\n")

    def _row(self, finding: Finding) -> list[Any]:
        code = self._codes((finding.code, finding.rule))
        operation = self._operations(finding.operation or NO_OPERATION)
        self._by_code[code] += 1
        self._by_operation[operation] += 1
        self._by_severity[finding.severity] += 1
        doc = -1
        if finding.doc is not None:
            doc = self._docs((finding.doc.cited(), documentation_text(finding.doc)))
        excerpt: list[Any] = []
        if finding.excerpt:
            end = finding.end_column if finding.end_line in (None, finding.line) else None
            excerpt = list(excerpt_window(finding.excerpt, finding.column, end or 0))
        return [
            code,
            int(finding.severity),
            finding.message,
            self._paths(finding.path),
            finding.line,
            finding.column,
            operation,
            doc,
            excerpt,
            finding.pointer,
            finding.hint,
        ]

    def write_end(self, report: Report) -> None:
        write = self.output.write
        write(self._head(report))
        write('<script type="application/json" id="findings">[')
        size = self._rows.tell()
        self._rows.seek(0)
        self.output.copy_from(self._rows, size)
        self._rows.close()
        tables = {
            "codes": self._codes.values,
            "paths": self._paths.values,
            "operations": self._operations.values,
            "docs": self._docs.values,
            "pageSize": PAGE_SIZE,
        }
        write(']</script>\n<script type="application/json" id="tables">')
        write(_script_json(tables) + "</script>\n<script>" + PAGE_SCRIPT + "</script>\n")
        write("</body>\n</html>\n")

    def abandon(self) -> None:
        self._rows.close()
        super().abandon()

    def _head(self, report: Report) -> str:
        title = f"{TOOL_NAME} report: {self._count} findings"
        parts = [
            "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n",
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
            f"<title>{html.escape(title)}</title>\n<style>{PAGE_STYLE}</style>\n</head>\n<body>\n",
            f"<header><h1>{html.escape(title)}</h1><p class='meta'>{self._summary(report)}</p>",
            "</header>\n",
            self._charts(),
            self._group_tables(),
            _coverage_section(report.coverage),
            self._findings_section(),
        ]
        return "".join(parts)

    def _summary(self, report: Report) -> str:
        severities = " ".join(
            f"<span class='sev s{int(s)}'>{self._by_severity[s]} {s.label}</span>"
            for s in sorted(Severity, reverse=True)
        )
        return (
            f"{severities} in {_counted(report.payloads, 'payload')} from "
            f"{_counted(report.files, 'file')} "
            f"&middot; {TOOL_NAME} {html.escape(__version__)}"
        )

    def _charts(self) -> str:
        if not self._count:
            return "<section id='charts'><p>No findings.</p></section>\n"
        rules = [(self._codes.values[code][0], count)
                 for code, count in self._by_code.most_common(CHART_BARS)]  # fmt: skip
        operations = [(self._operations.values[op], count)
                      for op, count in self._by_operation.most_common(CHART_BARS)]  # fmt: skip
        return (
            "<section id='charts'>"
            f"<figure><figcaption>Findings per rule</figcaption>{bar_chart(rules)}</figure>"
            f"<figure><figcaption>Findings per operation</figcaption>{bar_chart(operations)}"
            "</figure></section>\n"
        )

    def _group_tables(self) -> str:
        rule_rows = "".join(
            f"<tr data-filter='rule' data-value='{code}'><td><code>"
            f"{html.escape(self._codes.values[code][0])}</code></td>"
            f"<td>{html.escape(self._codes.values[code][1])}</td><td class='n'>{count}</td></tr>"
            for code, count in self._by_code.most_common()
        )
        operation_rows = "".join(
            f"<tr data-filter='operation' data-value='{op}'><td><code>"
            f"{html.escape(self._operations.values[op])}</code></td><td class='n'>{count}</td></tr>"
            for op, count in self._by_operation.most_common()
        )
        return (
            "<section id='groups'>"
            "<div><h2>By operation</h2><table id='by-operation'><thead><tr><th>Operation</th>"
            f"<th>Findings</th></tr></thead><tbody>{operation_rows}</tbody></table></div>"
            "<div><h2>By rule</h2><table id='by-rule'><thead><tr><th>Rule</th><th>Name</th>"
            f"<th>Findings</th></tr></thead><tbody>{rule_rows}</tbody></table></div>"
            "</section>\n"
        )

    def _findings_section(self) -> str:
        return (
            "<section id='list'><h2>Findings</h2><form id='filters'>"
            "<label>Rule <select id='f-rule'><option value=''>all</option></select></label>"
            "<label>Severity <select id='f-severity'><option value=''>all</option>"
            "<option value='3'>error</option><option value='2'>warning</option>"
            "<option value='1'>info</option></select></label>"
            "<label>Operation <select id='f-operation'><option value=''>all</option>"
            "</select></label>"
            "<label>Group by <select id='f-group'><option value=''>none</option>"
            "<option value='operation'>operation</option><option value='rule'>rule</option>"
            "</select></label>"
            "<button type='button' id='f-clear'>Clear</button></form>"
            "<p id='shown'></p><nav class='pager'></nav><ol id='findings-list'></ol>"
            "<nav class='pager'></nav>"
            f"<noscript>{self._count} findings: the list needs JavaScript.</noscript></section>\n"
        )


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _coverage_section(coverage: CoverageTable | None) -> str:
    if coverage is None:
        return ""
    rows = "".join(
        f"<tr class='st-{row.state.replace(' ', '-')}'><td><code>{html.escape(row.operation)}"
        f"</code></td><td>{row.method}</td><td><code>{html.escape(row.uri)}</code></td>"
        f"<td>{html.escape(row.status)}</td><td>{row.state}</td><td class='n'>{row.exchanges}"
        f"</td><td class='n'>{row.with_findings}</td></tr>"
        for row in coverage.rows
    )
    unmatched = "".join(
        f"<tr><td>{html.escape(row.method)}</td><td><code>{html.escape(row.path)}</code></td>"
        f"<td class='n'>{row.exchanges}</td><td><code>{html.escape(row.examples[0])}</code></td>"
        "</tr>"
        for row in coverage.unmatched
    )
    summary = coverage.summary()
    text = (
        f"{summary['operations_exercised']} of {summary['operations']} operations exercised; "
        f"{summary['statuses_never_exercised']} documented statuses never exercised; "
        f"{summary['unmatched_exchanges']} exchanges matched no operation."
    )
    section = (
        "<section id='coverage'><details open><summary><h2>Coverage</h2></summary>"
        f"<p>{text}</p><table id='coverage-table'><thead><tr><th>Operation</th><th>Method</th>"
        "<th>URI</th><th>Status</th><th>State</th><th>Exchanges</th><th>With findings</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
    if unmatched:
        section += (
            "<h3>Exchanges that match no documented operation</h3><table id='unmatched'><thead>"
            "<tr><th>Method</th><th>Path</th><th>Exchanges</th><th>Example</th></tr></thead>"
            f"<tbody>{unmatched}</tbody></table>"
        )
    return section + "</details></section>\n"
