"""The schema a payload is validated against: the documented schema plus what the rules add.

The configured strictness (undocumented fields, every field required) and the rules that can be
written as schema (placeholder values, error-code and id forms) are folded in, so that a valid
payload costs one compiled-validator call. Each folded rule lives in an ``allOf`` item tagged
``"x-envelint-rule": CODE``, so the rule path can tell its errors from the documentation's.
"""

from __future__ import annotations

from typing import Any

import orjson

from envelint.config.settings import Settings
from envelint.rules.base import REGISTRY, RULE_TAG
from envelint.rules.envelope import (
    ERROR_CODE_FIELDS,
    ERROR_CODE_PATTERN,
    ID_FIELDS,
    ID_PATTERNS,
    PLACEHOLDER_PATTERN,
)


def validation_schema(
    schema: dict, settings: Settings, *, abnormal: bool, placeholders: bool = True
) -> dict:
    """A new dict: ``schema`` with the configured strictness and the schema-shaped rules.

    ``placeholders=False`` leaves E003 out: the fast path's schema for a text that
    ``may_hold_placeholder`` clears, where it would cost a regex call on every string.
    """
    result = orjson.loads(orjson.dumps(schema))
    stack = [result]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        properties = node.get("properties")
        if isinstance(properties, dict):
            if settings.undocumented != "off" and "additionalProperties" not in node:
                node["additionalProperties"] = False
            if settings.required == "all" and properties:
                node["required"] = list(properties)
            for name, subschema in properties.items():
                if isinstance(subschema, dict):
                    _fold_field_rules(name, subschema, settings, abnormal, placeholders)
            stack.extend(properties.values())
        for keyword in ("items", "additionalProperties"):
            if isinstance(node.get(keyword), dict):
                stack.append(node[keyword])
    return result


def _fold_field_rules(
    name: str, node: dict, settings: Settings, abnormal: bool, placeholders: bool
) -> None:
    if not _allows_strings(node):
        return
    if placeholders and _enabled(settings, "E003"):
        _add(node, "E003", {"not": {"type": "string", "pattern": PLACEHOLDER_PATTERN}})
    if abnormal and name in ERROR_CODE_FIELDS and _enabled(settings, "E004"):
        _add(node, "E004", {"pattern": ERROR_CODE_PATTERN})
    if name in ID_FIELDS and _enabled(settings, "E005"):
        _add(node, "E005", {"pattern": ID_PATTERNS[name]})


def _enabled(settings: Settings, code: str) -> bool:
    return settings.enabled(REGISTRY[code])


def _allows_strings(node: dict) -> bool:
    kind = node.get("type")
    return kind == "string" or (isinstance(kind, list) and "string" in kind)


def _add(node: dict, code: str, constraint: dict[str, Any]) -> None:
    node.setdefault("allOf", []).append({RULE_TAG: code, **constraint})
