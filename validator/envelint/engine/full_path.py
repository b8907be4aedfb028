"""The full path: read what can be read of a payload, run every rule, locate each finding.

Only a payload the fast path refuses comes here. The lenient parser recovers the value with the
position of every key and value; the enabled rules whose triggers are present run with their
options; each violation becomes a finding with a line, a column and a source excerpt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from envelint.captures.payload import Payload
from envelint.catalog.matching import Selector
from envelint.catalog.store import CatalogEntry
from envelint.common.findings import CheckedAgainst, Finding
from envelint.config.settings import Settings
from envelint.engine import long_arrays
from envelint.engine.validation_schema import ValidationSchemas
from envelint.jsontext.pointer import escape as escape_pointer_token
from envelint.jsontext.pointer import resolve as resolve_pointer
from envelint.rules.base import PayloadContext, Rule, SchemaError, Violation
from envelint.rules.custom import CustomRule, check_custom

# The family whose rules report the text itself: they alone run when not even the document's
# shape could be recovered, and their findings are never taken for a syntax problem's remains.
_SYNTAX_FAMILY = "json_syntax"


@dataclass(frozen=True)
class _Said:
    """What every finding on a payload says of the schema it was checked against."""

    against: CheckedAgainst
    guess_note: str  # added to the message when the body's shape chose the schema


class FullPath:
    """Every enabled rule on one payload, with positions and messages."""

    def __init__(
        self,
        schemas: ValidationSchemas,
        selector: Selector,
        settings: Settings,
        options: dict[str, Any],
        custom_rules: list[CustomRule],
    ):
        self.schemas = schemas
        self.selector = selector
        self.settings = settings
        self.options = options  # each rule's, by code
        self.custom_rules = custom_rules
        # (id of a rule list, what a payload holds) -> (that list, the rules that run on it):
        # the same few trigger sets recur on every failing payload (``PayloadContext.runs``).
        self._runs: dict[tuple[int, frozenset[str]], tuple[list[Rule], list[Rule]]] = {}
        self._syntax_only: dict[int, tuple[list[Rule], list[Rule]]] = {}

    def _syntax_rules(self, rules: list[Rule]) -> list[Rule]:
        """The syntax family of ``rules``: one list for each list of rules, so that
        ``_rules_that_run`` finds it again."""
        cached = self._syntax_only.get(id(rules))
        if cached is None or cached[0] is not rules:
            syntax = [rule for rule in rules if rule.family == _SYNTAX_FAMILY]
            cached = self._syntax_only[id(rules)] = (rules, syntax)
        return cached[1]

    def _rules_that_run(self, rules: list[Rule], context: PayloadContext) -> list[Rule]:
        key = (id(rules), frozenset(context.triggers))
        cached = self._runs.get(key)
        if cached is None or cached[0] is not rules:  # the list itself is kept: ids are reused
            if len(self._runs) >= _RUNS_CACHE_LIMIT:
                self._runs.clear()
            cached = self._runs[key] = (rules, context.runs(rules))
        return cached[1]

    def check(self, payload: Payload, rules: list[Rule]) -> list[Finding]:
        from envelint.jsontext.lenient import parse_lenient  # only once a payload fails

        settings = self.settings
        parsed = parse_lenient(
            payload.text,
            max_depth=settings.max_depth,
            locate=payload.position,
            elisions=payload.doc_example,
        )
        selection = self.selector.select(payload, parsed.value)
        entry = selection.entry
        context = PayloadContext(
            payload=payload,
            parsed=parsed,
            entry=entry,
            schema=self.schemas.schema_for(entry.id) if entry else None,
            selection=selection.how,
            notes=selection.notes,
            candidates=selection.candidates,
            iter_schema_errors=self._schema_errors_of(entry, len(payload.data)) if entry else None,
            normal_fields=selection.normal_fields,
            documented_statuses=selection.documented_statuses,
            max_size=settings.max_size,
            max_items=settings.max_items,
        )
        said = _Said(selection.checked_against(), selection.guess_note())
        if parsed.problems and not isinstance(parsed.value, (dict, list)):
            # Not even the document's shape could be recovered: only its syntax is reported.
            rules = self._syntax_rules(rules)
        findings = self._run(rules, context, said)
        if self.custom_rules:
            findings.extend(self._run_custom(context, said))
            findings.sort(key=Finding.sort_key)
        return findings

    def check_unread(self, payload: Payload, rules: list[Rule]) -> list[Finding]:
        """A payload that is not read at all: only ``rules`` (the ones that say why) run."""
        from envelint.jsontext import UNKNOWN, ParseResult

        nothing = ParseResult(UNKNOWN, [], {}, {}, set())
        settings = self.settings
        context = PayloadContext(
            payload,
            nothing,
            None,
            None,
            "none",
            max_size=settings.max_size,
            max_items=settings.max_items,
        )
        return self._run(rules, context)

    def _run_custom(self, context: PayloadContext, said: _Said) -> list[Finding]:
        return [
            self._locate(rule, Violation(message, pointer), context, said)
            for rule in self.custom_rules
            for pointer, message in check_custom(context.value, rule)
        ]

    def _run(
        self, rules: list[Rule], context: PayloadContext, said: _Said | None = None
    ) -> list[Finding]:
        options = self.options
        findings = [
            self._locate(rule, violation, context, said)
            for rule in self._rules_that_run(rules, context)
            for violation in rule.run(context, options.get(rule.code))
            if rule.family == _SYNTAX_FAMILY or not _damaged_by_syntax(violation, context)
        ]
        findings.sort(key=Finding.sort_key)
        return findings

    def _schema_errors_of(
        self, entry: CatalogEntry, size: int
    ) -> Callable[[object], Iterator[SchemaError]]:
        """The schema errors of a value; of a long payload's long arrays a slice at a time
        (``long_arrays``), so that no error copies a whole long array."""
        validator = self.schemas.validator_for(entry.id)

        def iterate(value: object) -> Iterator[SchemaError]:
            try:
                errors = list(validator.iter_errors(value))
            except ValueError:  # too deep for jsonschema-rs's error reports, or not UTF-8-able
                errors = list(validator.iter_errors(_reportable(value, _ERROR_REPORT_DEPTH)))
            for error in errors:
                yield _schema_error(error)

        if size < long_arrays.LEAN_FROM_BYTES:
            return iterate
        schema = self.schemas.schema_for(entry.id)
        return lambda value: iter(long_arrays.schema_errors(value, schema, iterate))

    def _locate(
        self,
        rule: Rule | CustomRule,
        violation: Violation,
        context: PayloadContext,
        said: _Said | None = None,
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
        message = violation.message
        if said is not None and rule.family != _SYNTAX_FAMILY:  # syntax owes nothing to a schema
            message += said.guess_note
        return Finding.made(
            code=rule.code,
            rule=rule.name,
            severity=self.settings.severity_of(rule),
            message=message,
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
            against=said.against if said is not None else None,
            # a checked payload's side, as with_side gives it
            side=payload.side if said is not None else None,
        )


_ERROR_REPORT_DEPTH = 200
_RUNS_CACHE_LIMIT = 1024


def _damaged_by_syntax(violation: Violation, context: PayloadContext) -> bool:
    """True for a finding on a scalar that a syntax problem cut or mangled (a string left open).

    The syntax finding already says what is wrong there; a type or form finding on the
    remains is noise.
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


def _clean_container(value: dict[Any, Any] | list[Any]) -> dict[Any, Any] | list[Any]:
    if isinstance(value, list):
        return list(value)
    return {_clean(key): item for key, item in value.items()}


def _schema_error(error: Any) -> SchemaError:
    kind_name = type(error.kind).__name__
    kind = kind_name[0].lower() + kind_name[1:]
    details = error.kind.as_dict()
    alternatives = _alternative_types(error, details) if kind == "anyOf" else None
    if alternatives is not None:  # "String or Array": a type mismatch, reported as one
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


def _alternative_types(error: Any, details: dict[str, Any]) -> list[str] | None:
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
