"""The SARIF 2.1.0 reporter: valid against the official schema, and what code scanning needs."""

from __future__ import annotations

import json
import os
import re
from functools import cache, partial
from pathlib import Path

import jsonschema
import pytest

from envelint.common.findings import DocRow, Finding, Severity
from envelint.report import Report, RuleInfo, render, sarif_format
from envelint.report.sarif_format import repository_path
from tests import factories

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
# RFC 3986 URI-reference characters, percent signs only as escapes: the schema's "uri-reference"
# format, which jsonschema checks only when an optional package is installed.
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")

RULES = {
    "J001": RuleInfo(
        "J001",
        "payload-not-json",
        Severity.ERROR,
        "The payload is not JSON.",
        'Bad::\n\n    {"code": XXX}',
    ),
    "S001": RuleInfo("S001", "type-mismatch", Severity.ERROR, "Wrong type.", "Long text."),
    "E001": RuleInfo("E001", "envelope-shape", Severity.WARNING, "Odd envelope.", ""),
}


make_finding = partial(
    factories.make_finding,
    message='"code" is a number, the documentation says String',
    path="captures/error.json",
    end_line=3,
    end_column=16,
    pointer="/error/code",
)


def sarif(*findings: Finding, rules: dict | None = None) -> dict:
    report = Report(list(findings), files=1, payloads=1, rules=RULES if rules is None else rules)
    return json.loads(render("sarif", report))


def only_result(*findings: Finding) -> dict:
    (result,) = sarif(*findings)["runs"][0]["results"]
    return result


@cache
def schema_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


@pytest.fixture(autouse=True)
def in_tmp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Paths are made relative to the working directory: make it the same for every run."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


NASTY = [
    make_finding(
        message='line one\nline two %d: a, b ]]> \x01\x1b "quoted" <tag> & é 漢字 🙂',
        hint='write "code": "Ecs.0005"\nnot a number',
        doc=DocRow("docs/responses.rst", 42, "Table 3 **error** field structure"),
        schema="jobs-abnormal",
    ),
    make_finding(
        code="J001",
        rule="payload-not-json",
        line=1,
        column=1,
        end_line=None,
        end_column=None,
        pointer=None,
        path="<stdin>",
    ),
    make_finding(
        code="X999",
        rule="custom-rule",
        severity=Severity.INFO,
        pointer="",
        path="/outside/the tree/a#b%c.json",
        end_line=7,
        end_column=2,
    ),
    make_finding(severity=Severity.WARNING, path="dir with space/é.json", doc=DocRow("d.rst", 0)),
]


def test_the_log_is_valid_against_the_official_schema():
    errors = sorted(schema_validator().iter_errors(sarif(*NASTY)), key=str)
    assert errors == []


def test_every_uri_is_a_valid_uri_reference():
    log = sarif(*NASTY)
    uris = re.findall(r'"uri": ("(?:[^"\\]|\\.)*")', json.dumps(log))
    assert len(uris) == 6
    for uri in uris:
        assert URI_REFERENCE.match(json.loads(uri)), uri


def test_the_log_names_its_version_and_schema():
    log = sarif()
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")


def test_one_run_with_the_tool_name_and_version_and_no_information_uri():
    report = Report([make_finding()], rules=RULES, tool_version="9.8.7")
    (run,) = json.loads(render("sarif", report))["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("envelint", "9.8.7")
    assert "informationUri" not in driver


def test_every_known_rule_is_listed_sorted_by_code():
    rules = sarif(make_finding())["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["E001", "J001", "S001"]


def test_a_rule_descriptor_carries_names_descriptions_help_and_level():
    rules = sarif()["runs"][0]["tool"]["driver"]["rules"]
    assert rules[1] == {
        "id": "J001",
        "name": "payload-not-json",
        "shortDescription": {"text": "The payload is not JSON."},
        "fullDescription": {"text": 'Bad::\n\n    {"code": XXX}'},
        "help": {
            "text": 'The payload is not JSON.\n\nBad::\n\n    {"code": XXX}',
            "markdown": "**J001 payload-not-json** (error): The payload is not JSON.\n\n"
            'Bad:\n\n    {"code": XXX}',
        },
        "defaultConfiguration": {"level": "error"},
    }


def test_a_rule_without_description_falls_back_to_its_summary():
    rules = sarif()["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["fullDescription"] == {"text": "Odd envelope."}
    assert rules[0]["help"] == {
        "text": "Odd envelope.",
        "markdown": "**E001 envelope-shape** (warning): Odd envelope.",
    }
    assert rules[0]["defaultConfiguration"] == {"level": "warning"}


def test_a_code_missing_from_the_rules_gets_a_descriptor_of_its_own():
    log = sarif(make_finding(code="C100", rule="custom-check", severity=Severity.INFO))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["C100", "E001", "J001", "S001"]
    assert rules[0]["name"] == "custom-check"
    assert rules[0]["defaultConfiguration"] == {"level": "note"}


def test_rule_index_points_at_the_finding_rule():
    log = sarif(make_finding(code="J001"), make_finding(code="S001"))
    run = log["runs"][0]
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


@pytest.mark.parametrize(
    ("severity", "level"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "note")],
)
def test_severity_becomes_the_result_level(severity: Severity, level: str):
    assert only_result(make_finding(severity=severity))["level"] == level


def test_the_message_is_the_finding_message_alone_without_doc_or_hint():
    assert only_result(make_finding(message="m"))["message"] == {"text": "m"}


def test_the_message_appends_the_documentation_row_and_the_hint():
    finding = make_finding(message="m", doc=DocRow("docs/a.rst", 12, "Table 2"), hint="use x")
    text = only_result(finding)["message"]["text"]
    assert text == "m\ndocumented at docs/a.rst:12 (Table 2)\nhint: use x"


def test_a_documentation_row_without_table_names_path_and_line():
    text = only_result(make_finding(message="m", doc=DocRow("a.rst", 5)))["message"]["text"]
    assert text == "m\ndocumented at a.rst:5"


def test_the_documentation_row_is_a_related_location():
    result = only_result(make_finding(doc=DocRow("docs/a.rst", 12, "Table 2")))
    assert result["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "docs/a.rst", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 12},
            },
            "message": {"text": "documented here (Table 2)"},
        }
    ]


def artifact(result: dict) -> dict:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]


def test_a_relative_path_is_a_srcroot_uri_with_slashes():
    result = only_result(make_finding(path="./captures/sub/../error.json"))
    assert artifact(result) == {"uri": "captures/error.json", "uriBaseId": "%SRCROOT%"}


def test_an_absolute_path_below_the_working_directory_is_made_relative(in_tmp_dir: Path):
    result = only_result(make_finding(path=str(in_tmp_dir / "captures" / "error.json")))
    assert artifact(result) == {"uri": "captures/error.json", "uriBaseId": "%SRCROOT%"}


def test_a_path_outside_the_working_directory_is_a_relative_uri_climbing_out(in_tmp_dir: Path):
    outside = in_tmp_dir.parent / "elsewhere.json"
    result = only_result(make_finding(path=str(outside)))
    assert artifact(result) == {"uri": "../elsewhere.json", "uriBaseId": "%SRCROOT%"}


def test_a_relative_path_above_the_working_directory_stays_relative(in_tmp_dir: Path):
    result = only_result(make_finding(path="../elsewhere.json"))
    assert artifact(result) == {"uri": "../elsewhere.json", "uriBaseId": "%SRCROOT%"}


def test_the_log_declares_its_source_root_without_a_machine_path():
    run = sarif(make_finding())["runs"][0]
    assert set(run["originalUriBaseIds"]) == {"%SRCROOT%"}
    assert "uri" not in run["originalUriBaseIds"]["%SRCROOT%"]


def test_help_uri_points_at_the_rules_section_of_the_declared_documentation(monkeypatch):
    monkeypatch.setattr(sarif_format, "documentation_url", lambda: "https://docs.example/envelint")
    rules = sarif()["runs"][0]["tool"]["driver"]["rules"]
    assert rules[1]["helpUri"] == "https://docs.example/envelint#j001-payload-not-json"


def test_logs_made_in_two_places_are_the_same_bytes(tmp_path: Path, monkeypatch):
    texts = []
    for place in ("one", "two"):
        (tmp_path / place / "captures").mkdir(parents=True)
        monkeypatch.chdir(tmp_path / place)
        doc = DocRow("../shared/docs/a.rst", 3, "Table 1")  # outside the working directory
        finding = make_finding(path=str(tmp_path / place / "captures" / "error.json"), doc=doc)
        texts.append(render("sarif", Report([finding], rules=RULES)))
    assert texts[0] == texts[1]


def test_partial_fingerprints_are_stable_across_runs_and_line_shifts():
    first = only_result(make_finding(line=3, end_line=3))
    again = only_result(make_finding(line=8, end_line=8))
    assert first["partialFingerprints"] == again["partialFingerprints"]


def test_a_path_through_a_linked_working_directory_is_still_relative(in_tmp_dir: Path):
    (in_tmp_dir / "real").mkdir()
    (in_tmp_dir / "link").symlink_to(in_tmp_dir / "real")
    assert repository_path(str(in_tmp_dir / "real/a.json"), str(in_tmp_dir / "link")) == "a.json"


def test_a_path_below_the_working_directory_resolves_no_link(in_tmp_dir: Path, monkeypatch):
    resolved = []
    real_realpath = os.path.realpath
    monkeypatch.setattr(
        os.path, "realpath", lambda path, **options: resolved.append(path) or real_realpath(path)
    )
    relative = repository_path("captures/error.json", str(in_tmp_dir))
    monkeypatch.undo()
    assert (relative, resolved) == ("captures/error.json", [])


def test_each_distinct_path_is_located_once_per_report(in_tmp_dir: Path, monkeypatch):
    located = []  # the working directory is new to this test: nothing is cached for it
    real_relative_below = sarif_format._relative_below
    monkeypatch.setattr(
        sarif_format,
        "_relative_below",
        lambda file, root: located.append(file) or real_relative_below(file, root),
    )
    doc = DocRow("docs/a.rst", 12, "Table 2")
    sarif(make_finding(doc=doc), make_finding(line=9, doc=doc), make_finding(path="b.json"))
    assert sorted(os.path.relpath(file) for file in located) == [
        "b.json",
        "captures/error.json",
        "docs/a.rst",
    ]


def test_a_path_is_located_anew_when_the_working_directory_changes(tmp_path: Path, monkeypatch):
    (tmp_path / "one").mkdir()
    path = str(tmp_path / "one" / "a.json")
    uris = []
    for cwd in (tmp_path, tmp_path / "one", tmp_path):
        monkeypatch.chdir(cwd)
        uris.append(artifact(only_result(make_finding(path=path)))["uri"])
    assert uris == ["one/a.json", "a.json", "one/a.json"]


def test_characters_that_a_uri_cannot_hold_are_percent_encoded():
    result = only_result(make_finding(path="a dir/50%#1 é.json"))
    assert artifact(result)["uri"] == "a%20dir/50%25%231%20%C3%A9.json"


def test_stdin_is_kept_as_a_percent_encoded_uri_without_base():
    assert artifact(only_result(make_finding(path="<stdin>"))) == {"uri": "%3Cstdin%3E"}


def region(result: dict) -> dict:
    return result["locations"][0]["physicalLocation"]["region"]


def test_the_region_is_one_based_with_an_exclusive_end_column():
    result = only_result(make_finding(line=3, column=13, end_line=3, end_column=16))
    assert region(result) == {"startLine": 3, "startColumn": 13, "endLine": 3, "endColumn": 16}


def test_a_finding_without_an_end_covers_one_character():
    result = only_result(make_finding(line=4, column=7, end_line=None, end_column=None))
    assert region(result) == {"startLine": 4, "startColumn": 7, "endLine": 4, "endColumn": 8}


def test_a_region_may_cross_lines():
    result = only_result(make_finding(line=4, column=7, end_line=6, end_column=2))
    assert region(result) == {"startLine": 4, "startColumn": 7, "endLine": 6, "endColumn": 2}


def test_the_run_counts_columns_in_code_points():
    assert sarif()["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_properties_carry_the_json_pointer_and_schema():
    result = only_result(make_finding(pointer="/error/code", schema="jobs-abnormal"))
    assert result["properties"] == {"pointer": "/error/code", "schema": "jobs-abnormal"}


def test_the_root_pointer_is_kept_as_an_empty_string():
    assert only_result(make_finding(pointer=""))["properties"] == {"pointer": ""}


def fingerprint(finding: Finding) -> str:
    return only_result(finding)["partialFingerprints"]["envelint/v1"]


def test_a_line_shift_keeps_the_fingerprint():
    moved = make_finding(line=30, column=2, end_line=31, end_column=5)
    assert fingerprint(make_finding()) == fingerprint(moved)


@pytest.mark.parametrize(
    "change",
    [{"code": "J001"}, {"path": "captures/other.json"}, {"pointer": "/error"}, {"message": "x"}],
)
def test_code_path_pointer_and_message_change_the_fingerprint(change: dict):
    assert fingerprint(make_finding()) != fingerprint(make_finding(**change))


def test_identical_findings_in_one_file_get_distinct_fingerprints():
    results = sarif(make_finding(line=3), make_finding(line=9))["runs"][0]["results"]
    first, second = (result["partialFingerprints"]["envelint/v1"] for result in results)
    assert first.endswith(":1") and second.endswith(":2")
    assert first.split(":")[0] == second.split(":")[0]


def test_the_output_is_deterministic():
    report = Report(list(NASTY), rules=RULES)
    assert render("sarif", report) == render("sarif", report)


def test_a_lone_surrogate_in_a_message_is_replaced_so_the_output_encodes():
    text = render("sarif", Report([make_finding(message="bad \ud800 escape")], rules=RULES))
    assert "bad \ufffd escape" in text
    text.encode("utf-8")
