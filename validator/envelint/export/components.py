"""Nested tables the documentation reuses, lifted into ``components/schemas``.

A nested table cited by several schemas (the ``error`` structure every page of a reference
refers to, a ``server`` table shared by the listing and the detail pages) derives into the same
object schema in each of them: the same properties from the same rows. Each such object, found
twice or more, becomes one component; every place it stood holds a ``$ref`` to it, keeping its
own description and source (the row that cites the table), as 2020-12 allows beside ``$ref``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from envelint.export.schema_forms import DATA, NAMED_SCHEMAS, SOURCE

# What differs between two citations of one table: the citing row, not the table.
CITATION_KEYS = ("description", "title", SOURCE)
COMPONENT_NAME = re.compile(r"[^A-Za-z0-9._-]+")
TABLE_NUMBER = re.compile(r"^\s*table\s+\d+(?:[-.]\d+)*\s*", re.IGNORECASE)


def component_name(text: str) -> str:
    """A component name (``^[A-Za-z0-9._-]+$``) made from any text."""
    return COMPONENT_NAME.sub("_", text).strip("_.") or "schema"


@dataclass
class Components:
    """Schemas by component name; ``add`` keeps names unique."""

    schemas: dict[str, Any] = field(default_factory=dict)

    def add(self, wanted: str, schema: Any) -> str:
        name = component_name(wanted)
        unique, number = name, 2
        while unique in self.schemas:
            unique, number = f"{name}_{number}", number + 1
        self.schemas[unique] = schema
        return unique


def lift_reused_tables(roots: dict[str, Any], components: Components) -> dict[str, Any]:
    """``roots`` (component name -> schema) with every object schema found twice or more below
    them replaced by a ``$ref`` to a component of its own, added to ``components``."""
    counts: Counter[str] = Counter()
    for schema in roots.values():
        for child in _children(schema):
            _count(child, counts)
    lifter = _Lifter({key for key, count in counts.items() if count > 1}, components)
    return {name: lifter.below(schema) for name, schema in roots.items()}


def _table_key(node: dict[str, Any]) -> str:
    return json.dumps(
        {key: value for key, value in node.items() if key not in CITATION_KEYS}, sort_keys=True
    )


def _is_table(node: Any) -> bool:
    return (
        isinstance(node, dict)
        and bool(node.get("properties"))
        and isinstance(node["properties"], dict)
    )


def _count(node: Any, counts: Counter[str]) -> None:
    if _is_table(node):
        counts[_table_key(node)] += 1
    for child in _children(node):
        _count(child, counts)


def _children(node: Any) -> list[Any]:
    if not isinstance(node, dict):
        return []
    found: list[Any] = []
    for key, value in node.items():
        if key in DATA or key.startswith("x-"):
            continue
        if key in NAMED_SCHEMAS and isinstance(value, dict):
            found.extend(value.values())
        elif isinstance(value, dict):
            found.append(value)
        elif isinstance(value, list):
            found.extend(item for item in value if isinstance(item, dict))
    return found


class _Lifter:
    def __init__(self, reused: set[str], components: Components):
        self.reused = reused
        self.components = components
        self.names: dict[str, str] = {}  # table key -> component name

    def below(self, node: Any) -> Any:
        """``node`` itself kept, its descendants lifted where reused."""
        if not isinstance(node, dict):
            return node
        result: dict[str, Any] = {}
        for key, value in node.items():
            if key in DATA or key.startswith("x-"):
                result[key] = value
            elif key in NAMED_SCHEMAS and isinstance(value, dict):
                result[key] = {name: self.lifted(sub, name) for name, sub in value.items()}
            elif isinstance(value, dict):
                result[key] = self.lifted(value, key)
            elif isinstance(value, list):
                result[key] = [self.lifted(item, key) for item in value]
            else:
                result[key] = value
        return result

    def lifted(self, node: Any, property_name: str) -> Any:
        if not _is_table(node):
            return self.below(node)
        key = _table_key(node)
        if key not in self.reused:
            return self.below(node)
        if key not in self.names:
            body = self.below({k: v for k, v in node.items() if k not in CITATION_KEYS})
            self.names[key] = self.components.add(_table_name(node, property_name), body)
        citation = {k: v for k, v in node.items() if k in CITATION_KEYS}
        return {"$ref": f"#/components/schemas/{self.names[key]}", **citation}


def _table_name(node: dict[str, Any], property_name: str) -> str:
    """The table's caption without its number ("Table 3 server fields" -> server_fields),
    after its page's file name; else the property that holds it."""
    for row in node["properties"].values():
        source = row.get(SOURCE) if isinstance(row, dict) else None
        if isinstance(source, dict) and source.get("table"):
            page = str(source.get("path") or "").rsplit("/", 1)[-1].rsplit(".", 1)[0]
            caption = TABLE_NUMBER.sub("", str(source["table"]))
            return f"{page}.{caption}" if page else caption
    return property_name
