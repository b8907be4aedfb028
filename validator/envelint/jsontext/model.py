"""What reading almost-JSON text yields: spans, problems, the UNKNOWN marker, the result."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    # True when the problem may be a consequence of an earlier one: the parser had guessed at
    # the structure and not yet come back to a known state (see ProblemLog).
    dependent: bool = False


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
    # those problems, counted by (kind, dependent), so that a rule can say how many it did not list
    omitted_kinds: Mapping[tuple[str, bool], int] = field(default_factory=dict)
    # containers where an excerpt leaves out items or members (``parse_lenient(elisions=True)``)
    elided_pointers: frozenset[str] = frozenset()

    @property
    def is_strict_json(self) -> bool:
        """True when the text is JSON (RFC 8259) with no problem at all, not even duplicate keys."""
        return not self.problems and not self.omitted_problems


# Problems outside the structure (text between tokens, a value too deep to read, skipped whole):
# never a consequence of another problem, and never the cause of one.
_OUTSIDE_THE_STRUCTURE = frozenset({"comment", "invalid-whitespace", "byte-order-mark", "too-deep"})
# Problems inside one token that was read whole, as it was meant (a number or a string spelt the
# wrong way, a duplicate key): the parser's state is known after them, so they cause nothing;
# where the parser was already guessing, they may be a consequence of that guess.
_INSIDE_A_TOKEN = frozenset(
    {
        "single-quotes",
        "control-character",
        "invalid-escape",
        "invalid-number",
        "non-standard-number",
        "duplicate-key",
        "trailing-comma",
    }
)


class ProblemLog:
    """Collects problems, keeping at most ``limit`` of them and counting the rest.

    It also tells which problems are independent. A problem of structure (a placeholder, a
    missing comma, a value without a key, a string left open, ...) makes the parser guess; from
    then on it is *out of step*, and each further problem is marked ``dependent``, until the
    parser reads a ',' or the matching closing bracket right after a complete value
    (``in_step``): there it knows where it is again, whatever it guessed before.
    """

    def __init__(self, limit: int) -> None:
        self.problems: list[SyntaxProblem] = []
        self.limit = limit
        self.omitted = 0
        self.omitted_kinds: Counter[tuple[str, bool]] = Counter()
        self.out_of_step = False

    def in_step(self) -> None:
        """The parser is back in a known state: later problems are independent again."""
        self.out_of_step = False

    @property
    def full(self) -> bool:
        return len(self.problems) >= self.limit

    def add(
        self,
        kind: str,
        start: int,
        end: int,
        message: str,
        hint: str | None = None,
        *,
        certain: bool = False,
    ) -> None:
        """Log a problem; ``certain``: the parser's recovery from it needed no guess."""
        dependent = False
        if kind not in _OUTSIDE_THE_STRUCTURE:
            dependent = self.out_of_step
            if kind not in _INSIDE_A_TOKEN and not certain:
                self.out_of_step = True
        if self.full:
            self.omitted += 1
            self.omitted_kinds[(kind, dependent)] += 1
            return
        self.problems.append(SyntaxProblem(kind, message, Span(start, end), hint, dependent))

    def in_text_order(self) -> list[SyntaxProblem]:
        return sorted(self.problems, key=lambda problem: problem.span.start)
