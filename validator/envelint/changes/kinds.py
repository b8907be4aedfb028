"""The registry of change kinds: one entry per kind, each a detector with its code, level,
message and example (docs/diff.md renders them).

A detector is registered for a *scope*, the pair of things it compares:

- ``operation``: an :class:`~envelint.changes.model.OperationPair` (either side may be missing);
- ``response``: a :class:`~envelint.changes.model.ResponsePair` (one status, both operations);
- ``field``: a :class:`~envelint.changes.model.FieldPair` (one schema node at one pointer of a
  response body; either side may be missing);
- ``request-field``: a :class:`~envelint.changes.model.FieldPair` of the request, its
  ``response`` a :class:`~envelint.changes.model.RequestPair` naming the part (``body``, or the
  ``path``, ``query`` or ``header`` parameters, walked as an object of them).

The walker (``compare.py``) calls every detector of a scope on every pair of that scope, so a
new kind is one decorated function here or in a kinds module.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


class Level(enum.IntEnum):
    """How bad a change is for existing clients; higher is worse (``--fail-on`` compares)."""

    NON_BREAKING = 0
    POTENTIALLY_BREAKING = 1
    BREAKING = 2

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def from_label(cls, label: str) -> Level:
        return cls[label.upper().replace("-", "_")]


SCOPES = ("operation", "response", "field", "request-field")


@dataclass(frozen=True)
class Finding:
    """What a detector reports: the words that fill its kind's message, and the rows to cite."""

    details: dict[str, str]
    base_at: str | None  # "page:line" in the base version, None: absent there
    head_at: str | None
    pointer: str = ""  # the field's JSON pointer in the body ("" for the operation itself)
    status: str = ""  # the response it is about ("200", "normal"), "" for the operation


Detector = Callable[[Any], Iterator[Finding]]


@dataclass(frozen=True)
class ChangeKind:
    code: str
    name: str
    level: Level
    scope: str
    message: str  # str.format template over the finding's details
    example_base: str
    example_head: str
    detect: Detector

    @property
    def summary(self) -> str:
        return (self.detect.__doc__ or "").strip().splitlines()[0]


CHANGE_KINDS: dict[str, ChangeKind] = {}


def change_kind(
    code: str,
    name: str,
    level: Level,
    *,
    scope: str,
    message: str,
    example: tuple[str, str],
) -> Callable[[Detector], Detector]:
    """Register a detector as the change kind ``code``."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")

    def register(detect: Detector) -> Detector:
        if code in CHANGE_KINDS:
            raise ValueError(f"change kind {code} registered twice")
        CHANGE_KINDS[code] = ChangeKind(
            code, name, level, scope, message, example[0], example[1], detect
        )
        return detect

    return register


def kinds_of(scope: str) -> list[ChangeKind]:
    from envelint.changes import (  # noqa: F401 (registers)
        operation_kinds,
        request_kinds,
        response_kinds,
    )

    return [kind for kind in CHANGE_KINDS.values() if kind.scope == scope]


def all_kinds() -> list[ChangeKind]:
    kinds_of("operation")
    return sorted(CHANGE_KINDS.values(), key=lambda kind: kind.code)


def kinds_as_markdown() -> str:
    """The catalogue of change kinds, as docs/diff.md shows it (``tools/update_diff_kinds.py``)."""
    rows = ["| code | name | level | scope |", "|---|---|---|---|"]
    rows += [f"| {k.code} | `{k.name}` | {k.level.label} | {k.scope} |" for k in all_kinds()]
    rows.append("")
    for kind in all_kinds():
        summary = " ".join((kind.detect.__doc__ or "").split())
        rows += [
            f"### {kind.code} `{kind.name}` ({kind.level.label}, {kind.scope})",
            "",
            summary,
            "",
            f"Message: {kind.message}",
            "",
            "Base:",
            "",
            *(f"    {line}" for line in kind.example_base.splitlines()),
            "",
            "Head:",
            "",
            *(f"    {line}" for line in kind.example_head.splitlines()),
            "",
        ]
    return "\n".join(rows)
