"""Running a command the way a user would, and measuring it: wall time, CPU time, peak RSS.

Each process is waited for with ``os.wait4``, so its own CPU time (not the harness's) is read.
Its peak RSS comes from GNU time's ``%M`` when ``/usr/bin/time`` exists: ``ru_maxrss`` of a
process the harness forks also counts the harness's own pages, copied at the fork, until exec.
A job made of several commands (pre-commit's argv batches) runs them one after another: the
times add up and the peak RSS is the largest of them.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = Path("/usr/bin/time")
MB = 1024  # peak RSS is kept in kilobytes


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds
    peak_rss_kb: int
    exit_codes: tuple[int, ...]


@dataclass(frozen=True)
class Summary:
    """Medians over the repetitions (peak RSS: the largest seen)."""

    wall: float
    cpu: float
    peak_rss_kb: int
    runs: int
    walls: tuple[float, ...]
    exit_codes: tuple[tuple[int, ...], ...]  # every sample's, one code per command

    def unexpected_exit_codes(self, allowed: tuple[int, ...]) -> list[int]:
        """The exit codes outside ``allowed`` that any command of any sample ended with."""
        return sorted({code for codes in self.exit_codes for code in codes} - set(allowed))


def run_job(
    commands: Sequence[Sequence[str]],
    cwd: Path,
    output: Path,
    env: dict[str, str] | None = None,
    cpus: set[int] | None = None,
) -> Sample:
    """Run ``commands`` in turn in ``cwd``, stdout and stderr to ``output``.

    ``cpus``: the cores the commands may use; None: the harness's own (pinned or not).
    """
    wall = used = 0.0
    peak = 0
    codes = []
    rss_file = output.with_suffix(".rss")
    with open(output, "wb") as sink:
        for command in commands:
            wrapped = [str(GNU_TIME), "-f", "%M", "-o", str(rss_file), *command]
            started = time.perf_counter()
            with _affinity(cpus):  # the child inherits it at the fork
                process = subprocess.Popen(
                    wrapped if GNU_TIME.is_file() else command,
                    cwd=cwd,
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    env=env,
                )
            _, status, usage = os.wait4(process.pid, 0)
            wall += time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            used += usage.ru_utime + usage.ru_stime
            peak = max(peak, _peak_rss_kb(rss_file) if GNU_TIME.is_file() else usage.ru_maxrss)
            codes.append(process.returncode)
    return Sample(wall, used, peak, tuple(codes))


def _peak_rss_kb(rss_file: Path) -> int:
    """GNU time's last line is %M (a failing command gets a line of its own before it)."""
    lines = rss_file.read_text().split()
    return int(lines[-1]) if lines and lines[-1].isdigit() else 0


def summarize(samples: list[Sample]) -> Summary:
    return Summary(
        wall=statistics.median(sample.wall for sample in samples),
        cpu=statistics.median(sample.cpu for sample in samples),
        peak_rss_kb=max(sample.peak_rss_kb for sample in samples),
        runs=len(samples),
        walls=tuple(round(sample.wall, 4) for sample in samples),
        exit_codes=tuple(sample.exit_codes for sample in samples),
    )


def child_environment(pycache: Path | None) -> dict[str, str]:
    """The environment of measured processes: with ``pycache``, bytecode is cached there.

    Without a bytecode cache (PYTHONDONTWRITEBYTECODE, as on this workplace) every run compiles
    the package from source, which no installed tool does; the cache lives outside the repo.
    """
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


@contextlib.contextmanager
def _affinity(cpus: set[int] | None) -> Iterator[None]:
    """The harness on ``cpus`` while it starts a process, then back where it was."""
    if cpus is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cpus)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def allowed_cpus() -> set[int] | None:
    """The cores this process may use (before pinning), or None where that is unknown."""
    try:
        return set(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None


def pin_to_one_core() -> int | None:
    """Pin this process, and so every process it starts, to the last core it may use."""
    try:
        core = max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
    except (AttributeError, OSError):
        return None
    return core
