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
