"""The HTML report in a real browser (headless Chromium, slow tier): the groups, the filters and
the excerpts work, and the README's screenshot is taken from it."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.browser import chromium_page, require_browser
from tests.conftest import FIXTURES, REPO
from tests.helpers import run_cli

pytestmark = pytest.mark.slow

DOCS = FIXTURES / "docs" / "operations"
LOG = FIXTURES / "captures" / "coverage" / "gateway.jsonl"
SCREENSHOT = REPO / "docs" / "html-report.png"  # ENVELINT_WRITE_SCREENSHOT=1 updates it


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    require_browser()
    folder = tmp_path_factory.mktemp("html")
    report = folder / "report.html"
    result = run_cli("check", str(DOCS), str(LOG), "--format", "html", "--output", str(report))
    assert result.exit_code == 1, result.output
    with chromium_page(folder / "profile") as page:
        page.goto(report.as_uri())
        page.wait_for_selector("body[data-ready=true]")
        yield page


def shown(page) -> str:
    return page.inner_text("#shown")


def test_every_finding_is_listed_at_first(report_page):
    assert shown(report_page) == "5 of 5 findings"
    assert report_page.locator("#findings-list li.finding").count() == 5


def test_a_rule_row_filters_the_list_to_its_findings(report_page):
    report_page.click("#by-rule tr[data-value] >> text=E006")
    assert shown(report_page) == "2 of 5 findings"
    codes = report_page.locator("#findings-list .code").all_inner_texts()
    assert codes == ["E006", "E006"]
    report_page.click("#f-clear")


def test_an_operation_row_filters_the_list_to_its_findings(report_page):
    report_page.click("#by-operation >> text=GET /v2/{project_id}/gizmos")
    assert shown(report_page) == "2 of 5 findings"
    report_page.click("#f-clear")


def test_the_severity_filter_keeps_that_severity(report_page):
    report_page.select_option("#f-severity", "3")
    assert shown(report_page) == "2 of 5 findings"
    assert report_page.locator("#findings-list .sev").all_inner_texts() == ["error", "error"]
    report_page.click("#f-clear")


def test_grouping_by_rule_heads_each_group_with_its_count(report_page):
    report_page.select_option("#f-group", "rule")
    heads = report_page.locator("#findings-list .group-head").all_inner_texts()
    assert heads == [
        "E006 undocumented-operation \u2014 2 findings",
        "E007 undocumented-status \u2014 1 findings",
        "S001 type-mismatch \u2014 2 findings",
    ]
    report_page.click("#f-clear")


def test_an_excerpt_marks_the_column_and_the_documentation_row_is_shown(report_page):
    documented = report_page.locator(".doc")
    finding = report_page.locator("#findings-list li.finding", has=documented)
    assert finding.locator(".excerpt mark").inner_text() == '"sprocket"'
    assert finding.locator(".excerpt .gutter").first.inner_text() == "9 | "
    assert "listing_gizmos.rst:38" in finding.locator(".doc").inner_text()
    assert "gizmos    Array of strings" in finding.locator(".doc pre").inner_text()
    report_page.click("#f-clear")


def test_the_screenshot_the_readme_shows(report_page, tmp_path):
    taken = tmp_path / "html-report.png"
    report_page.screenshot(path=str(taken), full_page=True)
    assert taken.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("ENVELINT_WRITE_SCREENSHOT") == "1":
        shutil.copyfile(taken, SCREENSHOT)
    assert SCREENSHOT.exists()
