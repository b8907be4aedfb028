"""Helpers shared by the tests: run the command line in this process, and spy on a function."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from envelint.commands.main import cli


def run_cli(
    *args: str,
    input: bytes | str | None = None,
    env: dict[str, str] | None = None,
    catch_exceptions: bool = False,
) -> Result:
    """Run ``envelint ARGS`` in this process with click's test runner.

    An exception the command does not handle propagates unless ``catch_exceptions`` is set.
    """
    return CliRunner().invoke(
        cli, list(args), input=input, env=env, catch_exceptions=catch_exceptions
    )


def shown_as(path: Path) -> str:
    """How a finding names ``path``: relative to the working folder when below it, else as
    given, with "/" separators."""
    if path.is_absolute() and path.is_relative_to(Path.cwd()):
        return path.relative_to(Path.cwd()).as_posix()
    return path.as_posix()


def spy(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[tuple]:
    """Replace ``owner.name`` with a wrapper that records each call's positional arguments,
    then calls the real one. Returns the list the calls are recorded in, as they happen."""
    real = getattr(owner, name)
    calls: list[tuple] = []

    def recorded(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, recorded)
    return calls
