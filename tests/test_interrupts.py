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


def stopped_run(logs: Path, jobs: str, signal_number: int) -> tuple[int, str, int]:
    """Start ``validate`` as a terminal would (its own process group, Ctrl-C not ignored), signal
    the whole group once it works, and return the exit code, stderr and processes left."""
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
    os.killpg(process.pid, signal_number)
    _, stderr = process.communicate(timeout=60)
    time.sleep(0.5)
    return process.returncode, stderr.decode(), processes_in_group(process.pid)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("signal_number", "exit_code"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
    ids=["Ctrl-C", "SIGTERM"],
)
def test_a_stopped_run_exits_quietly_and_leaves_no_process(logs, jobs, signal_number, exit_code):
    if jobs == "2" and signal_number == signal.SIGTERM:
        pytest.xfail(  # not yet held: docs/reliability.md says so
            "SIGTERM to the whole group under --jobs 2 still hangs about one run in six"
        )
    code, stderr, left = stopped_run(logs, jobs, signal_number)
    assert (code, stderr, left) == (exit_code, "", 0)
