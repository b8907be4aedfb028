"""The README's HAR example: its output is what the command prints, on both sides."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO
from tests.helpers import run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMAND = "envelint check fixtures/docs/requests fixtures/captures/requests/widgets.har"


def readme_example() -> str:
    found = re.search(rf"```console\n\$ {re.escape(COMMAND)}\n(.*?)```", README, re.DOTALL)
    assert found, "the README shows the HAR example"
    return found.group(1)


def test_the_readme_har_example_prints_what_the_readme_shows(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(REPO)
    result = run_cli("check", "--no-cache", *COMMAND.split()[2:])
    assert result.exit_code == 1
    assert result.output == readme_example()


def test_the_readme_har_example_shows_both_sides():
    shown = readme_example()
    assert "error request body: " in shown
    assert re.search(r"S001 error `id`", shown)
