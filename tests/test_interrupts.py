"""A run stopped by Ctrl-C or SIGTERM exits quietly with 130 or 143, workers included, and leaves
no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_hostile_support import ENVELINT

pytestmark = pytest.mark.slow

RECORD = b'{"job_id": "ff80808288d41e1b018990260955686a"}\n{"job_id": 5}\n'


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Logs long enough that a run is still going a few seconds after it starts."""
    folder = tmp_path_factory.mktemp("logs")
    for number in range(4):
        (folder / f"log{number}.jsonl").write_bytes(RECORD * 400_000)
    return folder


def processes_in_group(group: int) -> int:
    found = subprocess.run(["pgrep", "-g", str(group)], capture_output=True, text=True)
    return len(found.stdout.split())


def processes_left(group: int, within: float = 5.0) -> int:
    """The processes still in the group once it has had ``within`` seconds to empty: a worker
    that ends after its parent is reaped by init, which may take a moment."""
    deadline = time.monotonic() + within
    while processes_in_group(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    return processes_in_group(group)


def started_run(logs: Path, jobs: str) -> subprocess.Popen[bytes]:
    """``validate`` started as a terminal would (its own process group, Ctrl-C not ignored),
    returned once its workers are at work."""
    command = [sys.executable, str(ENVELINT), "validate", "--jobs", jobs, "--format", "json"]
    process = subprocess.Popen(
        [*command, str(logs)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    wanted = 1 + int(jobs) if jobs != "1" else 1
    deadline = time.monotonic() + 30
    while processes_in_group(process.pid) < wanted and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert process.poll() is None, "the run ended before it could be stopped"
    return process


def stopped_run(logs: Path, jobs: str, signal_number: int) -> tuple[int, str, int]:
    """Signal the whole group of a working run; the exit code, stderr and processes left."""
    process = started_run(logs, jobs)
    os.killpg(process.pid, signal_number)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr.decode(), processes_left(process.pid)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("signal_number", "exit_code"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
    ids=["Ctrl-C", "SIGTERM"],
)
def test_a_stopped_run_exits_quietly_and_leaves_no_process(logs, jobs, signal_number, exit_code):
    code, stderr, left = stopped_run(logs, jobs, signal_number)
    assert (code, stderr, left) == (exit_code, "", 0)


def test_workers_end_when_their_parent_is_killed(logs):
    process = started_run(logs, "2")
    process.kill()  # the parent alone, as the OOM killer or `kill -9` would
    _, stderr = process.communicate(timeout=60)  # the workers' stderr is the same pipe
    assert (stderr.decode(), processes_left(process.pid)) == ("", 0)
