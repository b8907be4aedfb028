"""The targets of issue 23, side by side in one run: the failing path, the whole command.

    .venv/bin/python bench/issue23.py [--lines N] [--repetitions R] [--only in-process,whole]
        [--variant NAME=SOURCE ...] [--out DIR]

Each ``--variant`` is a source folder of the package (``validator`` of a checkout or of a
``git archive``), run by this Python with the folder first on its path, so that two versions
are measured side by side in one run, alternating (default: this checkout's ``validator``).

In process (pinned to one core, garbage collector off while a loop runs): the µs per bad small
envelope of what ``check_json_lines`` does with a line the fast path refuses (a Payload,
``Engine.check_fully``, each finding written as the JSON report writes it), over the bad lines
of the log, on two workloads: **repeated** (the bad lines as ``envelopes.py`` makes them: some
are byte-identical) and **distinct** (every bad line made unique by leading white space, a
binary count of spaces and tabs, which changes no finding's kind). Also a good line's µs
through the line checker.

Whole command (each a new process, pinned to the last core but ``--jobs 2`` and its one-job
twin, alternating, medians of wall and CPU): the floor (``floors.py jsonl``), envelint
``validate --format json --output`` on the 4%-bad logs (both workloads), the is_valid loop
and envelint on an all-valid log, the floor and envelint on one small file, and ``--jobs 2``
against one job. Data under ``--out`` (default /tmp/envelint-bench/issue23).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import envelopes
import locate
import make_data
import measure

SEED = 23
BAD_RATE = 0.04
HERE = Path(__file__).resolve().parent


def distinct(text: str, index: int) -> str:
    """``text`` with leading white space that spells ``index`` in binary: unique bytes."""
    return "".join(" \t"[int(bit)] for bit in f"{index:b}") + " " + text


def make_logs(out: Path, lines: int) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / f"{name}-{lines}.jsonl" for name in ("repeated", "distinct", "valid")}
    paths["one"] = out / "one.json"
    if all(path.exists() for path in paths.values()):
        return paths
    stream = envelopes.envelopes(SEED, BAD_RATE)
    with open(paths["repeated"], "w") as repeated, open(paths["distinct"], "w") as unique:
        bad = 0
        for _ in range(lines):
            envelope = next(stream)
            repeated.write(envelope.text + "\n")
            if envelope.bad_kind is None:
                unique.write(envelope.text + "\n")
            else:
                unique.write(distinct(envelope.text, bad) + "\n")
                bad += 1
    rng = random.Random(SEED)
    with open(paths["valid"], "w") as valid:
        for _ in range(lines):
            valid.write(envelopes.valid_envelope(rng) + "\n")
    paths["one"].write_text(envelopes.jobs_normal(rng) + "\n")
    schema, _ = make_data.equivalent_envelope_schema()
    (out / "envelope-schema.json").write_text(json.dumps(schema))
    return paths


# -- in process ---------------------------------------------------------------------------------


def bad_lines(path: Path, limit: int | None = None) -> list[tuple[int, bytes]]:
    from envelint.captures.jsonl_file import without_line_ending
    from envelint.catalog.store import builtin_catalog_dir, load_catalog
    from envelint.engine.engine import Engine

    accepts = Engine(load_catalog(builtin_catalog_dir())).line_checker()
    found = []
    with open(path, "rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not accepts(line):
                found.append((number, without_line_ending(line)))
                if len(found) == limit:
                    break
    return found


def failing_path_us(lines: list[tuple[int, bytes]], repetitions: int) -> list[float]:
    """µs per bad line of the full check and the JSON report's text of its findings."""
    from envelint.captures.payload import Payload
    from envelint.catalog.store import builtin_catalog_dir, load_catalog
    from envelint.engine.engine import Engine
    from envelint.report.json_format import finding_part

    engine = Engine(load_catalog(builtin_catalog_dir()))
    check_fully = engine.check_fully
    for number, data in lines[:50]:  # warm: the full path's imports and builds
        check_fully(Payload(source="log.jsonl", data=data, line=number))
    per_line = []
    for _ in range(repetitions):
        gc.collect()
        gc.disable()
        started = time.process_time()
        for number, data in lines:
            payload = Payload(source="log.jsonl", data=data, line=number)
            for finding in check_fully(payload):
                finding_part(finding, first=False)
        per_line.append((time.process_time() - started) / len(lines) * 1e6)
        gc.enable()
    return per_line


def good_line_us(path: Path, repetitions: int) -> list[float]:
    from envelint.catalog.store import builtin_catalog_dir, load_catalog
    from envelint.engine.engine import Engine

    accepts = Engine(load_catalog(builtin_catalog_dir())).line_checker()
    with open(path, "rb") as stream:
        lines = stream.readlines()
    per_line = []
    for _ in range(repetitions):
        gc.collect()
        gc.disable()
        started = time.process_time()
        for line in lines:
            accepts(line)
        per_line.append((time.process_time() - started) / len(lines) * 1e6)
        gc.enable()
    return per_line


def in_process_child(paths: dict[str, Path]) -> None:
    """One round of the in-process loops in this process: its figures as JSON."""
    measure.pin_to_one_core()
    results = {}
    for name in ("repeated", "distinct"):
        lines = bad_lines(paths[name])
        results[f"bad line, {name} ({len(lines)} lines)"] = failing_path_us(lines, 1)[0]
    results["good line (all lines)"] = good_line_us(paths["valid"], 1)[0]
    print(json.dumps(results))


def counted_child(paths: dict[str, Path], count: int) -> None:
    """The failing path once over the first ``count`` distinct bad lines (under callgrind)."""
    lines = bad_lines(paths["distinct"], count + 50)
    failing_path_us(lines[50:], 1)  # its own warm-up: the first 50


def instructions(paths: dict[str, Path], out: Path, variants: dict[str, Path]) -> None:
    """Instructions per distinct bad line, from two callgrind runs of 200 and 1,200 lines:
    the difference over 1,000 lines, so that start-up and warm-up cancel out."""
    import subprocess

    print("| callgrind | variant | instructions per distinct bad line |")
    print("|---|---|---:|")
    for variant, source in variants.items():
        env = {**os.environ, "PYTHONPATH": str(source)}
        counts = []
        for count in (200, 1200):
            stats = out / f"callgrind-{variant}-{count}.out"
            command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={stats}"]
            command += [sys.executable, __file__, "--only", "counted", "--count", str(count)]
            command += ["--out", str(out), "--lines", str(_LINES)]
            subprocess.run(command, env=env, capture_output=True, check=True)
            summary = next(
                line for line in stats.read_text().splitlines() if line.startswith("summary:")
            )
            counts.append(int(summary.split()[1]))
        print(f"| failing path | {variant} | {(counts[1] - counts[0]) / 1000:,.0f} |")


def in_process(paths: dict[str, Path], out: Path, variants: dict[str, Path], repetitions: int):
    """Each round a new process per variant, alternating: CPU µs per line."""
    import subprocess

    results: dict[tuple[str, str], list[float]] = {}
    for _ in range(repetitions):
        for variant, source in variants.items():
            env = {**os.environ, "PYTHONPATH": str(source)}
            command = [sys.executable, __file__, "--only", "child", "--out", str(out)]
            command += ["--lines", str(_LINES)]
            child = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            for name, value in json.loads(child.stdout.splitlines()[-1]).items():
                results.setdefault((name, variant), []).append(value)
    print("| in process, pinned | variant | median CPU µs per line | runs |")
    print("|---|---|---:|---|")
    for (name, variant), values in sorted(results.items(), key=lambda item: item[0]):
        runs = ", ".join(f"{value:.2f}" for value in values)
        print(f"| {name} | {variant} | {statistics.median(values):.2f} | {runs} |")


# -- whole commands -----------------------------------------------------------------------------


def envelint_of(source: Path) -> list[str]:
    """The command line of envelint from ``source``, as its console script starts it."""
    start = "import sys; sys.path.insert(0, sys.argv.pop(1))"
    start += "; from envelint.commands.main import main; sys.exit(main())"
    return [sys.executable, "-c", start, str(source)]


def whole(paths: dict[str, Path], out: Path, variants: dict[str, Path], repetitions: int) -> None:
    python = sys.executable
    floors = str(HERE / "floors.py")
    schema = str(out / "envelope-schema.json")
    report = str(out / "report.json")
    measure.pin_to_one_core()
    pinned = measure.allowed_cpus()
    unpinned = set(range(os.cpu_count() or 1))
    env = measure.child_environment(out / "pycache")
    jobs: dict[str, tuple[list[str], set[int] | None]] = {
        "floor": ([python, floors, "jsonl", str(paths["repeated"])], pinned),
        "is_valid loop, all valid": (
            [python, floors, "jsonl-schema", schema, str(paths["valid"])],
            pinned,
        ),
        "floor, one file": ([python, floors, "files", str(paths["one"])], pinned),
    }
    for variant, source in variants.items():
        envelint = envelint_of(source)
        validate = [*envelint, "validate", "--format", "json", "--output", report]
        jobs |= {
            f"4% bad, repeated [{variant}]": ([*validate, str(paths["repeated"])], pinned),
            f"4% bad, distinct [{variant}]": ([*validate, str(paths["distinct"])], pinned),
            f"all valid [{variant}]": ([*envelint, "validate", str(paths["valid"])], pinned),
            f"one file [{variant}]": ([*envelint, "validate", str(paths["one"])], pinned),
            f"one job, unpinned [{variant}]": ([*validate, str(paths["repeated"])], unpinned),
            f"--jobs 2, unpinned [{variant}]": (
                [*validate, "--jobs", "2", str(paths["repeated"])],
                unpinned,
            ),
        }
    samples: dict[str, list[measure.Sample]] = {name: [] for name in jobs}
    for round_ in range(repetitions + 1):
        for name, (command, cpus) in jobs.items():
            sample = measure.run_job([command], out, out / "last-output.txt", env, cpus)
            if round_:  # the first round is the warm-up
                samples[name].append(sample)
    summaries = {name: measure.summarize(values) for name, values in samples.items()}

    def line(name: str, base: str | None = None) -> str:
        summary = summaries[name]
        ratio = ""
        if base is not None:
            other = summaries[base]
            ratio = f"{summary.wall / other.wall:.2f}× ({summary.cpu / other.cpu:.2f}× CPU)"
        return f"| {name} | {summary.wall:.3f} s | {summary.cpu:.3f} s | {base or ''} | {ratio} |"

    print("| whole command, medians | wall | CPU | against | ratio wall (CPU) |")
    print("|---|---:|---:|---|---|")
    print(line("floor"))
    print(line("is_valid loop, all valid"))
    print(line("floor, one file"))
    for variant in variants:
        print(line(f"4% bad, repeated [{variant}]", "floor"))
        print(line(f"4% bad, distinct [{variant}]", "floor"))
        print(line(f"all valid [{variant}]", "is_valid loop, all valid"))
        one, floor = summaries[f"one file [{variant}]"], summaries["floor, one file"]
        over = f"{(one.wall - floor.wall) * 1000:.1f} ms"
        over += f" ({(one.cpu - floor.cpu) * 1000:.1f} ms CPU)"
        print(line(f"one file [{variant}]", "floor, one file") + f" over the floor: {over}")
        print(line(f"one job, unpinned [{variant}]"))
        single = summaries[f"one job, unpinned [{variant}]"].wall
        faster = single / summaries[f"--jobs 2, unpinned [{variant}]"].wall
        print(line(f"--jobs 2, unpinned [{variant}]") + f" {faster:.2f}× faster than one job")
    for name, summary in summaries.items():
        if summary.unexpected_exit_codes((0, 1)):
            print(f"FAILED: {name} ended with {summary.unexpected_exit_codes((0, 1))}")


_LINES = 300_000


def main(argv: list[str] | None = None) -> None:
    global _LINES
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=_LINES)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--only", default="in-process,whole")
    parser.add_argument("--count", type=int, default=200, help=argparse.SUPPRESS)
    parser.add_argument("--variant", action="append", default=[], help="NAME=SOURCE folder")
    parser.add_argument("--out", type=Path, default=Path("/tmp/envelint-bench/issue23"))
    args = parser.parse_args(argv)
    locate.refuse_repo_folder(args.out)
    _LINES = args.lines
    paths = make_logs(args.out, args.lines)
    if args.only == "child":
        in_process_child(paths)
        return
    if args.only == "counted":
        counted_child(paths, args.count)
        return
    variants = {
        name: Path(source).resolve()
        for name, _, source in (given.partition("=") for given in args.variant)
    } or {"this": HERE.parent / "validator"}
    print(f"load average at start: {os.getloadavg()}")
    if "in-process" in args.only:
        in_process(paths, args.out, variants, args.repetitions)
    if "instructions" in args.only:
        instructions(paths, args.out, variants)
    if "whole" in args.only:
        whole(paths, args.out, variants, args.repetitions)
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
