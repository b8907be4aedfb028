"""What a rule is, what it is given, and what it yields.

A rule is a generator function decorated with :func:`rule`. Its docstring is its documentation:
the first line is the summary, and the rest (with a bad and a good example) is what
``envelint rules explain CODE`` prints.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from envelint.catalog.matching import ERROR_KEY
from envelint.common.findings import DocRow, Severity
from envelint.common.limits import DEFAULT_MAX_ITEMS, DEFAULT_MAX_SIZE
from envelint.jsontext.model import UNKNOWN
from envelint.jsontext.number_reader import HUGE
from envelint.jsontext.pointer import escape as escape_pointer_token
from envelint.jsontext.pointer import split as split_pointer
from envelint.rules.contract import DECIDED_BY_SCHEMA, FastPathPart

if TYPE_CHECKING:
    from envelint.captures.payload import Payload
    from envelint.catalog.store import CatalogEntry
    from envelint.jsontext.lenient import ParseResult, Span


@dataclass(slots=True)
class Violation:
    """What a rule found, before the engine turns it into a located finding."""

    message: str
    pointer: str | None = None
    span: Span | None = None  # where in the payload text; None: at the pointer's value
    doc: DocRow | None = None
    hint: str | None = None
    on_key: bool = False  # locate at the member's key rather than its value


# A rule's check: ``check(context)``, or ``check(context, options)`` for a rule with options;
# it yields Violations (payload rules) or DocViolations (documentation rules).
Check = TypeVar("Check", bound=Callable[..., Iterator[Any]])


class RuleOptions(Protocol):
    """A rule's options: an immutable record (a named tuple) of the built-in values by default.

    ``schema()`` is the JSON Schema of the mapping a configuration writes under
    ``rules: {CODE: ...}`` (a string with ``"format": "regex"`` is compiled as a pattern);
    ``from_config`` makes the options from that mapping, already valid.
    """

    @classmethod
    def schema(cls) -> dict[str, Any]: ...

    @classmethod
    def from_config(cls, written: dict[str, Any]) -> RuleOptions: ...


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    family: str
    # ``check(context)``, or ``check(context, options)`` for a rule that has options.
    check: Callable[..., Iterator[Any]]
    aliases: tuple[str, ...] = ()
    # What must be present for the check to find anything: SYNTAX_PROBLEMS, or the key of a
    # group of schema errors ("type", "required", a folded rule's code). Empty: it always runs.
    triggers: frozenset[str] = frozenset()
    fast_path: FastPathPart = DECIDED_BY_SCHEMA  # see envelint.rules.contract
    role: str | None = None  # a part the rest of envelint asks for (envelint.rules.contract)
    options: type[RuleOptions] | None = None
    selected_by_default: bool = True  # False: only a configuration's ``select`` turns it on

    def options_from(self, written: dict[str, Any] | None) -> Any:
        """The rule's options from what a configuration wrote (None: the defaults)."""
        if self.options is None:
            return None
        return self.options.from_config(written or {})

    def run(self, context: PayloadContext, options: Any) -> Iterator[Violation]:
        return self.check(context) if self.options is None else self.check(context, options)

    @cached_property  # every run lists every rule's summary and description (0.5 ms uncached)
    def documentation(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.documentation.splitlines()[0] if self.documentation else self.name

    @property
    def description(self) -> str:
        return "\n".join(self.documentation.splitlines()[1:]).strip()


REGISTRY: dict[str, Rule] = {}
# The schema error groups some rule's triggers name, enabled or not (an ignored rule's errors
# are not reported under another code).
CLAIMED_GROUPS: set[str] = set()


RULE_TAG = "x-envelint-rule"  # marks a rule's constraint folded into a validation schema

# Triggers (besides the schema error groups and the selection's notes), see ``Rule.triggers``.
SYNTAX_PROBLEMS = "syntax-problems"  # the lenient parser reported something
NO_SCHEMA = "no-schema"  # no documented response was selected
ERROR_BESIDE_FIELDS = "error-beside-fields"  # an ``error`` object and other top-level members
ODD_ENCODING = "odd-encoding"  # a byte order mark, or bytes that are not UTF-8
SKIPPED = "skipped"  # the response was not read as a body
UNREADABLE = "unreadable"  # the capture file could not be read as its format
MANY_BYTES = "many-bytes"  # more bytes than the item limit: it may hold too many items
UNCLAIMED_SCHEMA_ERRORS = "unclaimed-schema-errors"  # schema errors that no rule's triggers name
_BYTE_ORDER_MARKS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")


def rule(
    code: str,
    name: str,
    severity: Severity,
    aliases: tuple[str, ...] = (),
    triggers: tuple[str, ...] = (),
    fast_path: FastPathPart = DECIDED_BY_SCHEMA,
    role: str | None = None,
    options: type[RuleOptions] | None = None,
    selected_by_default: bool = True,
) -> Callable[[Check], Check]:
    """Register a rule check under a stable code and name, with all the engine needs.

    ``triggers`` lets the engine skip a check that cannot find anything in a payload: most
    payloads that fail have one problem, and running every rule on each costs more than the
    problem's own diagnosis. ``fast_path`` says how the rule keeps the fast path's "no finding"
    true, ``role`` which part it plays for the rest of envelint, and ``options`` what a
    configuration may set (the check then takes them as its second argument).
    """

    def register(check: Check) -> Check:
        family = check.__module__.rsplit(".", 1)[-1]
        REGISTRY[code] = Rule(
            code,
            name,
            severity,
            family,
            check,
            aliases,
            frozenset(triggers),
            fast_path,
            role,
            options,
            selected_by_default,
        )
        CLAIMED_GROUPS.update(triggers)
        return check

    return register


@dataclass(slots=True)
class SchemaError:
    """One schema violation, as the validator reports it."""

    kind: str  # "type", "required", "additionalProperties", "enum", "format", "pattern", ...
    pointer: str  # of the instance
    schema_path: tuple[str | int, ...]
    message: str
    detail: Any = None  # kind-specific: expected types, missing name, unexpected names


@dataclass
class PayloadContext:
    """Everything the payload rules may look at. Costly parts are computed on first use."""

    payload: Payload
    parsed: ParseResult
    entry: CatalogEntry | None
    schema: (
        dict[str, Any] | None
    )  # the validation schema (with the configured strictness folded in)
    selection: str  # how the schema was chosen: "forced", "mapping", "http", "shape", "none"
    notes: tuple[str, ...] = ()  # what the choice found odd: "undocumented-operation", ...
    candidates: list[CatalogEntry] = field(default_factory=list)
    iter_schema_errors: Callable[[object], Iterator[SchemaError]] | None = None
    normal_fields: frozenset[str] = frozenset()  # the selection's (E001)
    documented_statuses: tuple[int, ...] = ()  # the matched operations' status codes (E007)
    max_size: int = DEFAULT_MAX_SIZE
    max_items: int = DEFAULT_MAX_ITEMS

    @property
    def value(self) -> object:
        return self.parsed.value

    @cached_property
    def schema_errors(self) -> list[SchemaError]:
        if self.schema is None or self.iter_schema_errors is None:
            return []
        unknown = self.parsed.unknown_pointers
        value = _with_unknowns_as_null(self.parsed)
        errors = list(self.iter_schema_errors(value))
        wrapped = undeclared_wrapper(value, self.schema) if errors else None
        if wrapped is not None:
            # the table describes what the one key wraps: check that, say nothing of the key
            # (only when the whole body fails: what the fast path accepts has no finding)
            errors = [
                dataclasses.replace(error, pointer=prefix + error.pointer)
                for prefix, inner in wrapped
                for error in self.iter_schema_errors(inner)
            ]
        elided = self.parsed.elided_pointers
        if elided:  # an excerpt that leaves members out may leave out mandatory ones
            errors = [e for e in errors if not (e.kind == "required" and e.pointer in elided)]
        if not unknown:
            return errors
        return [
            error
            for error in errors
            if error.kind == "required"
            or not any(_is_at_or_below(error.pointer, pointer) for pointer in unknown)
        ]

    @cached_property
    def triggers(self) -> set[str]:
        """What is present in this payload, for ``Rule.triggers``."""
        present = set(self.errors_by_rule)
        present.update(self.notes)
        payload, value = self.payload, self.value
        if self.parsed.problems:
            present.add(SYNTAX_PROBLEMS)
        if self.entry is None:
            present.add(NO_SCHEMA)
        if isinstance(value, dict) and len(value) > 1 and isinstance(value.get(ERROR_KEY), dict):
            present.add(ERROR_BESIDE_FIELDS)
        if payload.data.startswith(_BYTE_ORDER_MARKS) or "\ufffd" in payload.text:
            present.add(ODD_ENCODING)
        if payload.skipped_reason:
            present.add(SKIPPED)
        if payload.unreadable:
            present.add(UNREADABLE)
        if len(payload.data) > self.max_items:
            present.add(MANY_BYTES)
        if self.unclaimed_schema_errors:
            present.add(UNCLAIMED_SCHEMA_ERRORS)
        return present

    @cached_property
    def unclaimed_schema_errors(self) -> list[SchemaError]:
        """Schema errors of a kind no rule words (a ``minimum`` from a configured type, an
        ``anyOf`` an alternative failed inside): reported as they are, never dropped."""
        claimed = CLAIMED_GROUPS
        return [
            error
            for group, errors in self.errors_by_rule.items()
            if group not in claimed
            for error in errors
        ]

    def runs(self, rules: list[Rule]) -> list[Rule]:
        """The rules that can find something here: no triggers, or one of them present."""
        present = self.triggers
        return [rule for rule in rules if not (rule.triggers and rule.triggers.isdisjoint(present))]

    @cached_property
    def errors_by_rule(self) -> dict[str, list[SchemaError]]:
        """Schema errors grouped once: a folded rule's under its code (``x-envelint-rule``),
        the documentation's own under their keyword (``type``, ``required``, ...)."""
        grouped: dict[str, list[SchemaError]] = {}
        for error in self.schema_errors:
            folded = self.subschema(error.schema_path[:-1]).get(RULE_TAG)
            grouped.setdefault(folded or error.kind, []).append(error)
        return grouped

    def errors(self, group: str) -> list[SchemaError]:
        """The schema errors of one group: a keyword ("type", ...) or a folded rule's code."""
        return self.errors_by_rule.get(group, [])

    def subschema(self, schema_path: tuple[str | int, ...]) -> dict[str, Any]:
        node = self.schema
        for step in schema_path:
            if (
                isinstance(node, dict)
                and step in node
                or isinstance(node, list)
                and isinstance(step, int)
                and step < len(node)
            ):
                node = node[step]
            else:
                return {}
        return node if isinstance(node, dict) else {}

    def doc_row(self, schema_path: tuple[str | int, ...]) -> DocRow | None:
        """The documentation row behind the schema node that holds ``schema_path``'s keyword."""
        return DocRow.from_annotation(self.subschema(schema_path[:-1]).get("x-doc"))


def undeclared_wrapper(value: object, schema: dict[str, Any]) -> list[tuple[str, object]] | None:
    """(pointer, value) of each object a single-key wrapper no table row names holds, when the
    top-level table describes them; else None.

    OpenStack-style pages list the fields of one resource (``id``, ``name``, ``endpoints``)
    while the body wraps them under the resource's name: ``{"endpoint_group": {...}}`` for one,
    ``{"endpoint_groups": [{...}, ...]}`` for a list. When the body's top level is exactly one
    key the table neither lists nor leaves open, and most of the keys its object (or its
    objects) holds are rows of the table, at least two, the table is about what it wraps."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    properties = schema.get("properties")
    if not isinstance(properties, dict) or len(properties) < 2:
        return None
    ((key, inner),) = value.items()
    if key in properties or schema.get("patternProperties"):
        return None
    if isinstance(schema.get("additionalProperties"), dict):  # a map: any key is documented
        return None
    if isinstance(inner, dict):
        objects: list[tuple[str, object]] = [("/" + escape_pointer_token(key), inner)]
    elif isinstance(inner, list) and inner and all(isinstance(item, dict) for item in inner):
        objects = [
            (f"/{escape_pointer_token(key)}/{index}", item) for index, item in enumerate(inner)
        ]
    else:
        return None
    keys = {name for _pointer, item in objects for name in cast("dict[str, Any]", item)}
    matched = keys & set(properties)
    if len(matched) < 2 or 2 * len(matched) < len(keys):
        return None
    return objects


def _is_at_or_below(pointer: str, ancestor: str) -> bool:
    return pointer == ancestor or pointer.startswith(ancestor + "/")


def _with_unknowns_as_null(parsed: ParseResult) -> object:
    """The recovered value with every unreadable value replaced by null (its errors are ignored).

    Only the containers on the way to an unreadable value are copied: the rest is shared.
    """
    unknown = parsed.unknown_pointers
    if not unknown:
        return parsed.value
    if "" in unknown:
        return None
    root = cast("dict[str, Any] | list[Any]", parsed.value).copy()
    copies = {id(root)}
    for pointer in unknown:
        *path, last = split_pointer(pointer)
        node: Any = root
        for token in path:
            key = int(token) if isinstance(node, list) else token
            child = node[key]
            if id(child) not in copies:
                child = node[key] = child.copy()
                copies.add(id(child))
            node = child
        node[int(last) if isinstance(node, list) else last] = None
    return root


# The first line of a finding's message stays within MESSAGE_LIMIT characters (the tests check
# every rule case and the corpus); the parts that can be long are cut to these lengths.
MESSAGE_LIMIT = 200
_NAME_LIMIT = 30
_POINTER_LIMIT = 50


def field_name(pointer: str, name: str | None = None) -> str:
    """How a finding names the field at ``pointer``: "`code` (/error/code)"; a long pointer is
    cut in the middle (the finding's ``pointer`` has it whole). ``name``: the key as written,
    when the pointer's last token escapes it."""
    if not pointer:
        return "the payload"
    parent, _, last = pointer.rpartition("/")
    if name is None and last.isdigit() and parent:  # an array's item: "`collections[0]`"
        name = f"{short_text(parent.rsplit('/', 1)[-1], _NAME_LIMIT)}[{last}]"
    shown = short_text(last if name is None else name, _NAME_LIMIT)
    return f"`{shown}` ({_short_pointer(pointer)})"


def _short_pointer(pointer: str) -> str:
    if len(pointer) <= _POINTER_LIMIT:
        return pointer
    tokens = pointer.split("/")[1:]
    head, tail = f"/{short_text(tokens[0], 20)}/…", ""
    for token in reversed(tokens[1:]):
        if len(head) + len(tail) + len(token) + 1 > _POINTER_LIMIT:
            break
        tail = f"/{token}{tail}"
    return head + (tail or "/" + short_text(tokens[-1], _NAME_LIMIT))


def short_text(text: str, limit: int) -> str:
    """``text`` cut at ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_names(names: list[str], limit: int = 60) -> str:
    """Field names as a finding lists them: "`a`, `b`, `c` and 12 more", within ``limit``."""
    shown: list[str] = []
    used = len(f" and {len(names)} more")  # room for the count of the rest
    for name in names:
        text = f"`{short_text(name, _NAME_LIMIT)}`"
        if used + len(text) > limit:
            if not shown:
                return f"{len(names)} fields"
            return ", ".join(shown) + f" and {len(names) - len(shown)} more"
        shown.append(text)
        used += len(text) + 2
    return ", ".join(shown)


def short_value(value: object, limit: int = 40) -> str:
    """A value as a finding quotes it: JSON text (``null``, ``true``, ``"0"``,
    ``["active", "deleted"]``, ``{"a": 1}``), cut at ``limit`` characters with an ellipsis.

    Only what is shown is rendered, never 10 MB of it.
    """
    if type(value) is int and abs(value) >= HUGE:
        return "over 4,300 digits" if value > 0 else "a negative number of over 4,300 digits"
    text = _json_text(value, limit)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_values(values: list[Any], limit: int = 60) -> str:
    """Values as a finding lists them: a JSON array, cut at ``limit`` characters (``, …]``)."""
    shown: list[str] = []
    used = 5  # "[", "]" and room for ", …"
    for value in values:
        text = short_value(value)
        if used + len(text) > limit:
            shown.append("…")
            break
        shown.append(text)
        used += len(text) + 2
    return "[" + ", ".join(shown) + "]"


def _json_text(value: object, budget: int) -> str:
    """``value`` as JSON text, at least ``budget`` characters of it where it is longer."""
    if budget <= 0:
        return "…"
    if isinstance(value, dict):
        members = (f"{json.dumps(str(key))}: " for key in value)
        pairs = zip(members, value.values(), strict=True)
        return "{" + _json_items(((key, item) for key, item in pairs), budget - 1) + "}"
    if isinstance(value, list):
        return "[" + _json_items((("", item) for item in value), budget - 1) + "]"
    if isinstance(value, str) and len(value) > budget:
        value = value[:budget]  # the rest is cut anyway
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return "?" if value is UNKNOWN else str(value)


def _json_items(items: Iterator[tuple[str, object]], budget: int) -> str:
    parts: list[str] = []
    for prefix, item in items:
        if budget <= 0:
            parts.append("…")
            break
        text = prefix + _json_text(item, budget - len(prefix))
        parts.append(text)
        budget -= len(text) + 2
    return ", ".join(parts)


def json_type(value: object) -> str:
    """The JSON Schema type of a parsed value (1.0 is an integer, as JSON Schema counts)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def join_pointer(parent: str, token: str | int) -> str:
    return f"{parent}/{escape_pointer_token(str(token))}"


def count_items(value: object) -> int:
    """Array elements and object members, at every level (iterative: payloads may nest deep)."""
    count = 0
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            count += len(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            count += len(node)
            stack.extend(node)
    return count
