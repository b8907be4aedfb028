"""Which column of a parameter table holds the name, the type, the presence, the description."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from envelint.derive.types import vocabulary

NAME_HEADERS = {
    "parameter",
    "parameters",
    "name",
    "parameter name",
    "field",
    "field name",
    "attribute",
    "response item",
    "element",
    "property",
    "key",
    "item",
    "request parameter",
    "response parameter",
    "header",
    "header name",
}
TYPE_HEADERS = {"type", "data type", "parameter type", "value type", "datatype"}
MANDATORY_HEADERS = {
    "mandatory",
    "required",
    "mandatory/optional",
    "optional/mandatory",
    "mandatory or optional",
    "mandatory yes/no",  # OBS: "Mandatory (Yes/No)"
    "mandatory or not",  # DLI, MRS: "Mandatory or Not"
    "is mandatory",
    "is required",
    "m/o",
    "presence",
    "optional",
}
DESCRIPTION_HEADERS = {
    "description",
    "descriptions",
    "remarks",
    "remark",
    "explanation",
    "details",
    "note",
    "notes",
    "meaning",
    "comment",
    "comments",
    "value description",
}
# "Status Code | Type | Description": a table of codes, whose Type column names their class.
CODE_HEADERS = {"status code", "http status code", "error code", "return code"}
PUNCTUATION = re.compile(r"[^\w/ ]+")


def header_word(text: str) -> str:
    return " ".join(PUNCTUATION.sub(" ", text.lower()).split())


@dataclass
class Columns:
    name: int | None = None
    type: int | None = None
    mandatory: int | None = None
    description: int | None = None
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (index, header text)
    name_inferred: bool = False  # no header names the name column: the first column is taken

    @property
    def is_parameter_table(self) -> bool:
        return self.name is not None and (self.type is not None or self.description is not None)


def find_columns(header: list[str]) -> Columns:
    words = [header_word(cell) for cell in header]
    columns = Columns(
        name=_first(words, NAME_HEADERS),
        type=_first(words, TYPE_HEADERS),
        mandatory=_first(words, MANDATORY_HEADERS),
        description=_first(words, DESCRIPTION_HEADERS),
    )
    if columns.type is None:
        _take_type_word_as_type(columns, header, words)
    codes = any(word in CODE_HEADERS for word in words)
    if columns.name is None and columns.type is not None and columns.type > 0 and not codes:
        columns.name = 0
        columns.name_inferred = True
    return columns


def _first(words: list[str], accepted: set[str]) -> int | None:
    return next((index for index, word in enumerate(words) if word in accepted), None)


def _take_type_word_as_type(columns: Columns, header: list[str], words: list[str]) -> None:
    """`| Parameter | Mandatory | String | Description |`: a type word where "Type" belongs."""
    taken = {columns.name, columns.mandatory, columns.description}
    for index, word in enumerate(words):
        if index in taken or not word:
            continue
        if vocabulary().schema_for(header[index]) is not None:
            columns.type = index
            columns.malformed.append((index, header[index]))
            return


def looks_like_header(cells: list[str]) -> bool:
    """A first row that names the columns (a grid table written without a header rule)."""
    words = [header_word(cell) for cell in cells]
    return any(word in NAME_HEADERS for word in words) and any(
        word in TYPE_HEADERS | DESCRIPTION_HEADERS for word in words
    )
