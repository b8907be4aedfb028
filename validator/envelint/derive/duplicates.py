"""A parameter described twice in one table (D003): rows of the same identity, not of the same name.

A row's identity is where it sits plus its name:

- XML element tables list the elements of every level in one table, each row naming its parent
  ("Parent: Filter", "Parent node: ListVersionsResult.CommonPrefixes", "Parent: none"), or a
  container row naming its children ("Child: Prefix", "... is the parent node of ID"): `Prefix`
  under Filter and `Prefix` under Destination are two elements. A row's own "Parent:" wins; else
  the nearest row above it that names it as a child is its parent.
- A flattened table (``nesting.py``) places marked rows and path names under their parent row,
  and a flat table the page's examples nest (``version | Object``, then its members, one of them
  a ``version`` String) places its rows where the examples hold them.

Rows of the same name and parent are one parameter written twice, except where the URI template
itself repeats a placeholder (``/v2/{project_id}/os-quota-sets/{project_id}``) and the table
describes each position in its own words: as many rows as places in the URI, descriptions that
differ. The first row of an identity is kept; a repeat is reported and dropped.
"""

from __future__ import annotations

import dataclasses
import re

from envelint.derive.context import OTHER_KIND
from envelint.derive.issues import DUPLICATE_PARAMETER, DocIssue, IssueLog
from envelint.derive.nesting import (
    RowNode,
    has_nesting,
    holds_object_lines,
    nest_by_examples,
    nest_rows,
)
from envelint.derive.params import Param, ParamTable, cell_column

PARENT = re.compile(
    r"\bparent(?:\s+(?:node|element|tag))?s?\s*[:：]\s*(?P<parent>[^\n]*)", re.IGNORECASE
)
CHILDREN = re.compile(
    r"\bchild(?:ren)?(?:\s+(?:nodes?|elements?|tags?))?\s*[:：]\s*(?P<children>[^\n]*)|"
    r"\bparent\s+(?:node|element|tag)\s+of\s+(?P<named>[^\n]*?)(?:\.\s|\.?$)",
    re.IGNORECASE | re.MULTILINE,
)
NO_PARENT = re.compile(r"^(?:none|n/?a|-|root)?$", re.IGNORECASE)
WORD = re.compile(r"[\w\-]+")
SPACES = re.compile(r"\s+")

# A row's identity: (its XML parent, its place in a flattened table, its name).
Identity = tuple[str | None, tuple[str, ...], str]


def drop_duplicates(table: ParamTable, path: str, issues: IssueLog) -> ParamTable:
    """The table without its repeated rows, each repeat reported."""
    names = [param.name for param in table.params]
    if len(set(names)) == len(names):
        return table
    places = _flattened_places(table)
    parents = _xml_parents(table)
    first: dict[Identity, Param] = {}
    kept: list[Param] = []
    for param in table.params:
        place, name = places.get(id(param), ((), param.name))
        identity = (parents.get(param.row.line), place, name)
        earlier = first.get(identity)
        if earlier is None:
            first[identity] = param
            kept.append(param)
        elif not _uri_repeats(table, param, earlier):
            issues.add(_duplicate(path, table, param, earlier.row.line))
    if len(kept) == len(table.params):
        return table
    return dataclasses.replace(table, params=kept)


def _flattened_places(table: ParamTable) -> dict[int, tuple[tuple[str, ...], str]]:
    """(the names of the rows above it, its own name) of each row a flattened table nests."""
    if has_nesting(table):
        forest = nest_rows(table, holds_object_lines(table))
    else:
        forest = nest_by_examples(table) or []
    places: dict[int, tuple[tuple[str, ...], str]] = {}
    pending: list[tuple[tuple[str, ...], RowNode]] = [((), node) for node in forest]
    while pending:
        above, node = pending.pop()
        places[id(node.source)] = (above, node.param.name)
        pending.extend(((*above, node.param.name), child) for child in node.children)
    return places


def _xml_parents(table: ParamTable) -> dict[int, str]:
    """Row line -> its parent element, lower case ("" for the root), for rows that say."""
    parents: dict[int, str] = {}
    named_children: list[tuple[str, set[str]]] = []  # (parent, the words naming its children)
    for param in table.params:
        if param.row.line in parents:  # the second name of "a or b"
            continue
        own = PARENT.search(param.description)
        if own is not None:
            parents[param.row.line] = _parent_text(own.group("parent"))
        else:
            found = next(
                (parent for parent, words in reversed(named_children) if param.name in words),
                None,
            )
            if found is not None:
                parents[param.row.line] = found
        for match in CHILDREN.finditer(param.description):
            text = match.group("children") or match.group("named") or ""
            named_children.append((param.name.lower(), set(WORD.findall(text))))
    return parents


def _parent_text(text: str) -> str:
    text = SPACES.sub(" ", text.replace("\\", " ")).strip().rstrip(".。;").strip()
    return "" if NO_PARENT.match(text) else text.lower()


def _uri_repeats(table: ParamTable, param: Param, earlier: Param) -> bool:
    """ "/v2/{project_id}/os-quota-sets/{project_id}": a URI table describing each place of a
    repeated placeholder in its own words."""
    if table.kind not in (None, OTHER_KIND):
        return False
    operations = table.placed.page.operations
    places = max((op.uri.count("{" + param.name + "}") for op in operations), default=0)
    rows = [other for other in table.params if other.name == param.name]
    texts = {_words(other.description) for other in rows}
    return len(rows) <= places and len(texts) == len(rows) and param.row is not earlier.row


def _words(text: str) -> str:
    return SPACES.sub(" ", text).strip().lower()


def _duplicate(path: str, table: ParamTable, param: Param, first: int) -> DocIssue:
    return DocIssue(
        kind=DUPLICATE_PARAMETER,
        message=f"parameter `{param.name}` is described twice in one table (first at line {first})",
        path=path,
        line=param.row.line,
        column=cell_column(param.row.columns, table.columns.name or 0),
        hint="the first description was used; remove or rename the second row",
    )
