"""--format gitlab: a GitLab Code Quality report, valid against the format GitLab documents,
with fingerprints that are unique in a report and stable across runs and line shifts."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import jsonschema

from envelint.common.findings import DocRow, Severity
from envelint.report import Report, render
from tests import factories
from tests.conftest import FIXTURES
from tests.helpers import run_cli

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "gitlab-code-quality-schema.json").read_text()
)

make_finding = partial(factories.make_finding, pointer="/error/code", path="captures/a.json")


def gitlab(*findings) -> list[dict]:
    return json.loads(render("gitlab", Report(list(findings))))


def test_a_run_over_the_fixtures_is_valid_against_gitlabs_format():
    result = run_cli("validate", "--format", "gitlab", str(FIXTURES / "payloads"))

    issues = json.loads(result.stdout)
    jsonschema.validate(issues, SCHEMA)
    assert (
        len(issues)
        == json.loads(run_cli("validate", "--format", "json", str(FIXTURES / "payloads")).stdout)[
            "summary"
        ]["findings"]
    )


def test_an_empty_report_is_an_empty_array():
    assert render("gitlab", Report([])) == "[]\n"


def test_one_issue_has_the_documented_fields():
    [issue] = gitlab(make_finding(message="wrong", line=7, doc=DocRow("docs/p.rst", 33, "Table 1")))

    assert issue["description"] == "wrong"
    assert issue["check_name"] == "S001"
    assert issue["severity"] == "major"
    assert issue["location"] == {"path": "captures/a.json", "lines": {"begin": 7}}
    assert issue["content"] == {"body": "Documented at docs/p.rst:33 (Table 1)."}


def test_severities_map_to_gitlabs_scale():
    issues = gitlab(*(make_finding(severity=severity) for severity in Severity))

    assert sorted(issue["severity"] for issue in issues) == ["info", "major", "minor"]


def test_fingerprints_are_unique_for_identical_findings_in_one_file():
    issues = gitlab(make_finding(line=1), make_finding(line=2), make_finding(line=3))

    assert len({issue["fingerprint"] for issue in issues}) == 3


def test_fingerprints_survive_a_line_shift_and_a_second_run():
    before = gitlab(make_finding(line=3), make_finding(code="S003", line=9))
    after = gitlab(make_finding(line=5), make_finding(code="S003", line=12))

    assert [issue["fingerprint"] for issue in before] == [issue["fingerprint"] for issue in after]


def test_fingerprints_differ_by_rule_path_and_pointer():
    base = make_finding()
    others = [
        make_finding(code="S004"),
        make_finding(path="captures/b.json"),
        make_finding(pointer="/error/message"),
    ]

    prints = {issue["fingerprint"] for issue in gitlab(base, *others)}

    assert len(prints) == 4


def test_paths_are_relative_to_the_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    [issue] = gitlab(make_finding(path=str(tmp_path / "captures" / "a.json")))

    assert issue["location"]["path"] == "captures/a.json"
