"""The engine: check each payload against its documented response, fast when it is valid.

Fast path: orjson parses the bytes and the compiled validator of the chosen schema answers in one
call. Only a payload that fails there takes the full path: the lenient parser recovers what it
can with positions, every enabled rule runs, and findings are located and worded. A payload the
fast path accepts gets no finding on the full path either (a differential test keeps that true).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import jsonschema_rs
import orjson

from envelint.captures.jsonl_file import without_line_ending
from envelint.captures.payload import Payload
from envelint.catalog.matching import Selection, Selector, is_abnormal_entry
from envelint.catalog.store import Catalog, CatalogEntry
from envelint.common.errors import EnvelintError
from envelint.common.findings import Finding
from envelint.common.limits import DEFAULT_MAX_DEPTH
from envelint.config.settings import Settings
from envelint.engine.validation_schema import validation_schema
from envelint.jsontext.pointer import escape as escape_pointer_token
from envelint.jsontext.pointer import resolve as resolve_pointer
from envelint.rules import payload_rules
from envelint.rules.base import (
    REGISTRY,
    PayloadContext,
    Rule,
    SchemaError,
    Violation,
)
from envelint.rules.custom import CustomRule, check_custom
from envelint.rules.envelope import (
    may_hold_placeholder,
    normal_fields_beside_error,
    normal_keys_beside_error,
)

_SHAPE_PLAN_LIMIT = 4096
# A text this long is worth one pass over it to spare work on each of its strings: it is
# scanned for placeholder marks (1.4 us on 4 KB) to skip E003's regex on every string (6.8 us;
# bench/record_costs.py), and re-encoded to prove it has no duplicate key before counting its
# colons (the slower).
# On a 70-byte record either pass costs more than it saves.
_LONG_TEXT = 512


class _ShapePlan(NamedTuple):
    """What the fast path does with a record whose object has given top-level keys.

    A named tuple, not a dataclass: the JSON Lines loop unpacks it once per record.
    """

    validator: Any  # the compiled validator of the selected schema; None: refuse (no schema)
    # The same without E003, for a long text ``may_hold_placeholder`` clears; None: no such
    # shortcut (E003 is off, so ``validator`` has no placeholder check either).
    plain_validator: Any
    # The normal fields to look for beside an ``error`` object (E001); empty when these keys
    # hold no ``error`` or no normal field, so the check costs nothing on most records.
    normal_fields: frozenset[str]


def _refuse_remote(uri: str) -> Any:
    raise EnvelintError(f"remote $ref {uri!r} refused: envelint never uses the network")


class Engine:
    def __init__(self, catalog: Catalog, settings: Settings | None = None):
        self.catalog = catalog
        self.settings = settings or Settings()
        self.rules: list[Rule] = [rule for rule in payload_rules() if self.settings.enabled(rule)]
        self.custom_rules = [r for r in self.settings.custom_rules if self.settings.enabled(r)]
        self._validators: dict[tuple[str, bool], Any] = {}
        self._schemas: dict[tuple[str, bool], dict] = {}
        self._scan_placeholders = self.settings.enabled(REGISTRY["E003"])
        self._top_level: dict[str, list[str]] = {}
        self._line_checkers: dict[str | None, Callable[[bytes], bool]] = {}
        # A text this long may break a limit (max-size, max-items): it takes ``_accepts_body``.
        self._limits_checked_above = min(self.settings.max_size, self.settings.max_items)
        mapped = self.settings.schema_for_path if self.settings.schema_map else None
        self.selector = Selector(catalog, self.top_level_properties, mapped)

    # -- schemas --------------------------------------------------------------------------

    def top_level_properties(self, schema_id: str) -> list[str]:
        if schema_id not in self._top_level:
            properties = self.catalog.schema(schema_id).get("properties", {})
            self._top_level[schema_id] = list(properties) if isinstance(properties, dict) else []
        return self._top_level[schema_id]

    def schema_for(self, schema_id: str, *, placeholders: bool = True) -> dict:
        key = (schema_id, placeholders)
        if key not in self._schemas:
            abnormal = is_abnormal_entry(self.catalog.by_id[schema_id])
            self._schemas[key] = validation_schema(
                self.catalog.schema(schema_id),
                self.settings,
                abnormal=abnormal,
                placeholders=placeholders,
            )
        return self._schemas[key]

    def validator_for(self, schema_id: str, *, placeholders: bool = True) -> Any:
        key = (schema_id, placeholders)
        if key not in self._validators:
            try:
                self._validators[key] = jsonschema_rs.validator_for(
                    self.schema_for(schema_id, placeholders=placeholders),
                    retriever=_refuse_remote,
                )
            except (ValueError, jsonschema_rs.ValidationError) as error:
                reason = str(error).strip().splitlines()[0]  # one line, not the library's dump
                raise EnvelintError(f"schema {schema_id} cannot be compiled: {reason}") from None
        return self._validators[key]

    def _fast_validator(self, schema_id: str, data: bytes) -> Any:
        """The validator for this text: without E003 when the text cannot hold a placeholder."""
        if self._scan_placeholders and _cannot_hold_placeholder(data):
            return self.validator_for(schema_id, placeholders=False)
        return self.validator_for(schema_id)

    # -- checking -------------------------------------------------------------------------

    def select(self, payload: Payload, value: object) -> Selection:
        return self.selector.select(payload, value)

    def check(self, payload: Payload) -> list[Finding]:
        if payload.skipped_reason is not None:  # not read (not JSON by its content type)
            return self._check_unread(payload, "E008")
        if self._passes_fast_path(payload):
            return []
        return self.check_fully(payload)

    def _check_unread(self, payload: Payload, code: str) -> list[Finding]:
        """A payload that is not read at all: only the rule that says why runs."""
        from envelint.jsontext import UNKNOWN, ParseResult

        nothing = ParseResult(UNKNOWN, [], {}, {}, set())
        context = PayloadContext(
            payload, nothing, None, None, "none", max_size=self.settings.max_size
        )
        return self._run([rule for rule in self.rules if rule.code == code], context)

    def _passes_fast_path(self, payload: Payload) -> bool:
        try:
            value = orjson.loads(payload.data)
        except orjson.JSONDecodeError:
            return False
        return self._accepts(payload.data, value, self.select(payload, value))

    def _accepts_body(self, data: bytes, schema_id: str | None) -> bool:
        """The fast path for a bare body (a JSON Lines record, no Payload made)."""
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            return False
        if schema_id:
            selection = self.selector.select_id(schema_id)
        else:
            selection = self.selector.by_shape(value)
        return self._accepts(data, value, selection)

    def _accepts(self, data: bytes, value: object, selection: Selection) -> bool:
        """True when the payload has no finding: what the fast path decides."""
        if selection.entry is None or selection.notes:
            return False
        if not self._within_limits(data):
            return False
        if normal_fields_beside_error(value, selection.normal_fields):
            return False
        if _may_have_duplicate_keys(data, value):
            return False
        if not self._fast_validator(selection.entry.id, data).is_valid(value):
            return False
        return not any(next(check_custom(value, rule), None) for rule in self.custom_rules)

    def line_checker(self, schema_id: str | None = None) -> Callable[[bytes], bool]:
        """``_accepts`` for a bare body: a record of a JSON Lines log (line break included) or a
        whole ``.json`` file, with the selection and the validator looked up once for each set
        of top-level keys. One checker per schema id for the engine's life, so files share it.

        Anything out of the ordinary (a record that is not an object, a long line, configured
        limits or custom rules) takes ``_accepts_body``; either way the verdict is ``_accepts``'s
        (the differential test and every rule case check it).
        """
        checker = self._line_checkers.get(schema_id)
        if checker is None:
            checker = self._line_checkers[schema_id] = self._new_line_checker(schema_id)
        return checker

    def accepts_file(self, data: bytes, schema_id: str | None) -> bool:
        """The fast path's verdict on the whole of a ``.json`` file, without a Payload.

        A long body goes to ``_accepts_body`` whole: a line checker would drop its last line
        break, which counts against ``max-size`` on the full path.
        """
        if len(data) > self._limits_checked_above:
            return self._accepts_body(data, schema_id)
        return self.line_checker(schema_id)(data)

    def _new_line_checker(self, schema_id: str | None) -> Callable[[bytes], bool]:
        accepts_body = self._accepts_body
        if self.custom_rules or self.settings.max_depth < DEFAULT_MAX_DEPTH:
            return lambda line: accepts_body(without_line_ending(line), schema_id)
        long_line = self._limits_checked_above
        plans: dict[tuple, _ShapePlan] = {}
        loads, decode_error = orjson.loads, orjson.JSONDecodeError

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
            validator, plain_validator, normal_fields = plan
            if validator is None:
                return False
            if normal_fields and normal_fields_beside_error(value, normal_fields):
                return False
            if _may_have_duplicate_keys(line, value):
                return False
            if plain_validator is not None and _cannot_hold_placeholder(line):
                return plain_validator.is_valid(value)
            return validator.is_valid(value)

        return accepts_line

    def _shape_plan(self, value: dict, schema_id: str | None) -> _ShapePlan:
        selection = (
            self.selector.select_id(schema_id) if schema_id else self.selector.by_shape(value)
        )
        if selection.entry is None or selection.notes:
            return _ShapePlan(None, None, frozenset())
        schema_id = selection.entry.id
        beside = normal_keys_beside_error(value, selection.normal_fields)
        return _ShapePlan(
            self.validator_for(schema_id),
            self.validator_for(schema_id, placeholders=False) if self._scan_placeholders else None,
            selection.normal_fields if beside else frozenset(),
        )

    def _within_limits(self, data: bytes) -> bool:
        """Cheap byte-count bounds: False when the full path must look (J005, J006, J007)."""
        settings = self.settings
        if len(data) > settings.max_size:
            return False
        openers = None
        if settings.max_depth < DEFAULT_MAX_DEPTH:  # orjson already refuses beyond the default
            openers = data.count(b"[") + data.count(b"{")
            if openers > settings.max_depth:
                return False
        if len(data) > settings.max_items:  # items <= commas + non-empty containers
            if openers is None:
                openers = data.count(b"[") + data.count(b"{")
            if data.count(b",") + openers > settings.max_items:
                return False
        return True

    def check_fully(self, payload: Payload) -> list[Finding]:
        if len(payload.data) > self.settings.max_size:
            return self._check_unread(payload, "J006")
        from envelint.jsontext.lenient import parse_lenient  # only once a payload fails

        parsed = parse_lenient(
            payload.text, max_depth=self.settings.max_depth, locate=payload.position
        )
        selection = self.select(payload, parsed.value)
        entry = selection.entry
        context = PayloadContext(
            payload=payload,
            parsed=parsed,
            entry=entry,
            schema=self.schema_for(entry.id) if entry else None,
            selection=selection.how,
            notes=selection.notes,
            candidates=selection.candidates,
            iter_schema_errors=self._schema_errors_of(entry) if entry else None,
            normal_fields=selection.normal_fields,
            max_size=self.settings.max_size,
            max_items=self.settings.max_items,
        )
        rules = self.rules
        if parsed.problems and not isinstance(parsed.value, (dict, list)):
            # Not even the document's shape could be recovered: only its syntax is reported.
            rules = [rule for rule in self.rules if rule.family == "json_syntax"]
        findings = self._run(rules, context)
        if self.custom_rules:
            findings.extend(self._run_custom(context))
            findings.sort(key=Finding.sort_key)
        return findings

    def _run_custom(self, context: PayloadContext) -> list[Finding]:
        return [
            self._locate(rule, Violation(message, pointer), context)
            for rule in self.custom_rules
            for pointer, message in check_custom(context.value, rule)
        ]

    def _run(self, rules: list[Rule], context: PayloadContext) -> list[Finding]:
        findings = [
            self._locate(rule, violation, context)
            for rule in context.runs(rules)
            for violation in rule.check(context)
            if rule.family == "json_syntax" or not _damaged_by_syntax(violation, context)
        ]
        findings.sort(key=Finding.sort_key)
        return findings

    def _schema_errors_of(self, entry: CatalogEntry):
        validator = self.validator_for(entry.id)

        def iterate(value: object) -> Iterator[SchemaError]:
            try:
                errors = list(validator.iter_errors(value))
            except ValueError:  # too deep for jsonschema-rs's error reports, or not UTF-8-able
                errors = list(validator.iter_errors(_reportable(value, _ERROR_REPORT_DEPTH)))
            for error in errors:
                yield _schema_error(error)

        return iterate

    def _locate(
        self, rule: Rule | CustomRule, violation: Violation, context: PayloadContext
    ) -> Finding:
        payload, parsed = context.payload, context.parsed
        span = violation.span
        if span is None and violation.pointer is not None:
            spans = parsed.key_spans if violation.on_key else parsed.value_spans
            span = spans.get(violation.pointer) or parsed.value_spans.get(violation.pointer)
        start = span.start if span else 0
        end = span.end if span else start
        line, column = payload.position(start)
        end_line, end_column = payload.position(max(end, start))
        return Finding(
            code=rule.code,
            rule=rule.name,
            severity=self.settings.severity_of(rule),
            message=violation.message,
            path=payload.source,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            pointer=violation.pointer,
            schema=context.entry.id if context.entry else None,
            doc=violation.doc,
            hint=violation.hint,
            excerpt=payload.excerpt(start),
        )


_ERROR_REPORT_DEPTH = 200


def _damaged_by_syntax(violation: Violation, context: PayloadContext) -> bool:
    """True for a finding on a scalar that a syntax problem cut or mangled (a string left open).

    J001 already says what is wrong there; a type or form finding on the remains is noise.
    """
    parsed = context.parsed
    if not parsed.problems or violation.pointer is None:
        return False
    span = parsed.value_spans.get(violation.pointer)
    if span is None:
        return False
    try:
        value = resolve_pointer(parsed.value, violation.pointer)
    except (KeyError, IndexError, TypeError, ValueError):
        return False
    if isinstance(value, (dict, list)):
        return False
    return any(p.span.start < span.end and span.start < max(p.span.end, p.span.start + 1)
               for p in parsed.problems)  # fmt: skip


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _reportable(value: object, depth: int) -> object:
    """A copy jsonschema-rs can report errors on: containers nested deeper than ``depth`` become
    null, and lone surrogates (``"\\ud800"``, grammatical JSON but not UTF-8) become U+FFFD.

    Derived schemas describe a handful of levels, so no schema keyword reaches that deep and the
    errors are the same as for the whole value.
    """
    if not isinstance(value, (dict, list)):
        return _clean(value)
    root = _clean_container(value)
    stack = [(root, 1)]
    while stack:
        node, level = stack.pop()
        keys = list(node.keys()) if isinstance(node, dict) else range(len(node))
        for key in keys:
            item = node[key]
            if isinstance(item, (dict, list)):
                if level >= depth:
                    node[key] = None
                else:
                    node[key] = _clean_container(item)
                    stack.append((node[key], level + 1))
            else:
                node[key] = _clean(item)
    return root


def _clean(value: object) -> object:
    return _LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


def _clean_container(value: dict | list) -> dict | list:
    if isinstance(value, list):
        return list(value)
    return {_clean(key): item for key, item in value.items()}


def _schema_error(error: Any) -> SchemaError:
    kind_name = type(error.kind).__name__
    kind = kind_name[0].lower() + kind_name[1:]
    details = error.kind.as_dict()
    alternatives = _alternative_types(error, details) if kind == "anyOf" else None
    if alternatives is not None:  # "String or Array": a type mismatch, S001's to report
        kind, details = "type", {"types": alternatives}
    detail = {
        "type": details.get("types"),
        "required": details.get("property"),
        "additionalProperties": details.get("unexpected"),
        "enum": details.get("options"),
        "pattern": details.get("pattern"),
    }.get(kind, details)
    pointer = "".join("/" + escape_pointer_token(str(token)) for token in error.instance_path)
    return SchemaError(kind, pointer, tuple(error.schema_path), error.message, detail)


def _alternative_types(error: Any, details: dict) -> list[str] | None:
    """The types an ``anyOf`` offers, when the value has none of them (each alternative failed
    on its type alone, at the value itself); None when an alternative failed inside it."""
    types: list[str] = []
    for branch in details.get("context") or []:
        if len(branch) != 1 or type(branch[0].kind).__name__ != "Type":
            return None
        if list(branch[0].instance_path) != list(error.instance_path):
            return None
        types.extend(branch[0].kind.as_dict()["types"])
    return list(dict.fromkeys(types)) or None


def _cannot_hold_placeholder(data: bytes) -> bool:
    """True for a long text that shows no placeholder mark: E003 has nothing to find there."""
    return len(data) >= _LONG_TEXT and not may_hold_placeholder(data)


def _may_have_duplicate_keys(data: bytes, value: object) -> bool:
    r"""True unless every member of the text is accounted for by ``value``.

    orjson keeps the last of duplicate keys silently. Each member of the text has one colon,
    and strings keep theirs, so no member was lost when the value has as many members as the
    text has colons (a short text: counting is cheap), when the text is the value's own compact
    encoding (white space after it aside), or when re-encoding the value gives as many colons
    as the text holds, written or escaped (``\u003a``: re-encoded as ``:``; a ``\\u003a`` that
    is no escape only makes this say "maybe", which costs the full path).
    """
    if len(data) < _LONG_TEXT:
        colons = data.count(b":")
        if colons <= 1 or colons <= _members_of_first_two_levels(value, colons):
            return False
    try:
        encoded = orjson.dumps(value)
    except orjson.JSONEncodeError:
        return True
    if data.startswith(encoded) and not data[len(encoded) :].strip():
        return False
    colons = data.count(b":") + data.count(b"\\u003a") + data.count(b"\\u003A")
    return encoded.count(b":") != colons


def _members_of_first_two_levels(value: object, colons: int) -> int:
    """The members of an object and of the objects it holds, counted without re-encoding it
    (enough for an envelope such as ``{"error": {"message": ..., "code": ...}}``); the second
    level is not counted when the first already accounts for every colon."""
    if type(value) is not dict:
        return 0
    members = len(value)
    if members >= colons:
        return members  # every colon is a member's already (the usual record)
    for item in value.values():
        if type(item) is dict:
            members += len(item)
    return members
