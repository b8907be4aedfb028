"""Maps: an object whose keys are data (ids, names), each value of one documented shape.

The Type cell says so with ``Map<K, V>`` (types.yaml); the Description cell says so when the
Type is a plain object: "The structure is Map<String, Object>", "The key indicates the network
name ... The value indicates the network attribute specified in Table 7", "key-value pairs
where the key indicates ...". The keys are then never checked against a table: the schema has
no fixed properties, its ``additionalProperties`` is the value's schema, and a table linked from
the row describes each value (``builder._object_slot`` fills it there).

A value written ``Object`` ("Map<String, Object>") is Java for "any value": the linked table
gives the value's fields without requiring it to be an object.
"""

from __future__ import annotations

import re
from typing import Any

from envelint.derive.types import vocabulary

# "Map<String, Object>", "Map<String, Array of objects>" written in the description.
MAP_PHRASE = re.compile(r"\bmap\s*<(?P<inner>[^<>]*(?:<[^<>]*>[^<>]*)?)>", re.IGNORECASE)
STRUCTURE_IS_MAP = re.compile(
    r"\b(?:structure|format|type) is (?:a )?map\b|\bin (?:the )?map format\b", re.IGNORECASE
)
KEY_STATEMENT = re.compile(
    r"\b(?:the |each )?keys? (?:is|are|indicates?|represents?|refers? to)\b", re.IGNORECASE
)
VALUE_STATEMENT = re.compile(
    r"\b(?:the |each )?values? (?:is|are|indicates?|represents?|refers? to)\b", re.IGNORECASE
)
KEY_VALUE_PAIRS = re.compile(
    r"\bkey[- ]value pairs?\b[^.]*?\b(?:where|in which|whose)\b[^.]*?\bkeys?\b[^.]*?"
    r"\b(?:is|are|indicates?|represents?)\b",
    re.IGNORECASE,
)


def is_plain_object(schema: dict[str, Any] | None) -> bool:
    """``{"type": "object"}`` and nothing more: no fields, no values described yet."""
    return schema == {"type": "object"}


MAP_TYPE_WORDS = {"map", "dictionary", "dictionary data structure"}


def map_schema(type_text: str, description: str) -> dict[str, Any] | None:
    """The map schema a plain object field's Type or Description declares, else None.

    ``Map<String,Object>`` in the Type cell reads as a plain object (any value, types.yaml):
    here it still says that the keys are data."""
    normal = " ".join(type_text.lower().split())
    if MAP_PHRASE.match(normal) or normal in MAP_TYPE_WORDS:
        return {"type": "object", "additionalProperties": {}}
    return described_map(description)


def described_map(description: str) -> dict[str, Any] | None:
    """The map schema a Description cell declares, else None."""
    text = " ".join(description.split())
    phrase = MAP_PHRASE.search(text)
    declared = (
        phrase is not None
        or STRUCTURE_IS_MAP.search(text) is not None
        or KEY_VALUE_PAIRS.search(text) is not None
        or _key_and_value(text)
    )
    if not declared:
        return None
    values: dict[str, Any] = {}
    if phrase is not None:
        read = vocabulary().schema_for(f"map<{phrase.group('inner')}>")
        if read is not None and isinstance(read.get("additionalProperties"), dict):
            values = read["additionalProperties"]
    return {"type": "object", "additionalProperties": values}


def _key_and_value(text: str) -> bool:
    """ "The key indicates ..., the value indicates ...": both halves of a pair described."""
    key = KEY_STATEMENT.search(text)
    return key is not None and VALUE_STATEMENT.search(text, key.end()) is not None


# 'In "max_connections": "10", the key is max_connections': a key row that shows a key as a
# member name, or says the key is a name ("The key indicates the parameter name").
KEY_IS_DATA = re.compile(
    r'"[^"\s]+"\s*:|\bkeys?\s+(?:is|are|indicates?|represents?|refers?\s+to)\s+(?:the\s+|a\s+)?'
    r"(?:\w+\s+)?(?:names?|ids?|parameters?|fields?)\b",
    re.IGNORECASE,
)
SEVERAL_PAIRS = re.compile(
    r"\b(?:one or (?:more|multiple)|multiple|several|a set of|a list of)\s+key[- ]value pairs?\b",
    re.IGNORECASE,
)
# "The table lists only common parameters.", "Other fields can also be specified.": the object
# takes fields the table does not list.
OPEN_OBJECT = re.compile(
    r"\b(?:other|more|additional|further|custom)\s+(?:fields|parameters|attributes|keys|"
    r"properties)\s+(?:can|may)\s+(?:also\s+)?be\s+(?:specified|added|set|configured|included|"
    r"passed|used)\b|\b(?:lists?|describes?|shows?|contains?)\s+only\s+(?:some|part|"
    r"(?:the\s+)?(?:common|main|commonly used|key))\b",
    re.IGNORECASE,
)
# "Metadata includes system default fields and the fields set by users.", "user-defined
# fields", "custom key-value pairs": an object also holds keys its users choose, which no table
# can list. Said of an array, the words describe its items (pairs), not keys beside theirs.
USER_KEYS = re.compile(
    r"\b(?:fields|keys|attributes|properties|parameters)\s+(?:that\s+are\s+)?(?:set|defined|"
    r"added|specified|customized|configured)\s+by\s+(?:the\s+)?(?:users?|tenants?|customers?)\b"
    r"|\b(?:user[- ]defined|custom(?:ized)?)\s+(?:fields|keys|attributes|properties|"
    r"key[- ]value\s+pairs)\b",
    re.IGNORECASE,
)


def key_value_values(rows: list[tuple[str, str, dict[str, Any] | None]]) -> dict[str, Any] | None:
    """The schema of each value when a nested table describes a map rather than an object, else
    None. ``rows``: the table's (name, description, schema), in order.

    Two rows, ``key`` and ``value``, whose key row says the keys are data ('in
    "max_connections": "10", the key is max_connections'); or one row described as "one or
    multiple key-value pairs" (``key_val``). A ``{key, value}`` pair without that (a tag) keeps
    its two fields."""
    names = [name.lower() for name, _, _ in rows]
    if sorted(names) == ["key", "value"]:
        key_text = rows[names.index("key")][1]
        value_schema = rows[names.index("value")][2]
        if KEY_IS_DATA.search(key_text):
            return value_schema if value_schema is not None else {}
        return None
    if len(rows) == 1 and SEVERAL_PAIRS.search(rows[0][1]):
        schema = rows[0][2]
        return schema if schema is not None and schema.get("type") != "object" else {}
    return None


# "key: indicates the ID of the VPC", "The key is the VPC ID", "The key value is the VPC ID";
# then "value: indicates the VPC details", "the value is ...".
# each opening a sentence or a list item.
ROW_KEY_STATEMENT = re.compile(
    r"(?:^|[.;!?]\s+|-\s+)(?:the\s+|each\s+)?\**key\**(?:\s+value)?"
    r"(?:\s*:\s|\s+(?:is|indicates|represents|refers\s+to)\b)"
    r"(?P<key>[^.;]*?)(?=\bvalue\b|[.;]|$)",
    re.IGNORECASE,
)
ROW_VALUE_STATEMENT = re.compile(
    r"(?:^|[.;,!?]\s+|-\s+|\band\s+)(?:the\s+|each\s+|its\s+)?\**values?\**"
    r"(?:\s*:\s|\s+(?:is|are|indicates|represents|refers\s+to)\b)",
    re.IGNORECASE,
)
NAME_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def names_map_key(name: str, description: str) -> bool:
    """True when a row stands for the keys of its parent object, a map: ``vpc_id | Array of
    objects | key: the ID of the VPC ... value: the VPC details, see Table 11``.

    Its description says what a key is, in words that spell the row's own name (vpc_id: "the
    ID of the VPC"), and then what each value is. A field that merely mentions a key ("key_id |
    The ID of the key used for encryption") describes no key and no value, and stays a field."""
    text = " ".join(description.split())
    words = {word.lower() for word in NAME_WORD.findall(name)}
    if len(words) < 2:
        return False  # one word (metadata, tags) names the map, not its keys
    for statement in ROW_KEY_STATEMENT.finditer(text):
        said = {word.lower() for word in NAME_WORD.findall(statement.group("key"))}
        if words <= said and ROW_VALUE_STATEMENT.search(text[statement.end() :]):
            return True
    return False


def is_open_object(description: str, is_array: bool = False) -> bool:
    """The field's table lists only some of its fields, or its users add their own: others are
    allowed."""
    text = " ".join(description.split())
    if OPEN_OBJECT.search(text) is not None:
        return True
    return not is_array and USER_KEYS.search(text) is not None
