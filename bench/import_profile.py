"""What a command spends importing: ``python -X importtime``, summed by top-level package."""

from __future__ import annotations

import re
import statistics
import subprocess
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# "import time: <self us> | <cumulative us> | <indented module name>"
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+\d+ \| \s*(\S+)$")


@dataclass
class ImportProfile:
    total_ms: float
    by_package_ms: dict[str, float] = field(default_factory=dict)  # self time, summed
    slowest_modules_ms: dict[str, float] = field(default_factory=dict)  # self time


def parse(stderr: str) -> ImportProfile:
    by_package: Counter[str] = Counter()
    by_module: Counter[str] = Counter()
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        self_us, name = int(match.group(1)), match.group(2)
        by_package[name.split(".")[0]] += self_us
        by_module[name] += self_us
    return ImportProfile(
        total_ms=round(sum(by_package.values()) / 1000, 1),
        by_package_ms={name: round(us / 1000, 1) for name, us in by_package.most_common(8)},
        slowest_modules_ms={name: round(us / 1000, 1) for name, us in by_module.most_common(8)},
    )


def profile(
    command: Sequence[str], cwd: Path, repetitions: int, env: dict[str, str] | None = None
) -> ImportProfile:
    """The run of ``command`` (a Python command line) with the median import total."""
    runs = []
    for _ in range(repetitions):
        done = subprocess.run(
            [command[0], "-X", "importtime", *command[1:]],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=env,
        )
        runs.append(parse(done.stderr))
    median = statistics.median_low(run.total_ms for run in runs)
    return next(run for run in runs if run.total_ms == median)
