"""Rules on the payload's structure: what the documentation's tables say each field is."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import lru_cache

from validator.findings import Severity
from validator.rules.base import (
    PayloadContext,
    SchemaError,
    Violation,
    join_pointer,
    json_type,
    resolve_pointer,
    rule,
)

_JSON_TYPE_NAMES = {
    "string": "String",
    "integer": "Integer",
    "number": "Number",
    "boolean": "Boolean",
    "object": "Object",
    "array": "Array",
    "null": "null",
}


def _value_at(value: object, pointer: str) -> object:
    return resolve_pointer(value, pointer)


def _describe(value: object) -> str:
    kind = json_type(value)
    if kind in ("object", "array"):
        return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
    text = repr(value) if kind == "string" else str(value)
    if kind == "boolean":
        text = text.lower()
    if len(text) > 40:
        text = text[:37] + "..."
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{article} {kind} ({text})" if kind != "null" else "null"


def _expected(types: object) -> str:
    names = types if isinstance(types, list) else [types]
    return " or ".join(_JSON_TYPE_NAMES.get(str(name), str(name)) for name in names)


def _errors(context: PayloadContext, kind: str) -> list[SchemaError]:
    """The documentation's own errors of ``kind`` (not those of rules folded into the schema)."""
    return context.errors_by_rule.get(kind, [])


def _type_violations(context: PayloadContext, want_null: bool) -> Iterator[Violation]:
    for error in _errors(context, "type"):
        found = _value_at(context.value, error.pointer)
        if (found is None) != want_null:
            continue
        yield Violation(
            f"{_field(error.pointer)} is {_describe(found)} where the documentation says "
            f"{_expected(error.detail)}",
            pointer=error.pointer,
            doc=context.doc_row(error.schema_path),
        )


def _field(pointer: str) -> str:
    return f"`{pointer.rsplit('/', 1)[-1]}` ({pointer})" if pointer else "the payload"


@rule("S001", "type-mismatch", Severity.ERROR, triggers=("type",))
def type_mismatch(context: PayloadContext) -> Iterator[Violation]:
    """A value has another type than the documentation's table gives its field.

    The finding cites the table row that documents the field.

    Bad (the table says ``code`` is a String)::

        {"error": {"message": "Invalid request.", "code": 400}}

    Good::

        {"error": {"message": "Invalid request.", "code": "Ecs.0005"}}
    """
    yield from _type_violations(context, want_null=False)


@rule("S002", "missing-required", Severity.ERROR, triggers=("required",))
def missing_required(context: PayloadContext) -> Iterator[Violation]:
    """A field the documentation marks as mandatory is absent.

    Bad (the table marks ``code`` mandatory)::

        {"error": {"message": "Invalid request."}}

    Good::

        {"error": {"message": "Invalid request.", "code": "Ecs.0005"}}
    """
    for error in _errors(context, "required"):
        name = str(error.detail)
        property_path = (*error.schema_path[:-1], "properties", name, "x-doc")
        owner = (
            f"`{error.pointer.rsplit('/', 1)[-1]}` ({error.pointer})"
            if error.pointer
            else ("the payload")
        )
        yield Violation(
            f"{owner} has no `{name}`, which the documentation marks as mandatory",
            pointer=error.pointer,
            doc=context.doc_row(property_path),
        )


@rule("S003", "undocumented-property", Severity.WARNING, triggers=("additionalProperties",))
def undocumented_property(context: PayloadContext) -> Iterator[Violation]:
    """An object has a field that its documentation table does not list.

    Bad (the table lists ``job_id``)::

        {"jobid": "ff80808288d41e1b018990260955686a"}

    Good::

        {"job_id": "ff80808288d41e1b018990260955686a"}
    """
    for error in _errors(context, "additionalProperties"):
        documented = tuple(context.subschema(error.schema_path[:-1]).get("properties", {}))
        for name in error.detail or ():
            pointer = join_pointer(error.pointer, name)
            close = _closest_field(name, documented)
            listed = ", ".join(f"`{item}`" for item in documented) or "no fields"
            yield Violation(
                f"`{name}` ({pointer}) is not documented; the table lists {listed}",
                pointer=pointer,
                hint=f"did you mean `{close}`?" if close else None,
                on_key=True,
            )


@lru_cache(maxsize=4096)
def _closest_field(name: str, documented: tuple[str, ...]) -> str | None:
    """The documented field ``name`` is most likely a typo of (the same few repeat in logs)."""
    close = difflib.get_close_matches(name, documented, n=1, cutoff=0.75)
    return close[0] if close else None


@rule("S006", "null-in-typed-field", Severity.INFO, triggers=("type",))
def null_in_typed_field(context: PayloadContext) -> Iterator[Violation]:
    """A field documented with a type holds null.

    Real references put null in typed fields often and have no way to say "nullable", so this is
    information by default.

    Bad (the table says ``job_id`` is a String)::

        {"job_id": null}

    Good::

        {"job_id": "ff80808288d41e1b018990260955686a"}
    """
    yield from _type_violations(context, want_null=True)


@rule("S004", "not-in-enum", Severity.ERROR, triggers=("enum",))
def not_in_enum(context: PayloadContext) -> Iterator[Violation]:
    """A value is not one of those the documentation lists for its field.

    Bad (the table lists ``ACTIVE``, ``SHUTOFF`` and ``ERROR`` for ``status``)::

        {"status": "RUNNING"}

    Good::

        {"status": "ACTIVE"}
    """
    for error in _errors(context, "enum"):
        found = _value_at(context.value, error.pointer)
        options = error.detail or []
        listed = ", ".join(_short(option) for option in options[:10])
        close = difflib.get_close_matches(str(found), [str(o) for o in options], n=1, cutoff=0.6)
        yield Violation(
            f"{_field(error.pointer)} is {_short(found)}, not one of the documented values "
            f"({listed}{', ...' if len(options) > 10 else ''})",
            pointer=error.pointer,
            doc=context.doc_row(error.schema_path),
            hint=f"did you mean {close[0]!r}?" if close else None,
        )


@rule("S005", "format-or-pattern", Severity.ERROR, triggers=("pattern", "format"))
def format_or_pattern(context: PayloadContext) -> Iterator[Violation]:
    """A string does not match the pattern its field must follow.

    Formats stated only in prose (UUID, ISO 8601) are annotations and never reported; a pattern
    comes from the configuration (a custom rule or schema strictness).

    Bad (the field's pattern is ``^[A-Za-z]+\\.[0-9]{4}$``)::

        {"error": {"message": "Invalid request.", "code": "5"}}

    Good::

        {"error": {"message": "Invalid request.", "code": "Ecs.0005"}}
    """
    for kind in ("pattern", "format"):
        for error in _errors(context, kind):
            found = _value_at(context.value, error.pointer)
            yield Violation(
                f"{_field(error.pointer)} is {_short(found)}, which does not match the "
                f"{kind} {error.detail}",
                pointer=error.pointer,
                doc=context.doc_row(error.schema_path),
            )


def _short(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
