"""The README's promises: its configuration example loads, its CI recipes produce reports."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import xml.etree.ElementTree as ET

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from envelint.commands.main import cli
from envelint.config.loader import load_settings
from tests.conftest import FIXTURES, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
GITLAB_SCHEMA = json.loads(
    (REPO / "tests" / "data" / "gitlab-code-quality-schema.json").read_text()
)


def yaml_block_after(marker: str) -> dict:
    text = README.split(marker, 1)[1]
    return yaml.safe_load(re.search(r"```yaml\n(.*?)```", text, re.DOTALL).group(1))


def envelint_command(steps: list) -> list[str]:
    line = next(step for step in steps if str(step).startswith("envelint "))
    words = shlex.split(line)[1:]
    replacements = {
        "docs/api-ref": str(FIXTURES / "docs" / "tree"),
        "captures": str(FIXTURES / "captures" / "widgets"),
    }
    return [replacements.get(word, word) for word in words]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_configuration_example_is_valid(tmp_path):
    text = README.split("## Configuration", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", text, re.DOTALL).group(1)
    (tmp_path / ".envelint.yaml").write_text(block)
    settings = load_settings(None, tmp_path)
    assert settings.exclude == ["captures/legacy/**"]
    assert [rule.code for rule in settings.custom_rules] == ["X001"]


def test_github_recipe_writes_sarif_for_code_scanning(tmp_path):
    workflow = yaml_block_after("<!-- recipe:github -->")
    steps = [step.get("run") for step in workflow["jobs"]["envelint"]["steps"] if "run" in step]
    result = CliRunner().invoke(cli, envelint_command(steps))
    assert result.exit_code == 1
    assert result.output.startswith("::error file=")
    sarif = json.loads((tmp_path / "envelint.sarif").read_text())
    jsonschema.validate(sarif, SARIF_SCHEMA)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["S001", "E007", "E006"]


def test_gitlab_recipe_writes_a_junit_report(tmp_path):
    job = yaml_block_after("<!-- recipe:gitlab -->")["envelint"]
    # a repository's layout, so that reports name files relative to its root
    shutil.copytree(FIXTURES / "docs" / "tree", tmp_path / "docs" / "api-ref")
    shutil.copytree(FIXTURES / "captures" / "widgets", tmp_path / "captures")
    line = next(step for step in job["script"] if str(step).startswith("envelint "))
    result = CliRunner().invoke(cli, shlex.split(line)[1:])
    assert result.exit_code == 1
    assert "S001 error" in result.output
    suites = ET.parse(tmp_path / "envelint-junit.xml").getroot()
    failures = [case.find("failure").get("type") for case in suites.iter("testcase")
                if case.find("failure") is not None]  # fmt: skip
    assert failures == ["S001"]  # E007 and E006 are warnings: reported, not failing
    issues = json.loads((tmp_path / "gl-code-quality-report.json").read_text())
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert [issue["check_name"] for issue in issues] == ["S001", "E007", "E006"]
    reported = [case.find("system-err") for case in suites.iter("testcase")]
    assert sum(element is not None for element in reported) == 2
