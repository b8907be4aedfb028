"""Command-line tools from the npm registry for the slow tier (Spectral, Prism), installed once
into a cache folder of the tests' own; skipped only when npm is absent and CI is not true."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS_HOME = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "envelint-tests"


def npm_command(package: str, command: str) -> Path:
    """``command`` from the npm ``package`` (``name@version``), installed when missing."""
    found = TOOLS_HOME / "node_modules" / ".bin" / command
    if found.exists():
        return found
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"npm is missing, and CI=true requires {package}")
        pytest.skip("npm is not installed")
    TOOLS_HOME.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--prefix", str(TOOLS_HOME), package],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return found
