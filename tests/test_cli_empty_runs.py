"""A run that finds nothing to check says so and exits 2 (a wrong path, a pattern that matches
nothing), unless --allow-empty; one whose files the configuration all excludes is not an error."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_cli


def test_empty_folder_is_a_usage_error(tmp_path: Path):
    result = run_cli("validate", str(tmp_path))

    assert result.exit_code == 2
    assert result.stderr == (
        f"envelint: error: nothing was checked: no capture files in {tmp_path} "
        "(--allow-empty accepts that)\n"
    )
    assert result.stdout == ""


def test_folder_of_other_files_is_a_usage_error_for_lint_too(tmp_path: Path):
    (tmp_path / "notes.md").write_text("# notes\n")

    result = run_cli("lint", str(tmp_path))

    assert result.exit_code == 2
    assert "nothing was checked: no documentation pages in" in result.stderr


def test_allow_empty_says_nothing_was_checked_and_exits_zero(tmp_path: Path):
    result = run_cli("validate", "--allow-empty", str(tmp_path))

    assert result.exit_code == 0
    assert result.stdout == "Nothing was checked: no file to check.\n"


def test_allow_empty_report_in_json_counts_no_file(tmp_path: Path):
    result = run_cli("validate", "--allow-empty", "--format", "json", str(tmp_path))

    assert json.loads(result.output)["summary"]["files"] == 0


def test_empty_run_leaves_no_report_file(tmp_path: Path):
    report = tmp_path / "out" / "envelint.sarif"
    (tmp_path / "out").mkdir()

    result = run_cli(
        "validate", "--format", "sarif", "--output", str(report), str(tmp_path / "out")
    )

    assert result.exit_code == 2
    assert not report.exists()


def test_files_the_configuration_all_excludes_are_not_an_error(tmp_path: Path, monkeypatch):
    (tmp_path / ".envelint.yaml").write_text('exclude: ["legacy/**"]\n')
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.json").write_text("{not json")
    monkeypatch.chdir(tmp_path)

    result = run_cli("validate", "legacy/old.json")  # as pre-commit passes a changed file

    assert result.exit_code == 0
    assert result.stdout == "Nothing was checked: no file to check.\n"
