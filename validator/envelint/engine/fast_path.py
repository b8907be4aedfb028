"""The fast path: is this payload free of findings? One orjson parse and one validator call.

orjson parses the bytes; the rules' cheap pre-checks (limits, text, shape) may send the payload
to the full path; otherwise the compiled validator of the chosen schema, with every folded rule
in it, answers. The pre-checks are composed here once, from what each rule module declares
(``envelint.rules.contract``), so no rule is named and no record pays for a rule it cannot
break. A "yes" here means the full path finds nothing either; a "no" means: look closer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

import orjson

from envelint.captures.jsonl_file import without_line_ending
from envelint.captures.payload import Payload
from envelint.catalog.matching import Selection, Selector
from envelint.engine.validation_schema import ValidationSchemas
from envelint.rules.base import Rule
from envelint.rules.contract import (
    FoldedIntoSchema,
    LimitPreCheck,
    Limits,
    ShapePreCheck,
    TextPreCheck,
)
from envelint.rules.custom import CustomRule, check_custom

_SHAPE_PLAN_LIMIT = 4096
# A text this long is worth one pass over it to spare work on each of its strings: it is
# scanned for what a guarded fold needs (placeholder marks: 1.4 us on 4 KB) to skip that fold's
# regex on every string (6.8 us; bench/record_costs.py). On a 70-byte record the pass costs
# more than it saves.
_LONG_TEXT = 512

TextCheck = Callable[[bytes, object], bool]
ValueCheck = Callable[[object], bool]
ShapeCheck = Callable[[object, Selection], "ValueCheck | None"]


class CompiledValidator(Protocol):
    """What the fast path asks of a jsonschema-rs validator."""

    def is_valid(self, instance: object) -> bool: ...


class _ShapePlan(NamedTuple):
    """What the fast path does with a record whose object has given top-level keys.

    A named tuple, not a dataclass: the JSON Lines loop unpacks it once per record.
    """

    validator: CompiledValidator | None  # of the selected schema; None: refuse (no schema)
    # The same without the guarded folds, for a long text the guards clear; None: no guarded
    # fold is enabled, so ``validator`` has none either.
    cleared_validator: CompiledValidator | None
    # The rules' shape pre-checks for these keys; None when no value of this shape can break
    # any (most shapes), so the check costs nothing on most records.
    refuses_value: ValueCheck | None


class FastPath:
    """The fast path's verdict on a payload, a bare body or a JSON Lines record.

    ``pre_check_rules`` are every payload rule, enabled or not: a pre-check also keeps the fast
    path's reading of a text the full path's (orjson keeps the last of duplicate keys, the full
    path reads no text over the size limit). ``enabled_rules`` give the guarded folds.
    """

    def __init__(
        self,
        schemas: ValidationSchemas,
        selector: Selector,
        limits: Limits,
        pre_check_rules: list[Rule],
        enabled_rules: list[Rule],
        custom_rules: list[CustomRule],
    ):
        self.schemas = schemas
        self.selector = selector
        self.limits = limits
        self.custom_rules = custom_rules
        parts = [rule.fast_path for rule in pre_check_rules]
        limit_checks = [part for part in parts if isinstance(part, LimitPreCheck)]
        # A text no longer than this breaks no limit: ``_over_a_limit`` looks at longer ones.
        self.safe_length = min(
            (check.safe_length(limits) for check in limit_checks), default=sys.maxsize
        )
        self._limit_checks = [check.exceeds for check in limit_checks]
        self._may_fire_on_text = _any_text_check(
            [part.may_fire for part in parts if isinstance(part, TextPreCheck)]
        )
        self._shape_check = _combined_shape_check(
            [part.for_shape for part in parts if isinstance(part, ShapePreCheck)]
        )
        self._is_cleared = _cleared_by(
            [
                part.may_break
                for rule in enabled_rules
                if isinstance(part := rule.fast_path, FoldedIntoSchema) and part.may_break
            ]
        )
        self._line_checkers: dict[str | None, Callable[[bytes], bool]] = {}

    def passes(self, payload: Payload) -> bool:
        if self._over_a_limit(payload.data):  # decided before orjson builds the value
            return False
        try:
            value = orjson.loads(payload.data)
        except orjson.JSONDecodeError:
            return False
        return self._accepts(payload.data, value, self.selector.select(payload, value))

    def accepts_body(self, data: bytes, schema_id: str | None) -> bool:
        """The fast path for a bare body (a JSON Lines record, no Payload made)."""
        if self._over_a_limit(data):
            return False
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            return False
        if schema_id:
            selection = self.selector.select_id(schema_id)
        else:
            selection = self.selector.by_shape(value)
        return self._accepts(data, value, selection)

    def _over_a_limit(self, data: bytes) -> bool:
        return len(data) > self.safe_length and self._exceeds_a_limit(data)

    def _accepts(self, data: bytes, value: object, selection: Selection) -> bool:
        """True when the payload has no finding: what the fast path decides. The limits are
        the callers' to check, before orjson builds ``value`` (``_over_a_limit``)."""
        if selection.entry is None or selection.notes:
            return False
        refuses_value = self._shape_check(value, selection)
        if refuses_value is not None and refuses_value(value):
            return False
        if self._may_fire_on_text(data, value):
            return False
        if not self._validator_for_text(selection.entry.id, data).is_valid(value):
            return False
        return not any(next(check_custom(value, rule), None) for rule in self.custom_rules)

    def _exceeds_a_limit(self, data: bytes) -> bool:
        limits = self.limits
        return any(exceeds(data, limits) for exceeds in self._limit_checks)

    def _validator_for_text(self, schema_id: str, data: bytes) -> Any:
        """The validator for this text: without the guarded folds when its guards clear it."""
        if self._is_cleared is not None and self._is_cleared(data):
            return self.schemas.validator_for(schema_id, cleared=True)
        return self.schemas.validator_for(schema_id)

    def accepts_file(self, data: bytes, schema_id: str | None) -> bool:
        """The fast path's verdict on the whole of a ``.json`` file, without a Payload.

        A long body goes to ``accepts_body`` whole: a line checker would drop its last line
        break, which counts against ``max-size`` on the full path.
        """
        if len(data) > self.safe_length:
            return self.accepts_body(data, schema_id)
        return self.line_checker(schema_id)(data)

    def line_checker(self, schema_id: str | None = None) -> Callable[[bytes], bool]:
        """``_accepts`` for a bare body: a record of a JSON Lines log (line break included) or a
        whole ``.json`` file, with the selection and the validator looked up once for each set
        of top-level keys. One checker per schema id for the engine's life, so files share it.

        Anything out of the ordinary (a record that is not an object, a long line, custom
        rules) takes ``accepts_body``; either way the verdict is ``_accepts``'s (the
        differential test and every rule case check it).
        """
        checker = self._line_checkers.get(schema_id)
        if checker is None:
            checker = self._line_checkers[schema_id] = self._new_line_checker(schema_id)
        return checker

    def _new_line_checker(self, schema_id: str | None) -> Callable[[bytes], bool]:
        accepts_body = self.accepts_body
        if self.custom_rules:
            return lambda line: accepts_body(without_line_ending(line), schema_id)
        long_line = self.safe_length
        plans: dict[tuple[str, ...], _ShapePlan] = {}
        loads, decode_error = orjson.loads, orjson.JSONDecodeError
        may_fire_on_text, is_cleared = self._may_fire_on_text, self._is_cleared or _never_cleared

        def accepts_line(line: bytes) -> bool:
            if len(line) > long_line:
                return accepts_body(without_line_ending(line), schema_id)
            try:
                value = loads(line)  # a line break is white space to JSON
            except decode_error:
                return False
            if type(value) is not dict:
                return accepts_body(without_line_ending(line), schema_id)
            keys = tuple(value)
            plan = plans.get(keys)
            if plan is None:
                if len(plans) >= _SHAPE_PLAN_LIMIT:
                    plans.clear()
                plan = plans[keys] = self._shape_plan(value, schema_id)
            validator, cleared_validator, refuses_value = plan
            if validator is None:
                return False
            if refuses_value is not None and refuses_value(value):
                return False
            if may_fire_on_text(line, value):
                return False
            if cleared_validator is not None and is_cleared(line):
                return cleared_validator.is_valid(value)
            return validator.is_valid(value)

        return accepts_line

    def _shape_plan(self, value: dict[str, Any], schema_id: str | None) -> _ShapePlan:
        selection = (
            self.selector.select_id(schema_id) if schema_id else self.selector.by_shape(value)
        )
        if selection.entry is None or selection.notes:
            return _ShapePlan(None, None, None)
        schema_id = selection.entry.id
        return _ShapePlan(
            self.schemas.validator_for(schema_id),
            self.schemas.validator_for(schema_id, cleared=True) if self._is_cleared else None,
            self._shape_check(value, selection),
        )


def _never_cleared(data: bytes) -> bool:
    """Stands for ``_is_cleared`` when no fold is guarded (no cleared validator either)."""
    return False


def _any_text_check(checks: list[TextCheck]) -> TextCheck:
    if len(checks) == 1:
        return checks[0]  # the usual case: called directly, no wrapper per record
    return lambda data, value: any(check(data, value) for check in checks)


def _combined_shape_check(checks: list[ShapeCheck]) -> ShapeCheck:
    if len(checks) == 1:
        return checks[0]

    def for_shape(value: object, selection: Selection) -> ValueCheck | None:
        found = [check for check in (make(value, selection) for make in checks) if check]
        if not found:
            return None
        return lambda value: any(check(value) for check in found)

    return for_shape


def _cleared_by(guards: list[Callable[[bytes], bool]]) -> Callable[[bytes], bool] | None:
    """True for a long text that no guard says may break its fold; None without guards."""
    if not guards:
        return None
    if len(guards) == 1:
        (may_break,) = guards
        return lambda data: len(data) >= _LONG_TEXT and not may_break(data)
    return lambda data: len(data) >= _LONG_TEXT and not any(guard(data) for guard in guards)
