"""JUnit at scale: past CASE_LIMIT test cases, one case per capture file and operation (and one
for the file's clean payloads), each suite stating the grouping."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from envelint.common.findings import CheckedAgainst, Severity
from envelint.report import CheckedUnit, Report, render
from envelint.report.junit_format import JunitWriter
from tests import factories
from tests.conftest import FIXTURES
from tests.helpers import run_cli

LIST = CheckedAgainst("gizmos/list", "http", "GET", "/v2/{project_id}/gizmos", "Listing Gizmos")


def junit(findings: list, units: list) -> ET.Element:
    return ET.fromstring(render("junit", Report(findings, files=1, units=units)))


def log_findings(path: str, lines: range, **fields) -> list:
    return [factories.make_finding(path=path, line=n, against=LIST, **fields) for n in lines]


def units(path: str, count: int) -> list:
    return [CheckedUnit(path, f"payload at line {n}", n) for n in range(1, count + 1)]


@pytest.fixture
def limit_of_ten(monkeypatch):
    monkeypatch.setattr(JunitWriter, "case_limit", 10)


def test_under_the_limit_each_finding_is_a_case(limit_of_ten):
    root = junit(log_findings("a.jsonl", range(1, 4)), units("a.jsonl", 5))
    assert root.get("tests") == "5"  # 3 findings, 2 clean payloads


def test_past_the_limit_a_file_has_one_case_per_operation(limit_of_ten):
    found = log_findings("a.jsonl", range(1, 9)) + [factories.make_finding(path="a.jsonl", line=9)]
    root = junit(found, units("a.jsonl", 20))
    (suite,) = root.findall("testsuite")
    names = [case.get("name") for case in suite.findall("testcase")]
    assert names == ["(no operation)", "GET /v2/{project_id}/gizmos", "clean payloads (11)"]
    assert (root.get("tests"), root.get("failures")) == ("3", "2")


def test_a_grouped_case_counts_per_rule_and_details_the_first_findings(limit_of_ten):
    found = log_findings("a.jsonl", range(1, 13)) + log_findings("a.jsonl", [13], code="S003")
    case = junit(found, units("a.jsonl", 13)).find("testsuite/testcase")
    failure = case.find("failure")
    assert failure.get("message") == "13 findings (S001 x12, S003 x1)"
    assert failure.text.startswith("13 findings (S001 x12, S003 x1); the first 10 of 13:")
    assert failure.text.count("a.jsonl:") == 10


def test_each_suite_states_the_grouping(limit_of_ten):
    root = junit(log_findings("a.jsonl", range(1, 12)) + log_findings("b.jsonl", [1]), [])
    suites = root.findall("testsuite")
    assert len(suites) == 2  # one a capture file
    for suite in suites:
        (prop,) = suite.findall("properties/property")
        assert prop.get("name") == "envelint.grouping"
        assert "grouped by capture file and operation" in prop.get("value")


def test_a_group_below_the_fail_level_passes_with_its_findings_in_its_output(limit_of_ten):
    found = log_findings("a.jsonl", range(1, 12), severity=Severity.WARNING)
    case = junit(found, []).find("testsuite/testcase")
    assert case.find("failure") is None
    assert case.find("system-err").text.startswith("11 findings (S001 x11)")


def test_a_cli_run_past_the_limit_groups(monkeypatch):
    monkeypatch.setattr(JunitWriter, "case_limit", 3)
    docs = FIXTURES / "docs" / "operations"
    log = FIXTURES / "captures" / "coverage" / "gateway.jsonl"
    result = run_cli("check", str(docs), str(log), "--format", "junit", "--fail-on", "warning")
    names = [c.get("name") for c in ET.fromstring(result.output).iter("testcase")]
    assert names == [
        "(no operation)",  # E006: the request matched no operation
        "GET /v1.0/gizmos/{gizmo_id}/details",  # E007: a status its page does not list
        "GET /v2/{project_id}/gizmos",
        "clean payloads (2)",
    ]
