"""Parameter tables -> JSON Schema, following nested tables through links and captions."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from envelint.derive.captions import CaptionName, caption_name
from envelint.derive.context import OTHER_KIND
from envelint.derive.duplicates import drop_duplicates
from envelint.derive.index import DocIndex, PlacedTable, Target, page_link_path
from envelint.derive.issues import (
    STRUCTURE_MISSING,
    DocIssue,
    IssueLog,
    unresolved_reference,
)
from envelint.derive.maps import is_open_object, is_plain_object, key_value_values, map_schema
from envelint.derive.names import FIELD, MAP_KEY, NAME_PATTERN, name_regex
from envelint.derive.nesting import (
    RowNode,
    has_nesting,
    holds_object_lines,
    may_hold_object,
    nest_by_examples,
    nest_rows,
)
from envelint.derive.params import Param, ParamTable, cell_column, read_params
from envelint.derive.values import described_types, enum_values, format_annotation
from envelint.docs import DocPage, DocRow, Link
from envelint.docs.examples import title_side

MAX_DEPTH = 24
MAX_FIELDS = 50_000  # per schema: a guard against tables that fan out without end
SPACES = re.compile(r"\s+")
NAMED_STRUCTURE = re.compile(
    r"^(?:array of |list<)?(?P<name>[A-Za-z_][\w.]*) objects?>?$", re.IGNORECASE
)
GENERIC_TYPE_NAMES = {"json", "object", "dict", "dictionary", "map", "ref", "jsonobject"}
TABLE_MENTION = re.compile(r"\bTable \d+(?:-\d+)?\b")  # "Table 4-7" is not Table 4
UNLINKED_FIELD = "the field is left as a bare object; fix the label or add the page that defines it"
# The keys (PlacedTable.key) of the tables a schema is inside, outermost first.
TableStack = tuple[tuple[str, int], ...]


# A link, told apart by where it is: (path, line, column).
LinkKey = tuple[str, int, int]


class LinkTally:
    """Every link of an object field (the way to its nested table), counted once: resolved
    when its label exists in the documentation."""

    def __init__(self) -> None:
        self.resolved: set[LinkKey] = set()
        self.unresolved: set[LinkKey] = set()

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
        self._named: dict[str, list[tuple[PlacedTable, CaptionName]]] = {}
        self._captions: dict[str, list[tuple[PlacedTable, CaptionName]]] = {}
        self._linked: set[tuple[str, int]] | None = None
        self._forests: dict[tuple[str, int], list[RowNode]] = {}
        self._parent_rows: dict[tuple[str, int], set[int]] = {}
        self.fields_left = MAX_FIELDS
        self.request_side = False  # building a request schema: required from Mandatory
        # A request body's top-level field with one table per case: its path -> each case's
        # label (the table's caption and the row's sentence naming it), in table order.
        self.field_cases: dict[tuple[str, ...], list[str]] = {}
        self.chosen_case: tuple[tuple[str, ...], int] | None = None  # build only this case

    def start_schema(self) -> None:
        """Each response schema gets its own field budget."""
        self.fields_left = MAX_FIELDS

    @contextmanager
    def requesting(self) -> Iterator[None]:
        """Build a request schema: a field is required where its Mandatory cell says so,
        whatever side its table is on (a response table's Mandatory column is about responses,
        a request table's about requests: each is read on its own side)."""
        self.request_side = True
        try:
            yield
        finally:
            self.request_side = False

    # -- tables ------------------------------------------------------------------------------

    def param_table(self, placed: PlacedTable) -> ParamTable | None:
        if placed.key not in self._tables:
            path = self.display(placed.page)
            table = read_params(placed, path, self.issues)
            if table is not None:
                table = drop_duplicates(table, path, self.issues)
            self._tables[placed.key] = table
        return self._tables[placed.key]

    def row_forest(self, table: ParamTable) -> list[RowNode]:
        """The table's rows, children of a flattened table under their parent rows."""
        key = table.placed.key
        if key not in self._forests:
            if has_nesting(table):
                self._forests[key] = nest_rows(table, holds_object_lines(table))
            else:
                nested = nest_by_examples(table)
                self._forests[key] = nested or [RowNode(param) for param in table.params]
        return self._forests[key]

    def has_inline_children(self, table: ParamTable, param: Param) -> bool:
        """A parent row of a flattened table: its fields are the rows under it."""
        key = table.placed.key
        if key not in self._parent_rows:
            self._parent_rows[key] = _parent_lines(self.row_forest(table))
        return param.row.line in self._parent_rows[key]

    def object_schema(
        self, table: ParamTable, field_path: tuple[str, ...], stack: TableStack
    ) -> dict[str, Any]:
        """{"type": "object", "properties": ..., "required": ...} for one table."""
        stack = (*stack, table.placed.key)
        return self._rows_schema(table, self.row_forest(table), field_path, stack)

    def _rows_schema(
        self,
        table: ParamTable,
        nodes: list[RowNode],
        field_path: tuple[str, ...],
        stack: TableStack,
    ) -> dict[str, Any]:
        properties: dict[str, dict[str, Any]] = {}
        patterns: dict[str, dict[str, Any]] = {}
        required: list[str] = []
        any_key: dict[str, Any] | None = None
        for node in nodes:
            param = node.param
            schema = self.property_schema(
                table, param, (*field_path, param.name), stack, node.children
            )
            if param.role == NAME_PATTERN:
                patterns.setdefault(name_regex(param.name), schema)
                continue
            if param.role != FIELD:
                any_key = any_key if any_key is not None else _any_key_value(param, schema)
                continue
            if param.name in properties:  # an XML element of another parent: the first holds
                continue
            properties[param.name] = schema
            if self._is_required(table, param):
                required.append(param.name)
        result: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            result["required"] = required
        if patterns:
            result["patternProperties"] = patterns
        if any_key is not None:
            result["additionalProperties"] = any_key
        return result

    def _is_required(self, table: ParamTable, param: Param) -> bool:
        if self.request_side:
            return param.mandatory
        return param.required and table.kind != OTHER_KIND

    def property_schema(
        self,
        table: ParamTable,
        param: Param,
        field_path: tuple[str, ...],
        stack: TableStack,
        children: list[RowNode] | None = None,
    ) -> dict[str, Any]:
        schema = copy.deepcopy(param.schema) if param.schema is not None else {}
        if is_plain_object(schema) and param.role != MAP_KEY:  # a key row describes its parent
            schema = map_schema(param.type_text, param.description) or schema
        if is_plain_object(schema) and (types := described_types(param.description)):
            schema = {"type": types[0] if len(types) == 1 else types}
        self.fields_left -= 1
        if children and may_hold_object(schema):
            _fill(_object_slot(schema), self._rows_schema(table, children, field_path, stack))
        if may_hold_object(schema) and self.fields_left > 0:
            nested = self.nested_table(table, param, field_path, promised=not children)
            if nested is not None and nested.placed.key not in stack and len(stack) < MAX_DEPTH:
                each_value = self._map_values(schema, nested, field_path, stack)
                if each_value is not None:
                    schema["additionalProperties"] = each_value
                else:
                    cases = [nested, *self.alternative_tables(table, param, nested, stack)]
                    cases = self._cases_to_build(param, field_path, cases)
                    objects = [self.object_schema(case, field_path, stack) for case in cases]
                    _fill(_object_slot(schema), merge_alternatives(objects))
        is_array = schema.get("type") == "array"
        if may_hold_object(schema) and is_open_object(param.description, is_array):
            _object_slot(schema).setdefault("additionalProperties", {})
        json_type = schema.get("type")
        values = enum_values(param.description, param.description_lists, json_type)
        if values:
            schema["enum"] = values
        schema["description"] = SPACES.sub(" ", param.description).strip()
        found_format = format_annotation(param.description, json_type)
        if found_format:
            schema["x-format"] = found_format
        schema["x-doc"] = doc_citation(self.display(table.placed.page), param.row.line, table)
        return schema

    def _map_values(
        self,
        schema: dict[str, Any],
        nested: ParamTable,
        field_path: tuple[str, ...],
        stack: TableStack,
    ) -> dict[str, Any] | None:
        """Each value's schema when an object field's table describes a map (``key`` and
        ``value`` rows, a "key-value pairs" row), cited to the row that types the values."""
        if schema.get("type") != "object" or schema.get("additionalProperties") is not None:
            return None
        rows = [(p.name, p.description, p.schema) for p in nested.params if p.role == FIELD]
        if len(rows) != len(nested.params) or key_value_values(rows) is None:
            return None
        value_row = next((p for p in nested.params if p.name.lower() == "value"), nested.params[0])
        stack = (*stack, nested.placed.key)
        return self.property_schema(nested, value_row, (*field_path, "*"), stack)

    # -- nested tables -----------------------------------------------------------------------

    def nested_table(
        self,
        table: ParamTable,
        param: Param,
        field_path: tuple[str, ...],
        promised: bool = True,
    ) -> ParamTable | None:
        """The table describing an object field: by link, else by a caption naming it.

        ``promised``: a field whose table is not found is reported (not when its rows follow
        it in its own table)."""
        placed = (
            self._by_link(table, param, field_path)
            or self._by_table_number(table, param)
            or self._by_structure_name(table, param)
            or self._by_caption(table, field_path)
        )
        if placed is None:
            if promised:
                self._check_promised_structure(table, param)
            return None
        return self.param_table(placed)

    def _cases_to_build(
        self, param: Param, field_path: tuple[str, ...], cases: list[ParamTable]
    ) -> list[ParamTable]:
        """Every case of a field (merged), or the one ``chosen_case`` names; a request body's
        top-level field with several cases is recorded in ``field_cases``."""
        if len(cases) < 2 or not self.request_side or len(field_path) != 1:
            return cases
        if self.chosen_case is not None and self.chosen_case[0] == field_path:
            return cases[self.chosen_case[1] : self.chosen_case[1] + 1] or cases
        text = " ".join(f"{param.type_text} {param.description}".split())
        sentences = SENTENCE_END.split(text)
        labels = []
        for case in cases:
            caption = case.placed.table.caption or ""
            number = TABLE_MENTION.match(caption)
            said = [s for s in sentences if number is not None and number.group(0) in s]
            labels.append(" ".join([caption, *said]))
        self.field_cases.setdefault(field_path, labels)
        return cases

    def alternative_tables(
        self, table: ParamTable, param: Param, first: ParamTable, stack: TableStack
    ) -> list[ParamTable]:
        """The other tables a row sends to, one per case, after ``first`` (the one
        ``nested_table`` found): "For a single instance, see Table 3. For a read replica, see
        Table 4.", "If action is add, see Table 3. If action is delete, see Table 4.", "see
        Table 4 ... Table 7 ... Table 9" (one per task type).

        Only tables named in a referral sentence of the row ("see", "refer to") count, and only
        when ``first`` is one of them; a table that describes a field of another of them is
        that field's table, not a case ("see Table 3 and Table 4", Table 4 describing a field
        of Table 3)."""
        mentions = _referred_mentions(f"{param.type_text} {param.description}")
        if len(mentions) < 2:
            return []
        found = [
            placed
            for placed in self._mentioned_tables(table, param, mentions)
            if placed.key != table.placed.key and placed.key not in stack
        ]
        if first.placed.key not in {placed.key for placed in found}:
            return []
        cases: list[ParamTable] = []
        for placed in found:
            case = self.param_table(placed)
            if case is not None and case.placed.key not in {c.placed.key for c in [first, *cases]}:
                cases.append(case)
        every = [first, *cases]
        return [
            case
            for case in cases
            if not any(
                self._describes_a_field_of(case, other) for other in every if other is not case
            )
        ]

    def _mentioned_tables(
        self, table: ParamTable, param: Param, mentions: set[str]
    ) -> list[PlacedTable]:
        """The tables of the row's links whose text is one of ``mentions``, then the page's
        tables numbered as the mentions no link carries."""
        page = table.placed.page
        found: list[PlacedTable] = []
        linked: set[str] = set()
        for link in _row_links(table, param):
            mention = _words(link.text).capitalize()
            if mention not in mentions:
                continue
            linked.add(mention)
            target = self.index.resolve(link, page)
            placed = self.index.table_at(target) if target is not None else None
            if placed is not None and self.param_table(placed) is not None:
                found.append(placed)
        # A case named without a link beside one named with a link ("see :ref:`Table 3
        # <spec>`. When creating a replica, see Table 4."): the page's table numbered so.
        # Not when a link goes to another page: a bare number may count that page's tables.
        if any(placed.page.path != page.path for placed in found):
            return found
        unlinked = mentions - linked
        for doc_table in page.tables:
            number = TABLE_MENTION.match(doc_table.caption or "")
            if number is not None and number.group(0) in unlinked:
                placed = PlacedTable(page, doc_table)
                if self.param_table(placed) is not None:
                    found.append(placed)
        return found

    def _describes_a_field_of(self, case: ParamTable, other: ParamTable) -> bool:
        """``case`` is the nested table of one of ``other``'s rows: a row links to it, names its
        number, or its caption names the row."""
        number = TABLE_MENTION.match(case.placed.table.caption or "")
        named = caption_name(case.placed.table)
        names = set(named.path[-1:]) | set(named.alternatives) if named is not None else set()
        same_page = case.placed.page.path == other.placed.page.path
        for row in other.params:
            if row.name in names:
                return True
            if same_page and number is not None and number.group(0) in row.description:
                return True
            for link in _row_links(other, row):
                target = self.index.resolve(link, other.placed.page)
                placed = self.index.table_at(target) if target is not None else None
                if placed is not None and placed.key == case.placed.key:
                    return True
        return False

    def _check_promised_structure(self, table: ParamTable, param: Param) -> None:
        """A field whose type names a structure ("V2JobSpec object") or whose description
        points at a table ("see Table 3") without the table being found anywhere."""
        promise = _promised_structure(param)
        page = table.placed.page
        broken = any(self.index.resolve(link, page) is None for link in _row_links(table, param))
        if promise is None or broken:  # a broken link is reported as such
            return
        row = param.row
        self.issues.add(
            DocIssue(
                kind=STRUCTURE_MISSING,
                message=f"expected a table describing `{param.name}` ({promise}), found none "
                "(no link to it and no caption naming the field)",
                path=self.display(table.placed.page),
                line=row.line,
                column=cell_column(row.columns, table.columns.type or 0),
                hint="the field is left as a bare object; link the table with :ref:",
            )
        )

    def _by_link(
        self, table: ParamTable, param: Param, field_path: tuple[str, ...]
    ) -> PlacedTable | None:
        page_path = self.display(table.placed.page)
        found: PlacedTable | None = None
        for link in _row_links(table, param):
            target = self.index.resolve(link, table.placed.page)
            if target is None and link.kind == "url":
                continue  # a page outside the tree: a URL as any other
            if target is None:
                self.links.count(page_path, link, resolved=False)
                self.issues.add(unresolved_reference(page_path, link, "a table", UNLINKED_FIELD))
                continue
            self.links.count(page_path, link, resolved=True)
            if found is None:
                found = self._table_for_target(target, link, field_path)
        return found

    def _table_for_target(
        self, target: Target, link: Link, field_path: tuple[str, ...]
    ) -> PlacedTable | None:
        """A table label: that table. A section or page label: its table named after the
        field, else the one under the subsection the link names, else its only table."""
        placed = self.index.table_at(target)
        if placed is not None:
            return placed if self.param_table(placed) is not None else None
        under = [
            (candidate, title)
            for candidate, title in self.index.tables_under(target)
            if self.param_table(candidate) is not None
        ]
        named = [
            (candidate, name)
            for candidate, _title in under
            if (name := caption_name(candidate.table)) is not None
        ]
        best = _best(named, field_path, target.page, None)
        if best is not None:
            return best
        wanted = _words(link.text)
        titled = [candidate for candidate, title in under if _words(title) == wanted]
        if titled:
            return titled[0]
        return under[0][0] if len(under) == 1 else None

    def _by_table_number(self, table: ParamTable, param: Param) -> PlacedTable | None:
        """ "For details, see Table 3." written without a link: the page's table numbered so."""
        if param.row.links and any(param.row.links):
            return None
        # The Description, else the Type cell ("Object. For a backup task, see Table 2.")
        mention = TABLE_MENTION.search(param.description) or TABLE_MENTION.search(param.type_text)
        if mention is None:
            return None
        number = mention.group(0).lower()
        page = table.placed.page
        for doc_table in page.tables:
            caption = (doc_table.caption or "").lower()
            if caption == number or caption.startswith(number + " "):
                placed = PlacedTable(page, doc_table)
                if placed.key != table.placed.key and self.param_table(placed) is not None:
                    return placed
        return None

    def _by_caption(self, table: ParamTable, field_path: tuple[str, ...]) -> PlacedTable | None:
        page = table.placed.page
        candidates = [
            (placed, name)
            for placed, name in self._page_captions(page)
            if placed.key != table.placed.key
        ]
        siblings = frozenset(param.name.lower() for param in table.params)
        return self._best_on_side(table, candidates, field_path, siblings)

    def _best_on_side(
        self,
        table: ParamTable,
        candidates: list[tuple[PlacedTable, CaptionName]],
        field_path: tuple[str, ...],
        siblings: frozenset[str] = frozenset(),
    ) -> PlacedTable | None:
        """The best table a field of ``table`` may take by a name: one of its own side.

        A request field never takes a response table by its caption ("topics parameter
        description" under Response describes what comes back, not what is sent), and a
        response field never takes a request table ("Description of field **tag**" under
        Request Message describes the tags sent, not those a resource returns): with no table
        of its side, a bare Array keeps untyped items. Only on a page whose sections do not
        split request from response may a response field take a table of the other kind."""
        page, line = table.placed.page, table.placed.table.line
        side = self._side_of(table.placed)
        if side is None:
            return _best(candidates, field_path, page, line, siblings)
        same_side = [item for item in candidates if self._side_of(item[0]) != _other(side)]
        found = _best(same_side, field_path, page, line, siblings)
        if found is not None or side == REQUEST_SIDE or self._splits_sides(page):
            return found
        return _best(candidates, field_path, page, line, siblings)

    def _by_structure_name(self, table: ParamTable, param: Param) -> PlacedTable | None:
        """ "ChargeInfo", "Array of tags": the page's table captioned with the structure's name
        (linked from another row or not: a structure is described once and used twice)."""
        if param.structure is None:
            return None
        page = table.placed.page
        candidates = [item for item in self._named_tables(page) if item[0].key != table.placed.key]
        for spelling in _singulars(param.structure):
            found = self._best_on_side(table, candidates, (spelling,))
            if found is not None:
                return found
        return None

    def _side_of(self, placed: PlacedTable) -> str | None:
        """The side of the exchange a table documents: the one its section's title names
        ("Request Message", "Response Parameter"), else the one its kind says."""
        by_section = section_side(placed.table.section)
        if by_section is not None:
            return by_section
        param_table = self.param_table(placed)
        return _side(param_table.kind) if param_table is not None else None

    def _splits_sides(self, page: DocPage) -> bool:
        """The page's sections put its parameter tables on both sides, request and response."""
        sides = {section_side(doc_table.section) for doc_table in page.tables}
        return {REQUEST_SIDE, RESPONSE_SIDE} <= sides

    def _named_tables(self, page: DocPage) -> list[tuple[PlacedTable, CaptionName]]:
        """The page's parameter tables whose caption names a field or structure, in order."""
        if page.path not in self._named:
            named = []
            for doc_table in page.tables:
                name = caption_name(doc_table)
                placed = PlacedTable(page, doc_table)
                if name is not None and self.param_table(placed) is not None:
                    named.append((placed, name))
            self._named[page.path] = named
        return self._named[page.path]

    def _page_captions(self, page: DocPage) -> list[tuple[PlacedTable, CaptionName]]:
        """Tables named after a field by their caption, leaving out those a row links to: a
        linked table belongs to that row, not to every field of the same name."""
        if page.path not in self._captions:
            linked = self._linked_tables()
            self._captions[page.path] = [
                item for item in self._named_tables(page) if item[0].key not in linked
            ]
        return self._captions[page.path]

    def is_linked(self, placed: PlacedTable) -> bool:
        """A row of the documentation links to the table (it describes that row's field)."""
        return placed.key in self._linked_tables()

    def is_referred(self, placed: PlacedTable) -> bool:
        """A row of a parameter table of the same page sends to the table by its number, with
        no link ("For details, see Table 3. When creating a replica, see Table 4."): it
        describes that row's field (or one case of it), not a body of its own."""
        number = TABLE_MENTION.match(placed.table.caption or "")
        if number is None:
            return False
        page = placed.page
        for doc_table in page.tables:
            other = PlacedTable(page, doc_table)
            if other.key == placed.key:
                continue
            param_table = self.param_table(other)
            if param_table is None:
                continue
            for param in param_table.params:
                text = f"{param.type_text} {param.description}"
                if number.group(0) in _referred_mentions(text):
                    return True
        return False

    def _linked_tables(self) -> set[tuple[str, int]]:
        if self._linked is None:
            self._linked = set()
            for page in self.index.pages:
                for doc_table in page.tables:
                    for row in doc_table.rows:
                        self._linked.update(self._tables_linked_from(page, row))
        return self._linked

    def _tables_linked_from(self, page: DocPage, row: DocRow) -> list[tuple[str, int]]:
        found = []
        for cell_links in row.links:
            for link in cell_links:
                target = self.index.resolve(link, page)
                placed = self.index.table_at(target) if target is not None else None
                if placed is not None:
                    found.append(placed.key)
        return found


BARE_OBJECT_TYPE = re.compile(
    r"^\s*(?:object|json object|dict|array of objects?|list<object>|objects)\s*$", re.IGNORECASE
)
# Objects whose keys are the user's or the system's own: nothing to tabulate.
FREE_FORM = re.compile(
    r"\bmap\b|key[- ]value|\bkeys?\b|metadata|\btags?\b|labels?|user[- ]defined|custom|"
    r"free[- ]form|arbitrary|any field",
    re.IGNORECASE,
)


REFERRAL_SENTENCE = re.compile(r"\bsee\b|\brefer(?:s|ring)? to\b|\bdescribed in\b", re.I)
SENTENCE_END = re.compile(r"(?<=[.;])\s+")


def _referred_mentions(text: str) -> set[str]:
    """ "Table N" as named by the referral sentences of a row ("For details, see Table 3")."""
    return {
        mention
        for sentence in SENTENCE_END.split(" ".join(text.split()))
        if REFERRAL_SENTENCE.search(sentence)
        for mention in TABLE_MENTION.findall(sentence)
    }


def merge_alternatives(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """One object standing for several, one per case: every field of any case (its own row's
    schema, the first case's where two name it), required where every case requires it."""
    if len(objects) == 1:
        return objects[0]
    merged: dict[str, Any] = {"type": "object", "properties": {}}
    for alternative in objects:
        for name, schema in alternative.get("properties", {}).items():
            known = merged["properties"].get(name)
            merged["properties"][name] = schema if known is None else _merged_field(known, schema)
        for name, schema in alternative.get("patternProperties", {}).items():
            merged.setdefault("patternProperties", {}).setdefault(name, schema)
        if "additionalProperties" in alternative:
            merged.setdefault("additionalProperties", alternative["additionalProperties"])
    always = set.intersection(*(set(alternative.get("required", ())) for alternative in objects))
    required = [name for name in objects[0].get("required", ()) if name in always]
    if required:
        merged["required"] = required
    return merged


def _merged_field(first: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """A field two cases both have: the first case's row, and where both describe an object
    (or an array of objects) by tables of their own (``volume`` of Table 2 in one case, of
    Table 5 in the other), the fields of both, required where both require them."""
    if first is other:
        return first
    if first.get("type") == "array" and other.get("type") == "array":
        items, other_items = first.get("items"), other.get("items")
        if isinstance(items, dict) and isinstance(other_items, dict):
            return {**first, "items": _merged_field(items, other_items)}
        return first
    if not (_has_fields(first) and _has_fields(other)):
        return first
    merged = merge_alternatives([first, other])
    result = {key: value for key, value in first.items() if key != "required"}
    result.update(merged)
    return result


def _has_fields(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" and isinstance(schema.get("properties"), dict)


def _promised_structure(param: Param) -> str | None:
    named = NAMED_STRUCTURE.match(param.type_text)
    if named and named.group("name").lower() not in GENERIC_TYPE_NAMES:
        return f"its type names {named.group('name')}"
    mention = TABLE_MENTION.search(param.description)
    if mention:
        return f"its description refers to {mention.group(0)}"
    if BARE_OBJECT_TYPE.match(param.type_text) and not FREE_FORM.search(
        f"{param.name} {param.description}"
    ):
        return f"its type is {param.type_text.strip()}"
    return None


def _singulars(name: str) -> list[str]:
    """ "tags" -> tags, tag; "matches" -> matches, matche, match."""
    spellings = [name]
    if name.endswith("s"):
        spellings.append(name[:-1])
    if name.endswith("es"):
        spellings.append(name[:-2])
    return spellings


REQUEST_SIDE, RESPONSE_SIDE = "request", "response"


def _side(kind: str | None) -> str | None:
    """A table's side of the exchange: "other" (a request table) or a response kind."""
    if kind is None:
        return None
    return REQUEST_SIDE if kind == OTHER_KIND else RESPONSE_SIDE


def section_side(title: str | None) -> str | None:
    """The side of the exchange a section title names, as for examples (``title_side``)."""
    return title_side(title) if title else None


def _other(side: str) -> str:
    return RESPONSE_SIDE if side == REQUEST_SIDE else REQUEST_SIDE


def _row_links(table: ParamTable, param: Param) -> list[Link]:
    """Links of the Type cell, then the Parameter cell, then the Description cell."""
    columns = table.columns
    links: list[Link] = []
    for index in (columns.type, columns.name, columns.description):
        if index is not None and index < len(param.row.links):
            links.extend(
                link
                for link in param.row.links[index]
                if link.kind != "url" or page_link_path(link) is not None
            )
    return links


def _best(
    candidates: list[tuple[PlacedTable, CaptionName]],
    field_path: tuple[str, ...],
    page: DocPage,
    near_line: int | None,
    siblings: frozenset[str] = frozenset(),
) -> PlacedTable | None:
    """The table whose caption names the field best; the nearest after ``near_line`` wins ties."""
    scored = []
    for placed, name in candidates:
        score = name.score(field_path, siblings)
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


def _object_slot(schema: dict[str, Any]) -> dict[str, Any]:
    """Where a nested table's fields go: the object, its array items, or its map values."""
    if schema.get("type") == "array":
        schema.setdefault("items", {"type": "object"})
        return _object_slot(schema["items"])
    values = schema.get("additionalProperties")
    if isinstance(values, dict) and (not values or may_hold_object(values)):
        return _object_slot(values)  # ``{}``, any value, is its own slot
    return schema


def _fill(slot: dict[str, Any], nested: dict[str, Any]) -> None:
    for key in ("properties", "required", "patternProperties", "additionalProperties"):
        if key == "properties" and not nested.get(key):
            continue
        if key in nested and key not in slot:
            slot[key] = nested[key]
        elif key == "properties" and key in nested:
            slot[key] = {**nested[key], **slot[key]}


def _any_key_value(param: Param, schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of each value of an object whose keys a placeholder row stands for.

    ``{User defined key} | Map<String, X>``: the row names the map and its Type says so again,
    so each key holds an X, not a second map of X (the references write the map once).
    """
    typed = param.schema or {}
    typed_as_map = "additionalProperties" in typed or (
        is_plain_object(typed) and map_schema(param.type_text, "") is not None
    )
    value = schema.get("additionalProperties")
    if not typed_as_map or not isinstance(value, dict) or schema.get("properties"):
        return schema
    unwrapped = dict(value)
    for key in ("description", "x-doc"):
        if key in schema:
            unwrapped.setdefault(key, schema[key])
    return unwrapped


def _parent_lines(nodes: list[RowNode]) -> set[int]:
    lines: set[int] = set()
    pending = list(nodes)
    while pending:
        node = pending.pop()
        if node.children:
            lines.add(node.param.row.line)
            pending.extend(node.children)
    return lines


def _words(text: str) -> str:
    return SPACES.sub(" ", text).strip().lower()


def doc_citation(path: str, line: int, table: ParamTable) -> dict[str, Any]:
    """A property's ``x-doc``: the page's file and the row's line, the table's caption, and what
    finds the page on the published site: its title, and its ``original_name`` where the page
    declares one."""
    page = table.placed.page
    citation: dict[str, Any] = {"path": path, "line": line, "table": table.placed.table.caption}
    if page.title:
        citation["page"] = page.title
    if page.original_name:
        citation["original_name"] = page.original_name
    return citation
