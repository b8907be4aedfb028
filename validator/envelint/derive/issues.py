"""Defects found in the documentation itself while deriving schemas from it."""

from __future__ import annotations

import json
from dataclasses import dataclass

from envelint.docs import Link

UNRESOLVED_REFERENCE = "unresolved-reference"
UNKNOWN_TYPE = "unknown-type"
MALFORMED_HEADER = "malformed-header"
DUPLICATE_PARAMETER = "duplicate-parameter"
STRUCTURE_MISSING = "structure-missing"


def quoted(text: str) -> str:
    """A text of the page (a type word, a label, a link's words) as a message quotes it: JSON."""
    return json.dumps(text, ensure_ascii=False)


# How issues are ordered and told apart: (path, line, column, kind, message).
IssueKey = tuple[str, int, int, str, str]


@dataclass
class DocIssue:
    kind: str  # one of the constants above
    message: str  # what was expected and what was found
    path: str
    line: int
    column: int
    hint: str | None = None
    subject: str | None = None  # the text at fault, as written (an unknown type phrase)

    def sort_key(self) -> IssueKey:
        return (self.path, self.line, self.column, self.kind, self.message)


class IssueLog:
    """Issues, each reported once however many schemas pass over the same row."""

    def __init__(self) -> None:
        self._issues: dict[IssueKey, DocIssue] = {}

    def add(self, issue: DocIssue) -> None:
        self._issues.setdefault(issue.sort_key(), issue)

    def count(self, kind: str) -> int:
        return sum(1 for issue in self._issues.values() if issue.kind == kind)

    def sorted(self) -> list[DocIssue]:
        return [self._issues[key] for key in sorted(self._issues)]


def unresolved_reference(path: str, link: Link, expected: str, hint: str) -> DocIssue:
    """A link whose label no page defines; ``expected`` names what it should lead to."""
    return DocIssue(
        kind=UNRESOLVED_REFERENCE,
        message=f"expected {expected} labelled {quoted(link.target)} "
        f"(link {quoted(link.text)}), found no such label in the documentation",
        path=path,
        line=link.line,
        column=link.column,
        hint=hint,
    )
