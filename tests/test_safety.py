"""No network, deterministic output, and an interrupted `schemas build` never damages a catalog."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from envelint.commands.main import cli
from envelint.common import fsio
from tests.conftest import FIXTURES, REPO
from tests.helpers import run_cli

ENVELINT = [sys.executable, "-c", "from envelint.commands.main import main; main()"]


def _refuse(*args, **kwargs):
    raise OSError("network use in a test")


@pytest.fixture
def no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)


@pytest.mark.parametrize(
    "args",
    [
        ["rules"],
        ["rules", "explain", "J001"],
        ["schemas", "build", str(FIXTURES / "docs" / "tree"), "--out", "{tmp}/out"],
        ["validate", str(FIXTURES / "payloads"), "--format", "sarif"],
        ["validate", str(FIXTURES / "captures" / "ecs-console.har"), "--format", "junit"],
        ["check", str(FIXTURES / "docs" / "tree"), str(FIXTURES / "captures" / "widgets")],
        ["lint", str(FIXTURES / "lint" / "source"), "--format", "github"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_every_command_runs_with_sockets_blocked(no_network, tmp_path, args):
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    result = run_cli(*args)
    assert result.exit_code in (0, 1), result.output


def test_a_remote_ref_is_an_error_not_a_download(no_network, tmp_path):
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "remote.json").write_text('{"$ref": "https://schemas.example.com/job.json"}')
    entry = {"id": "remote", "file": "remote.json", "kind": "normal"}
    (catalog / "index.json").write_text(json.dumps({"envelint_catalog": 1, "schemas": [entry]}))
    payload = FIXTURES / "payloads" / "valid" / "jobs-normal.json"
    args = ["validate", "--catalog", str(catalog), "--schema", "remote", str(payload)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "remote $ref 'https://schemas.example.com/job.json' refused" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.slow
def test_reports_are_the_same_whatever_the_hash_seed():
    outputs = set()
    for seed in ("1", "2", "12345"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        for format_name in ("sarif", "json", "text"):
            result = subprocess.run(
                [*ENVELINT, "validate", "--format", format_name, str(FIXTURES / "payloads")],
                capture_output=True,
                env=environment,
                cwd=REPO,
            )
            assert result.returncode == 1, result.stderr  # the invalid payloads have findings
            assert result.stdout.strip(), result.stderr
            outputs.add((format_name, result.stdout))
    assert len(outputs) == 3


def _catalog_state(folder: Path) -> dict[str, bytes]:
    """Every file the folder's index lists, which must all exist and parse."""
    index = json.loads((folder / "index.json").read_text())
    files = {"index.json": (folder / "index.json").read_bytes()}
    for entry in index["schemas"]:
        data = (folder / entry["file"]).read_bytes()
        json.loads(data)
        files[entry["file"]] = data
    return files


def _files_in(folder: Path) -> set[str]:
    """Every file in the folder, hidden ones (where temporary files are staged) included."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def interrupt_the_second_staged_file(monkeypatch) -> list[Path]:
    """Ctrl-C while the second file of a write is being staged: the files staged so far."""
    staged: list[Path] = []
    real_stage = fsio._stage

    def stage(path: Path, data: bytes) -> str:
        staged.append(path)
        if len(staged) == 2:
            raise KeyboardInterrupt
        return real_stage(path, data)

    monkeypatch.setattr(fsio, "_stage", stage)
    return staged


def test_an_interrupted_build_leaves_the_old_catalog_whole(tmp_path, monkeypatch):
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES / "docs" / "tree", tree)
    out = tmp_path / "out"
    build = ["schemas", "build", "--no-cache", "--out", str(out), str(tree)]
    assert CliRunner().invoke(cli, build).exit_code == 0
    old = _catalog_state(out)
    page = tree / "apis" / "listing_widgets.rst"
    page.write_text(page.read_text().replace("The error message.", "The error text."))
    staged = interrupt_the_second_staged_file(monkeypatch)
    result = CliRunner().invoke(cli, build)
    assert len(staged) == 2 and result.exit_code != 0  # one schema and the index were to change
    assert _catalog_state(out) == old
    assert _files_in(out) == set(old)  # no temporary file left behind
