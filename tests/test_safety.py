"""No network, deterministic output, and a killed `schemas build` never damages a catalog."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import CORPUS, FIXTURES, REPO, require_shared
from validator.cli import cli

ENVELINT = [sys.executable, "-c", "from validator.cli import main; main()"]


def _refuse(*args, **kwargs):
    raise OSError("network use in a test")


@pytest.fixture
def no_network(monkeypatch, tmp_path):
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    monkeypatch.setenv("ENVELINT_CACHE_DIR", str(tmp_path / "cache"))


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
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
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


def test_reports_are_the_same_whatever_the_hash_seed(tmp_path):
    outputs = set()
    for seed in ("1", "2", "12345"):
        environment = {**os.environ, "PYTHONHASHSEED": seed, "ENVELINT_CACHE_DIR": str(tmp_path)}
        for format_name in ("sarif", "json", "text"):
            result = subprocess.run(
                [*ENVELINT, "validate", "--format", format_name, str(FIXTURES / "payloads")],
                capture_output=True,
                env=environment,
                cwd=REPO,
            )
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


@pytest.mark.parametrize("delay", [0.3, 0.9, 1.6])
def test_killed_build_leaves_the_old_catalog_whole(tmp_path, delay):
    ecs = require_shared(CORPUS / "elastic-cloud-server" / "api-ref")
    changed = tmp_path / "ecs"
    shutil.copytree(ecs, changed)
    page = next(changed.rglob("responses_jobs.rst"))
    page.write_text(page.read_text().replace("Specifies", "Gives"))
    out = tmp_path / "out"
    environment = {**os.environ, "ENVELINT_CACHE_DIR": str(tmp_path / "cache")}
    build = [*ENVELINT, "schemas", "build", "--no-cache", "--out", str(out)]
    subprocess.run([*build, str(changed)], check=True, capture_output=True, env=environment)
    old = _catalog_state(out)
    process = subprocess.Popen(
        [*build, str(ecs)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    state = _catalog_state(out)
    if state != old:  # the build had finished: then the new catalog is whole
        subprocess.run([*build, str(ecs), "--check"], check=True, capture_output=True,
                       env=environment)  # fmt: skip
