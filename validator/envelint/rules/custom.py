"""Declarative custom rules from the configuration: data, never code.

A custom rule names the values it looks at with a JSON pointer (``given``), where a ``*`` token
matches any key or index, and what must hold for each of them (``then``): ``type``, ``pattern``,
``enum``, ``min-length``, ``max-length`` (characters of a string, items of an array),
``required`` (the last step must exist in every object, or array for an index or ``*``, that
the steps before it lead to) and ``forbidden`` (the pointer must match nothing).

Patterns run on the Rust ``regex`` engine of jsonschema_rs, which has no backtracking: a pattern
written in a configuration file cannot hang the run. It has no look-around and no
back-references either, which the configuration loader reports when it compiles the rule.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import jsonschema_rs
import orjson

from envelint.common.findings import Severity
from envelint.jsontext.model import UNKNOWN
from envelint.jsontext.pointer import escape as escape_pointer_token
from envelint.jsontext.pointer import is_array_index
from envelint.jsontext.pointer import split as split_pointer
from envelint.rules.base import json_type

WILDCARD = "*"

ValueCheck = Callable[[object], "str | None"]


CUSTOM_PREFIX = "X"  # the codes of the configuration's custom rules
CUSTOM_FAMILY = "custom"


@dataclass
class CustomRule:
    code: str  # X001, X002, ...
    name: str  # the rule's id in the configuration
    given: str  # a JSON pointer; "*" tokens match any key or index
    then: dict[str, Any]  # the checks, as written in the configuration
    message: str | None = None  # replaces the generated message when given
    severity: Severity = Severity.WARNING
    family: str = field(default=CUSTOM_FAMILY, init=False)
    tokens: list[str] = field(init=False, repr=False, compare=False)
    value_checks: list[ValueCheck] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.tokens = split_pointer(self.given)
        self.value_checks = compile_value_checks(self.then)

    @property
    def summary(self) -> str:
        return self.message or f"{self.given or 'the payload'} must pass {_dumps(self.then)}"

    @property
    def description(self) -> str:
        return (
            "A custom rule of the configuration.\n\n"
            f"given: {self.given}\nthen: {_dumps(self.then, sort_keys=True)}"
        )


def check_custom(value: object, rule: CustomRule) -> Iterator[tuple[str, str]]:
    """(pointer, message) for each place where ``value`` breaks ``rule``."""
    tokens = rule.tokens
    if rule.then.get("required") and tokens:
        for pointer, parent in matches(value, tokens[:-1]):
            if _can_hold(parent, tokens[-1]) and not _children(parent, tokens[-1]):
                yield pointer, rule.message or f"missing {_describe_step(tokens[-1])}"
    found = list(matches(value, tokens))
    if rule.then.get("forbidden"):
        for pointer, _ in found:
            yield pointer, rule.message or f"{_last_step(pointer)} must not be present"
    for pointer, item in found:
        if item is UNKNOWN:  # unreadable: the JSON rules report it
            continue
        for check in rule.value_checks:
            problem = check(item)
            if problem:
                yield pointer, rule.message or problem


# -- walking the pointer ------------------------------------------------------------------------


def matches(value: object, tokens: list[str]) -> Iterator[tuple[str, object]]:
    """(pointer, value) of every place the tokens lead to, in document order."""
    current = [("", value)]
    for token in tokens:
        current = [
            (f"{pointer}/{escape_pointer_token(str(key))}", child)
            for pointer, node in current
            for key, child in _children(node, token)
        ]
    yield from current


def _children(node: object, token: str) -> list[tuple[str | int, object]]:
    if isinstance(node, dict):
        if token == WILDCARD:
            return list(node.items())
        return [(token, node[token])] if token in node else []
    if isinstance(node, list):
        if token == WILDCARD:
            return list(enumerate(node))
        if is_array_index(token) and int(token) < len(node):
            return [(int(token), node[int(token)])]
    return []


def _can_hold(parent: object, token: str) -> bool:
    """Could ``parent`` have a ``token`` step? (``required`` says nothing about other values,
    as the JSON Schema keywords ``required`` and ``minItems`` say nothing about them.)"""
    if isinstance(parent, dict):
        return True
    return isinstance(parent, list) and (token == WILDCARD or is_array_index(token))


def _last_step(pointer: str) -> str:
    tokens = split_pointer(pointer)
    return f"'{tokens[-1]}'" if tokens else "the payload"


def _describe_step(token: str) -> str:
    return "any member" if token == WILDCARD else f"'{token}'"


# -- compiling the value checks -----------------------------------------------------------------


def compile_value_checks(then: dict[str, Any]) -> list[ValueCheck]:
    """One function per check of ``then`` that looks at a value (compiled once, here)."""
    checks: list[ValueCheck] = []
    if "type" in then:
        checks.append(_type_check(then["type"]))
    if "enum" in then:
        checks.append(_enum_check(then["enum"]))
    if "pattern" in then:
        checks.append(_pattern_check(then["pattern"]))
    if "min-length" in then:
        checks.append(_length_check(then["min-length"], at_least=True))
    if "max-length" in then:
        checks.append(_length_check(then["max-length"], at_least=False))
    return checks


def compile_pattern(pattern: str) -> Any:
    """A jsonschema_rs validator for ``pattern`` on the backtracking-free regex engine.

    Raises ValueError when the engine cannot run the pattern.
    """
    try:
        return jsonschema_rs.validator_for(
            {"pattern": pattern}, pattern_options=jsonschema_rs.RegexOptions()
        )
    except (ValueError, jsonschema_rs.ValidationError):
        raise ValueError(pattern) from None


def _type_check(wanted: str | list[str]) -> ValueCheck:
    types = [wanted] if isinstance(wanted, str) else list(wanted)
    accepted = set(types) | ({"integer"} if "number" in types else set())

    def check(value: object) -> str | None:
        found = json_type(value)
        if found in accepted:
            return None
        return f"expected {' or '.join(types)}, found {found}"

    return check


def _enum_check(options: list[Any]) -> ValueCheck:
    keys = {_comparable(option) for option in options}
    shown = ", ".join(_show(option) for option in options)

    def check(value: object) -> str | None:
        return None if _comparable(value) in keys else f"{_show(value)} is not one of {shown}"

    return check


def _pattern_check(pattern: str) -> ValueCheck:
    validator = compile_pattern(pattern)

    def check(value: object) -> str | None:
        if not isinstance(value, str) or validator.is_valid(value):
            return None
        return f"{_show(value)} does not match '{pattern}'"

    return check


def _length_check(limit: int, at_least: bool) -> ValueCheck:
    def check(value: object) -> str | None:
        if not isinstance(value, (str, list)):
            return None
        length = len(value)
        if (length >= limit) if at_least else (length <= limit):
            return None
        unit = "characters" if isinstance(value, str) else "items"
        bound = "at least" if at_least else "at most"
        return f"has {length} {unit}, expected {bound} {limit}"

    return check


def _comparable(value: object) -> tuple[str, str]:
    """A key under which JSON-equal values are equal: true is not 1, but 1 is 1.0."""
    kind = json_type(value)
    if kind == "integer":
        return "number", str(int(cast(float, value)))
    if kind == "number":
        return "number", repr(value)
    return kind, _dumps(value, sort_keys=True)


def _show(value: object, limit: int = 40) -> str:
    text = _dumps(value) if value is not UNKNOWN else "?"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _dumps(value: object, sort_keys: bool = False) -> str:
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else 0).decode()
    except TypeError:  # integers beyond 64 bits, NaN: the standard library writes them
        return json.dumps(value, sort_keys=sort_keys, default=repr)
