"""The text report names the documented response each run of payloads was checked against,
once per run, not once per finding."""

from __future__ import annotations

from envelint.common.findings import CheckedAgainst
from envelint.report import Report, render
from tests.factories import make_finding

LIST = CheckedAgainst(
    "apis/list.status-200", "http", "GET", "/v2/{project_id}/widgets", "apis/list.rst"
)
GUESS = CheckedAgainst("common/jobs.normal", "shape", page="common/jobs.rst")


def headings(*findings) -> list[str]:
    text = render("text", Report(findings=list(findings)))
    return [line for line in text.splitlines() if ": checked against " in line]


def test_payloads_checked_against_one_operation_get_one_heading():
    assert headings(
        make_finding(line=1, against=LIST, message="a"),
        make_finding(line=2, against=LIST, message="b"),
    ) == [
        "captures/a.json: checked against GET /v2/{project_id}/widgets, documented in "
        "apis/list.rst, schema apis/list.status-200"
    ]


def test_a_schema_chosen_by_shape_says_so():
    assert headings(make_finding(against=GUESS)) == [
        "captures/a.json: checked against schema common/jobs.normal, documented in "
        "common/jobs.rst, chosen by the body's shape"
    ]


def test_a_finding_without_a_documented_response_gets_no_heading():
    assert headings(make_finding(against=CheckedAgainst(None, "none"))) == []


def test_a_documented_example_checked_against_its_own_page_gets_no_heading():
    own_page = CheckedAgainst("apis/list.status-200", "forced", "GET", "/v2/w", "captures/a.json")
    assert headings(make_finding(against=own_page)) == []
