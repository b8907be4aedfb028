"""The real `pre-commit try-repo` runs envelint's hooks on a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, REPO

pytestmark = pytest.mark.slow

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def test_hooks_file_declares_the_hooks():
    declared = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hooks = {hook["id"]: hook for hook in declared}
    assert set(hooks) >= {"envelint-validate", "envelint-lint", "envelint-schemas-check"}
    assert hooks["envelint-schemas-check"]["pass_filenames"] is False
    assert hooks["envelint-schemas-check"]["require_serial"] is True


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    if not PRE_COMMIT.exists():
        pytest.fail("pre-commit is not installed (pip install -e '.[test]')")
    root = tmp_path_factory.mktemp("project")
    captures = root / "captures"
    captures.mkdir()
    payloads = FIXTURES / "payloads"
    shutil.copy(payloads / "valid" / "jobs-normal.json", captures / "good.json")
    shutil.copy(payloads / "invalid" / "seed-jobs-abnormal.json", captures / "bad.json")
    (root / ".envelint.yaml").write_text("exclude: ['captures/excluded/**']\n")
    (captures / "excluded").mkdir()
    shutil.copy(FIXTURES / "payloads" / "invalid" / "nan.json", captures / "excluded" / "x.json")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "captures"], cwd=root, check=True)
    return root


def try_repo(project: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
    # os.environ as the autouse fixture in conftest.py leaves it: no GITHUB_ACTIONS
    environment = dict(os.environ, PRE_COMMIT_HOME=str(project.parent / "pre-commit-home"))
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(REPO), hook, "--files", *files],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )


def test_validate_hook_passes_on_a_good_capture(project: Path):
    result = try_repo(project, "envelint-validate", "captures/good.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_validate_hook_fails_on_the_seed_example(project: Path):
    result = try_repo(project, "envelint-validate", "captures/bad.json", "captures/good.json")
    assert result.returncode == 1
    assert "Failed" in result.stdout
    assert "captures/bad.json:2:38: J001 error" in result.stdout


def test_validate_hook_keeps_config_exclusions(project: Path):
    result = try_repo(project, "envelint-validate", "captures/excluded/x.json")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def documented_project(tmp_path_factory) -> Path:
    """A documentation repository whose .envelint.yaml points the hook at its own docs."""
    root = tmp_path_factory.mktemp("documented")
    shutil.copytree(FIXTURES / "docs" / "tree", root / "docs" / "api-ref")
    (root / "captures").mkdir()
    shutil.copy(FIXTURES / "captures" / "widgets" / "traffic.http", root / "captures")
    (root / "package.json").write_text('{"name": 5}\n')  # not a capture: the hook leaves it
    (root / ".envelint.yaml").write_text("docs: docs/api-ref\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "docs and captures"], cwd=root, check=True)
    return root


def test_validate_hook_checks_captures_against_the_projects_own_docs(documented_project: Path):
    result = try_repo(
        documented_project, "envelint-validate", "captures/traffic.http", "package.json"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "captures/traffic.http:15:41: S001 error" in result.stdout
    assert "package.json" not in result.stdout


@pytest.fixture(scope="module")
def pushed_branch(tmp_path_factory) -> Path:
    """A documentation repository: ``main`` holds the base pages, the checked-out branch
    ``topic`` makes a request field mandatory and adds an optional one."""
    root = tmp_path_factory.mktemp("pushed")
    docs = root / "api-ref" / "source"
    shutil.copytree(FIXTURES / "diff" / "base", docs)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run(["git", "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=root, check=True)
    subprocess.run(["git", "checkout", "-qb", "topic"], cwd=root, check=True)
    return root


def try_push(project: Path, change: str) -> subprocess.CompletedProcess:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    page = FIXTURES / "diff" / change / "creating_a_gizmo.rst"
    shutil.copy(page, project / "api-ref" / "source")
    subprocess.run([*git, "commit", "-qam", change], cwd=project, check=True)
    environment = dict(os.environ, PRE_COMMIT_HOME=str(project.parent / "pre-commit-home"))
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(REPO), "envelint-diff", "--hook-stage", "pre-push"]
        + ["--from-ref", "main", "--to-ref", "HEAD", "--verbose"],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )


def test_diff_hook_runs_at_pre_push_only():
    declared = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [hook for hook in declared if hook["id"] == "envelint-diff"]
    assert hook["stages"] == ["pre-push"] and hook["pass_filenames"] is False


def test_diff_hook_passes_a_push_that_only_adds_an_optional_parameter(pushed_branch: Path):
    result = try_push(pushed_branch, "C202-request-optional-added")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "C202 request-optional-added" in result.stdout


def test_diff_hook_fails_a_push_that_makes_a_request_field_mandatory(pushed_branch: Path):
    result = try_push(pushed_branch, "C204-request-field-required")
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'breaking C204 request-field-required: request body field "/count"' in result.stdout
