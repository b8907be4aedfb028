"""The validate hook's default `files:` pattern: capture files in a `captures/` folder, not every
JSON or YAML file of a repository (package.json, CI workflows, the committed schemas)."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import REPO


def validate_pattern() -> re.Pattern[str]:
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    }
    return re.compile(hooks["envelint-validate"]["files"])


@pytest.mark.parametrize(
    "path",
    [
        "captures/jobs.json",
        "captures/2026/traffic.jsonl",
        "api/captures/console.har",
        "captures/curl-v.txt",
        "captures/responses.http",
        "captures/jobs.yml",
    ],
)
def test_captures_are_matched(path: str):
    assert validate_pattern().search(path)  # pre-commit searches, as re.search does


@pytest.mark.parametrize(
    "path",
    [
        "package.json",
        ".pre-commit-config.yaml",
        ".github/workflows/ci.yml",
        "schemas/index.json",
        "docs/api-ref/conf.json",
        "docs/api-ref/page.txt",
        "mycaptures/x.json",
        "captures.json",
    ],
)
def test_other_files_are_not(path: str):
    assert not validate_pattern().search(path)
