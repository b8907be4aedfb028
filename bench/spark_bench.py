"""The Spark job in ``local[2]`` (and ``local[1]``) against ``envelint check --jobs 2`` on the
same gateway log, side by side in one run, and the fixed start-up cost of each (the same
commands on the log's first line alone).

    python bench/spark_bench.py DATA_DIR [--repetitions 1] [--masters local[1],local[2]]

DATA_DIR is what ``bench/gateway_log.py DATA_DIR --lines N`` wrote (``docs/`` and
``gateway.jsonl``). ``check DOCS`` is ``validate``'s pipeline with the catalog derived from the
docs (what the job does with ``--docs``; the derivation cache is warmed first, for both). Each
repetition runs every contender once, in turn. Prints a Markdown table: median wall seconds,
lines per second, and the same with the start-up cost taken off.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
ENVELINT = str(Path(PYTHON).with_name("envelint"))


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def commands(docs: Path, log: Path, out: Path, masters: list[str]) -> dict[str, list[str]]:
    cli = [ENVELINT, "check", str(docs), str(log), "--jobs", "2", "--format", "json"]
    found = {
        "envelint check --jobs 2": [*cli, "--output", str(out / "cli.json"), "-q", "--exit-zero"]
    }
    for master in masters:
        found[f"spark {master}"] = [
            PYTHON, "-m", "envelint.spark", str(log), "--docs", str(docs),
            "--output", str(out / master.replace("[", "").replace("]", "")),
            "--master", master, "--exit-zero",
        ]  # fmt: skip
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--repetitions", type=int, default=1)
    parser.add_argument("--masters", default="local[1],local[2]")
    args = parser.parse_args()
    docs, log = args.data / "docs", args.data / "gateway.jsonl"
    masters = args.masters.split(",")
    lines = sum(1 for _ in log.open("rb"))
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        first = out / "first.jsonl"
        with log.open("rb") as source:
            first.write_bytes(source.readline())
        subprocess.run([ENVELINT, "check", str(docs), str(first), "-q", "--exit-zero"], check=True)
        whole = commands(docs, log, out, masters)
        start = commands(docs, first, out / "start", masters)
        times: dict[str, list[float]] = {name: [] for name in whole}
        startup: dict[str, list[float]] = {name: [] for name in whole}
        for _ in range(args.repetitions):
            for name in whole:
                startup[name].append(timed(start[name]))
                times[name].append(timed(whole[name]))
                shutil.rmtree(out / "start", ignore_errors=True)
    load = os.getloadavg()[0]
    print(f"{lines:,} lines, {log.stat().st_size / 1e6:.0f} MB; load average {load:.1f}; "
          f"{args.repetitions} repetition(s)\n")  # fmt: skip
    print("| contender | wall s | lines/s | start-up s | lines/s without start-up |")
    print("|---|---:|---:|---:|---:|")
    for name in whole:
        wall, fixed = statistics.median(times[name]), statistics.median(startup[name])
        print(f"| {name} | {wall:.1f} | {lines / wall:,.0f} | {fixed:.1f} | "
              f"{lines / max(wall - fixed, 1e-9):,.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()
