"""Two envelint source trees, ``envelint lint`` on the same trees, runs alternating: medians.

    .venv/bin/python bench/ab_lint.py --trees ../shared/corpus/modelarts --repetitions 5 \\
        --variant before=/tmp/base/validator --variant after=validator [--warm] [--core 0]

For a before/after figure on a machine shared with other work: each variant runs in a process of
its own (``PYTHONPATH`` set to its ``validator`` folder), pinned to one core, the order reversed
every repetition so that a noisy moment hits both; CPU seconds (user + system) are less moved by
the load than wall seconds and are printed first. ``--warm`` drops ``--no-cache`` (run once
untimed first to fill the cache). Each variant's last report is kept as ``ab-NAME.json`` in
``--out``, for a byte-for-byte comparison of the output.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", nargs="+", required=True)
    parser.add_argument("--variant", action="append", required=True, help="NAME=VALIDATOR_DIR")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--core", type=int, default=0)
    parser.add_argument("--warm", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    variants = [tuple(text.split("=", 1)) for text in args.variant]
    cpu: dict[str, list[float]] = {name: [] for name, _ in variants}
    wall: dict[str, list[float]] = {name: [] for name, _ in variants}
    for repetition in range(args.repetitions):
        order = variants if repetition % 2 == 0 else variants[::-1]
        for name, source in order:
            seconds, used = _run(name, source, args)
            wall[name].append(seconds)
            cpu[name].append(used)
    for name, _ in variants:
        runs = ", ".join(f"{value:.2f}" for value in cpu[name])
        print(
            f"{name}: CPU median {statistics.median(cpu[name]):.2f} s ({runs}); "
            f"wall median {statistics.median(wall[name]):.2f} s"
        )
    print("load average at the end:", ", ".join(f"{load:.2f}" for load in os.getloadavg()))


def _run(name: str, source: str, args: argparse.Namespace) -> tuple[float, float]:
    command = ["taskset", "-c", str(args.core), sys.executable, "-m", "envelint", "lint"]
    command += [*args.trees, "--format", "json", "--exit-zero"]
    command += ["--output", str(args.out / f"ab-{name}.json")]
    if not args.warm:
        command.append("--no-cache")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    environment = dict(os.environ, PYTHONPATH=str(Path(source).resolve()))
    subprocess.run(command, env=environment, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return seconds, used


if __name__ == "__main__":
    main()
