"""The README's install instructions work today: no package name that is not published, and no
pre-commit `rev:` that names a tag the repository does not have."""

from __future__ import annotations

import re
import subprocess

import yaml

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_no_install_of_an_unpublished_name():
    assert not re.search(r"pip install envelint\b(?![\w.-]*\s*@)", README)


def test_every_pre_commit_rev_is_a_placeholder_or_an_existing_tag():
    tags = subprocess.run(
        ["git", "tag", "--list"], cwd=REPO, capture_output=True, text=True, check=False
    ).stdout.split()
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
    revs = [
        repo["rev"]
        for block in blocks
        for repo in (yaml.safe_load(block) or {}).get("repos", [])
        if isinstance(block, str)
    ]
    assert revs
    assert all(rev == "<commit>" or rev in tags for rev in revs), revs


def test_license_and_changelog_are_shipped_with_the_source():
    assert (REPO / "LICENSE").read_text().lstrip().startswith("Apache License")
    assert "## 0.1.0 (unreleased)" in (REPO / "CHANGELOG.md").read_text()
