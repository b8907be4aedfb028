"""``envelint diff`` on the real revision history of one reference: time and counts.

Clones ``../shared/corpus-history/elastic-cloud-server.bundle`` (or uses ``--repo``), then:

- times ``envelint diff BASE HEAD -- api-ref/source`` as a user runs it (a new process each
  time): *cold* with an empty cache folder (the trees are written from git objects and both
  versions derived), *warm* with the cache the previous run left; medians and least of
  ``--repetitions`` runs;
- with ``--pairs``, runs the diff on every consecutive pair of commits and prints the changes
  per kind and per level for each pair with any change, as a markdown table.

    .venv/bin/python bench/diff_history.py [--repo DIR] [--base REV --head REV]
        [--repetitions N] [--pairs] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO.parent / "shared" / "corpus-history" / "elastic-cloud-server.bundle"
# envelint as ``python -m envelint`` runs it, writing its own process's CPU time (user + system,
# without the worker it forks or git) to $BENCH_SELF_CPU at exit: with two free cores, that
# process is the run's critical path.
RUN_ENVELINT = """
import atexit, os, resource, runpy, sys
def _said():
    used = resource.getrusage(resource.RUSAGE_SELF)
    with open(os.environ["BENCH_SELF_CPU"], "w") as out:
        out.write(str(used.ru_utime + used.ru_stime))
atexit.register(_said)
sys.argv[0] = "envelint"
runpy.run_module("envelint", run_name="__main__", alter_sys=True)
"""
ENVELINT = [sys.executable, "-c", RUN_ENVELINT]
DOCS = "api-ref/source"
DIFF_OPTIONS: list[str] = []  # --jobs N when given


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, help="a clone of the history (default: clone it)")
    parser.add_argument("--base", default="0a42087", help="default: the last pair of commits")
    parser.add_argument("--head", default="ff38954")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--pairs", action="store_true", help="diff every consecutive pair")
    parser.add_argument("--jobs", help="passed to envelint diff (default: its own, 2)")
    args = parser.parse_args()
    if args.jobs:
        DIFF_OPTIONS.extend(["--jobs", args.jobs])
    with tempfile.TemporaryDirectory() as scratch:
        repo = args.repo or _clone(Path(scratch) / "ecs")
        cold, warm = _timings(repo, args.base, args.head, args.repetitions, Path(scratch))
        print(f"envelint diff {args.base} {args.head} -- {DOCS} ({args.repetitions} runs each)")
        print(f"  load average at end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        for name, runs in (("cold (empty cache)", cold), ("warm", warm)):
            walls, cpus, own = [r[0] for r in runs], [r[1] for r in runs], [r[2] for r in runs]
            print(
                f"  {name:<18}: wall median {_s(walls)}, least {min(walls):.3f} s; "
                f"cpu median {_s(cpus)} (envelint's main process alone {_s(own)})"
            )
        if args.pairs:
            print(_pairs_table(repo, Path(scratch) / "pairs-cache"))


def _clone(target: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(BUNDLE), str(target)], check=True)
    return target


def _run(repo: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ENVELINT_CACHE_DIR": str(cache)}
    env.setdefault("BENCH_SELF_CPU", os.devnull)
    command = [*ENVELINT, "diff", *args, *DIFF_OPTIONS, "--fail-on", "none", "--", DOCS]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, check=True)


Timing = tuple[float, float, float]


def _timings(
    repo: Path, base: str, head: str, repetitions: int, scratch: Path
) -> tuple[list[Timing], list[Timing]]:
    """(wall, cpu, main cpu) of each cold and each warm run; cpu: user + system of envelint and
    every process it started (its worker, git); main cpu: envelint's own process's alone."""
    cold, warm = [], []
    for number in range(repetitions):
        cache = scratch / f"cache-{number}"
        cold.append(_timed(repo, cache, base, head))
        warm.append(_timed(repo, cache, base, head))
    return cold, warm


def _timed(repo: Path, cache: Path, base: str, head: str) -> Timing:
    own = cache.parent / "self-cpu"
    os.environ["BENCH_SELF_CPU"] = str(own)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    _run(repo, cache, base, head)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, float(own.read_text())


def _pairs_table(repo: Path, cache: Path) -> str:
    log = subprocess.run(
        ["git", "log", "--reverse", "--format=%h %ad", "--date=short"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    commits = [line.split() for line in log if line]
    rows = [
        "| base | head | date | breaking | potentially | non-breaking | per kind |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    total: Counter[str] = Counter()
    for (base, _), (head, date) in zip(commits, commits[1:], strict=False):
        data = json.loads(_run(repo, cache, base, head, "--format", "json").stdout)
        kinds = Counter(change["code"] for change in data["changes"])
        total.update(kinds)
        if kinds:
            said = ", ".join(f"{code} {n}" for code, n in sorted(kinds.items()))
            s = data["summary"]
            rows.append(
                f"| {base} | {head} | {date} | {s['breaking']} | {s['potentially-breaking']} "
                f"| {s['non-breaking']} | {said} |"
            )
    rows.append(
        f"\n{len(commits) - 1} pairs; all: "
        + ", ".join(f"{c} {n}" for c, n in sorted(total.items()))
    )
    return "\n".join(rows)


def _s(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s"


if __name__ == "__main__":
    main()
