"""Rule options in the configuration (``rules: {CODE: {...}}``): passed to the rule, defaults
are the built-in values, and a mistake is a one-line configuration error (exit 2)."""

from __future__ import annotations

import json

import pytest

from envelint.config.settings import Settings
from envelint.rules import find_rule
from envelint.rules.envelope import ERROR_CODE_FIELDS
from tests.helpers import run_cli

ERRORS = (
    '{"error": {"message": "Quota exceeded.", "code": "AB-1234"}}\n'
    '{"error": {"message": "Quota exceeded.", "code": "Ecs.0005"}}\n'
)


def flagged_lines(tmp_path, config: str | None, payloads: str, code: str) -> list[int]:
    if config is not None:
        (tmp_path / ".envelint.yaml").write_text(config)
    log = tmp_path / "payloads.jsonl"
    log.write_text(payloads)
    result = run_cli("validate", "--format", "json", str(log))
    return [f["line"] for f in json.loads(result.output)["findings"] if f["code"] == code]


def test_without_options_the_built_in_error_code_form_applies(tmp_path):
    assert flagged_lines(tmp_path, None, ERRORS, "E004") == [1]


def test_a_configured_error_code_pattern_changes_the_finding(tmp_path):
    config = 'rules:\n  E004:\n    pattern: "^[A-Z]{2}-[0-9]{4}$"\n'
    assert flagged_lines(tmp_path, config, ERRORS, "E004") == [2]


def test_the_message_quotes_a_configured_pattern(tmp_path):
    (tmp_path / ".envelint.yaml").write_text('rules:\n  error-code-form: {pattern: "^x$"}\n')
    (tmp_path / "one.json").write_text('{"error": {"message": "m", "code": "Ecs.0005"}}')
    result = run_cli("validate", "--format", "json", str(tmp_path / "one.json"))
    (finding,) = json.loads(result.output)["findings"]
    assert "not an error code of the documented form (matching ^x$)" in finding["message"]


def test_configured_error_code_fields_replace_the_default(tmp_path):
    payloads = '{"error": {"message": "m", "code": "AB-1234"}}\n'
    config = "rules:\n  E004:\n    fields: [error_code]\n"
    assert flagged_lines(tmp_path, config, payloads, "E004") == []


def test_configured_id_patterns_are_held_where_no_row_documents_a_form(tmp_path):
    payloads = '{"job_id": "job-42"}\n{"job_id": "ff80808288d41e1b018990260955686a"}\n'
    assert flagged_lines(tmp_path, None, payloads, "E005") == []
    config = 'rules:\n  E005:\n    patterns: {job_id: "^job-[0-9]+$"}\n'
    assert flagged_lines(tmp_path, config, payloads, "E005") == [2]


def test_defaults_leave_the_forms_to_the_documentation():
    error_code = Settings().options_for(find_rule("E004"))
    assert (error_code.pattern, error_code.fields) == (None, ERROR_CODE_FIELDS)
    assert Settings().options_for(find_rule("E005")).patterns == {}
    assert Settings().options_for(find_rule("E001")) is None


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            'rules:\n  E004:\n    patern: "x"\n',
            ".envelint.yaml:3: unknown key 'patern' in rules.E004 (did you mean 'pattern'?)",
        ),
        (
            "rules:\n  E004:\n    fields: code\n",
            ".envelint.yaml:3: rules.E004.fields must be a list of field names, not 'code'",
        ),
        (
            'rules:\n  E005:\n    patterns: {job_id: "[a-"}\n',
            ".envelint.yaml:3: rules.E005.patterns.job_id '[a-' is not a regular expression: "
            "unterminated character set at position 0",
        ),
        (
            'rules:\n  error-code-form:\n    pattern: "^(?=A)A$"\n',
            ".envelint.yaml:3: rules.error-code-form.pattern '^(?=A)A$' cannot be used: patterns"
            " run without backtracking, so look-around, back-references and \\Z are not available",
        ),
        ("rules:\n  E009: {}\n", ".envelint.yaml:2: unknown key 'E009' in rules (did you mean"),
    ],
    ids=["unknown option", "wrong type", "bad pattern", "backtracking pattern", "unknown rule"],
)
def test_a_bad_option_is_a_configuration_error(tmp_path, config, message):
    (tmp_path / ".envelint.yaml").write_text(config)
    (tmp_path / "one.json").write_text('{"job_id": "ff80808288d41e1b018990260955686a"}')
    result = run_cli("validate", str(tmp_path / "one.json"))
    assert result.exit_code == 2
    assert result.output.startswith("envelint: error: ")
    assert f"/{message}" in result.output
