"""Parameter tables -> JSON Schema, following nested tables through links and captions."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from validator.derive.captions import CaptionName, caption_name
from validator.derive.context import OTHER_KIND
from validator.derive.index import DocIndex, PlacedTable, Target
from validator.derive.issues import UNRESOLVED_REFERENCE, DocIssue, IssueLog
from validator.derive.names import FIELD
from validator.derive.params import Param, ParamTable, read_params
from validator.derive.values import enum_values, format_annotation
from validator.docs import DocPage, Link

MAX_DEPTH = 24
TABLE_LINK_TEXT = re.compile(r"^\s*table\s*\d+", re.IGNORECASE)
SPACES = re.compile(r"\s+")


class LinkTally:
    """Every link followed to a nested table, counted once: resolved or not."""

    def __init__(self) -> None:
        self.resolved: set[tuple] = set()
        self.unresolved: set[tuple] = set()

    def count(self, path: str, link: Link, resolved: bool) -> None:
        key = (path, link.line, link.column)
        (self.resolved if resolved else self.unresolved).add(key)


class SchemaBuilder:
    def __init__(self, index: DocIndex, display: Callable[[DocPage], str], issues: IssueLog):
        self.index = index
        self.display = display
        self.issues = issues
        self.links = LinkTally()
        self._tables: dict[tuple[str, int], ParamTable | None] = {}
        self._captions: dict[str, list[tuple[PlacedTable, CaptionName]]] = {}

    # -- tables ------------------------------------------------------------------------------

    def param_table(self, placed: PlacedTable) -> ParamTable | None:
        if placed.key not in self._tables:
            path = self.display(placed.page)
            self._tables[placed.key] = read_params(placed, path, self.issues)
        return self._tables[placed.key]

    def object_schema(self, table: ParamTable, field_path: tuple[str, ...], stack: tuple) -> dict:
        """{"type": "object", "properties": ..., "required": ...} for one table."""
        stack = (*stack, table.placed.key)
        properties: dict[str, dict] = {}
        required: list[str] = []
        any_key: dict | None = None
        for param in table.params:
            schema = self.property_schema(table, param, (*field_path, param.name), stack)
            if param.role != FIELD:
                any_key = any_key if any_key is not None else schema
                continue
            properties[param.name] = schema
            if param.required and table.kind != OTHER_KIND:
                required.append(param.name)
        result: dict = {"type": "object", "properties": properties}
        if required:
            result["required"] = required
        if any_key is not None:
            result["additionalProperties"] = any_key
        return result

    def property_schema(
        self, table: ParamTable, param: Param, field_path: tuple[str, ...], stack: tuple
    ) -> dict:
        schema = copy.deepcopy(param.schema) if param.schema is not None else {}
        if may_hold_object(schema):
            nested = self.nested_table(table, param, field_path)
            if nested is not None and nested.placed.key not in stack and len(stack) < MAX_DEPTH:
                _fill(_object_slot(schema), self.object_schema(nested, field_path, stack))
        json_type = schema.get("type")
        values = enum_values(param.raw_description, json_type)
        if values:
            schema["enum"] = values
        schema["description"] = SPACES.sub(" ", param.description).strip()
        found_format = format_annotation(param.description, json_type)
        if found_format:
            schema["x-format"] = found_format
        schema["x-doc"] = {
            "path": self.display(table.placed.page),
            "line": param.row.line,
            "table": table.placed.table.caption,
        }
        return schema

    # -- nested tables -----------------------------------------------------------------------

    def nested_table(
        self, table: ParamTable, param: Param, field_path: tuple[str, ...]
    ) -> ParamTable | None:
        """The table describing an object field: by link, else by a caption naming it."""
        placed = self._by_link(table, param, field_path) or self._by_caption(table, field_path)
        if placed is None:
            return None
        return self.param_table(placed)

    def _by_link(
        self, table: ParamTable, param: Param, field_path: tuple[str, ...]
    ) -> PlacedTable | None:
        page_path = self.display(table.placed.page)
        found: PlacedTable | None = None
        for link in _row_links(table, param):
            target = self.index.resolve(link, table.placed.page)
            if target is None:
                if _is_table_link(table, param, link):
                    self.links.count(page_path, link, resolved=False)
                    self.issues.add(_unresolved(page_path, link))
                continue
            self.links.count(page_path, link, resolved=True)
            if found is None:
                found = self._table_for_target(target, field_path)
        return found

    def _table_for_target(self, target: Target, field_path: tuple[str, ...]) -> PlacedTable | None:
        placed = self.index.table_at(target)
        if placed is not None:
            return placed if self.param_table(placed) is not None else None
        candidates = [
            (candidate, name)
            for candidate in self.index.tables_under(target)
            if (name := caption_name(candidate.table)) is not None
        ]
        return _best(candidates, field_path, target.page, None)

    def _by_caption(self, table: ParamTable, field_path: tuple[str, ...]) -> PlacedTable | None:
        page = table.placed.page
        candidates = [
            (placed, name)
            for placed, name in self._page_captions(page)
            if placed.key != table.placed.key
        ]
        return _best(candidates, field_path, page, table.placed.table.line)

    def _page_captions(self, page: DocPage) -> list[tuple[PlacedTable, CaptionName]]:
        if page.path not in self._captions:
            named = []
            for doc_table in page.tables:
                name = caption_name(doc_table)
                placed = PlacedTable(page, doc_table)
                if name is not None and self.param_table(placed) is not None:
                    named.append((placed, name))
            self._captions[page.path] = named
        return self._captions[page.path]


def _row_links(table: ParamTable, param: Param) -> list[Link]:
    """Links of the Type cell, then the Parameter cell, then the Description cell."""
    columns = table.columns
    links: list[Link] = []
    for index in (columns.type, columns.name, columns.description):
        if index is not None and index < len(param.row.links):
            links.extend(link for link in param.row.links[index] if link.kind != "url")
    return links


def _is_table_link(table: ParamTable, param: Param, link: Link) -> bool:
    """A link that must lead to the field's table: in the Type or Parameter cell, or a
    description link written as "Table N" or to a table anchor."""
    columns = table.columns
    for index in (columns.type, columns.name):
        if index is not None and index < len(param.row.links) and link in param.row.links[index]:
            return True
    return bool(TABLE_LINK_TEXT.match(link.text)) or "table" in link.target.lower()


def _best(
    candidates: list[tuple[PlacedTable, CaptionName]],
    field_path: tuple[str, ...],
    page: DocPage,
    near_line: int | None,
) -> PlacedTable | None:
    """The table whose caption names the field best; the nearest after ``near_line`` wins ties."""
    scored = []
    for placed, name in candidates:
        score = name.score(field_path)
        if score <= 0:
            continue
        line = placed.table.line
        after = near_line is None or line > near_line
        distance = abs(line - near_line) if near_line is not None else line
        scored.append((-score, 0 if after else 1, distance, placed))
    if not scored:
        return None
    scored.sort(key=lambda item: item[:3])
    return scored[0][3]


def may_hold_object(schema: dict) -> bool:
    """An object, an array of objects (or of anything), a map of objects."""
    kind = schema.get("type")
    if kind == "object":
        return True
    if kind == "array":
        items = schema.get("items")
        return items is None or (isinstance(items, dict) and may_hold_object(items))
    return False


def _object_slot(schema: dict) -> dict:
    """Where a nested table's fields go: the object, its array items, or its map values."""
    if schema.get("type") == "array":
        schema.setdefault("items", {"type": "object"})
        return _object_slot(schema["items"])
    values = schema.get("additionalProperties")
    if isinstance(values, dict) and may_hold_object(values):
        return _object_slot(values)
    return schema


def _fill(slot: dict, nested: dict) -> None:
    for key in ("properties", "required", "additionalProperties"):
        if key in nested and key not in slot:
            slot[key] = nested[key]
        elif key == "properties" and key in nested:
            slot[key] = {**nested[key], **slot[key]}


def _unresolved(path: str, link: Link) -> DocIssue:
    return DocIssue(
        kind=UNRESOLVED_REFERENCE,
        message=f"expected a table labelled {link.target!r} (link {link.text!r}), found no such "
        "label in the documentation",
        path=path,
        line=link.line,
        column=link.column,
        hint="the field is left as a bare object; fix the label or add the page that defines it",
    )
