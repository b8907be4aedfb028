"""What a Description cell adds to a field's schema: enum values and format annotations.

Enums come only from a clean bullet list (every item opens with the value in bold:
``-  **ACTIVE**: running``); formats named in prose ("UUID", "ISO 8601") are annotations only.
"""

from __future__ import annotations

import re

BULLET = re.compile(r"^(?P<indent> *)[-*+]\s+(?P<text>.*)$")
VALUE_FIRST = re.compile(r"^\*\*(?P<value>[^*]+?)\*\*\s*(?:[:：\-–(]|$)")
DESCRIPTOR_WORDS = {
    "default",
    "default value",
    "minimum",
    "maximum",
    "min",
    "max",
    "format",
    "length",
    "range",
    "example",
    "examples",
    "note",
    "notes",
    "value",
    "values",
    "unit",
    "constraint",
    "constraints",
    "definition",
    "type",
    "description",
}
# A list after "In this example:" or "consists of" names the parts of one value, not its values.
PARTS_NOT_VALUES = re.compile(
    r"\bexample\b|\be\.g\.|\bsuch as\b|\bconsists? of\b|\bis made of\b",
    re.IGNORECASE,
)
# "For details about possible values, see ...": the list is a sample, the full one is elsewhere.
DEFERRED_VALUES = re.compile(
    r"possible values[^.]*\bsee\b|\bfor details about\b[^.]*\bvalues?\b[^.]*\bsee\b",
    re.IGNORECASE,
)
FORMATS = (
    (re.compile(r"\bUUID\b"), "uuid"),
    (re.compile(r"\bISO[ -]?8601\b", re.IGNORECASE), "date-time"),
)


def enum_values(raw_description: str, json_type: object) -> list | None:
    """The values of the one clean top-level bullet list, typed like the field, if any."""
    if json_type not in ("string", "integer", "number"):
        return None
    lists = _top_level_lists(raw_description.split("\n"))
    if len(lists) != 1 or len(lists[0][1]) < 2:
        return None
    lead, items = lists[0]
    if PARTS_NOT_VALUES.search(lead) or DEFERRED_VALUES.search(raw_description):
        return None
    values = []
    for item in items:
        match = VALUE_FIRST.match(item)
        if not match:
            return None
        value = match.group("value").strip().strip("\"'")
        if not value or value.lower() in DESCRIPTOR_WORDS or value.endswith(":"):
            return None
        values.append(value)
    typed = _typed(values, json_type)
    return list(dict.fromkeys(typed)) if typed is not None else None


def _top_level_lists(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Bullet lists at the cell's outermost bullet indentation: the text line before each list,
    and each item's first line."""
    indents = [len(m.group("indent")) for m in map(BULLET.match, lines) if m]
    if not indents:
        return []
    top = min(indents)
    lists: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    lead = ""
    for line in lines:
        match = BULLET.match(line)
        if match and len(match.group("indent")) == top:
            if current is None:
                current = []
                lists.append((lead, current))
            current.append(match.group("text").strip())
        elif line.strip() and len(line) - len(line.lstrip(" ")) <= top:
            current = None
            lead = line.strip()
    return lists


def _typed(values: list[str], json_type: object) -> list | None:
    if json_type == "string":
        return values
    try:
        if json_type == "integer":
            return [int(value) for value in values]
        return [float(value) for value in values]
    except ValueError:
        return None


def format_annotation(description: str, json_type: object) -> str | None:
    if json_type != "string":
        return None
    for pattern, name in FORMATS:
        if pattern.search(description):
            return name
    return None
