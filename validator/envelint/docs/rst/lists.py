"""The bullet lists of a table cell: ``-  **ACTIVE**: running`` -> ListItem("ACTIVE: running",
term="ACTIVE")."""

from __future__ import annotations

import re

from envelint.docs.model import ItemList, ListItem
from envelint.docs.rst.inline import plain_inline

BULLET = re.compile(r"^(?P<indent> *)[-*+]\s+(?P<text>.*)$")
ANY_BULLET = re.compile(r"^ *[-*+]\s", re.MULTILINE)  # most cells have none: one search
TERM_FIRST = re.compile(r"^\*\*(?P<term>[^*]+?)\*\*\s*(?:[:：\-–(]|$)")


def top_level_lists(raw: str) -> list[ItemList]:
    """Bullet lists at the cell's outermost bullet indentation, each with the text line before
    it and each item's first line."""
    if not ANY_BULLET.search(raw):
        return []
    lines = raw.split("\n")
    matches = [BULLET.match(line) for line in lines]
    indents = [len(match.group("indent")) for match in matches if match]
    if not indents:
        return []
    top = min(indents)
    lists: list[ItemList] = []
    current: list[ListItem] | None = None
    lead = ""
    for line, match in zip(lines, matches, strict=True):
        if match and len(match.group("indent")) == top:
            if current is None:
                current = []
                lists.append(ItemList(plain_inline(lead), current))
            current.append(_item(match.group("text").strip()))
        elif line.strip() and len(line) - len(line.lstrip(" ")) <= top:
            current = None
            lead = line.strip()
    return lists


def _item(first_line: str) -> ListItem:
    term = TERM_FIRST.match(first_line)
    return ListItem(plain_inline(first_line), plain_inline(term.group("term")) if term else None)
