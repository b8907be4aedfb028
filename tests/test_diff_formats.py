"""``envelint diff --format github`` and ``--format sarif``: annotations on the head pages'
rows, and a SARIF log the official schema accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.helpers import run_cli

REPO = Path(__file__).resolve().parents[1]
DIFF = REPO / "fixtures" / "diff"
SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
MANDATORY = "fixtures/diff/C201-request-mandatory-added"
REMOVED = "fixtures/diff/C111-response-field-removed"


def test_github_annotates_the_head_pages_row_with_the_level(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("diff", "fixtures/diff/base", MANDATORY, "--format", "github")
    assert result.exit_code == 1
    first, summary = result.output.splitlines()
    assert first.startswith(
        f"::error file={MANDATORY}/creating_a_gizmo.rst,line=47,"
        "title=C201 request-mandatory-added::POST /v2/{project_id}/gizmos (gizmo-create): "
        'request body field "/zone" is new and mandatory'
    )
    assert summary.endswith("1 changes: 1 breaking, 0 potentially breaking, 0 non breaking")


def test_github_puts_a_removal_on_the_base_row_when_the_head_has_none(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("diff", "fixtures/diff/base", "fixtures/diff/C001-operation-removed")
    github = run_cli(
        "diff", "fixtures/diff/base", "fixtures/diff/C001-operation-removed", "--format", "github"
    )
    assert "C001" in result.output
    assert github.output.startswith("::error file=fixtures/diff/base/")


def test_github_levels_are_error_warning_notice():
    head = DIFF / "C115-response-enum-value-added"
    result = run_cli("diff", str(DIFF / "base"), str(head), "--format", "github")
    assert result.output.startswith("::warning ")
    head = DIFF / "C116-response-field-added"
    result = run_cli("diff", str(DIFF / "base"), str(head), "--format", "github")
    assert result.output.startswith("::notice ")


def test_sarif_is_valid_and_locates_the_head_row_with_the_base_row_related(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("diff", "fixtures/diff/base", REMOVED, "--format", "sarif")
    log = json.loads(result.output)
    jsonschema.validate(log, SCHEMA)
    (run,) = log["runs"]
    (found,) = run["results"]
    rule = run["tool"]["driver"]["rules"][found["ruleIndex"]]
    assert (found["ruleId"], rule["id"], found["level"]) == ("C111", "C111", "error")
    location = found["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == f"{REMOVED}/querying_a_gizmo.rst"
    assert location["region"] == {"startLine": 21}
    related = found["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "fixtures/diff/base/querying_a_gizmo.rst"


def test_sarif_lists_every_change_kind_as_a_rule_even_with_no_change():
    result = run_cli("diff", str(DIFF / "base"), str(DIFF / "base"), "--format", "sarif")
    log = json.loads(result.output)
    jsonschema.validate(log, SCHEMA)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {"C001", "C111", "C201"} <= {rule["id"] for rule in rules}
    assert log["runs"][0]["results"] == []


def test_a_revisions_pages_are_cited_by_their_path_in_the_repository():
    from envelint.changes.model import cited_location

    assert cited_location("origin/main:api-ref/source/a.rst:12") == ("api-ref/source/a.rst", 12)
    assert cited_location("docs/a.rst:3") == ("docs/a.rst", 3)
    assert cited_location("HEAD:docs/a.rst") == ("docs/a.rst", 0)
