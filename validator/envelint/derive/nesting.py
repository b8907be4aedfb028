"""Flattened tables: nested fields written as rows of their parent's table.

Two ways of writing it are read, both only under a parent row of the same table that may hold
an object (Object, Array of objects): a marked row ("- child", "-- grandchild", "└ child",
"∟child", "> child"), which belongs to the nearest row above it one level up; and a path name
("parent.child", "parent[].child", "parent[0].child") whose prefix names such a row. A dotted
name without such a parent row is a key of its own ("metering.image_id" in a metadata map).

A table with neither, whose object rows have no table of their own, is nested where the page's
examples hold its rows (``nest_by_examples``, below).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

import orjson

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


# -- a flat table the page's examples nest ------------------------------------------------------
#
# Some tables list a wrapper row ("ipsecpolicy | Object"), its members and the members of its
# members ("lifetime | Object", then "value", "units") as plain rows of one table, in any order,
# with no marks, no path names and no table of their own. Only the page's example bodies show
# where each row sits ({"ipsecpolicy": {..., "lifetime": {"value": 3600, "units": ...}}}). A
# row is placed under such object rows when every place the examples give its name (with a
# value of its kind) is that one path, never the top level, and each object on the path is
# mostly this table's rows; else it stays where the table puts it.

MAX_EXAMPLE_DEPTH = 24
MAX_EXAMPLE_ITEMS = 50  # the items of an example's array that are looked at
CONTAINER, SCALAR, NULL = "container", "scalar", "null"
Path = tuple[str, ...]


@dataclass
class ExampleKeys:
    """Where each key sits in a page's example bodies."""

    places: dict[str, set[tuple[Path, str]]] = field(default_factory=dict)  # name -> (path, kind)
    members: dict[Path, list[frozenset[str]]] = field(default_factory=dict)  # each object's keys

    def add(self, value: object, path: Path = (), depth: int = 0) -> None:
        if depth > MAX_EXAMPLE_DEPTH:
            return
        if isinstance(value, list):
            for item in value[:MAX_EXAMPLE_ITEMS]:
                self.add(item, path, depth + 1)
        elif isinstance(value, dict):
            self.members.setdefault(path, []).append(frozenset(str(key) for key in value))
            for key, member in value.items():
                self.places.setdefault(str(key), set()).add((path, _kind(member)))
                self.add(member, (*path, str(key)), depth + 1)


def _kind(value: object) -> str:
    if value is None:
        return NULL
    return CONTAINER if isinstance(value, dict | list) else SCALAR


_EXAMPLE_KEYS: dict[int, tuple[object, ExampleKeys]] = {}  # id(page) -> (page, its keys)


def example_keys(page: Any) -> ExampleKeys:
    """The keys of the page's example bodies, requests and responses (the last few pages')."""
    held = _EXAMPLE_KEYS.get(id(page))
    if held is not None and held[0] is page:
        return held[1]
    from envelint.docs.examples import find_examples, find_request_examples
    from envelint.jsontext.lenient import parse_lenient

    keys = ExampleKeys()
    for example in [*find_examples(page), *find_request_examples(page)]:
        try:  # most examples are plain JSON: only the others pay for the lenient reading
            value = orjson.loads(example.text)
        except orjson.JSONDecodeError:
            value = parse_lenient(example.text, elisions=True).value
        if isinstance(value, dict | list):
            keys.add(value)
    if len(_EXAMPLE_KEYS) >= 8:
        _EXAMPLE_KEYS.pop(next(iter(_EXAMPLE_KEYS)))
    _EXAMPLE_KEYS[id(page)] = (page, keys)
    return keys


def nest_by_examples(table: ParamTable) -> list[RowNode] | None:
    """The table's rows placed where the page's examples put them, when that nests any (a
    table with no marks and no path names); else None."""
    parents = {param.name for param in table.params if _bare_object_row(table, param)}
    if not parents:
        return None
    keys = example_keys(table.placed.page)
    names = {param.name for param in table.params}
    places = [_example_place(param, keys, parents, names) for param in table.params]
    if not any(places):
        return None
    wrapper = _only_top_key(keys, parents)
    if wrapper is not None:  # the examples' top level is the wrapper alone: so is the table's
        places = [
            (wrapper,)
            if not place and param.name != wrapper and param.name not in keys.places
            else place
            for param, place in zip(table.params, places, strict=True)
        ]
    nodes = [RowNode(param) for param in table.params]
    holders: dict[Path, RowNode] = {}
    for param, place, node in zip(table.params, places, nodes, strict=True):
        if param.schema is not None and may_hold_object(param.schema):
            holders.setdefault((*place, param.name), node)
    roots: list[RowNode] = []
    for place, node in zip(places, nodes, strict=True):
        holder = holders.get(place) if place else None
        if holder is not None and holder is not node:
            holder.children.append(node)
        else:
            roots.append(node)
    return roots if len(roots) < len(nodes) else None


def _example_place(param: Param, keys: ExampleKeys, parents: set[str], names: set[str]) -> Path:
    """The one path of object rows the examples hold ``param`` under; () for the top level."""
    if param.role != FIELD:
        return ()
    wanted = _row_kind(param)
    places = keys.places.get(param.name, set())
    paths = {path for path, _kind in places}
    if len(paths) > 1:  # a name at two places: the one whose value is of the row's kind
        paths = {path for path, kind in places if wanted is None or kind in (NULL, wanted)}
    if len(paths) != 1:
        return ()
    (path,) = paths
    if not path or not all(step in parents for step in path):
        return ()
    for end in range(1, len(path) + 1):  # each object on the way is mostly this table's rows
        if not any(_mostly(members, names) for members in keys.members.get(path[:end], ())):
            return ()
    return path


def _mostly(members: frozenset[str], names: set[str]) -> bool:
    """An example object made of the table's rows: all of them, or most and at least two."""
    matched = members & names
    return bool(matched) and (matched == members or 2 <= len(matched) >= len(members) / 2)


def _only_top_key(keys: ExampleKeys, parents: set[str]) -> str | None:
    """The one key every example body's top level holds alone, when it is an object row."""
    tops = set().union(*keys.members.get((), ()))
    if len(tops) != 1:
        return None
    (top,) = tops
    return top if top in parents else None


def _row_kind(param: Param) -> str | None:
    kind = (param.schema or {}).get("type")
    if kind in ("object", "array"):
        return CONTAINER
    if kind in ("string", "integer", "number", "boolean"):
        return SCALAR
    return None


TABLE_MENTION = re.compile(r"\bTable \d+")
NAMED_TYPE = re.compile(r"^(?:array of |list<)?[A-Za-z_][\w.]* objects?>?$", re.IGNORECASE)


def _bare_object_row(table: ParamTable, param: Param) -> bool:
    """A row that may hold an object and has no table of its own: no link, no table named in
    its cells, no structure named as its type, no caption on the page naming it."""
    if param.role != FIELD or param.schema is None or not may_hold_object(param.schema):
        return False
    row = param.row
    if any(row.links) or any(TABLE_MENTION.search(cell) for cell in row.cells):
        return False
    type_text = param.type_text.strip().lower()
    if NAMED_TYPE.match(type_text) and type_text not in ("object", "array of objects"):
        return False
    word = re.compile(rf"\b{re.escape(param.name)}\b", re.IGNORECASE)
    return not any(
        word.search(other.caption or "")
        for other in table.placed.page.tables
        if other is not table.placed.table
    )
