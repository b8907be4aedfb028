"""What reading almost-JSON text yields: spans, problems, the UNKNOWN marker, the result."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

JSON_SPACE = re.compile(r"[ \t\n\r]*+")  # the white space JSON allows between tokens


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``start`` (0-based) up to ``end`` (exclusive) of the text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    kind: str  # a stable kebab-case name, such as "placeholder" or "trailing-comma"
    message: str  # what was expected and what was found
    span: Span
    hint: str | None = None  # how to fix it


class _Unknown:
    """The type of UNKNOWN. There is one instance; copy, deepcopy and pickle keep it."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __copy__(self) -> _Unknown:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _Unknown:
        return self

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
"""Stands for a value that could not be read (a placeholder, a missing value, too deep)."""


@dataclass
class ParseResult:
    value: object  # the recovered value; UNKNOWN when nothing could be recovered at all
    problems: list[SyntaxProblem]  # in text order
    value_spans: Mapping[str, Span]  # JSON pointer ("" is the root) -> span of that value
    key_spans: Mapping[str, Span]  # pointer of an object member -> span of its key (with quotes)
    unknown_pointers: set[str]  # pointers whose value is UNKNOWN
    omitted_problems: int = 0  # problems found after max_problems were listed

    @property
    def is_strict_json(self) -> bool:
        """True when the text is JSON (RFC 8259) with no problem at all, not even duplicate keys."""
        return not self.problems and not self.omitted_problems


class ProblemLog:
    """Collects problems, keeping at most ``limit`` of them and counting the rest."""

    def __init__(self, limit: int) -> None:
        self.problems: list[SyntaxProblem] = []
        self.limit = limit
        self.omitted = 0

    @property
    def full(self) -> bool:
        return len(self.problems) >= self.limit

    def add(self, kind: str, start: int, end: int, message: str, hint: str | None = None) -> None:
        if self.full:
            self.omitted += 1
            return
        self.problems.append(SyntaxProblem(kind, message, Span(start, end), hint))

    def in_text_order(self) -> list[SyntaxProblem]:
        return sorted(self.problems, key=lambda problem: problem.span.start)
