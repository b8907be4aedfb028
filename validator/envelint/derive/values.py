"""What a Description cell adds to a field's schema: enum values and format annotations.

Enums come only from an explicit, closed value list: a clean bullet list where every item opens
with the value as a term ("ACTIVE: running"), after "Enumerated values:", "Options:" or the
field's own sentence, and nothing saying it is a sample ("including", "such as", "e.g.",
"Examples:", "…", "and more", "etc." in its lead or items). Values the description's sentences
name beside such a list ("the value can be A, B, or C", "value CUSTOMIZED is returned") belong
to the same set: prose never makes an enum on its own, it only completes one. Formats named in
prose ("UUID", "ISO 8601") are annotations only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from envelint.docs import ItemList

DESCRIPTOR_WORDS = {
    "default",
    "default value",
    "minimum",
    "maximum",
    "min",
    "max",
    "format",
    "length",
    "range",
    "example",
    "examples",
    "note",
    "notes",
    "value",
    "values",
    "unit",
    "constraint",
    "constraints",
    "definition",
    "type",
    "description",
}
# A list after "In this example:" or "consists of" names the parts of one value, not its values.
PARTS_NOT_VALUES = re.compile(
    r"\bexample\b|\be\.g\.|\bsuch as\b|\bconsists? of\b|\bis made of\b",
    re.IGNORECASE,
)
# "For details about possible values, see ...": the list is a sample, the full one is elsewhere.
DEFERRED_VALUES = re.compile(
    r"possible values[^.]*\bsee\b|\bfor details about\b[^.]*\bvalues?\b[^.]*\bsee\b",
    re.IGNORECASE,
)
# A sample of the values, not all of them: said before the list, or as its last item.
OPEN_LIST = re.compile(
    r"\bincluding\b|\bsuch as\b|\be\.g\.|\bfor example\b|\bexamples?\b|\band more\b|"
    r"\betc\b|…|\.\.\.",
    re.IGNORECASE,
)
OPEN_ITEM = re.compile(r"^\s*(?:…|\.\.\.|etc\b|and (?:more|so on)\b)", re.IGNORECASE)
# Values the prose names beside the list, as part of the same closed set: "value CUSTOMIZED is
# returned", "the value can be A, B, or C".
RETURNED_VALUE = re.compile(r"\bvalue ([\w.:\-]+) is returned\b", re.IGNORECASE)
_VALUE = r"[\w.:\-]+"
VALUE_CAN_BE = re.compile(
    rf"\bthe value (?:can|may) (?:only )?(?:also )?be "
    rf"((?:{_VALUE}, )*{_VALUE},? (?:or|and) {_VALUE})",
    re.IGNORECASE,
)
VALUE_SEPARATOR = re.compile(r",? (?:or|and) |, ")
# "The returned parameter can be of integer, string, or Boolean type": a value of several types,
# where the Type cell could only say Object.
TYPES_NAMED = re.compile(
    r"\bcan be (?:of )?(?:the )?((?:\w+, )*\w+,? (?:or|and) \w+) types?\b", re.IGNORECASE
)
JSON_TYPE_WORDS = {
    "string": "string",
    "integer": "integer",
    "int": "integer",
    "number": "number",
    "float": "number",
    "boolean": "boolean",
    "bool": "boolean",
    "object": "object",
    "array": "array",
    "list": "array",
}
FORMATS = (
    (re.compile(r"\bUUID\b"), "uuid"),
    (re.compile(r"\bISO[ -]?8601\b", re.IGNORECASE), "date-time"),
)


def enum_values(
    description: str, lists: list[ItemList], json_type: object
) -> list[str | int | float] | None:
    """The values of the one clean top-level bullet list, typed like the field, if any."""
    if json_type not in ("string", "integer", "number"):
        return None
    if len(lists) != 1 or len(lists[0].items) < 2:
        return None
    lead = lists[0].lead
    if PARTS_NOT_VALUES.search(lead) or DEFERRED_VALUES.search(description):
        return None
    if OPEN_LIST.search(lead):
        return None
    if any(OPEN_ITEM.match(item.text) for item in lists[0].items):
        return None
    values = []
    for item in lists[0].items:
        if item.term is None:
            return None
        value = item.term.strip().strip("\"'")
        if not value or value.lower() in DESCRIPTOR_WORDS or value.endswith(":"):
            return None
        values.append(value)
    typed = _typed(values, json_type)
    if typed is None:
        return None
    named = [_typed([value], json_type) for value in _prose_values(description)]
    extra = [value[0] for value in named if value is not None]
    extra = [value for value in extra if value in typed or not _variant_of(value, typed)]
    return list(dict.fromkeys([*typed, *extra]))


def _variant_of(value: str | int | float, listed: Sequence[str | int | float]) -> bool:
    """ "instance" beside a listed "instances": the prose and the list disagree on one value
    (the table contradicts itself), not a value the list left out."""
    if not isinstance(value, str):
        return False
    words = [item for item in listed if isinstance(item, str)]
    return bool(difflib.get_close_matches(value.lower(), [w.lower() for w in words], cutoff=0.8))


def _prose_values(description: str) -> list[str]:
    """The values a sentence of the description names ("value CUSTOMIZED is returned")."""
    text = " ".join(description.split())
    found = [match.group(1) for match in RETURNED_VALUE.finditer(text)]
    for match in VALUE_CAN_BE.finditer(text):
        found.extend(VALUE_SEPARATOR.split(match.group(1)))
    return [value.strip(".:") for value in found if value.strip(".:")]


def _typed(values: list[str], json_type: object) -> Sequence[str | int | float] | None:
    if json_type == "string":
        return values
    try:
        if json_type == "integer":
            return [int(value) for value in values]
        return [float(value) for value in values]
    except ValueError:
        return None


def described_types(description: str) -> list[str] | None:
    """The JSON types a description says the value may have ("can be of integer, string, or
    Boolean type"), when it names two or more and nothing else; else None."""
    found = TYPES_NAMED.search(" ".join(description.split()))
    if found is None:
        return None
    words = [word.lower() for word in VALUE_SEPARATOR.split(found.group(1))]
    if len(words) < 2 or any(word not in JSON_TYPE_WORDS for word in words):
        return None
    return list(dict.fromkeys(JSON_TYPE_WORDS[word] for word in words))


def format_annotation(description: str, json_type: object) -> str | None:
    if json_type != "string":
        return None
    for pattern, name in FORMATS:
        if pattern.search(description):
            return name
    return None
