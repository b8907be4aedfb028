"""What a benchmark is: its contenders (whole commands), and the targets they are held to.

A contender whose command ends with an exit code it may not end with, or (for ``envelint
validate``) that reports seeing another number of payloads than the benchmark gave it, has
FAILED: its times measure nothing, and no target that involves it is met.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import measure

FLOOR_EXIT_CODES = (0,)
VALIDATE_EXIT_CODES = (0, 1)  # 1: findings
BUILD_EXIT_CODES = (0,)
LINT_EXIT_CODES = (0, 1)  # 1: findings
CHECK_JSONSCHEMA_EXIT_CODES = (0, 1)  # 1: a file failed

# The ratios shown when a benchmark names none: the classic floor / envelint / check-jsonschema.
DEFAULT_RATIOS = (
    ("envelint", "floor"),
    ("check-jsonschema", "envelint"),
    ("check-jsonschema", "floor"),
)
# orjson + jsonschema-rs is_valid on each payload and nothing else (floors.py *-schema): what a
# schema check alone costs from Python, between the floor and envelint.
SCHEMA_FLOOR = "is_valid loop"
RATIOS_WITH_SCHEMA_FLOOR = (
    *DEFAULT_RATIOS,
    (SCHEMA_FLOOR, "floor"),
    ("envelint", SCHEMA_FLOOR),
)


@dataclass
class Contender:
    name: str  # "floor", "envelint", "check-jsonschema", or a variant such as "envelint --jobs 2"
    commands: list[list[str]]
    exit_codes: tuple[int, ...] = FLOOR_EXIT_CODES  # what each command may end with
    payloads: int | None = None  # envelint validate: the payloads it must report seeing
    tool: str = ""  # whose output this is ("envelint", "check-jsonschema"); default: the name
    pinned: bool = True  # False: may use every core the harness was given, even when pinning
    env: dict[str, str] = field(default_factory=dict)  # on top of the run's environment
    setup: list[list[str]] = field(default_factory=list)  # untimed, once, before the timed runs
    json_report: Path | None = None  # a JSON report that ``setup`` writes, to compare findings

    def __post_init__(self) -> None:
        self.tool = self.tool or self.name


def failure(contender: Contender, summary: measure.Summary, flagged: dict) -> str | None:
    """Why ``contender``'s runs do not count (``flagged``: what its last output reported)."""
    unexpected = summary.unexpected_exit_codes(contender.exit_codes)
    if unexpected:
        allowed = ", ".join(map(str, contender.exit_codes))
        return f"exit code {', '.join(map(str, unexpected))} (may end with {allowed})"
    seen = flagged.get("payloads_seen")
    if contender.payloads is not None and seen != contender.payloads:
        return f"reported {seen} payloads seen, not {contender.payloads}"
    return None


@dataclass
class Target:
    text: str
    met: Callable[[dict[str, measure.Summary]], bool]
    involves: tuple[str, ...]  # the contenders it is about: if one failed, it is not met

    def verdict(self, summaries: dict[str, measure.Summary], failed: dict[str, str]) -> bool:
        return not any(name in failed for name in self.involves) and self.met(summaries)


@dataclass
class Benchmark:
    name: str
    description: str
    payloads: int
    contenders: list[Contender]
    targets: list[Target] = field(default_factory=list)
    made_bad: int | None = None
    group: str = "speed"  # "speed", "memory", "per-payload", "parallel" or "derivation"
    memory_kind: str | None = None  # "mixed" or "valid": the memory table row its RSS is part of
    ratios: tuple[tuple[str, str], ...] = DEFAULT_RATIOS  # (top, bottom): wall and CPU ratios


def ratio(
    summaries: dict[str, measure.Summary], top: str, bottom: str, of: str = "wall"
) -> float | None:
    """``top``'s median over ``bottom``'s: of the ``"wall"`` or the ``"cpu"`` time."""
    if top not in summaries or bottom not in summaries:
        return None
    below = getattr(summaries[bottom], of)
    return getattr(summaries[top], of) / below if below > 0 else None


def at_most(limit: float, top: str = "envelint", bottom: str = "floor") -> Target:
    def met(summaries):
        value = ratio(summaries, top, bottom)
        return value is not None and value <= limit

    return Target(f"{top} <= {limit:g}x {bottom}", met, (top, bottom))


def at_least(limit: float, top: str, bottom: str, text: str | None = None) -> Target:
    def met(summaries):
        value = ratio(summaries, top, bottom)
        return value is not None and value >= limit

    return Target(text or f"{top} >= {limit:g}x {bottom}", met, (top, bottom))


def wall_under(seconds: float) -> Target:
    def met(summaries):
        return "envelint" in summaries and summaries["envelint"].wall < seconds

    return Target(f"envelint wall < {seconds:g} s", met, ("envelint",))


def wall_at_most(seconds: float, contender: str) -> Target:
    def met(summaries):
        return contender in summaries and summaries[contender].wall <= seconds

    return Target(f"{contender} wall <= {seconds:g} s", met, (contender,))
