"""``envelint validate --jobs 2 LOG`` against one process on the same log, side by side.

``--jobs 2`` needs both cores, so it is never pinned. One process runs both unpinned (the fair
comparison: the same cores to choose from) and, when the run pins, pinned as every other
benchmark runs it. Before the timed runs, one process and ``--jobs 2`` each write a JSON report
once (untimed, which also warms the page cache), and their findings lists are compared.
"""

from __future__ import annotations

from pathlib import Path

from model import VALIDATE_EXIT_CODES, Benchmark, Contender, at_least

JOBS = 2
SPEED_UP = 1.6  # the target: --jobs 2 at least this much faster than one process
ONE_PINNED = "envelint"
ONE_UNPINNED = "envelint unpinned"
PARALLEL = f"envelint --jobs {JOBS}"


def jobs_benchmark(
    log: str, payloads: int, envelint: list[str], scratch: Path, pinning: bool
) -> Benchmark:
    """``envelint`` is the console command; ``log`` is relative to the data folder."""
    validate = [*envelint, "validate"]
    one = [*validate, log]
    parallel = [*validate, "--jobs", str(JOBS), log]
    one_process = ONE_UNPINNED if pinning else ONE_PINNED
    contenders = []
    if pinning:
        contenders.append(_validate(ONE_PINNED, one, payloads, pinned=True))
    contenders.append(_validate(one_process, one, payloads, pinned=False))
    contenders.append(_validate(PARALLEL, parallel, payloads, pinned=False))
    _with_json_report(contenders[0], validate, [log], scratch / f"jobs{JOBS}-one.json")
    _with_json_report(
        contenders[-1], validate, ["--jobs", str(JOBS), log], scratch / f"jobs{JOBS}-two.json"
    )
    ratios = [(one_process, PARALLEL)]
    if pinning:
        ratios += [(ONE_PINNED, PARALLEL), (ONE_UNPINNED, ONE_PINNED)]
    return Benchmark(
        name=f"jobs{JOBS}-envelopes-{payloads}",
        description=(
            f"`envelint validate --jobs {JOBS} {log}` (unpinned) against one process"
            f" ({'pinned and unpinned' if pinning else 'unpinned'}): {payloads:,} small envelopes"
        ),
        payloads=payloads,
        contenders=contenders,
        targets=[
            at_least(
                SPEED_UP,
                one_process,
                PARALLEL,
                text=f"--jobs {JOBS} >= {SPEED_UP:g}x faster than one process (both unpinned)",
            )
        ],
        group="parallel",
        ratios=tuple(ratios),
    )


def _validate(name: str, command: list[str], payloads: int, pinned: bool) -> Contender:
    return Contender(
        name,
        [command],
        exit_codes=VALIDATE_EXIT_CODES,
        payloads=payloads,
        tool="envelint",
        pinned=pinned,
    )


def _with_json_report(contender: Contender, validate: list[str], rest: list[str], path: Path):
    contender.json_report = path
    contender.setup = [[*validate, "--format", "json", "--output", str(path), *rest]]
