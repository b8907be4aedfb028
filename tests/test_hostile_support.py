"""Helpers for the hostile-input tests: run the CLI and insist on a clean outcome.

A clean outcome is findings (exit 0 or 1) or one clear line on stderr with exit code 2
(``envelint: error: ...``): never a traceback, never ``envelint: internal error: ...``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from click.testing import Result

from tests.helpers import run_cli

REPO = Path(__file__).resolve().parents[1]
HOSTILE = REPO / "fixtures" / "hostile"
ENVELINT = Path(sys.executable).with_name("envelint")


def hostile(name: str) -> str:
    """The path of a file in fixtures/hostile/, as the command line takes it."""
    return str(HOSTILE / name)


def invoke(*args: str, input: bytes | str | None = None) -> Result:
    """Run ``envelint ARGS`` in this process; fail unless the outcome is clean."""
    # An exception is caught, so that assert_clean fails naming it.
    result = run_cli(*args, input=input, env={"NO_COLOR": "1"}, catch_exceptions=True)
    assert_clean(result.exit_code, result.stdout, result.stderr, result.exception)
    return result


def assert_clean(exit_code: int, stdout: str, stderr: str, exception: object = None) -> None:
    assert exception is None or isinstance(exception, SystemExit), repr(exception)
    assert "Traceback" not in stdout + stderr, stderr
    assert "internal error" not in stderr, stderr
    assert exit_code in (0, 1, 2), (exit_code, stderr)
    if exit_code == 2:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1, stderr
        assert lines[0].startswith("envelint: error: "), stderr


def error_line(result: Result) -> str:
    """The one error line of a run that exited 2."""
    assert result.exit_code == 2, result.stdout
    return result.stderr.strip()


def unreadable_line(result: Result) -> str:
    """The J008 finding of a run over a capture that could not be read (exit 1: a finding)."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    [line] = [line for line in result.stdout.splitlines() if " J008 " in line]
    return line


def report_of(*args: str, input: bytes | str | None = None) -> dict:
    """The JSON report of ``envelint validate ARGS``, which must end with findings (0 or 1)."""
    result = invoke("validate", "--format", "json", *args, input=input)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def id_form_config(folder: Path) -> str:
    """A configuration that holds ``job_id`` to 32 hex digits (E005 holds no form by default:
    the built-in catalog's rows document none), for tests that need a finding on a long id."""
    path = folder / "id-form.yaml"
    path.write_text("rules:\n  E005:\n    patterns: {job_id: '^[0-9a-f]{32}$'}\n")
    return str(path)


def codes_of(report: dict) -> list[str]:
    return [finding["code"] for finding in report["findings"]]


@dataclass
class ProcessOutcome:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


# Runs the command in a fresh process of its own, so that RUSAGE_CHILDREN holds that one run.
_MEASURED = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def run_envelint(*args: str, tmp_path: Path, timeout: float = 300) -> ProcessOutcome:
    """Run ``envelint ARGS`` as a real process; measure its wall time and peak memory (RSS)."""
    env = {**os.environ, "NO_COLOR": "1"}
    rss_file = tmp_path / "peak-rss-kb.txt"
    command = [sys.executable, "-c", _MEASURED, str(rss_file), str(ENVELINT), *args]
    started = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise AssertionError(f"envelint {' '.join(args)} ran more than {timeout} s") from None
    seconds = time.perf_counter() - started
    peak_mb = int(rss_file.read_text()) / 1024
    out = stdout.decode("utf-8", errors="replace")
    err = stderr.decode("utf-8", errors="replace")
    assert_clean(process.returncode, out, err)
    return ProcessOutcome(process.returncode, out, err, seconds, peak_mb)


def test_a_clean_run_passes_the_check():
    report = report_of(str(HOSTILE / "duplicate-keys.json"))
    assert codes_of(report) == ["J002"]
