"""How pre-commit splits a long list of file names into command lines (its ``xargs.partition``).

pre-commit aims at ``target_concurrency`` batches of at least 4 names (its concurrency is the
CPU count unless the hook says ``require_serial``), and never lets one command line grow past
the platform limit: on POSIX, ARG_MAX less 2048 and the environment's size, capped to 128 KiB.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence

PLATFORM_CAP = 2**17
PLATFORM_MINIMUM = 2**12


def _environment_size() -> int:
    environ = os.environb
    return 8 * len(environ) + sum(len(key) + len(value) + 2 for key, value in environ.items())


def max_command_length() -> int:
    maximum = os.sysconf("SC_ARG_MAX") - 2048 - _environment_size()
    return max(min(maximum, PLATFORM_CAP), PLATFORM_MINIMUM)


def _length(*parts: str) -> int:
    return len(" ".join(parts).encode())


def partition(
    command: Sequence[str], names: Sequence[str], target_concurrency: int
) -> list[list[str]]:
    """The command lines pre-commit would run: ``command`` plus a slice of ``names`` each."""
    max_length = max_command_length()
    max_names = max(4, math.ceil(len(names) / target_concurrency))
    base = _length(*command) + 1
    batches: list[list[str]] = []
    current: list[str] = []
    total = base
    for name in names:
        size = _length(name) + 1
        if current and (total + size > max_length or len(current) >= max_names):
            batches.append([*command, *current])
            current, total = [], base
        current.append(name)
        total += size
    if current:
        batches.append([*command, *current])
    return batches
