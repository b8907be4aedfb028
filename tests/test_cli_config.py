"""The configuration file, end to end: found upward, applied per file, mistakes are exit 2."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from envelint.commands.main import cli
from tests.conftest import FIXTURES
from tests.factories import write_file
from tests.helpers import run_cli

INVALID = FIXTURES / "payloads" / "invalid"


def findings(result) -> list[tuple]:
    return [(f["code"], f["severity"], f["line"], f["column"])
            for f in json.loads(result.output)["findings"]]  # fmt: skip


def project(tmp_path, config: str, *payloads: str):
    (tmp_path / ".envelint.yaml").write_text(config)
    captures = tmp_path / "captures"
    captures.mkdir()
    for name in payloads:
        shutil.copy(INVALID / name, captures / name)
    return captures


def test_config_found_upward_from_the_checked_files(tmp_path):
    captures = project(tmp_path, "ignore: [S003]\n", "jobid-typo.json")
    result = run_cli("validate", "--format", "json", str(captures / "jobid-typo.json"))
    assert findings(result) == []


def test_severity_from_config_changes_the_exit_code(tmp_path):
    captures = project(tmp_path, "severity: {S006: error}\n", "null-job-id.json")
    result = run_cli("validate", "--format", "json", str(captures))
    assert findings(result) == [("S006", "error", 1, 12)]
    assert result.exit_code == 1


def test_schema_mapping_by_glob(tmp_path):
    config = "required: all\nschemas:\n  'captures/*.json': 001_0dac224359cf292a.abnormal\n"
    captures = project(tmp_path, config)
    (captures / "err.json").write_text('{"error": {"message": "x", "details": []}}')
    result = run_cli("validate", "--format", "json", str(captures / "err.json"))
    assert findings(result) == [("S002", "error", 1, 11)]


def test_per_file_override(tmp_path):
    config = "per-file:\n  - files: ['captures/legacy*']\n    severity: {S001: warning}\n"
    captures = project(tmp_path, config, "code-as-integer.json")
    shutil.copy(captures / "code-as-integer.json", captures / "legacy.json")
    result = run_cli("validate", "--format", "json", str(captures))
    assert sorted(findings(result)) == [("S001", "error", 1, 36), ("S001", "warning", 1, 36)]


def test_custom_rule_reports_at_the_value(tmp_path):
    config = (
        "custom-rules:\n"
        "  - id: short-messages\n"
        "    given: /error/message\n"
        "    then: {max-length: 5}\n"
        "    message: error messages stay short\n"
    )
    captures = project(tmp_path, config)
    (captures / "long.json").write_text(
        '{"error": {"message": "far too long", "code": "Ecs.0005"}}'
    )
    result = run_cli("validate", "--format", "json", str(captures / "long.json"))
    assert findings(result) == [("X001", "warning", 1, 23)]


def test_excluded_paths_are_not_checked_even_when_named(tmp_path):
    captures = project(tmp_path, "exclude: ['captures/nan.json']\n", "nan.json")
    result = run_cli("validate", "--format", "json", str(captures / "nan.json"))
    assert json.loads(result.output)["summary"]["files"] == 0
    assert result.exit_code == 0


def test_config_mistake_is_one_line_with_file_and_line(tmp_path):
    captures = project(tmp_path, "select: [J]\nignroe: [S003]\n", "nan.json")
    result = CliRunner().invoke(cli, ["validate", str(captures / "nan.json")])
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        ".envelint.yaml:2: unknown key 'ignroe' (did you mean 'ignore'?)"
    )


def test_explicit_config_file(tmp_path):
    config = write_file(tmp_path, "strict.yaml", "undocumented: error\n")
    shutil.copy(INVALID / "jobid-typo.json", tmp_path / "typo.json")
    result = run_cli(
        "validate", "--format", "json", "--config", str(config), str(tmp_path / "typo.json")
    )
    assert findings(result) == [("S003", "error", 3, 5)]


def test_type_vocabulary_extended_from_config(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.rst").write_text(
        "Gadget\n======\n\nResponse\n--------\n\n"
        "========= ========= ============\nParameter Type      Description\n"
        "========= ========= ============\nsize      Gigabytes The size.\n"
        "========= ========= ============\n"
    )
    (tmp_path / ".envelint.yaml").write_text("types:\n  Gigabytes: {type: integer}\n")
    result = run_cli("schemas", "build", str(docs), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "unknown-type" not in result.output
    schema = json.loads((tmp_path / "out" / "page.normal.json").read_text())
    assert schema["properties"]["size"]["type"] == "integer"
