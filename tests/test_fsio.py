"""Atomic writes (common/fsio.py): a regular file is replaced whole; a device or FIFO named as
the target is written through, never replaced by a file; a failure names the path."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading

import pytest

from envelint.common import fsio
from envelint.common.errors import EnvelintError
from tests.conftest import FIXTURES
from tests.helpers import run_cli


def test_a_regular_file_is_replaced_whole(tmp_path):
    target = tmp_path / "report.json"
    target.write_bytes(b"old")
    fsio.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [path.name for path in tmp_path.iterdir()] == ["report.json"]


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    fsio.write_atomic(fifo, b"findings")
    reader.join(timeout=10)
    assert received == [b"findings"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_report_to_a_fifo_leaves_the_fifo(tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    payload = FIXTURES / "payloads" / "invalid" / "ambiguous.json"
    result = run_cli("validate", "--format", "json", "--output", str(fifo), str(payload))
    reader.join(timeout=10)
    assert result.exit_code in (0, 1)
    assert received and received[0].startswith(b"{")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_full_disk_names_the_file(tmp_path, monkeypatch):
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "report.json"
    with pytest.raises(EnvelintError) as error:
        fsio.write_atomic(target, b"x")
    assert str(error.value) == f"cannot write {target}: No space left on device"
    assert list(tmp_path.iterdir()) == []  # nothing staged is left behind


def dead_pid() -> int:
    """The id of a process that has ended (and so cannot be writing anything)."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_file_staged_by_a_killed_run_is_removed_by_the_next_write(tmp_path):
    orphan = tmp_path / f".report.json.{dead_pid()}.k7x2p.tmp"
    orphan.write_bytes(b"half a report")
    fsio.write_atomic(tmp_path / "report.json", b"{}")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.json"]


def test_a_file_a_live_run_is_staging_is_left_alone(tmp_path):
    staging = tmp_path / f".report.json.{os.getpid()}.k7x2p.tmp"
    staging.write_bytes(b"being written")
    fsio.write_atomic(tmp_path / "report.json", b"{}")
    assert staging.exists()


def test_schemas_check_names_what_a_killed_build_left(tmp_path):
    out = tmp_path / "catalog"
    seeds = FIXTURES / "docs" / "order_result.rst"
    assert run_cli("schemas", "build", str(seeds), "--out", str(out)).exit_code == 0
    orphan = out / f".index.json.{dead_pid()}.q1w2e3.tmp"
    orphan.write_bytes(b"{")
    check = run_cli("schemas", "build", str(seeds), "--out", str(out), "--check")
    assert check.exit_code == 1
    assert f"left by a killed build: {orphan}" in check.output
    assert run_cli("schemas", "build", str(seeds), "--out", str(out)).exit_code == 0
    assert not orphan.exists()


def test_a_build_into_a_new_folder_another_build_is_staging_into_goes_ahead(tmp_path):
    out = tmp_path / "catalog"
    out.mkdir()
    (out / f".index.json.{os.getpid()}.a1b2c3.tmp").write_bytes(b"{")  # a build at work
    seeds = FIXTURES / "docs" / "order_result.rst"
    assert run_cli("schemas", "build", str(seeds), "--out", str(out)).exit_code == 0
    assert (out / "index.json").is_file()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("format_name", ["text", "json"])
def test_a_full_standard_output_is_said_as_such(format_name):
    payload = FIXTURES / "payloads" / "invalid" / "ambiguous.json"
    command = ["validate", "--format", format_name, str(payload)]
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "envelint", *command], stdout=full, stderr=subprocess.PIPE
        )
    assert done.returncode == 2
    assert done.stderr.decode().strip() == (
        "envelint: error: cannot write to standard output: No space left on device"
    )
