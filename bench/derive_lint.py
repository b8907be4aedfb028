"""Derive + lint of each corpus reference on one core, cold and warm; then all of them at once.

    /work/main/.venv/bin/python bench/derive_lint.py [--repetitions 3] [--core 0] [--only a,b]

``envelint lint TREE --format json --output FILE`` derives the tree's schemas and lints its
examples. "Cold" adds ``--no-cache`` (nothing derived or read before); "warm" is the same command
without it, from a cache folder (``$ENVELINT_CACHE_DIR``) of its own filled by one untimed run.
Each reference runs in a process of its own, then all the references in one process (``envelint
lint T1 T2 ...``). Every process is pinned to one core (``--core``); cold and warm alternate in
each repetition, so that a noisy moment hits both. The warm report must be byte for byte the
cold one. The issue's targets: each reference under 3 s cold; all together under 20 s cold and
under 3 s warm. The figures are printed as Markdown and written to ``derive-lint.json`` and
``derive-lint.md`` in ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import locate
import measure
from derivation_bench import corpus_trees

EACH_COLD_SECONDS = 3.0
ALL_COLD_SECONDS = 20.0
ALL_WARM_SECONDS = 3.0
ALL = "all references"


@dataclass
class Figures:
    name: str
    pages: int
    cold_wall: float  # medians, seconds
    cold_cpu: float
    warm_wall: float
    warm_cpu: float
    cold_walls: tuple[float, ...]
    warm_walls: tuple[float, ...]
    same_report: bool  # the warm report is byte for byte the cold one
    exit_codes_ok: bool


@dataclass
class Setup:
    envelint: list[str]
    out: Path
    core: int
    repetitions: int
    env: dict[str, str]


def measure_trees(name: str, trees: list[Path], setup: Setup) -> Figures:
    folder = setup.out / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    cache = folder / "cache"
    cold = _lint(trees, folder / "cold.json", ["--no-cache"], setup)
    warm = _lint(trees, folder / "warm.json", [], setup)
    warm_env = {**setup.env, "ENVELINT_CACHE_DIR": str(cache)}
    measure.run_job([warm], folder, folder / "setup.log", env=warm_env, cpus={setup.core})
    cold_samples, warm_samples = [], []
    for _ in range(setup.repetitions):
        cold_samples.append(_run(cold, folder, setup.env, setup))
        warm_samples.append(_run(warm, folder, warm_env, setup))
    cold_summary, warm_summary = measure.summarize(cold_samples), measure.summarize(warm_samples)
    codes = {code for sample in cold_samples + warm_samples for code in sample.exit_codes}
    return Figures(
        name=name,
        pages=sum(_page_count(tree) for tree in trees),
        cold_wall=cold_summary.wall,
        cold_cpu=cold_summary.cpu,
        warm_wall=warm_summary.wall,
        warm_cpu=warm_summary.cpu,
        cold_walls=cold_summary.walls,
        warm_walls=warm_summary.walls,
        same_report=(folder / "cold.json").read_bytes() == (folder / "warm.json").read_bytes(),
        exit_codes_ok=codes <= {0, 1},
    )


def _lint(trees: list[Path], report: Path, extra: list[str], setup: Setup) -> list[str]:
    paths = [str(tree) for tree in trees]
    return [*setup.envelint, "lint", *paths, *extra, "--format", "json", "--output", str(report)]


def _run(command: list[str], folder: Path, env: dict[str, str], setup: Setup) -> measure.Sample:
    return measure.run_job([command], folder, folder / "run.log", env=env, cpus={setup.core})


def _page_count(tree: Path) -> int:
    return sum(1 for _ in tree.rglob("*.rst"))


# -- the report --------------------------------------------------------------------------------


def markdown(figures: list[Figures], load: tuple[str, str], command: str) -> str:
    each = [figure for figure in figures if figure.name != ALL]
    lines = [
        "## derive + lint, one core",
        "",
        f"`{command}`; load average at start {load[0]}, at end {load[1]}.",
        "",
        "| reference | pages | cold wall | cold CPU | warm wall | warm CPU | warm = cold |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for figure in figures:
        lines.append(
            f"| {figure.name} | {figure.pages} | {figure.cold_wall:.2f} s"
            f" | {figure.cold_cpu:.2f} s | {figure.warm_wall:.2f} s | {figure.warm_cpu:.2f} s"
            f" | {'yes' if figure.same_report else 'NO'} |"
        )
    lines += ["", *_targets(each, next((f for f in figures if f.name == ALL), None))]
    return "\n".join(lines) + "\n"


def _targets(each: list[Figures], together: Figures | None) -> list[str]:
    slowest = max(each, key=lambda figure: figure.cold_wall) if each else None
    found = []
    if slowest is not None:
        met = slowest.cold_wall < EACH_COLD_SECONDS
        found.append(
            f"- each reference cold < {EACH_COLD_SECONDS:g} s: {'met' if met else 'MISSED'}"
            f" (slowest: {slowest.name}, {slowest.cold_wall:.2f} s;"
            f" sum of the {len(each)}: {sum(f.cold_wall for f in each):.2f} s cold,"
            f" {sum(f.warm_wall for f in each):.2f} s warm)"
        )
    if together is not None:
        cold_met = together.cold_wall < ALL_COLD_SECONDS
        warm_met = together.warm_wall < ALL_WARM_SECONDS
        found.append(
            f"- all together cold < {ALL_COLD_SECONDS:g} s: {'met' if cold_met else 'MISSED'}"
            f" ({together.cold_wall:.2f} s)"
        )
        found.append(
            f"- all together warm < {ALL_WARM_SECONDS:g} s: {'met' if warm_met else 'MISSED'}"
            f" ({together.warm_wall:.2f} s)"
        )
    failed = [f.name for f in [*each, *([together] if together else [])] if not f.exit_codes_ok]
    if failed:
        found.append(f"- FAILED (exit code other than 0 or 1): {', '.join(failed)}")
    return found


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--core", type=int, default=0, help="the core every process runs on")
    parser.add_argument("--only", help="comma-separated reference names (default: all)")
    parser.add_argument("--no-together", action="store_true", help="skip all-at-once runs")
    parser.add_argument("--corpus", type=Path, default=locate.DEFAULT_CORPUS)
    parser.add_argument("--envelint", help="the command to measure (default: beside python)")
    parser.add_argument("--out", type=Path, default=locate.DEFAULT_DATA_DIR / "derive-lint")
    args = parser.parse_args(argv)
    trees = corpus_trees(args.corpus)
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        trees = {name: tree for name, tree in trees.items() if name in wanted}
    if not trees:
        raise SystemExit(f"no <product>/api-ref tree in {args.corpus}")
    locate.refuse_repo_folder(args.out)
    args.out.mkdir(parents=True, exist_ok=True)
    setup = Setup(
        envelint=locate.envelint_command(args.envelint),
        out=args.out,
        core=args.core,
        repetitions=args.repetitions,
        env=measure.child_environment(args.out / "pycache"),
    )
    started_load, started = _load(), time.perf_counter()
    figures = []
    for name, tree in trees.items():
        figures.append(measure_trees(name, [tree], setup))
        print(_row(figures[-1]), flush=True)
    if not args.no_together:
        figures.append(measure_trees(ALL, list(trees.values()), setup))
        print(_row(figures[-1]), flush=True)
    command = "python bench/derive_lint.py " + " ".join(sys.argv[1:] if argv is None else argv)
    text = markdown(figures, (started_load, _load()), command.strip())
    print(f"\n{text}(took {time.perf_counter() - started:.0f} s)")
    (args.out / "derive-lint.md").write_text(text)
    results = {"figures": [asdict(figure) for figure in figures], "load": [started_load, _load()]}
    (args.out / "derive-lint.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0 if all(figure.same_report and figure.exit_codes_ok for figure in figures) else 1


def _row(figure: Figures) -> str:
    spread = statistics.pstdev(figure.cold_walls) if len(figure.cold_walls) > 1 else 0.0
    return (
        f"{figure.name:30} cold {figure.cold_wall:6.2f} s (±{spread:.2f})"
        f"  warm {figure.warm_wall:5.2f} s  same report: {figure.same_report}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
