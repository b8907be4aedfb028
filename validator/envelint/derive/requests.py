"""Request tables -> an operation's request contract (``RequestSpec``).

A page documents its request in parameter tables of the request side (``context`` reads them
as ``other``: not a response), told apart by what their caption, else their section, says:

- a **header** table ("Request header parameters", a section "Request Header");
- a **query** table ("Query Parameters", "query parameter descriptions"): a row naming a
  variable of the page's templates is that path parameter all the same;
- a **URI** table ("Path Parameters", "URI parameters", a table in the section "URI"): its
  rows that name a variable of the page's templates are path parameters, the others query
  parameters (ECS lists ``project_id`` and ``limit`` in one "Parameter description" table);
- the **body** table: the first other request table whose caption does not name a nested field
  (a nested field's table is reached from its parent row, as for responses). A GET or HEAD
  request has no body: what its body table lists are query parameters.

The body becomes a schema of its own (an entry of kind ``request``, built by derivation with
the response side's table reading, ``required`` from the Mandatory column); path, query and
header parameters become one small object schema each, stored in the operation. Every property
carries ``x-doc`` (path, line, table) like a response field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from envelint.catalog.store import RequestSpec
from envelint.catalog.templates import path_parameters
from envelint.derive.builder import SchemaBuilder
from envelint.derive.captions import caption_name, caption_names_a_field
from envelint.derive.context import OTHER_KIND, TABLE_NUMBER
from envelint.derive.index import PlacedTable
from envelint.derive.names import FIELD
from envelint.derive.nesting import RowNode
from envelint.derive.params import Param, ParamTable
from envelint.docs import Block, DocPage, DocTable

NOT_REQUEST_BODY = re.compile(r"\buri\b|\burl\b|\bpath\b|\bquery\b|\bheaders?\b", re.I)
RESPONSE_WORDS = re.compile(r"\bresponses?\b", re.IGNORECASE)
BODY_WORDS = re.compile(r"\bbody\b", re.IGNORECASE)
HEADER_WORDS = re.compile(r"\bheaders?\b", re.IGNORECASE)
QUERY_WORDS = re.compile(r"\bquery\b", re.IGNORECASE)
PATH_WORDS = re.compile(r"\bpath\b", re.IGNORECASE)
URI_WORDS = re.compile(r"\buri\b|\burl\b", re.IGNORECASE)
BODILESS_METHODS = frozenset({"GET", "HEAD"})  # a request body has no meaning: no body keys
HEADERS, QUERY, PATH, URI, BODY = "headers", "query", "path", "uri", "body"


@dataclass
class RequestTables:
    """A page's request tables, read once for all its methods."""

    body: ParamTable | None = None
    body_names: tuple[str, ...] = ()  # the body's top-level rows (path and query names left out)
    forest: list[RowNode] = field(default_factory=list)  # the body table's rows, nested
    left_out: frozenset[str] = frozenset()  # its rows that are path or query parameters
    # place -> (table, row) in page order: what the URI, query and header tables list
    rows: dict[str, list[tuple[ParamTable, Param]]] = field(default_factory=dict)
    # Body tables of other cases after ``body`` ("Parameter for replica creation"): the body is
    # one of them.
    cases: list[ParamTable] = field(default_factory=list)

    def required_names(self) -> tuple[str, ...]:
        """The body's top-level fields that every case marks mandatory."""
        if self.body is None:
            return ()
        names = set(self.body_names)
        required = [
            node.param.name
            for node in self.forest
            if node.param.name in names and node.param.mandatory
        ]
        for case in self.cases:
            mandatory = {param.name for param in case.params if param.mandatory}
            required = [name for name in required if name in mandatory]
        return tuple(dict.fromkeys(required))


def read_request_tables(page: DocPage, builder: SchemaBuilder) -> RequestTables:
    found = RequestTables(rows={HEADERS: [], QUERY: [], PATH: [], URI: []})
    uri_names = frozenset(page_path_names(page) | page_query_names(page) | page_query_flags(page))
    for table in page.tables:
        param_table = _request_table(page, table, builder)
        if param_table is None:
            continue
        place = table_place(table)
        if place != BODY:
            found.rows[place].extend((param_table, param) for param in param_table.params)
            continue
        if found.body is not None:
            if _another_case(found.body, param_table, builder):
                found.cases.append(param_table)
                more = (p.name for p in param_table.params if p.name not in found.left_out)
                found.body_names = tuple(dict.fromkeys((*found.body_names, *more)))
            continue
        if _nested_field_table(table, param_table):
            continue
        # A table that says it is the body holds only body fields, even one named like a path
        # variable (CSS: a body field ``type`` beside ``/type/{type}``); a "Request parameters"
        # table may list the URI's parameters too (OBS: ``uploadId`` and ``partNumber``).
        leave_out = frozenset() if _says_body(table) else uri_names
        forest = builder.row_forest(param_table)
        names = tuple(dict.fromkeys(n.param.name for n in forest if n.param.name not in leave_out))
        if names:
            found.body, found.body_names, found.forest = param_table, names, forest
            found.left_out = leave_out
    return found


def _nested_field_table(table: DocTable, param_table: ParamTable) -> bool:
    """A table whose caption names a field ("server field description"): that field's table.
    Not when it lists the field itself ("Description for the user format" whose row is
    ``user``): a table cannot be the nested table of its own row."""
    if not caption_names_a_field(table):
        return False
    named = caption_name(table)
    rows = {param.name for param in param_table.params}
    return named is None or not (set(named.path[-1:]) | set(named.alternatives)) & rows


# "Parameter for Replica creation", "Elements for adding rules that redirect requests",
# "Request parameters when the gadget is a replica", "Parameter description (creating read
# replicas)": a body table of one case.
NAMES_A_CASE = re.compile(
    r"\b(?:for|when|if|in case of)\b|\((?:when |if )?(?:creating|adding|updating|modifying|"
    r"changing|deleting|removing|restoring|replacing|using|enabling|disabling|setting)\b",
    re.IGNORECASE,
)


def _another_case(body: ParamTable, table: ParamTable, builder: SchemaBuilder) -> bool:
    """A later body table of the same section whose caption names a case, or that is
    introduced by a label naming a case (a list item or short paragraph right before it, or
    its own subsection's title) as the body table is too, and that no row links to or names by
    its number (such a table describes that row's field, or one case of it: "For details, see
    Table 3. When creating a replica, see Table 4."): the body of that case."""
    caption = TABLE_NUMBER.sub("", table.placed.table.caption or "")
    named = caption_name(table.placed.table)
    by_caption = (
        table.placed.table.section == body.placed.table.section
        and NAMES_A_CASE.search(caption) is not None
    )
    introduced = _introduced_case(body, table)
    return (
        (by_caption or introduced)
        and not builder.is_linked(table.placed)
        and not builder.is_referred(table.placed)
        and (named is None or not _names_a_row(named.path[-1:], table.placed.page, builder))
    )


@dataclass(frozen=True)
class _Introduction:
    """What stands right before a table: the paragraph or list item introducing it, the title
    of the section holding it and the title of that section's parent ("" for the page's)."""

    text: str
    section: str
    parent: str


def _introductions(page: DocPage) -> dict[int, _Introduction]:
    """Each table's introduction, by the table's line."""
    found: dict[int, _Introduction] = {}
    titles: list[Block] = []
    previous: Block | None = None
    for block in page.blocks:
        if block.kind == "section":
            while titles and titles[-1].level >= block.level:
                titles.pop()
            titles.append(block)
        elif block.table is not None:
            text = previous.text if previous is not None and previous.kind == "paragraph" else ""
            section = titles[-1].text if titles else ""
            # the section above its own, unless that is the page's title: tables of two of
            # the page's sections ("Request", "Example Request") are no cases of one request
            parent = titles[-2].text if len(titles) > 1 and titles[-2].level > 1 else ""
            found[block.table.line] = _Introduction(text, section, parent)
        previous = block
    return found


def case_label(page: DocPage, table: DocTable) -> str:
    """What names the case of a body table: its caption when it names one ("Parameter for
    replica creation"), else the list item or paragraph right before it ("Parameters for
    creating an image using a data disk"), else the title of its own section ("When a backup
    is used"); "" when none names a case."""
    caption = TABLE_NUMBER.sub("", table.caption or "")
    if NAMES_A_CASE.search(caption):
        return table.caption or ""
    introduction = _introductions(page).get(table.line)
    if introduction is None:
        return ""
    for text in (introduction.text, introduction.section):
        if text and not RESPONSE_WORDS.search(text) and NAMES_A_CASE.search(text):
            return text
    return ""


def _introduced_case(body: ParamTable, table: ParamTable) -> bool:
    """Both tables are introduced by labels naming a case, and stand in the same section (or
    each in a subsection of the same section: "When an Archive Is Used")."""
    page = table.placed.page
    if not case_label(page, body.placed.table) or not case_label(page, table.placed.table):
        return False
    introductions = _introductions(page)
    first = introductions.get(body.placed.table.line)
    later = introductions.get(table.placed.table.line)
    if first is None or later is None:
        return False
    return first.section == later.section or first.parent == later.parent != ""


def _names_a_row(names: tuple[str, ...], page: DocPage, builder: SchemaBuilder) -> bool:
    """One of ``names`` is a row of a parameter table of the page (the caption names a field)."""
    for doc_table in page.tables:
        param_table = builder.param_table(PlacedTable(page, doc_table))
        if param_table is not None and any(p.name in names for p in param_table.params):
            return True
    return False


def _says_body(table: DocTable) -> bool:
    return any(BODY_WORDS.search(text) for text in (table.caption or "", table.heading or ""))


def _request_table(page: DocPage, table: DocTable, builder: SchemaBuilder) -> ParamTable | None:
    texts = (table.caption or "", table.heading or "", table.section or "")
    if any(RESPONSE_WORDS.search(text) for text in texts):  # "Response headers"
        return None
    param_table = builder.param_table(PlacedTable(page, table))
    if param_table is None or param_table.kind != OTHER_KIND or not param_table.params:
        return None
    return param_table


def table_place(table: DocTable) -> str:
    """Where a request table's parameters go: its caption decides, else its heading and
    section (a "Table 1 Parameter description" in the section "URI")."""
    texts = [table.caption or "", table.heading or "", table.section or ""]
    if not any(NOT_REQUEST_BODY.search(text) for text in texts):
        return BODY
    for text in texts:
        if HEADER_WORDS.search(text):
            return HEADERS
        if QUERY_WORDS.search(text):
            return QUERY
        if PATH_WORDS.search(text):
            return PATH
        if URI_WORDS.search(text):
            return URI
    return BODY  # not reached: one of the texts said one of the words


# Names only a request header has: X-Auth-Token, X-Project-Id, Content-Type, Authorization.
HEADER_NAME = re.compile(
    r"^(?:x-[\w-]+|content-(?:type|length|md5|encoding|language)|authorization|accept"
    r"(?:-[a-z]+)?|user-agent|host|cookie|if-(?:none-)?match|if-(?:un)?modified-since|range)$",
    re.IGNORECASE,
)
# Said to travel in the header ("Carried in the request header."), not merely to mention one
# ("If the client fails to send a request header within the timeout", a query parameter).
HEADER_SAID = re.compile(
    r"\b(?:carried|included|placed|passed|sent|specified|set|contained|added)\s+in\s+(?:the\s+)?"
    r"(?:request\s+|http\s+)?headers?\b|^\W*(?:request|http)\s+header\b",
    re.IGNORECASE,
)


def is_header_row(param: Param) -> bool:
    """A row that is a request header wherever a table lists it: named like one (``X-...``,
    ``Content-Type``), or said to be one ("Carried in the request header")."""
    return bool(HEADER_NAME.match(param.name) or HEADER_SAID.search(param.description or ""))


def page_path_names(page: DocPage) -> set[str]:
    return {name for line in page.request_lines for name in path_parameters(line.path)}


def page_query_names(page: DocPage) -> set[str]:
    return {name for line in page.request_lines for name in line.query}


def page_query_flags(page: DocPage) -> set[str]:
    """The query keys written without a value: ``uploads`` in ``POST /ObjectName?uploads``."""
    return {name for line in page.request_lines for name in line.flags}


def request_spec(
    page: DocPage,
    tables: RequestTables,
    builder: SchemaBuilder,
    method: str,
    body_schema: str | None,
) -> RequestSpec | None:
    """The request contract of one method of the page; None when no table documents one."""
    path_names = page_path_names(page)
    query_names = page_query_names(page)
    places: dict[str, list[tuple[ParamTable, Param]]] = {HEADERS: [], QUERY: [], PATH: []}
    places[HEADERS].extend(tables.rows[HEADERS])

    def query_or_header(row: tuple[ParamTable, Param]) -> None:
        # X-Auth-Token beside project_id in a URI table is a header all the same
        header = row[1].name not in query_names and is_header_row(row[1])
        places[HEADERS if header else QUERY].append(row)

    for table, param in tables.rows[QUERY]:  # IAM labels {group_id}'s row "Query parameters"
        if param.name in path_names:
            places[PATH].append((table, param))
        else:
            query_or_header((table, param))
    for table, param in [*tables.rows[PATH], *tables.rows[URI]]:
        in_path = param.name in path_names or (
            table_place(table.placed.table) == PATH
            and param.name not in query_names
            and not is_header_row(param)
        )
        if in_path:
            places[PATH].append((table, param))
        else:
            query_or_header((table, param))
    bodiless = method in BODILESS_METHODS
    if bodiless and tables.body is not None:  # a GET's "request parameters" are its query
        for node in tables.forest:
            if node.param.name in tables.body_names:
                query_or_header((tables.body, node.param))
    spec = RequestSpec(
        body=None if bodiless else body_schema,
        path=_parameters_schema(places[PATH], builder),
        query=_parameters_schema(places[QUERY], builder),
        headers=_parameters_schema(places[HEADERS], builder),
    )
    return None if spec.is_empty else spec


def _parameters_schema(
    rows: list[tuple[ParamTable, Param]], builder: SchemaBuilder
) -> dict[str, Any] | None:
    """An object schema of the parameters: the first row of each name, required where its
    Mandatory cell says yes."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    with builder.requesting():
        for table, param in rows:
            if param.name in properties or param.role != FIELD:
                continue
            builder.start_schema()
            properties[param.name] = builder.property_schema(
                table, param, (param.name,), (table.placed.key,)
            )
            if param.mandatory:
                required.append(param.name)
    if not properties:
        return None
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema
