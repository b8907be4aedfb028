"""`envelint rules` and `envelint rules explain`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from envelint.commands.main import cli
from envelint.rules import all_rules


def test_rules_lists_every_rule():
    output = CliRunner().invoke(cli, ["rules"]).output
    for rule in all_rules():
        assert f"{rule.code}  {rule.name}" in output


def test_rules_json_carries_codes_names_and_severities():
    data = json.loads(CliRunner().invoke(cli, ["rules", "--format", "json"]).output)
    first = data[0]
    assert (first["code"], first["name"], first["severity"]) == (
        "J001",
        "payload-not-json",
        "error",
    )


def test_explain_prints_the_docstring_with_examples():
    result = CliRunner().invoke(cli, ["rules", "explain", "S001"])
    assert result.exit_code == 0
    assert result.output.startswith("S001 type-mismatch (error)\n")
    assert "Bad" in result.output and "Good" in result.output


def test_explain_accepts_a_rule_name():
    result = CliRunner().invoke(cli, ["rules", "explain", "payload-not-json"])
    assert result.output.startswith("J001 ")


def test_explain_unknown_rule_is_exit_two():
    result = CliRunner().invoke(cli, ["rules", "explain", "X999"])
    assert result.exit_code == 2
    assert "no rule 'X999'" in result.output


def test_every_rule_documents_a_bad_and_a_good_example():
    for rule in all_rules():
        assert "Bad" in rule.documentation and "Good" in rule.documentation, rule.code


def test_readme_rule_reference_is_generated_from_the_rules():
    from envelint.rules.catalog import rules_as_markdown
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert section == rules_as_markdown(), "run: python tools/update_readme_rules.py"
