"""The README's CI recipes: the GitHub workflow is what code scanning needs, and actionlint
accepts it (slow tier: it runs the actionlint binary)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
ACTIONLINT = Path(sys.executable).with_name("actionlint")


def recipe_text(name: str) -> str:
    text = README.split(f"<!-- recipe:{name} -->", 1)[1]
    return re.search(r"```yaml\n(.*?)```", text, re.DOTALL).group(1)


def test_github_recipe_uploads_with_upload_sarif_v4():
    steps = yaml.safe_load(recipe_text("github"))["jobs"]["envelint"]["steps"]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert "github/codeql-action/upload-sarif@v4" in uses


def test_github_recipe_reads_contents_and_writes_security_events_only():
    job = yaml.safe_load(recipe_text("github"))["jobs"]["envelint"]
    assert job["permissions"] == {"contents": "read", "security-events": "write"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("recipe", "workflow"),
    [("github", "api-contract.yml"), ("github-diff", "api-breaking-changes.yml")],
)
def test_actionlint_accepts_the_github_recipes(tmp_path: Path, recipe: str, workflow: str):
    if not ACTIONLINT.exists():
        pytest.fail("actionlint is not installed (pip install -e '.[test]')")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / workflow).write_text(recipe_text(recipe))
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)

    result = subprocess.run(
        [str(ACTIONLINT), "-no-color"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stdout + result.stderr


# -- envelint diff in pull and merge requests ---------------------------------------------------

FIXTURES_DIFF = REPO / "fixtures" / "diff"


def test_the_github_diff_recipe_runs_on_pull_requests_with_the_whole_history():
    workflow = yaml.safe_load(recipe_text("github-diff"))
    steps = workflow["jobs"]["envelint-diff"]["steps"]
    assert workflow[True] == "pull_request"  # YAML 1.1 reads the key `on` as true
    assert steps[0] == {"uses": "actions/checkout@v5", "with": {"fetch-depth": 0}}


@pytest.fixture
def merge_request(tmp_path: Path) -> Path:
    """A repository whose ``main`` holds the base pages under ``api-ref/source`` (also as
    ``origin/main``) and whose checked-out branch makes a request body field mandatory."""
    repo = tmp_path / "repo"
    docs = repo / "api-ref" / "source"
    shutil.copytree(FIXTURES_DIFF / "base", docs)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=repo, check=True)
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", "main"], cwd=repo, check=True)
    subprocess.run(["git", "checkout", "-qb", "topic"], cwd=repo, check=True)
    shutil.copy(FIXTURES_DIFF / "C204-request-field-required" / "creating_a_gizmo.rst", docs)
    subprocess.run([*git, "commit", "-qam", "count is mandatory"], cwd=repo, check=True)
    return repo


def run_script(lines: list[str], repo: Path, **variables: str) -> subprocess.CompletedProcess:
    """The lines as a CI runner runs them (bash, stop at the first failure), envelint from this
    environment instead of the recipe's pip install."""
    script = "\n".join(line for line in lines if not line.startswith("pip install"))
    environment = dict(os.environ, **variables)
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment['PATH']}"
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_gitlab_diff_jobs_script_fails_a_merge_request_that_breaks_a_client(merge_request):
    job = yaml.safe_load(recipe_text("gitlab-diff"))["envelint-diff"]
    base = subprocess.run(
        ["git", "rev-parse", "main"], cwd=merge_request, capture_output=True, text=True
    ).stdout.strip()
    result = run_script(job["script"], merge_request, CI_MERGE_REQUEST_DIFF_BASE_SHA=base)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'breaking C204 request-field-required: request body field "/count"' in result.stdout
    table = (merge_request / "envelint-diff.md").read_text()
    assert "#### breaking (1)" in table


def test_the_github_diff_steps_script_annotates_the_row_and_fills_the_summary(merge_request):
    steps = yaml.safe_load(recipe_text("github-diff"))["jobs"]["envelint-diff"]["steps"]
    (step,) = [step for step in steps if step.get("name") == "envelint diff"]
    summary = merge_request / "summary.md"
    result = run_script(
        step["run"].splitlines(), merge_request, BASE_REF="main", GITHUB_STEP_SUMMARY=str(summary)
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith(
        "::error file=api-ref/source/creating_a_gizmo.rst,line=46,title=C204"
    )
    assert "#### breaking (1)" in summary.read_text()
