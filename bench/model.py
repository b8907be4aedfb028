"""What a benchmark is: its contenders (whole commands), and the targets they are held to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import measure

# The ratios shown when a benchmark names none: the classic floor / envelint / check-jsonschema.
DEFAULT_RATIOS = (
    ("envelint", "floor"),
    ("check-jsonschema", "envelint"),
    ("check-jsonschema", "floor"),
)


@dataclass
class Contender:
    name: str  # "floor", "envelint", "check-jsonschema", or a variant such as "envelint --jobs 2"
    commands: list[list[str]]
    tool: str = ""  # whose output this is ("envelint", "check-jsonschema"); default: the name
    pinned: bool = True  # False: may use every core the harness was given, even when pinning
    env: dict[str, str] = field(default_factory=dict)  # on top of the run's environment
    setup: list[list[str]] = field(default_factory=list)  # untimed, once, before the timed runs
    json_report: Path | None = None  # a JSON report that ``setup`` writes, to compare findings

    def __post_init__(self) -> None:
        self.tool = self.tool or self.name


@dataclass
class Target:
    text: str
    met: Callable[[dict[str, measure.Summary]], bool]


@dataclass
class Benchmark:
    name: str
    description: str
    payloads: int
    contenders: list[Contender]
    targets: list[Target] = field(default_factory=list)
    repetitions: int | None = None  # None: the run's --repetitions
    made_bad: int | None = None
    group: str = "speed"  # "speed", "memory", "parallel" or "derivation"
    ratios: tuple[tuple[str, str], ...] = DEFAULT_RATIOS  # (top, bottom): wall and CPU ratios


def ratio(summaries: dict[str, measure.Summary], top: str, bottom: str) -> float | None:
    if top not in summaries or bottom not in summaries or summaries[bottom].wall <= 0:
        return None
    return summaries[top].wall / summaries[bottom].wall


def at_most(limit: float, top: str = "envelint", bottom: str = "floor") -> Target:
    def met(summaries):
        value = ratio(summaries, top, bottom)
        return value is not None and value <= limit

    return Target(f"{top} <= {limit:g}x {bottom}", met)


def at_least(limit: float, top: str, bottom: str, text: str | None = None) -> Target:
    def met(summaries):
        value = ratio(summaries, top, bottom)
        return value is not None and value >= limit

    return Target(text or f"{top} >= {limit:g}x {bottom}", met)


def wall_under(seconds: float) -> Target:
    return Target(f"envelint wall < {seconds:g} s", lambda s: s["envelint"].wall < seconds)


def wall_at_most(seconds: float, contender: str) -> Target:
    def met(summaries):
        return contender in summaries and summaries[contender].wall <= seconds

    return Target(f"{contender} wall <= {seconds:g} s", met)
