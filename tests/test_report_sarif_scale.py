"""SARIF at scale: past GitHub's limit of results per run, one result per (rule, operation)
with the count and the first locations, and the log says what was grouped."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from envelint.common.findings import CheckedAgainst, DocRow, Severity
from envelint.report import Report, render
from envelint.report.sarif_format import GROUP_LOCATIONS, SarifWriter
from tests import factories
from tests.conftest import FIXTURES
from tests.helpers import run_cli

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
LIST = CheckedAgainst("gizmos/list", "http", "GET", "/v2/{project_id}/gizmos", "Listing Gizmos")
DETAILS = CheckedAgainst("gizmos/details", "http", "GET", "/v1.0/gizmos/{id}", "Gizmo details")


def findings(count: int, code: str = "S001", against: CheckedAgainst | None = LIST) -> list:
    return [
        factories.make_finding(code=code, line=n, path="log.jsonl", against=against,
                               doc=DocRow("docs/list.rst", 30, "Table 2"))
        for n in range(1, count + 1)
    ]  # fmt: skip


def sarif_log(found: list) -> dict:
    log = json.loads(render("sarif", Report(found, files=1, payloads=len(found))))
    jsonschema.validate(log, SCHEMA)
    return log


@pytest.fixture
def limit_of_five(monkeypatch):
    monkeypatch.setattr(SarifWriter, "result_limit", 5)


def test_under_the_limit_each_finding_is_a_result(limit_of_five):
    run = sarif_log(findings(5))["runs"][0]
    assert len(run["results"]) == 5
    assert "properties" not in run


def test_past_the_limit_each_rule_and_operation_is_one_result(limit_of_five):
    found = (
        findings(20)
        + findings(3, "S003")
        + findings(2, against=DETAILS)
        + findings(1, against=None)
    )
    run = sarif_log(found)["runs"][0]
    grouped = [(r["ruleId"], r["properties"].get("operation"), r["properties"]["count"])
               for r in run["results"]]  # fmt: skip
    assert grouped == [
        ("S001", "GET /v2/{project_id}/gizmos", 20),
        ("S003", "GET /v2/{project_id}/gizmos", 3),
        ("S001", "GET /v1.0/gizmos/{id}", 2),
        ("S001", None, 1),
    ]


def test_a_grouped_result_gives_the_count_and_its_first_locations(limit_of_five):
    (first, *_) = sarif_log(findings(20) + findings(3, "S003"))["runs"][0]["results"]
    assert first["message"]["text"].startswith(
        "20 findings of S001 (type-mismatch) against GET /v2/{project_id}/gizmos; "
        f"the first {GROUP_LOCATIONS} locations are listed."
    )
    lines = [loc["physicalLocation"]["region"]["startLine"] for loc in first["locations"]]
    assert lines == list(range(1, GROUP_LOCATIONS + 1))
    assert first["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 30


def test_the_log_states_what_was_grouped(limit_of_five):
    grouping = sarif_log(findings(20) + findings(3, "S003"))["runs"][0]["properties"]["grouping"]
    assert grouping["by"] == ["ruleId", "operation"]
    assert (grouping["findings"], grouping["results"]) == (23, 2)
    assert "JSON report lists every finding" in grouping["reason"]


def test_groups_past_the_limit_are_left_out_and_counted(monkeypatch):
    monkeypatch.setattr(SarifWriter, "result_limit", 1)
    run = sarif_log(findings(3) + findings(2, "S003"))["runs"][0]
    assert len(run["results"]) == 1
    assert run["properties"]["grouping"]["left_out"] == {"groups": 1, "findings": 2}


def test_a_group_takes_its_most_severe_level(limit_of_five):
    found = findings(6)
    found[3] = factories.make_finding(severity=Severity.WARNING, against=LIST)
    found[0] = factories.make_finding(severity=Severity.WARNING, against=LIST)
    (result,) = sarif_log(found)["runs"][0]["results"]
    assert result["level"] == "error"


def gateway_sarif_run(monkeypatch, result_limit: int) -> dict:
    """``envelint check --format sarif`` on the gateway log, grouped past ``result_limit``."""
    monkeypatch.setattr(SarifWriter, "result_limit", result_limit)
    docs = FIXTURES / "docs" / "operations"
    log = FIXTURES / "captures" / "coverage" / "gateway.jsonl"
    result = run_cli("check", str(docs), str(log), "--format", "sarif")
    sarif = json.loads(result.output)
    jsonschema.validate(sarif, SCHEMA)
    return sarif["runs"][0]


def test_a_streamed_cli_run_groups_too(monkeypatch):
    run = gateway_sarif_run(monkeypatch, 2)
    assert run["properties"]["grouping"]["findings"] == 5
    assert [r["properties"]["count"] for r in run["results"]] == [2, 2]
    assert run["properties"]["grouping"]["left_out"] == {"groups": 1, "findings": 1}


def test_a_grouped_status_the_page_does_not_list_names_its_operation(monkeypatch):
    run = gateway_sarif_run(monkeypatch, 3)
    by_rule = {r["ruleId"]: r["properties"].get("operation") for r in run["results"]}
    assert by_rule["E007"] == "GET /v1.0/gizmos/{gizmo_id}/details"
    assert by_rule["E006"] is None  # no documented operation
