"""Hostile file systems: links that loop, files that cannot be read or vanish, named pipes.

Whatever the file system does, ``envelint validate`` ends with findings or one clear error
line (exit 2), never hangs, and never damages or removes a file it was not asked to write.
"""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import envelint.pipeline.validate
from envelint.captures import discover
from envelint.commands.main import cli
from tests.factories import write_file
from tests.test_hostile_support import (
    HOSTILE,
    codes_of,
    error_line,
    invoke,
    report_of,
    run_envelint,
    unreadable_line,
)

VALID_JOB = b'{"job_id": "ff80808288d41e1b018990260955686a"}'
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def captures_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "captures"
    folder.mkdir()
    (folder / "job.json").write_bytes(VALID_JOB)
    return folder


# -- links ---------------------------------------------------------------------------------


def test_folder_linking_to_itself_is_not_followed(tmp_path):
    folder = captures_folder(tmp_path)
    (folder / "again").symlink_to(folder, target_is_directory=True)
    (folder / "up").symlink_to("..", target_is_directory=True)
    report = report_of(str(folder))
    assert report["summary"]["files"] == 1


def test_file_link_loop_in_a_folder_is_a_finding_on_it(tmp_path):
    folder = captures_folder(tmp_path)
    (folder / "loop.json").symlink_to("loop.json")
    config = write_file(
        tmp_path, "envelint.yaml", 'per-file:\n  - files: ["legacy/**"]\n    ignore: [S003]\n'
    )
    line = unreadable_line(invoke("validate", "--config", str(config), str(folder)))
    assert "loop.json" in line


def test_file_link_loop_without_per_file_settings(tmp_path):
    folder = captures_folder(tmp_path)
    (folder / "loop.json").symlink_to("loop.json")
    line = unreadable_line(invoke("validate", str(folder)))
    assert "loop.json:1:1: J008 error cannot read" in line


def test_dangling_link_named_explicitly(tmp_path):
    (tmp_path / "gone.json").symlink_to(tmp_path / "nowhere.json")
    line = error_line(invoke("validate", str(tmp_path / "gone.json")))
    assert "no such file or directory" in line


def test_dangling_link_in_a_folder_is_a_finding_on_it(tmp_path):
    folder = captures_folder(tmp_path)
    (folder / "gone.json").symlink_to(tmp_path / "nowhere.json")
    line = unreadable_line(invoke("validate", str(folder)))
    assert "gone.json:1:1: J008 error cannot read" in line


# -- files that cannot be read -------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_file_without_read_permission(tmp_path):
    path = write_file(tmp_path, "secret.json", VALID_JOB)
    path.chmod(0)
    try:
        line = error_line(invoke("validate", str(path)))
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert "cannot read" in line


def test_permission_error_on_open(tmp_path, monkeypatch):
    # Root reads files whatever their mode: make the open fail the way chmod 000 would.
    path = write_file(tmp_path, "secret.json", VALID_JOB)

    def refuse(name: str):
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(discover, "open_capture", refuse)
    line = unreadable_line(invoke("validate", str(path)))
    assert line.endswith(":1:1: J008 error cannot read: Permission denied [unreadable-capture]")


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_file_whose_read_fails_with_an_io_error():
    # Reading /proc/self/mem at offset 0 fails (EIO) even for root: a real read error.
    line = unreadable_line(invoke("validate", "--input-format", "json", "/proc/self/mem"))
    assert "cannot read" in line


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root lists any folder")
def test_folder_without_read_permission(tmp_path):
    folder = captures_folder(tmp_path)
    locked = folder / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        line = error_line(invoke("validate", str(folder)))
    finally:
        locked.chmod(stat.S_IRWXU)
    assert "locked: cannot list" in line


def test_folder_that_cannot_be_listed_is_an_error_not_a_gap(tmp_path, monkeypatch):
    folder = captures_folder(tmp_path)
    real_walk = os.walk

    def walk_with_a_locked_folder(root, onerror=None, **options):
        onerror(PermissionError(13, "Permission denied", str(folder / "locked")))
        yield from real_walk(root, onerror=onerror, **options)

    monkeypatch.setattr(discover.os, "walk", walk_with_a_locked_folder)
    line = error_line(invoke("validate", str(folder)))
    assert line.endswith("locked: cannot list: Permission denied")


def test_folder_named_like_a_capture_is_searched(tmp_path):
    folder = tmp_path / "x.json"
    folder.mkdir()
    result = invoke("validate", str(folder))
    assert result.exit_code == 2  # searched as a folder, and empty: nothing was checked
    assert f"nothing was checked: no capture files in {folder}" in result.stderr


def test_missing_path_is_one_clear_error(tmp_path):
    line = error_line(invoke("validate", str(tmp_path / "absent.json")))
    assert line.endswith("absent.json: no such file or directory")


# -- files that change during the run ------------------------------------------------------


def test_file_deleted_between_discovery_and_reading(tmp_path, monkeypatch):
    folder = captures_folder(tmp_path)
    real_capture_files = discover.capture_files

    def vanishing(paths):
        for path in real_capture_files(paths):
            os.remove(path)
            yield path

    monkeypatch.setattr(envelint.pipeline.validate, "capture_files", vanishing)
    line = unreadable_line(invoke("validate", str(folder)))
    assert "job.json:1:1: J008 error cannot read: No such file or directory" in line


def test_har_deleted_once_opened_is_read_whole(tmp_path, monkeypatch):
    # A capture is read once: deleting it after it was opened changes nothing.
    path = tmp_path / "console.har"
    shutil.copy(HOSTILE / "odd-entries.har", path)
    real_open = discover.open_capture

    def open_then_delete(name: str):
        stream = real_open(name)
        os.remove(name)
        return stream

    monkeypatch.setattr(discover, "open_capture", open_then_delete)
    report = report_of(str(path))
    assert codes_of(report).count("E008") == 14


# -- named pipes ---------------------------------------------------------------------------


@needs_fifo
def test_named_pipe_without_writer_reads_as_empty(tmp_path):
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    outcome = run_envelint("validate", str(pipe), tmp_path=tmp_path, timeout=30)
    assert outcome.exit_code == 1
    assert "J001" in outcome.stdout and "empty" in outcome.stdout


@needs_fifo
def test_named_pipe_in_a_folder_is_passed_over(tmp_path):
    folder = captures_folder(tmp_path)
    os.mkfifo(folder / "pipe.json")
    outcome = run_envelint("validate", str(folder), tmp_path=tmp_path, timeout=30)
    assert outcome.exit_code == 0
    assert "1 payload from 1 file" in outcome.stdout


@needs_fifo
def test_json_lines_named_pipe_without_writer_ends(tmp_path):
    pipe = tmp_path / "log.jsonl"
    os.mkfifo(pipe)
    outcome = run_envelint("validate", str(pipe), tmp_path=tmp_path, timeout=2)
    assert outcome.exit_code == 0


@needs_fifo
def test_har_through_a_named_pipe_is_read_once(tmp_path):
    pipe = tmp_path / "console.har"
    os.mkfifo(pipe)
    data = (HOSTILE / "odd-entries.har").read_bytes()

    def write() -> None:
        with open(pipe, "wb") as writer:
            writer.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    outcome = run_envelint("validate", str(pipe), tmp_path=tmp_path, timeout=30)
    writer.join(timeout=5)
    assert outcome.exit_code == 1
    assert "J001" in outcome.stdout
    assert "14 infos" in outcome.stdout  # 14 E008, those on a repeated text grouped


# -- what envelint writes ------------------------------------------------------------------


def test_failed_run_leaves_the_old_report(tmp_path):
    report = write_file(tmp_path, "report.json", "old report")
    error_line(invoke("validate", "--output", str(report), str(tmp_path / "absent.json")))
    assert report.read_text() == "old report"


def test_report_into_a_folder_is_a_usage_error(tmp_path):
    (tmp_path / "report.json").mkdir()
    result = CliRunner().invoke(
        cli, ["validate", "--output", str(tmp_path / "report.json"), str(HOSTILE / "bom.json")]
    )
    assert result.exit_code == 2
    assert "is a directory" in result.stderr  # click's usage error names the option
    assert "Traceback" not in result.stderr
    assert (tmp_path / "report.json").is_dir()


def test_report_under_a_file_is_one_clear_error(tmp_path):
    blocker = write_file(tmp_path, "file", "keep me")
    result = invoke("validate", "--output", str(blocker / "report.txt"), str(HOSTILE / "bom.json"))
    assert result.exit_code == 2
    assert blocker.read_text() == "keep me"


def test_report_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    report = write_file(tmp_path, "report.txt", "old")
    report.chmod(0o640)  # not what a new file gets under the usual umask (0644)
    invoke("validate", "--output", str(report), str(HOSTILE / "bom.json"))
    assert report.read_text() != "old"
    assert stat.S_IMODE(report.stat().st_mode) == 0o640


def test_schemas_build_never_deletes_json_it_did_not_write(tmp_path):
    out = tmp_path / "out"
    (out / "payloads").mkdir(parents=True)
    precious = out / "payloads" / "capture.json"
    precious.write_bytes(VALID_JOB)
    invoke("schemas", "build", "--no-cache", str(HOSTILE / "docs" / "cycle.rst"), "--out", str(out))
    assert precious.read_bytes() == VALID_JOB
