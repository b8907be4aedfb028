"""The schema a payload is validated against: the documented schema plus what the rules add.

The configured strictness (undocumented fields, every field required) and the rules that fold
into the schema (``FoldedIntoSchema``) are added, so that a valid payload costs one
compiled-validator call. Each folded constraint lives in an ``allOf`` item tagged
``"x-envelint-rule": CODE``, so the full path can tell its errors from the documentation's.

:class:`ValidationSchemas` keeps these schemas and their compiled validators for the run: both
paths use the same ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import jsonschema_rs
import orjson

from envelint.catalog.matching import is_abnormal_entry
from envelint.catalog.store import Catalog
from envelint.common.errors import EnvelintError
from envelint.config.settings import Settings
from envelint.rules.base import RULE_TAG, Rule
from envelint.rules.contract import FoldedIntoSchema, FoldSite


class Fold(NamedTuple):
    """An enabled rule's constraint on string fields, with the rule's options."""

    code: str
    constraint: Callable[[FoldSite, Any], dict[str, Any] | None]
    options: Any
    guarded: bool  # the rule says which texts cannot break it (``may_break``)


def folds_of(rules: list[Rule], options: dict[str, Any]) -> list[Fold]:
    """The folds of the rules that fold into the schema, in the rules' order."""
    return [
        Fold(rule.code, part.constraint, options[rule.code], part.may_break is not None)
        for rule in rules
        if isinstance(part := rule.fast_path, FoldedIntoSchema)
    ]


def validation_schema(
    schema: dict[str, Any], settings: Settings, folds: list[Fold], *, abnormal: bool
) -> dict[str, Any]:
    """A new dict: ``schema`` with the configured strictness and the folded constraints."""
    result: dict[str, Any] = orjson.loads(orjson.dumps(schema))
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
                if isinstance(subschema, dict) and _allows_strings(subschema):
                    _fold(FoldSite(name, subschema, abnormal, result), subschema, folds)
            stack.extend(properties.values())
        for keyword in ("items", "additionalProperties"):
            if isinstance(node.get(keyword), dict):
                stack.append(node[keyword])
        if isinstance(node.get("patternProperties"), dict):
            stack.extend(node["patternProperties"].values())
    return result


def _fold(site: FoldSite, node: dict[str, Any], folds: list[Fold]) -> None:
    for fold in folds:
        constraint = fold.constraint(site, fold.options)
        if constraint is not None:
            node.setdefault("allOf", []).append({RULE_TAG: fold.code, **constraint})


def _allows_strings(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    return kind == "string" or (isinstance(kind, list) and "string" in kind)


def _refuse_remote(uri: str) -> Any:
    raise EnvelintError(f"remote $ref {uri!r} refused: envelint never uses the network")


class ValidationSchemas:
    """Each schema's validation schema and compiled validator, built once for the run.

    ``cleared=True`` gives them without the guarded folds: for a text whose guards
    (``FoldedIntoSchema.may_break``) all say that it cannot break them.
    """

    def __init__(self, catalog: Catalog, settings: Settings, folds: list[Fold]):
        self.catalog = catalog
        self.settings = settings
        self.folds = folds
        self.unguarded_folds = [fold for fold in folds if not fold.guarded]
        self._schemas: dict[tuple[str, bool], dict[str, Any]] = {}
        self._validators: dict[tuple[str, bool], Any] = {}
        self._top_level: dict[str, list[str]] = {}

    def top_level_properties(self, schema_id: str) -> list[str]:
        if schema_id not in self._top_level:
            properties = self.catalog.schema(schema_id).get("properties", {})
            self._top_level[schema_id] = list(properties) if isinstance(properties, dict) else []
        return self._top_level[schema_id]

    def schema_for(self, schema_id: str, *, cleared: bool = False) -> dict[str, Any]:
        key = (schema_id, cleared)
        if key not in self._schemas:
            self._schemas[key] = validation_schema(
                self.catalog.schema(schema_id),
                self.settings,
                self.unguarded_folds if cleared else self.folds,
                abnormal=is_abnormal_entry(self.catalog.by_id[schema_id]),
            )
        return self._schemas[key]

    def validator_for(self, schema_id: str, *, cleared: bool = False) -> Any:
        key = (schema_id, cleared)
        if key not in self._validators:
            try:
                self._validators[key] = jsonschema_rs.validator_for(
                    self.schema_for(schema_id, cleared=cleared), retriever=_refuse_remote
                )
            except (ValueError, jsonschema_rs.ValidationError) as error:
                reason = str(error).strip().splitlines()[0]  # one line, not the library's dump
                raise EnvelintError(f"schema {schema_id} cannot be compiled: {reason}") from None
        return self._validators[key]
