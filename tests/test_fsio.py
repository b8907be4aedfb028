"""Atomic writes (common/fsio.py): a regular file is replaced whole; a device or FIFO named as
the target is written through, never replaced by a file; a failure names the path."""

from __future__ import annotations

import errno
import os
import stat
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
