"""The README's CI recipes: the GitHub workflow is what code scanning needs, and actionlint
accepts it (slow tier: it runs the actionlint binary)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
ACTIONLINT = Path(sys.executable).with_name("actionlint")


def github_recipe_text() -> str:
    text = README.split("<!-- recipe:github -->", 1)[1]
    return re.search(r"```yaml\n(.*?)```", text, re.DOTALL).group(1)


def test_github_recipe_uploads_with_upload_sarif_v4():
    steps = yaml.safe_load(github_recipe_text())["jobs"]["envelint"]["steps"]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert "github/codeql-action/upload-sarif@v4" in uses


def test_github_recipe_reads_contents_and_writes_security_events_only():
    job = yaml.safe_load(github_recipe_text())["jobs"]["envelint"]
    assert job["permissions"] == {"contents": "read", "security-events": "write"}


@pytest.mark.slow
def test_actionlint_accepts_the_github_recipe(tmp_path: Path):
    if not ACTIONLINT.exists():
        pytest.fail("actionlint is not installed (pip install -e '.[test]')")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "api-contract.yml").write_text(github_recipe_text())
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)

    result = subprocess.run(
        [str(ACTIONLINT), "-no-color"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stdout + result.stderr
