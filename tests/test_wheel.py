"""The wheel ships the built-in catalog: installed in a fresh environment, `envelint validate`
works from any directory."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed_envelint(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    [wheel] = dist.glob("envelint-*.whl")
    environment = tmp_path_factory.mktemp("venv")
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    return environment / "bin" / "envelint"


def test_installed_command_uses_the_builtin_catalog(installed_envelint: Path, tmp_path: Path):
    payload = tmp_path / "x.json"
    payload.write_bytes((FIXTURES / "payloads" / "invalid" / "code-as-integer.json").read_bytes())
    result = subprocess.run(
        [str(installed_envelint), "validate", "--format", "text", "x.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    assert "x.json:1:36: S001 error" in result.stdout


def test_installed_command_accepts_a_valid_payload(installed_envelint: Path, tmp_path: Path):
    payload = tmp_path / "ok.json"
    payload.write_text('{"job_id": "ff80808288d41e1b018990260955686a"}')
    result = subprocess.run(
        [str(installed_envelint), "validate", "ok.json"], cwd=tmp_path, capture_output=True
    )
    assert result.returncode == 0
