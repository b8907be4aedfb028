"""U001 only where the run could tell: pre-commit passes the changed files, so a suppression for
a file it did not check, or for a rule that did not run, is not "unused"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.helpers import run_cli

INVALID = FIXTURES / "payloads" / "invalid"
VALID_JOB = '{"job_id": "ff80808288d41e1b018990260955686a"}\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """legacy/typo.json has an S003 finding that the ignore file accepts; new/ok.json is clean."""
    (tmp_path / "legacy").mkdir()
    (tmp_path / "new").mkdir()
    shutil.copy(INVALID / "jobid-typo.json", tmp_path / "legacy" / "typo.json")
    (tmp_path / "new" / "ok.json").write_text(VALID_JOB)
    (tmp_path / ".envelint-ignore.yaml").write_text('- rule: S003\n  path: "legacy/*.json"\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def codes(result) -> list[str]:
    return [finding["code"] for finding in json.loads(result.output)["findings"]]


def test_entry_for_a_file_the_run_did_not_check_is_not_reported(project: Path):
    result = run_cli("validate", "--format", "json", "new/ok.json")

    assert codes(result) == []


def test_entry_is_reported_once_every_file_it_covers_was_checked_and_none_needed_it(
    project: Path,
):
    (project / "legacy" / "typo.json").write_text(VALID_JOB)  # the legacy payload was fixed

    result = run_cli("validate", "--format", "json", "legacy/typo.json", "new/ok.json")

    assert codes(result) == ["U001"]


def test_entry_is_not_judged_while_one_of_its_files_was_left_out(project: Path):
    (project / "legacy" / "typo.json").write_text(VALID_JOB)
    (project / "legacy" / "other.json").write_text(VALID_JOB)

    result = run_cli("validate", "--format", "json", "legacy/typo.json")

    assert codes(result) == []


def test_entry_whose_glob_matches_no_file_at_all_is_reported(project: Path):
    shutil.rmtree(project / "legacy")

    result = run_cli("validate", "--format", "json", "new/ok.json")

    assert codes(result) == ["U001"]


def test_entry_for_a_rule_that_did_not_run_is_not_reported(project: Path):
    (project / "legacy" / "typo.json").write_text(VALID_JOB)

    result = run_cli("validate", "--format", "json", "--select", "J", "legacy")

    assert codes(result) == []


def test_baseline_count_for_an_unchecked_file_is_not_reported(project: Path):
    (project / ".envelint-ignore.yaml").unlink()
    run_cli("validate", "--write-baseline", "baseline.json", "legacy", "new")

    result = run_cli("validate", "--format", "json", "--baseline", "baseline.json", "new")

    assert result.exit_code == 0
    assert codes(result) == []


def test_baseline_count_for_a_checked_file_left_over_is_reported(project: Path):
    (project / ".envelint-ignore.yaml").unlink()
    run_cli("validate", "--write-baseline", "baseline.json", "legacy")
    (project / "legacy" / "typo.json").write_text(VALID_JOB)

    result = run_cli("validate", "--format", "json", "--baseline", "baseline.json", "legacy")

    assert codes(result) == ["U001"]


def test_disable_comment_for_a_rule_left_out_by_select_is_not_reported(tmp_path: Path):
    page = tmp_path / "jobs.rst"
    page.write_text('Jobs\n====\n\n.. envelint: disable=S003\n\n.. code-block::\n\n   {"a": 1}\n')

    selected = run_cli("lint", "--format", "json", "--select", "D", str(page))
    everything = run_cli("lint", "--format", "json", str(page))

    assert "U001" not in codes(selected)
    assert "U001" in codes(everything)
