"""The configuration and the ignore file are found per checked file, nearest first, so the
result never depends on the order of the paths (as in ruff and yamllint)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.helpers import run_cli

TYPO = FIXTURES / "payloads" / "invalid" / "jobid-typo.json"  # one S003 at /jobid


@pytest.fixture
def projects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two projects side by side, each with the same S003 payload; only `quiet` ignores S003."""
    for name in ("quiet", "loud"):
        (tmp_path / name).mkdir()
        shutil.copy(TYPO, tmp_path / name / "typo.json")
    (tmp_path / "quiet" / ".envelint.yaml").write_text("ignore: [S003]\n")
    (tmp_path / "loud" / ".envelint.yaml").write_text("fail-on: warning\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(result) -> list[tuple[str, str]]:
    return [(f["code"], f["path"]) for f in json.loads(result.output)["findings"]]


def test_each_file_gets_its_nearest_configuration_whatever_the_order(projects: Path):
    forward = run_cli("validate", "--format", "json", "quiet/typo.json", "loud/typo.json")
    backward = run_cli("validate", "--format", "json", "loud/typo.json", "quiet/typo.json")

    assert findings(forward) == [("S003", "loud/typo.json")]
    assert findings(backward) == findings(forward)
    assert forward.exit_code == backward.exit_code


def test_a_nearer_configuration_in_a_subfolder_wins(projects: Path):
    (projects / "loud" / "sub").mkdir()
    shutil.copy(TYPO, projects / "loud" / "sub" / "typo.json")
    (projects / "loud" / "sub" / ".envelint.yaml").write_text("ignore: [S]\n")

    result = run_cli("validate", "--format", "json", "loud")

    assert findings(result) == [("S003", "loud/typo.json")]


def test_run_wide_settings_come_from_the_configuration_of_the_common_folder(projects: Path):
    # loud/.envelint.yaml says fail-on: warning; the folder holding both projects has none.
    alone = run_cli("validate", "--format", "json", "loud/typo.json")
    together = run_cli("validate", "--format", "json", "loud/typo.json", "quiet/typo.json")

    assert alone.exit_code == 1  # S003 is a warning, and loud fails on warnings
    assert together.exit_code == 0  # the defaults: fail on errors


def test_config_option_applies_to_every_file(projects: Path):
    (projects / "strict.yaml").write_text("select: [S003]\n")

    result = run_cli("validate", "--format", "json", "--config", "strict.yaml", "quiet", "loud")

    assert findings(result) == [("S003", "quiet/typo.json"), ("S003", "loud/typo.json")]


def test_ignore_file_is_found_from_each_checked_file_not_the_working_folder(
    projects: Path, monkeypatch: pytest.MonkeyPatch
):
    (projects / "quiet" / ".envelint.yaml").unlink()
    (projects / "loud" / ".envelint-ignore.yaml").write_text('- rule: S003\n  path: "*.json"\n')
    (projects / "elsewhere").mkdir()
    monkeypatch.chdir(projects / "elsewhere")

    result = run_cli("validate", "--format", "json", "../loud", "../quiet")

    assert findings(result) == [("S003", "../quiet/typo.json")]


def test_nearest_ignore_file_is_the_only_one_that_applies(projects: Path):
    (projects / ".envelint-ignore.yaml").write_text('- rule: S003\n  path: "**"\n')
    (projects / "loud" / ".envelint-ignore.yaml").write_text('- rule: S001\n  path: "*.json"\n')

    result = run_cli("validate", "--format", "json", "loud/typo.json")

    # the root's entry does not reach loud/, which has its own file; loud's S001 entry is unused
    assert findings(result) == [("S003", "loud/typo.json"), ("U001", "loud/.envelint-ignore.yaml")]


def test_ignore_file_inside_a_named_folder_applies_to_the_streamed_run_too(projects: Path):
    (projects / "loud" / ".envelint-ignore.yaml").write_text('- rule: S003\n  path: "*.json"\n')

    result = run_cli("validate", ".")  # text: streamed unless an ignore file applies

    assert "S003" not in result.output


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["quiet/typo.json", "quiet/other.json"], "quiet"),
        (["quiet/typo.json", "loud/typo.json"], "."),
        (["quiet", "quiet/typo.json"], "quiet"),
        (["quiet/typo.json"], "quiet"),
        (["quiet"], "quiet"),
        (["-"], "."),
        ([], "."),
        (["lo/a.json", "loud/typo.json"], "."),
    ],
)
def test_common_folder_of_the_paths_named(projects: Path, names: list[str], expected: str):
    from envelint.config.loader import common_folder

    assert common_folder(names) == (projects / expected).resolve()


def test_common_folder_of_absolute_and_relative_paths(projects: Path):
    from envelint.config.loader import common_folder

    names = [str(projects / "loud" / "typo.json"), "loud/other.json"]

    assert common_folder(names) == (projects / "loud").resolve()
