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


def test_the_wheel_installs_no_validator_package(installed_envelint: Path):
    """A distribution called ``validator`` exists on the package index: envelint must not
    install (or overwrite) a top-level package of that name."""
    site_packages = next((installed_envelint.parents[1] / "lib").glob("python*/site-packages"))
    [record] = site_packages.glob("envelint-*.dist-info/RECORD")
    tops = {line.split("/", 1)[0] for line in record.read_text().splitlines()}
    assert "validator" not in tops
    assert "envelint" in tops


def test_a_validator_module_beside_the_user_shadows_nothing(installed_envelint: Path, tmp_path):
    (tmp_path / "validator.py").write_text("raise SystemExit('the user\\'s validator.py ran')\n")
    python = installed_envelint.parent / "python"
    for command in ([str(installed_envelint)], [str(python), "-m", "envelint"]):
        result = subprocess.run(
            [*command, "--version"], cwd=tmp_path, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("envelint, version ")
    result = subprocess.run(
        [str(python), "-c", "import envelint; print(envelint.__version__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_wheel_ships_type_information_and_the_pytest_plugin(installed_envelint: Path):
    """py.typed (PEP 561: type checkers read envelint's hints) and the pytest11 entry point."""
    site_packages = next((installed_envelint.parents[1] / "lib").glob("python*/site-packages"))
    assert (site_packages / "envelint" / "py.typed").is_file()
    [entry_points] = site_packages.glob("envelint-*.dist-info/entry_points.txt")
    assert "[pytest11]\nenvelint = envelint.pytest_plugin" in entry_points.read_text()
