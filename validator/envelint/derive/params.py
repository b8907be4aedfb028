"""A parameter table read as fields: name, type schema, presence, description, source row."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from envelint.derive.columns import Columns, find_columns, looks_like_header
from envelint.derive.context import OTHER_KIND, table_kind
from envelint.derive.index import PlacedTable
from envelint.derive.issues import (
    MALFORMED_HEADER,
    UNKNOWN_TYPE,
    DocIssue,
    IssueLog,
    quoted,
)
from envelint.derive.maps import names_map_key
from envelint.derive.names import (
    ANY_KEY_NAME,
    BODY,
    BODY_NAME,
    FIELD,
    MAP_KEY,
    read_name,
)
from envelint.derive.types import TypeReading, vocabulary
from envelint.docs import DocPage, DocRow, ItemList

SAYS_YES = re.compile(r"^(?:yes|y|m|mandatory|required|true)\b", re.IGNORECASE)
# "Yes when func_vpc is not empty", "Mandatory for AK/SK-based authentication", "Yes (If the
# volume is created ...)": a condition after the yes makes the field conditionally required.
CONDITION = re.compile(
    r"^\W*(?:when|if|only|for|unless|in case|under|where|conditional)\b", re.IGNORECASE
)
TABLE_MENTION = re.compile(r"\bTable \d+", re.IGNORECASE)
# A cell left not applicable ("-", "N/A", "/"): in a Type cell, no type is said, as when empty.
NOT_APPLICABLE = re.compile(r"^(?:[-–—/]|--|n/?a)$", re.IGNORECASE)
CAPTION_WORDS = re.compile(r"[A-Za-z][\w.\-]*")
# A field's name as a Parameter cell writes it: an identifier ("job_id", "metadata.name",
# "servers[]"), not a number ("1") and not a phrase ("Streaming cluster").
IDENTIFIER_NAME = re.compile(r"^[A-Za-z_$@][\w.\-\[\]$@:]*$")


@dataclass
class Param:
    name: str
    row: DocRow
    type_text: str  # the Type cell, links read as "ref"
    schema: dict[str, Any] | None  # the type's schema; None when the type is unknown
    description: str
    description_lists: list[ItemList]
    required: bool
    # FIELD, ANY_KEY ("{User defined key}"), MAP_KEY (a row saying what its parent's keys are) or
    # BODY ("[items]": the body itself)
    role: str = FIELD
    structure: str | None = None  # the structure the type names ("nodegroup"), lower case
    # Its Mandatory cell says yes without a condition, whatever side the table is on: what a
    # request must send (``required`` is the response side's reading).
    mandatory: bool = False


@dataclass
class ParamTable:
    placed: PlacedTable
    columns: Columns
    kind: str | None  # "normal", "abnormal", "status-NNN", "other" or None (not said)
    params: list[Param]

    @property
    def body_param(self) -> Param | None:
        """The one row standing for the whole body ("[items]" of an array body), if so."""
        if len(self.params) == 1 and self.params[0].role == BODY:
            return self.params[0]
        return None


def read_params(placed: PlacedTable, display_path: str, issues: IssueLog) -> ParamTable | None:
    """The table's fields, or None when it is not a parameter table."""
    table = placed.table
    header, header_columns, rows = table.header, table.header_columns, table.rows
    header_line = table.header_line or table.line
    if not header and rows and looks_like_header(rows[0].cells):
        header, header_columns, header_line = rows[0].cells, rows[0].columns, rows[0].line
        rows = rows[1:]
    columns = find_columns(header)
    if not columns.is_parameter_table or not _cells_read_as_parameters(rows, columns, placed.page):
        return None
    for index, text in columns.malformed:
        column = cell_column(header_columns, index)
        issues.add(_malformed_header(display_path, header_line, column, text))
    kind = table_kind(table)
    params = _params(rows, columns, placed.page, display_path, issues)
    _mark_required(params, columns, kind)
    return ParamTable(placed=placed, columns=columns, kind=kind, params=params)


def _cells_read_as_parameters(rows: list[DocRow], columns: Columns, page: DocPage) -> bool:
    """The cells agree with the header: a parameter table names fields and types them.

    A lookup table (``ID | Type | Description`` of diagnosis ids, whose Type is a category such
    as "cause") has the header of one. When no header names the first column as the field's
    name, most of its cells must be identifiers; and a Type column must hold type phrases on
    most rows, not a few words, repeated, that name nothing the page describes (a category).
    """
    named = [row for row in rows if not row.spanned and row.cell(columns.name).strip()]
    if not named:
        return True
    if columns.name_inferred:
        identifiers = sum(1 for row in named if _is_identifier(row.cell(columns.name)))
        if 2 * identifiers <= len(named):
            return False
    if columns.type is None or len(named) < 2:
        return True
    typed = [row for row in named if _type_text(row, columns).strip()]
    words = [
        " ".join(text.lower().split())
        for row in typed
        if _is_category(text := _type_text(row, columns), row, columns, page)
    ]
    # A category column repeats a few words ("cause" on every row); structure names that no
    # table explains differ from row to row, and stay D002 findings of a parameter table.
    return 2 * len(words) <= len(typed) or 2 * len(set(words)) > len(words)


def _is_identifier(text: str) -> bool:
    """A field's name, or a placeholder standing for any key ("{key}", "*"), not a phrase."""
    text = text.strip()
    if BODY_NAME.match(text) or ANY_KEY_NAME.match(text):
        return True
    field_name = read_name(text)
    return (
        field_name is not None
        and field_name.role == FIELD
        and all(IDENTIFIER_NAME.match(name) for name in field_name.names)
    )


def _is_category(type_text: str, row: DocRow, columns: Columns, page: DocPage) -> bool:
    """A lone word that is no type and names no structure of the page ("cause", "impact")."""
    reading = vocabulary().read(type_text)
    return (
        reading is not None
        and reading.bare_name
        and _read_type(type_text, row, columns, page) is None
    )


def _params(
    rows: list[DocRow], columns: Columns, page: DocPage, path: str, issues: IssueLog
) -> list[Param]:
    params: list[Param] = []
    read = [(row, read_name(row.cell(columns.name))) for row in rows if not row.spanned]
    named = [(row, name) for row, name in read if name is not None]
    for row, field_name in named:
        type_text = _type_text(row, columns)
        reading = _read_type(type_text, row, columns, page)
        if reading is None:
            issues.add(_unknown_type(path, row, columns, type_text))
        schema = reading.schema if reading is not None else None
        role = field_name.role
        description = row.cell(columns.description)
        if role == FIELD and len(field_name.names) == 1:
            role = MAP_KEY if names_map_key(field_name.names[0], description) else role
        for name in field_name.names:
            params.append(
                Param(
                    name=name,
                    row=row,
                    type_text=type_text,
                    schema=schema,
                    description=description,
                    description_lists=_lists(row, columns.description),
                    required=False,
                    role=role,
                    structure=reading.structure if reading is not None else None,
                )
            )
    return params


def _read_type(type_text: str, row: DocRow, columns: Columns, page: DocPage) -> TypeReading | None:
    """The Type cell's reading; a lone name only when a table is pointed at or named so."""
    if not type_text or NOT_APPLICABLE.match(type_text.strip()):
        return TypeReading({})
    reading = vocabulary().read(type_text)
    if reading is None or not reading.bare_name:
        return reading
    name = reading.structure or ""
    if _row_points_at_table(row, columns, name) or name in _table_names(page):
        return reading
    return None


def _row_points_at_table(row: DocRow, columns: Columns, name: str) -> bool:
    """ "ChargeInfo | For details, see Table 6": a link to a table, or to the name, or a table
    number in the row."""
    for cell in row.links:
        for link in cell:
            if link.kind != "url" and (
                TABLE_MENTION.search(link.text) or name in link.text.lower()
            ):
                return True
    return bool(TABLE_MENTION.search(row.cell(columns.description)))


def _table_names(page: DocPage) -> set[str]:
    """Every word of the page's table captions, headings and labels, lower case."""
    words: set[str] = set()
    for table in page.tables:
        for text in (table.caption or "", table.heading or "", *table.labels):
            words.update(word.lower() for word in CAPTION_WORDS.findall(text))
    return words


def _type_text(row: DocRow, columns: Columns) -> str:
    index = columns.type
    if index is None or index >= len(row.link_words):
        return ""
    return row.link_words[index]


def _lists(row: DocRow, index: int | None) -> list[ItemList]:
    if index is None or index >= len(row.lists):
        return []
    return row.lists[index]


# "This parameter is mandatory only if you have enabled virtual MFA-based login protection.",
# "This parameter is not contained in the request when the EIP is unbound.", "Mandatory when
# type is set to X.", "This parameter is not required when ...", "Set it only when ...": the
# Description names a case in which the field is not sent, which makes a "Yes" conditional.
CONDITION_IN_DESCRIPTION = re.compile(
    r"\b(?:mandatory|required)\s+only\s+(?:if|when|for)\b|"
    r"\bonly\s+(?:mandatory|required)\s+(?:if|when|for)\b|"
    r"\b(?:is|are)\s+(?:mandatory|required)\s+(?:if|when|unless)\b|"
    r"(?:^|[.;:]\s+)\W*(?:mandatory|required)\s+(?:if|when|unless|for)\b|"
    r"\bnot\s+(?:be\s+)?(?:contained|included|carried|present|passed|sent|transferred|"
    r"specified|mandatory|required|needed|necessary)\b[^.;]{0,80}?\b(?:when|if|unless)\b|"
    r"\b(?:does|do)\s+not\s+need\s+to\s+be\s+\w+\b[^.;]{0,60}?\b(?:when|if)\b|"
    r"\b(?:parameter|field|it)\s+(?:is|are)\s+(?:valid|used|needed|available|configured|"
    r"specified|set|passed)\s+only\s+(?:when|if)\b|"
    r"^\W*only\s+(?:when|if)\b",
    re.IGNORECASE,
)


def says_mandatory(cell: str) -> bool:
    """A Mandatory cell that says yes without a condition: "Yes", "Mandatory", "Required"."""
    text = cell.strip()
    found = SAYS_YES.match(text)
    return found is not None and not CONDITION.match(text[found.end() :])


def _mark_required(params: list[Param], columns: Columns, kind: str | None) -> None:
    """Required only where a response table says so: its Mandatory column says Yes.

    "This field is optional." on some rows says nothing of the others (real tables note it on
    one row in forty), and a Mandatory column of a request table is about requests: a response
    row that reuses the table takes the fields, not the obligation.
    """
    if columns.mandatory is None:
        return
    names_per_row = Counter(id(param.row) for param in params)
    for param in params:
        cell = param.row.cell(columns.mandatory)
        # "domain_name or domain_id": one of them is present, neither alone is required.
        alone = names_per_row[id(param.row)] == 1 and param.role == FIELD
        conditional = bool(CONDITION_IN_DESCRIPTION.search(param.description))
        param.mandatory = says_mandatory(cell) and alone and not conditional
        param.required = bool(SAYS_YES.match(cell)) and alone and kind != OTHER_KIND


def cell_column(columns: list[int], index: int) -> int:
    """Where cell ``index`` starts, given where each cell starts (1 when there is no such cell)."""
    return columns[index] if index < len(columns) else 1


def _malformed_header(path: str, line: int, column: int, text: str) -> DocIssue:
    return DocIssue(
        kind=MALFORMED_HEADER,
        message=f'expected the column header "Type", found the type word {quoted(text)}',
        path=path,
        line=line,
        column=column,
        hint="the column was read as the Type column; write 'Type' in the header",
    )


def _unknown_type(path: str, row: DocRow, columns: Columns, type_text: str) -> DocIssue:
    return DocIssue(
        kind=UNKNOWN_TYPE,
        message=f"expected a type such as String, Integer, Boolean, Object or Array of X, "
        f"found {quoted(type_text)}",
        path=path,
        line=row.line,
        column=cell_column(row.columns, columns.type or 0),
        hint="the field is left unconstrained; fix the Type cell or add the word to types.yaml",
        subject=type_text,
    )
