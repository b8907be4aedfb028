"""How problem messages quote the text, and the hints for placeholders."""

from __future__ import annotations

import json
import re

_MISSPELLED_LITERALS = {
    "True": "true",
    "TRUE": "true",
    "False": "false",
    "FALSE": "false",
    "None": "null",
    "NULL": "null",
    "Null": "null",
    "nil": "null",
    "undefined": "null",
}
_FILLER = re.compile(
    r"(?i:x+|tbd|todo|placeholder|value|string|str|number|int|integer|boolean|bool|object)"
)


def excerpt(text: str, limit: int = 40) -> str:
    """``text`` as a message quotes it: its first line, cut at ``limit`` characters."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    shown = first_line if len(first_line) <= limit else first_line[: limit - 1] + "…"
    if shown != text and not shown.endswith("…"):
        shown += " …"
    return shown if shown.isprintable() else repr(shown)


def quoted(key: str) -> str:
    """A key as JSON writes it, for a message."""
    return excerpt(json.dumps(key, ensure_ascii=False))


def placeholder_hint(word: str, where: str) -> str:
    """How to fix the placeholder ``word`` found where ``where`` (a value, a key) belongs."""
    if word in _MISSPELLED_LITERALS:
        return f"JSON literals are lower case: write {_MISSPELLED_LITERALS[word]}"
    if where == "a key":
        return "write the real key in double quotes"
    if where != "a JSON value":
        return 'remove it, or write a member ("key": value)'
    if word[0] in "<.…?" or _FILLER.fullmatch(word):
        return 'write a real value, such as "Ecs.0005", 0, true or null'
    return f'if it is a string, write it in double quotes: "{word}"'
