"""Flattened tables: nested fields written as rows of their parent's table.

Two ways of writing it are read, both only under a parent row of the same table that may hold
an object (Object, Array of objects): a marked row ("- child", "-- grandchild", "└ child",
"∟child", "> child"), which belongs to the nearest row above it one level up; and a path name
("parent.child", "parent[].child", "parent[0].child") whose prefix names such a row. A dotted
name without such a parent row is a key of its own ("metering.image_id" in a metadata map).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from envelint.derive.names import ANY_KEY, BODY, FIELD, read_name
from envelint.derive.params import SAYS_YES, Param, ParamTable, says_mandatory

# Box-drawing corners and bars, dashes, arrows: the markers that indent a child row. A
# horizontal bar only draws the marker ("└─"), it adds no level.
LEVEL_MARKERS = "-–—|│└├∟↳>»•·"
DRAWING = "─━ \u00a0\t"
MARKED = re.compile(rf"^(?P<marks>[{re.escape(LEVEL_MARKERS + DRAWING)}]+)(?P<name>\S.*)$")
PATH_STEP = re.compile(r"\[[^\]]*\]")  # "[]", "[0]", "[*]" between the steps of a path


@dataclass
class RowNode:
    param: Param  # the row read as a field (a marked row's name without its marks)
    children: list[RowNode] = field(default_factory=list)
    source: Param | None = None  # the row as the table read it, when ``param`` differs

    def __post_init__(self) -> None:
        if self.source is None:
            self.source = self.param


def holds_object_lines(table: ParamTable) -> set[int]:
    """The lines of the rows that may hold an object: the parents a flattened table may have."""
    return {
        param.row.line
        for param in table.params
        if param.schema is not None and may_hold_object(param.schema)
    }


def may_hold_object(schema: dict[str, Any]) -> bool:
    """An object, an array of objects (or of anything), a map of objects."""
    kind = schema.get("type")
    if kind == "object":
        return True
    if kind == "array":
        items = schema.get("items")
        return items is None or (isinstance(items, dict) and may_hold_object(items))
    return False


def nest_rows(table: ParamTable, holds_object: set[int]) -> list[RowNode]:
    """The table's rows as a forest; ``holds_object``: the lines of the rows that may hold an
    object.

    A table written the ordinary way (no marks, no path names) comes back flat."""
    nodes: list[RowNode] = []
    by_path: dict[tuple[str, ...], RowNode] = {}
    open_parents: list[tuple[int, RowNode]] = []  # (level, node) of the marked rows above
    for param in table.params:
        marked = _marked(table, param)
        if marked is not None:
            level, child = marked
            while open_parents and open_parents[-1][0] >= level:
                open_parents.pop()
            parent = open_parents[-1][1] if open_parents else None
            if parent is not None and parent.param.row.line in holds_object:
                node = RowNode(child, source=param)
                parent.children.append(node)
                open_parents.append((level, node))
                continue
        node = _placed_by_path(param, by_path, holds_object, nodes)
        open_parents = [(0, node)]
    return nodes


def has_nesting(table: ParamTable) -> bool:
    """Cheap test first: most tables have neither marks nor path names."""
    return any("." in param.name or _marked(table, param) is not None for param in table.params)


def _placed_by_path(
    param: Param,
    by_path: dict[tuple[str, ...], RowNode],
    holds_object: set[int],
    roots: list[RowNode],
) -> RowNode:
    path = tuple(step for step in PATH_STEP.sub("", param.name).split(".") if step)
    node = RowNode(param, source=param)
    parent = by_path.get(path[:-1]) if len(path) > 1 else None
    if parent is not None and parent.param.row.line in holds_object:
        node.param = dataclasses.replace(param, name=path[-1])
        parent.children.append(node)
    else:
        roots.append(node)
    by_path[path if parent is not None else (param.name,)] = node
    return node


def _marked(table: ParamTable, param: Param) -> tuple[int, Param] | None:
    """(level, the row read as a field) for a row whose name carries level marks: a bullet
    ("- child", read as a list item) is one level, each mark after it one more."""
    index = table.columns.name
    raw = param.row.cell(index).strip()
    bullet = 1 if _is_bullet(param, index) else 0
    match = MARKED.match(raw)
    if match is None and not bullet:
        return None
    name = match.group("name") if match else raw
    marks = match.group("marks") if match else ""
    level = bullet + sum(1 for char in marks if char in LEVEL_MARKERS)
    read = read_name(name)
    if level == 0 or read is None or read.role == BODY:
        return None
    if param.role == ANY_KEY and read.role == FIELD:
        # "-- start_time" was read as a phrase (any key) and so never required
        mandatory = param.row.cell(table.columns.mandatory)
        said = table.columns.mandatory is not None
        required = said and bool(SAYS_YES.match(mandatory))
        return level, dataclasses.replace(
            param,
            name=read.names[0],
            role=FIELD,
            required=required,
            mandatory=said and says_mandatory(mandatory),
        )
    return level, dataclasses.replace(param, name=read.names[0], role=read.role)


def _is_bullet(param: Param, index: int | None) -> bool:
    """The Parameter cell is one bulleted item: "-  child" read as a list."""
    if index is None or index >= len(param.row.lists):
        return False
    lists = param.row.lists[index]
    return len(lists) == 1 and not lists[0].lead and len(lists[0].items) == 1
