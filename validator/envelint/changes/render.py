"""The diff's outputs: text (grouped by operation, breaking first), JSON, markdown for a pull
request comment, GitHub annotations and SARIF (``github.py``, ``sarif.py``)."""

from __future__ import annotations

import json
from collections import Counter
from itertools import groupby

from envelint.changes.kinds import Level
from envelint.changes.model import Change

LEVELS = [level.label for level in sorted(Level, reverse=True)]


def counts(changes: list[Change]) -> dict[str, int]:
    found = Counter(change.level for change in changes)
    return {level: found.get(level, 0) for level in LEVELS}


def summary_line(changes: list[Change]) -> str:
    said = ", ".join(f"{n} {level.replace('-', ' ')}" for level, n in counts(changes).items())
    return f"{len(changes)} changes: {said}" if changes else "no changes"


def as_text(changes: list[Change], base: str, head: str) -> str:
    rows = [f"{base} -> {head}"]
    for operation, group in groupby(changes, key=lambda change: change.operation):
        rows.append(operation)
        rows.extend(
            f"  {change.level} {change.code} {change.name}: {change.message}" for change in group
        )
    rows.append(summary_line(changes))
    return "\n".join(rows) + "\n"


def as_json(changes: list[Change], base: str, head: str) -> str:
    data = {
        "base": base,
        "head": head,
        "summary": counts(changes),
        "changes": [change.to_dict() for change in changes],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_markdown(changes: list[Change], base: str, head: str) -> str:
    rows = [f"### envelint diff `{base}` → `{head}`", "", f"**{summary_line(changes)}**", ""]
    for level in LEVELS:
        found = [change for change in changes if change.level == level]
        if not found:
            continue
        table = ["| code | operation | change |", "|---|---|---|"]
        table += [f"| {c.code} | {_cell(c.operation)} | {_cell(c.message)} |" for c in found]
        title = f"{level.replace('-', ' ')} ({len(found)})"
        if level == Level.NON_BREAKING.label:
            rows += [f"<details><summary>{title}</summary>", "", *table, "", "</details>", ""]
        else:
            rows += [f"#### {title}", "", *table, ""]
    return "\n".join(rows).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    """Text safe in a markdown table cell: pipes escaped, templates' braces kept as code."""
    return text.replace("|", "\\|").replace("\n", " ")


def as_github(changes: list[Change], base: str, head: str) -> str:
    from envelint.changes.github import as_github

    return as_github(changes, base, head)


def as_sarif(changes: list[Change], base: str, head: str) -> str:
    from envelint.changes.sarif import as_sarif

    return as_sarif(changes, base, head)


RENDERERS = {
    "text": as_text,
    "json": as_json,
    "markdown": as_markdown,
    "github": as_github,
    "sarif": as_sarif,
}
