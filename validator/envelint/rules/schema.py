"""Rules on the payload's structure: what the documentation's tables say each field is."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from envelint.common.findings import Severity
from envelint.jsontext.pointer import resolve as resolve_pointer
from envelint.rules.base import (
    MESSAGE_LIMIT,
    UNCLAIMED_SCHEMA_ERRORS,
    PayloadContext,
    Violation,
    field_name,
    join_pointer,
    json_type,
    rule,
    short_names,
    short_text,
    short_value,
    short_values,
)
from envelint.rules.contract import (
    PARAMETER_MISSING,
    PARAMETER_NOT_LISTED,
    PARAMETER_TYPE,
    UNDOCUMENTED_FIELDS,
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


def _describe(value: object) -> str:
    # 4.0 is written with a fraction: a number to the reader, though JSON Schema counts it integer
    kind = "number" if isinstance(value, float) else json_type(value)
    if kind in ("object", "array"):
        return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
    text = short_value(value)
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{article} {kind} ({text})" if kind != "null" else "null"


def _expected(types: object) -> str:
    names = types if isinstance(types, list) else [types]
    return " or ".join(_JSON_TYPE_NAMES.get(str(name), str(name)) for name in names)


def _type_violations(context: PayloadContext, want_null: bool) -> Iterator[Violation]:
    for error in context.errors("type"):
        found = resolve_pointer(context.value, error.pointer)
        # A field left null is common and information; a body that is null is no object at all.
        null_field = found is None and error.pointer != ""
        if null_field != want_null:
            continue
        yield Violation(
            f"{field_name(error.pointer)} is {_describe(found)} where the documentation says "
            f"{_expected(error.detail)}",
            pointer=error.pointer,
            doc=context.doc_row(error.schema_path),
        )


@rule("S001", "type-mismatch", Severity.ERROR, triggers=("type",), role=PARAMETER_TYPE)
def type_mismatch(context: PayloadContext) -> Iterator[Violation]:
    """A value has another type than the documentation's table gives its field.

    The finding cites the table row that documents the field.

    Bad (the table says ``code`` is a String)::

        {"error": {"message": "Invalid request.", "code": 400}}

    Good::

        {"error": {"message": "Invalid request.", "code": "Ecs.0005"}}
    """
    yield from _type_violations(context, want_null=False)


@rule("S002", "missing-required", Severity.ERROR, triggers=("required",), role=PARAMETER_MISSING)
def missing_required(context: PayloadContext) -> Iterator[Violation]:
    """A field the documentation marks as mandatory is absent.

    Bad (the table marks ``code`` mandatory)::

        {"error": {"message": "Invalid request."}}

    Good::

        {"error": {"message": "Invalid request.", "code": "Ecs.0005"}}

    A table may list the members of an array's items as plain rows after the array's own row,
    with no table of their own (``versions`` Array, then ``id``, ``status``...): a mandatory
    row the payload holds inside such an undescribed array or object, and not beside it, is not
    reported as missing.

    A body whose top level is one key no row names, holding objects most of whose fields the
    table lists (``{"endpoint_group": {...}}``, ``{"endpoint_groups": [{...}]}``), is the
    table's resource under its wrapper: the table is checked against what the key holds, and
    a missing row is reported there (``/endpoint_group``).
    """
    for error in context.errors("required"):
        name = str(error.detail)
        node = context.subschema(error.schema_path[:-1])
        if _held_by_undescribed_member(context.value, error.pointer, node, name):
            continue
        property_path = (*error.schema_path[:-1], "properties", name, "x-doc")
        yield Violation(
            f"{field_name(error.pointer)} has no `{short_text(name, 40)}`, which the "
            "documentation marks as mandatory",
            pointer=error.pointer,
            doc=context.doc_row(property_path),
        )


@rule(
    "S003",
    "undocumented-property",
    Severity.WARNING,
    triggers=("additionalProperties",),
    role=UNDOCUMENTED_FIELDS,
)
def undocumented_property(context: PayloadContext) -> Iterator[Violation]:
    """An object has a field that its documentation table does not list.

    Bad (the table lists ``job_id``)::

        {"jobid": "ff80808288d41e1b018990260955686a"}

    Good::

        {"job_id": "ff80808288d41e1b018990260955686a"}

    A payload none of whose fields the top-level table lists, while the items of one of its
    arrays list them all, is one item shown without its wrapper (``{"id": ...}`` for
    ``{"servers": [{"id": ...}]}``): one finding says so, not one per field. The other way
    round, a body whose top level is one key no row names, wrapping the objects the table
    describes (``{"endpoint_group": {...}}``), is checked inside the wrapper, and the wrapper
    key is not reported.
    """
    for error in context.errors("additionalProperties"):
        node = context.subschema(error.schema_path[:-1])
        documented = tuple(node.get("properties", {}))
        wrapper = _bare_item_of(context, error.pointer, node, error.detail or ())
        if wrapper is not None:
            yield Violation(
                f"the payload looks like one `{short_text(wrapper, 40)}` item without its "
                f'wrapper {{"{short_text(wrapper, 40)}": [...]}}: its fields are those of '
                f"`{short_text(wrapper, 40)}` items, and the table lists "
                + (short_names(list(documented), 80) or "no fields"),
                pointer=error.pointer,
                doc=context.doc_row((*error.schema_path[:-1], "properties", wrapper, "x-doc")),
            )
            continue
        for name in error.detail or ():
            pointer = join_pointer(error.pointer, name)
            close = _closest_field_name(name, documented)
            head = f"{field_name(pointer, name)} is not documented; the table lists "
            listed = (
                short_names(list(documented), min(100, MESSAGE_LIMIT - len(head))) or "no fields"
            )
            yield Violation(
                head + listed,
                pointer=pointer,
                hint=f"did you mean `{close}`?" if close else None,
                on_key=True,
            )


def _held_by_undescribed_member(
    value: object, pointer: str, node: dict[str, Any], name: str
) -> bool:
    """Whether the object at ``pointer`` holds ``name`` deeper down, inside a member its schema
    ``node`` types as an array or object without describing what is inside (a flat table)."""
    try:
        here = resolve_pointer(value, pointer)
    except (KeyError, IndexError, ValueError):
        return False
    if not isinstance(here, dict):
        return False
    properties = node.get("properties") or {}
    for key, member in here.items():
        schema = properties.get(key)
        if isinstance(schema, dict) and _undescribed(schema) and _has_key(member, name, 0):
            return True
    return False


def _undescribed(schema: dict[str, Any]) -> bool:
    """An array or object schema that says nothing of its members or items."""
    if schema.get("type") == "array":
        items = schema.get("items")
        return not isinstance(items, dict) or _undescribed({"type": "object", **items})
    described = schema.get("properties") or isinstance(schema.get("additionalProperties"), dict)
    return schema.get("type") == "object" and not described


def _has_key(value: object, name: str, depth: int) -> bool:
    if depth > 8:
        return False
    if isinstance(value, dict):
        return name in value or any(_has_key(v, name, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_has_key(item, name, depth + 1) for item in value[:20])
    return False


def _bare_item_of(
    context: PayloadContext, pointer: str, node: dict[str, Any], extra: object
) -> str | None:
    """The array field whose items list every field of this top-level object, when the table
    lists none of them; else None."""
    value = context.value
    if pointer != "" or not isinstance(value, dict) or not value:
        return None
    if not isinstance(extra, list | tuple):
        return None
    if len(extra) != len(value):  # a documented field is there: no wrapper is missing
        return None
    for name, field in (node.get("properties") or {}).items():
        items = field.get("items") if isinstance(field, dict) else None
        listed = items.get("properties") if isinstance(items, dict) else None
        if isinstance(listed, dict) and all(key in listed for key in value):
            return str(name)
    return None


@lru_cache(maxsize=4096)
def _closest_field_name(name: str, documented: tuple[str, ...]) -> str | None:
    """The documented field ``name`` is most likely a typo of (the same few repeat in logs)."""
    import difflib  # a payload with an undocumented field pays for the import, a valid one not

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


@rule("S004", "not-in-enum", Severity.ERROR, triggers=("enum",), role=PARAMETER_NOT_LISTED)
def not_in_enum(context: PayloadContext) -> Iterator[Violation]:
    """A value is not one of those the documentation lists for its field.

    Bad (the table lists ``ACTIVE``, ``SHUTOFF`` and ``ERROR`` for ``status``)::

        {"status": "RUNNING"}

    Good::

        {"status": "ACTIVE"}

    A null is not reported here: a typed field holding null is S006's (information), and the
    value list of a field is judged as its type is, so a field left unset is not out of range.
    Nor is a value of the wrong type (``"1"`` where the table says Integer, values 1 and 5):
    that is one defect, S001's.
    """
    import difflib  # a payload with a value out of its list pays for the import, a valid one not

    mistyped = {error.pointer for error in context.errors("type")}
    for error in context.errors("enum"):
        found = resolve_pointer(context.value, error.pointer)
        if found is None or error.pointer in mistyped:
            continue
        options = error.detail or []
        by_text = {str(option): option for option in options}
        close = difflib.get_close_matches(str(found), list(by_text), n=1, cutoff=0.6)
        head = f"{field_name(error.pointer)} is {short_value(found)}, not one of the documented "
        yield Violation(
            f"{head}values {short_values(options, min(100, MESSAGE_LIMIT - len(head) - 7))}",
            pointer=error.pointer,
            doc=context.doc_row(error.schema_path),
            hint=f"did you mean {short_value(by_text[close[0]])}?" if close else None,
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
        for error in context.errors(kind):
            found = resolve_pointer(context.value, error.pointer)
            yield Violation(
                f"{field_name(error.pointer)} is {short_value(found)}, which does not match the "
                f"{kind} {short_text(str(error.detail), 60)}",
                pointer=error.pointer,
                doc=context.doc_row(error.schema_path),
            )


@rule(
    "S007",
    "schema-violation",
    Severity.ERROR,
    triggers=(UNCLAIMED_SCHEMA_ERRORS,),
)
def schema_violation(context: PayloadContext) -> Iterator[Violation]:
    """A value breaks a constraint of its documented schema that no other rule words.

    Configured types (``types:``) may bring any JSON Schema keyword (``minimum``,
    ``maxLength``, ...), and a field documented as "String or Array of strings" fails inside the
    alternative its value chose; the validator's own words say what is wrong.

    Bad (a configured type ``Port`` is an integer with ``minimum: 1``)::

        {"port": 0}

    Good::

        {"port": 443}
    """
    for error in context.unclaimed_schema_errors:
        yield Violation(
            f"{field_name(error.pointer)} breaks the documented schema: "
            f"{short_text(error.message, 100)}",
            pointer=error.pointer,
            doc=context.doc_row(error.schema_path),
        )
