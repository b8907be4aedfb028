"""``envelint diff --format github``: one GitHub Actions annotation per change, on the head
page's row (the base page's row when the head has none: an operation or a field removed).

``::error`` for a breaking change, ``::warning`` for a potentially breaking one, ``::notice``
for the others; the file is the page's path in the repository (a revision's name dropped), so a
pull request shows the annotation on the line of the changed documentation. A summary line ends
the output."""

from __future__ import annotations

from envelint.changes.model import Change, cited_location
from envelint.report.github_format import escape_data, escape_property

COMMANDS = {"breaking": "error", "potentially-breaking": "warning", "non-breaking": "notice"}


def annotation(change: Change) -> str:
    properties = []
    where = cited_location(change.head_at) or cited_location(change.base_at)
    if where is not None:
        path, line = where
        properties.append(("file", path))
        if line:
            properties.append(("line", str(line)))
    properties.append(("title", f"{change.code} {change.name}"))
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    text = f"{change.operation}: {change.message}"
    return f"::{COMMANDS[change.level]} {listed}::{escape_data(text)}"


def as_github(changes: list[Change], base: str, head: str) -> str:
    from envelint.changes.render import summary_line

    rows = [annotation(change) for change in changes]
    rows.append(f"envelint diff {base} -> {head}: {summary_line(changes)}")
    return "\n".join(rows) + "\n"
