"""--select and --ignore name rules as the configuration does: an unknown code is a usage error
(exit 2) naming it and the closest known ones, never a run that silently checks nothing."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES
from tests.helpers import run_cli

PAYLOADS = str(FIXTURES / "payloads")


@pytest.mark.parametrize(
    ("option", "value", "line"),
    [
        ("--select", "S999", "--select: unknown rule 'S999' (closest: S007, S006, S005)"),
        (
            "--ignore",
            "type-mismach",
            "--ignore: unknown rule 'type-mismach' (closest: type-mismatch)",
        ),
        ("--select", "J,X999", "--select: unknown rule 'X999' (`envelint rules` lists them)"),
    ],
)
def test_unknown_code_is_a_usage_error_naming_the_closest(option: str, value: str, line: str):
    result = run_cli("validate", option, value, PAYLOADS)

    assert result.exit_code == 2
    assert result.stderr == f"envelint: error: {line}\n"
    assert result.stdout == ""


def test_lint_refuses_an_unknown_code_too():
    result = run_cli("lint", "--select", "D999", str(FIXTURES / "docs" / "legacy_tasks.rst"))

    assert result.exit_code == 2
    assert "unknown rule 'D999' (closest: D006, D005, D004)" in result.stderr


def test_codes_prefixes_and_names_are_accepted():
    result = run_cli(
        "validate", "--format", "json", "--select", "J,S00", "--ignore", "type-mismatch,s003",
        PAYLOADS,
    )  # fmt: skip

    assert result.exit_code == 1  # J001 errors in the invalid payloads
    by_code = json.loads(result.output)["summary"]["by_code"]
    assert by_code == {"J001": 3, "J002": 1, "J003": 1, "J004": 1, "S006": 1}


def test_custom_rule_named_in_the_configuration_can_be_selected(tmp_path, monkeypatch):
    (tmp_path / ".envelint.yaml").write_text(
        "custom-rules:\n  - id: gizmo-code\n    given: /job_id\n"
        '    then: {type: string, pattern: "^GZM"}\n    message: gizmo ids start with GZM\n'
    )
    (tmp_path / "job.json").write_text('{"job_id": "x"}\n')
    monkeypatch.chdir(tmp_path)

    result = run_cli("validate", "--select", "gizmo-code", "job.json")

    assert "X001" in result.output
