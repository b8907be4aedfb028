"""Run every benchmark: the floor, envelint and check-jsonschema side by side.

    /work/main/.venv/bin/python bench/run.py [--quick] [--repetitions N] [--only NAMES]

Makes the data sets first if needed (``make_data.py``), runs each contender of each benchmark
N times, interleaved, every process pinned to one core (except ``--jobs 2``, which needs both),
and prints Markdown tables of the median wall times and their ratios; the same goes to
``results.json`` (and ``results.md``) in the data folder. See ``bench/README.md`` for what
each benchmark measures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import argv_batches
import derivation_bench
import findings_compare
import import_profile
import locate
import make_data
import measure
import parallel_bench
import report
from model import (
    CHECK_JSONSCHEMA_EXIT_CODES,
    RATIOS_WITH_SCHEMA_FLOOR,
    SCHEMA_FLOOR,
    VALIDATE_EXIT_CODES,
    Benchmark,
    Contender,
    at_least,
    at_most,
    failure,
    wall_under,
)

BENCH = Path(__file__).resolve().parent
ENVELOPE_SCHEMA = "envelope-schema.json"  # envelint's validation schemas for the envelopes


@dataclass
class Tools:
    python: str
    envelint: list[str]
    check_jsonschema: list[str] | None


# -- the benchmarks ----------------------------------------------------------------------------


@dataclass
class BuildSettings:
    data: Path
    scratch: Path  # the tools' outputs, caches and reports
    corpus: Path
    concurrency: int  # pre-commit's, for splitting argv
    pinning: bool


def build_benchmarks(
    manifest: dict, used: Tools, build: BuildSettings
) -> tuple[list[Benchmark], list[str]]:
    """The benchmarks, and a message for each one skipped (for want of the corpus)."""
    datasets = manifest["datasets"]
    sizes = sorted(datasets["envelopes"]["spec"]["sizes"])
    logs = datasets["envelopes"]["files"]
    floor = [used.python, str(BENCH / "floors.py")]
    envelint = [*used.envelint, "validate"]
    found = []
    for count in reversed(sizes):
        name = f"envelopes-{count}.jsonl"
        found.append(
            Benchmark(
                name=f"jsonl-envelopes-{count}",
                description=f"`envelint validate {name}`: {count:,} small envelopes, 4% bad",
                payloads=count,
                contenders=[
                    *_log_contenders(floor, envelint, name, count),
                    Contender(SCHEMA_FLOOR, [[*floor, "jsonl-schema", ENVELOPE_SCHEMA, name]]),
                ],
                targets=[at_most(3.0)] if count == sizes[-1] else [],
                made_bad=logs[name]["bad"],
                memory_kind="mixed",
                ratios=RATIOS_WITH_SCHEMA_FLOOR,
            )
        )
    largest = sizes[-1]
    found.append(
        parallel_bench.jobs_benchmark(
            f"envelopes-{largest}.jsonl", largest, used.envelint, build.scratch, build.pinning
        )
    )
    found.append(_server_benchmark(datasets["servers"], floor, envelint))
    found.append(_bad_envelopes_benchmark(datasets["bad-envelopes"], floor, envelint))
    found.append(
        _files_benchmark(build.data, datasets["files"], floor, envelint, used, build.concurrency)
    )
    found.append(_one_file_benchmark(floor, envelint, used))
    derivation, skipped = derivation_bench.derivation_benchmarks(
        build.corpus, used.envelint, build.scratch
    )
    found.extend(derivation)
    for count in sizes:
        name = f"envelopes-valid-{count}.jsonl"
        found.append(
            Benchmark(
                name=f"memory-valid-{count}",
                description=f"peak RSS on {count:,} valid envelopes (no findings kept)",
                payloads=count,
                contenders=_log_contenders(floor, envelint, name, count),
                group="memory",
                memory_kind="valid",
            )
        )
    return found, skipped


def _log_contenders(
    floor: list[str], envelint: list[str], log: str, payloads: int
) -> list[Contender]:
    """The floor and ``envelint validate`` on one JSON Lines log of ``payloads`` lines."""
    return [
        Contender("floor", [[*floor, "jsonl", log]]),
        Contender(
            "envelint", [[*envelint, log]], exit_codes=VALIDATE_EXIT_CODES, payloads=payloads
        ),
    ]


def _server_benchmark(servers: dict, floor: list[str], envelint: list[str]) -> Benchmark:
    name, summary = next(iter(servers["files"].items()))
    catalog = servers["catalog"]
    return Benchmark(
        name=f"jsonl-servers-{summary['lines']}",
        description=(
            f"`envelint validate --catalog {catalog['folder']} {name}`: {summary['lines']:,}"
            f" server responses of ~{summary['mean_line_bytes'] / 1024:.1f} KB, 1% bad"
            f" ({catalog['field_count']} documented fields; {catalog['source'].split(':')[0]})"
        ),
        payloads=summary["lines"],
        contenders=_log_contenders(
            floor, [*envelint, "--catalog", catalog["folder"]], name, summary["lines"]
        ),
        targets=[at_most(2.0)],
        made_bad=summary["bad"],
    )


def _bad_envelopes_benchmark(bad: dict, floor: list[str], envelint: list[str]) -> Benchmark:
    """Nothing but bad envelopes: what the full path costs per payload, for the record."""
    name, summary = next(iter(bad["files"].items()))
    return Benchmark(
        name=f"bad-envelopes-{summary['lines']}",
        description=(
            f"`envelint validate {name}`: {summary['lines']:,} small envelopes, all bad"
            f" (the {len(summary['bad_kinds'])} kinds equally often); no target"
        ),
        payloads=summary["lines"],
        contenders=_log_contenders(floor, envelint, name, summary["lines"]),
        made_bad=summary["bad"],
        group="per-payload",
    )


def _files_benchmark(
    data: Path, files: dict, floor: list[str], envelint: list[str], used: Tools, concurrency: int
) -> Benchmark:
    folder = files["outputs"][0]
    names = sorted(f"{folder}/{path.name}" for path in (data / folder).glob("*.json"))
    envelint_batches = argv_batches.partition(envelint, names, concurrency)
    schema_floor = [*floor, "files-schema", ENVELOPE_SCHEMA]
    contenders = [
        Contender("floor", argv_batches.partition([*floor, "files"], names, concurrency)),
        Contender(SCHEMA_FLOOR, argv_batches.partition(schema_floor, names, concurrency)),
        Contender(
            "envelint", envelint_batches, exit_codes=VALIDATE_EXIT_CODES, payloads=len(names)
        ),
    ]
    targets = [at_most(1.5)]
    if used.check_jsonschema:
        command = [*used.check_jsonschema, "--schemafile", ENVELOPE_SCHEMA]
        contenders.append(
            Contender(
                "check-jsonschema",
                argv_batches.partition(command, names, concurrency),
                exit_codes=CHECK_JSONSCHEMA_EXIT_CODES,
            )
        )
        targets.append(at_least(4.0, "check-jsonschema", "envelint"))
    batches = len(envelint_batches)
    return Benchmark(
        name=f"files-{len(names)}",
        description=(
            f"pre-commit style: `envelint validate f1.json f2.json ...` over {len(names):,}"
            f" small files in {batches} argv batches (pre-commit's split for"
            f" {concurrency} CPUs), run one after another"
        ),
        payloads=len(names),
        contenders=contenders,
        targets=targets,
        made_bad=files["bad"],
        ratios=RATIOS_WITH_SCHEMA_FLOOR,
    )


def _one_file_benchmark(floor: list[str], envelint: list[str], used: Tools) -> Benchmark:
    contenders = [
        Contender("floor", [[*floor, "files", "one.json"]]),
        Contender(
            "envelint", [[*envelint, "one.json"]], exit_codes=VALIDATE_EXIT_CODES, payloads=1
        ),
    ]
    if used.check_jsonschema:
        command = [*used.check_jsonschema, "--schemafile", ENVELOPE_SCHEMA, "one.json"]
        contenders.append(
            Contender("check-jsonschema", [command], exit_codes=CHECK_JSONSCHEMA_EXIT_CODES)
        )
    return Benchmark(
        name="one-file",
        description="`envelint validate one.json`: start-up, imports and one small payload",
        payloads=1,
        contenders=contenders,
        targets=[wall_under(0.12)],
    )


# -- running -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    benchmark: Benchmark
    summaries: dict[str, measure.Summary]
    flagged: dict[str, dict]
    failed: dict[str, str]  # contender name -> why its runs do not count (model.failure)
    agreement: dict | None = None  # findings_compare.compare of the contenders' JSON reports


@dataclass
class RunSettings:
    data: Path
    scratch: Path  # the tools' outputs, read afterwards for what they flagged
    repetitions: int
    all_cpus: set[int] | None  # the cores unpinned processes may use
    warmup: bool
    env: dict[str, str]


def run_benchmark(benchmark: Benchmark, settings: RunSettings) -> Outcome:
    repetitions = settings.repetitions
    samples: dict[str, list[measure.Sample]] = {c.name: [] for c in benchmark.contenders}
    outputs = {c.name: settings.scratch / f"{_file_name(benchmark, c)}.out"
               for c in benchmark.contenders}  # fmt: skip
    for contender in benchmark.contenders:  # untimed: setup, else page cache and bytecode
        if contender.setup:
            _run(contender, contender.setup, outputs[contender.name], settings)
        elif settings.warmup:
            _run(contender, contender.commands, outputs[contender.name], settings)
    for repetition in range(repetitions):
        for contender in benchmark.contenders:
            sample = _run(contender, contender.commands, outputs[contender.name], settings)
            samples[contender.name].append(sample)
            _progress(benchmark, contender, repetition, repetitions, sample)
    summaries = {name: measure.summarize(found) for name, found in samples.items()}
    flagged = {c.name: report.flagged(c.tool, outputs[c.name].read_text(errors="replace"))
               for c in benchmark.contenders if c.tool != "floor"}  # fmt: skip
    failed = {}
    for contender in benchmark.contenders:
        reason = failure(contender, summaries[contender.name], flagged.get(contender.name, {}))
        if reason:
            failed[contender.name] = reason
            print(f"  {benchmark.name}: {contender.name} FAILED: {reason}", file=sys.stderr)
    return Outcome(benchmark, summaries, flagged, failed, _agreement(benchmark))


def _run(contender: Contender, commands, output: Path, settings: RunSettings) -> measure.Sample:
    cpus = None if contender.pinned else settings.all_cpus
    env = {**settings.env, **contender.env}
    return measure.run_job(commands, settings.data, output, env, cpus)


def _file_name(benchmark: Benchmark, contender: Contender) -> str:
    return f"{benchmark.name}.{re.sub(r'[^A-Za-z0-9_.-]+', '-', contender.name)}"


def _agreement(benchmark: Benchmark) -> dict | None:
    reports = {c.name: c.json_report for c in benchmark.contenders if c.json_report}
    if len(reports) < 2:
        return None
    missing = [str(path) for path in reports.values() if not path.is_file()]
    if missing:
        return {"error": f"no JSON report written: {', '.join(missing)}"}
    return findings_compare.compare(reports)


def _progress(benchmark, contender, repetition, repetitions, sample) -> None:
    unexpected = sorted(set(sample.exit_codes) - set(contender.exit_codes))
    print(
        f"  {benchmark.name:<28} {contender.name:<32} {repetition + 1}/{repetitions}"
        f"  {sample.wall:8.3f} s  {sample.peak_rss_kb / measure.MB:7.1f} MB"
        + (f"  exit {', '.join(map(str, unexpected))}" if unexpected else ""),
        file=sys.stderr,
        flush=True,
    )


def import_profiles(data: Path, used: Tools, env: dict[str, str]) -> dict[str, dict]:
    profiles = {
        "import envelint.commands.main": import_profile.profile(
            [used.python, "-c", "import envelint.commands.main"], data, 5, env
        )
    }
    script = Path(used.envelint[0])
    if _is_python_script(script):
        profiles["envelint validate one.json"] = import_profile.profile(
            [used.python, str(script), "validate", "one.json"], data, 5, env
        )
    return {name: asdict(found) for name, found in profiles.items()}


def _is_python_script(path: Path) -> bool:
    if not path.is_file():
        return False
    with open(path, "rb") as stream:
        first_line = stream.readline()
    return first_line.startswith(b"#!") and b"python" in first_line


def environment(used: Tools) -> dict:
    def output(command: list[str]) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, cwd=locate.REPO)
            return done.stdout.strip() or done.stderr.strip()
        except OSError as error:
            return f"unavailable: {error}"

    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu_model": _cpu_model(),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "envelint": output([*used.envelint, "--version"]),
        "git_commit": output(["git", "rev-parse", "--short", "HEAD"]),
        "git_dirty_files": len(output(["git", "status", "--porcelain"]).splitlines()),
        "check_jsonschema": output([*used.check_jsonschema, "--version"])
        if used.check_jsonschema
        else None,
        "packages": {name: _version(name) for name in ("orjson", "jsonschema-rs", "click")},
    }


def _version(package: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor()
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1) if match else platform.processor()


def ensure_data(args: argparse.Namespace, used: Tools) -> dict:
    """Make the data sets in a process of their own, so that this one stays small.

    A process this harness starts counts the harness's pages in its ``ru_maxrss`` until it
    execs; with GNU time that does not matter, without it a small harness keeps it small.
    """
    command = [used.python, str(BENCH / "make_data.py"), "--out", str(args.out)]
    command += ["--envelint", used.envelint[0], "--corpus", str(args.corpus)]
    if args.quick:
        command.append("--quick")
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    folder = make_data.data_folder(args.out, args.quick)
    return json.loads((folder / "manifest.json").read_text())


# -- command line ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="data sets a tenth of the size")
    parser.add_argument("--repetitions", type=int, help="runs per contender (default 5, quick 3)")
    parser.add_argument("--only", help="comma-separated benchmark name prefixes")
    parser.add_argument("--out", type=Path, default=locate.DEFAULT_DATA_DIR, help="data root")
    parser.add_argument("--json", type=Path, help="results file (default: in the data folder)")
    parser.add_argument("--envelint", help="envelint command (or $ENVELINT)")
    parser.add_argument(
        "--check-jsonschema", help="check-jsonschema executable (or $CHECK_JSONSCHEMA, or PATH)"
    )
    parser.add_argument("--corpus", type=Path, default=locate.DEFAULT_CORPUS)
    parser.add_argument("--no-pin", action="store_true", help="do not pin processes to one core")
    parser.add_argument("--no-warmup", action="store_true", help="skip the untimed first run")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE if set (every run compiles the package from source)",
    )
    parser.add_argument(
        "--precommit-concurrency",
        type=int,
        default=os.cpu_count() or 1,
        help="pre-commit's target concurrency for splitting argv (default: CPU count)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    used = Tools(
        python=sys.executable,
        envelint=locate.envelint_command(args.envelint),
        check_jsonschema=locate.check_jsonschema_command(args.check_jsonschema),
    )
    if used.check_jsonschema is None:
        print(
            "check-jsonschema not found (--check-jsonschema, $CHECK_JSONSCHEMA or PATH):"
            " that comparison is skipped",
            file=sys.stderr,
        )
    manifest = ensure_data(args, used)
    data = Path(manifest["folder"])
    scratch = data / "outputs"
    scratch.mkdir(exist_ok=True)
    env = environment(used)
    all_cpus = measure.allowed_cpus()
    cpu = None if args.no_pin else measure.pin_to_one_core()
    build = BuildSettings(
        data=data,
        scratch=scratch,
        corpus=args.corpus,
        concurrency=args.precommit_concurrency,
        pinning=cpu is not None,
    )
    chosen, skipped = build_benchmarks(manifest, used, build)
    if args.only:
        prefixes = [prefix.strip() for prefix in args.only.split(",") if prefix.strip()]
        chosen = [b for b in chosen if any(b.name.startswith(p) for p in prefixes)]
        skipped = [text for text in skipped if any(text.startswith(p) for p in prefixes)]
    for text in skipped:
        print(f"skipped: {text}", file=sys.stderr)
    settings = RunSettings(
        data=data,
        scratch=scratch,
        repetitions=args.repetitions or (3 if args.quick else 5),
        all_cpus=all_cpus,
        warmup=not args.no_warmup,
        env=measure.child_environment(None if args.no_bytecode_cache else data / "pycache"),
    )
    outcomes = [run_benchmark(benchmark, settings) for benchmark in chosen]
    imports = import_profiles(data, used, settings.env)
    env["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    env["pinned_cpu"] = cpu
    env["unpinned_cpus"] = sorted(all_cpus) if all_cpus else None
    env["repetitions"] = settings.repetitions
    env["bytecode_cache"] = not args.no_bytecode_cache
    env["seconds"] = round(time.perf_counter() - started, 1)
    results = report.results(outcomes, imports, env, manifest, skipped)
    markdown = report.markdown(results)
    json_path = args.json or data / "results.json"
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    json_path.with_suffix(".md").write_text(markdown)
    print(markdown)
    print(f"results: {json_path} and {json_path.with_suffix('.md')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
