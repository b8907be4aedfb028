"""`--format html`: one self-contained page, findings grouped by operation and by rule with
counts, each with its excerpt and documentation row, the coverage table and the charts."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from envelint.common.findings import CheckedAgainst, DocRow
from envelint.report import Report, render
from envelint.report.html_format import EXCERPT_WIDTH, excerpt_window
from tests import factories
from tests.conftest import FIXTURES
from tests.helpers import run_cli

DOCS = FIXTURES / "docs" / "operations"
LOG = FIXTURES / "captures" / "coverage" / "gateway.jsonl"
LISTING = DOCS / "gizmos" / "listing_gizmos.rst"
LIST = CheckedAgainst("gizmos/list", "http", "GET", "/v2/{project_id}/gizmos", "Listing Gizmos")


class Parts(HTMLParser):
    """What a page fetches (src, href), its scripts' text and its elements' ids."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.scripts: dict[str, str] = {}
        self.ids: set[str] = set()
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.fetched += [found[name] for name in ("src", "href") if found.get(name)]
        if "id" in found:
            self.ids.add(found["id"])
        if tag == "script":
            self._script = found.get("id", "code")
            self.scripts[self._script] = ""

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self.scripts[self._script] += data


def page_of(html: str) -> Parts:
    parts = Parts()
    parts.feed(html)
    return parts


def check_html() -> str:
    result = run_cli("check", str(DOCS), str(LOG), "--format", "html")
    assert result.exit_code == 1, result.output
    return result.output


def test_the_page_fetches_nothing_when_viewed():
    html = check_html()
    assert page_of(html).fetched == []
    assert not re.search(r"\b(?:src|href)\s*=", html)
    assert "default-src 'none'" in html  # the page itself forbids any fetch


def test_every_finding_is_in_the_page_data():
    rows = json.loads(page_of(check_html()).scripts["findings"])
    assert [(row[4], row[0]) for row in rows] and len(rows) == 5


def test_findings_are_counted_by_operation_and_by_rule():
    html = check_html()
    by_rule = re.findall(r"<td><code>(\w+)</code></td><td>[\w-]+</td><td class='n'>(\d+)", html)
    assert by_rule == [("S001", "2"), ("E006", "2"), ("E007", "1")]
    assert "<code>GET /v2/{project_id}/gizmos</code></td><td class='n'>2</td>" in html


def test_a_status_the_page_does_not_list_is_grouped_under_its_operation():
    html = check_html()  # line 4: a 500 from GET /v1.0/gizmos/g2/details, which lists 200, 404
    assert "<code>GET /v1.0/gizmos/{gizmo_id}/details</code></td><td class='n'>1</td>" in html
    assert "<code>(no operation)</code></td><td class='n'>2</td>" in html  # the two E006


def test_the_charts_are_inline_svg():
    html = check_html()
    assert html.count("<svg class='chart'") == 2
    assert "<title>E006: 2</title>" in html


def test_the_coverage_table_is_in_the_page_of_a_check():
    html = check_html()
    assert "id='coverage-table'" in html
    assert "<td>200</td><td>exercised with findings</td>" in html
    assert "<code>/v3/{id}/widgets/{id}</code>" in html


def test_a_finding_carries_its_excerpt_and_its_documentation_row():
    finding = factories.make_finding(
        path="log.jsonl", line=2, column=5, end_column=8, excerpt='{"a": 123}\n', against=LIST,
        doc=DocRow(str(LISTING), 38, "Table 2"),
    )  # fmt: skip
    parts = page_of(render("html", Report([finding], files=1, payloads=1)))
    (row,) = json.loads(parts.scripts["findings"])
    tables = json.loads(parts.scripts["tables"])
    assert row[8] == ['{"a": 123}', 4, 7]
    cited, text = tables["docs"][row[7]]
    assert cited.endswith(":38 (Table 2)")
    assert text == "gizmos    Array of strings The gizmos' names."
    assert tables["operations"][row[6]] == "GET /v2/{project_id}/gizmos"


def test_text_that_closes_a_script_stays_inside_it():
    finding = factories.make_finding(message="</script><script>alert(1)</script>")
    parts = page_of(render("html", Report([finding], files=1, payloads=1)))
    (row,) = json.loads(parts.scripts["findings"])
    assert row[2] == "</script><script>alert(1)</script>"


def test_a_long_line_is_cut_around_the_column():
    text, start, end = excerpt_window("x" * 500 + "BAD" + "y" * 500, 501, 504)
    assert len(text) <= EXCERPT_WIDTH + 2 and text.startswith("\u2026")
    assert text[start:end] == "BAD"


def test_a_page_without_findings_says_so():
    html = render("html", Report([], files=1, payloads=3))
    assert "No findings." in html
    assert json.loads(page_of(html).scripts["findings"]) == []


def test_the_page_is_written_to_output(tmp_path):
    out = tmp_path / "report.html"
    result = run_cli("check", str(DOCS), str(LOG), "--format", "html", "--output", str(out))
    assert result.exit_code == 1 and result.output == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
