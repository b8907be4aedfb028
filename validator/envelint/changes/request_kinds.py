"""Change kinds about requests: the body's fields and the path, query and header parameters.
Direction-aware the other way round from responses: a request may widen (a new optional field, a
type or a value more accepted) without breaking a client that sends it, and must not narrow (a
new mandatory field, a field now mandatory, a type or a value no longer accepted)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from envelint.changes.kinds import Finding, Level, change_kind
from envelint.changes.model import FieldPair
from envelint.changes.response_kinds import (
    enums,
    shown_types,
    shown_values,
    types_beyond,
    types_of,
)
from envelint.jsontext.pointer import unescape

NAMES = {"path": "path parameter", "query": "query parameter", "header": "header"}


def _field(pair: FieldPair) -> str:
    """``body field "/gizmo/name"``, ``query parameter "limit"``, ``header "X-Auth-Token"``."""
    place = pair.response.status
    if place == "body":
        return f"body field {json.dumps(pair.pointer or '/', ensure_ascii=False)}"
    name = unescape(pair.pointer.removeprefix("/"))
    return f"{NAMES.get(place, place)} {json.dumps(name, ensure_ascii=False)}"


def _is_parameter_object(pair: FieldPair) -> bool:
    """The object holding a part's parameters (or the body itself): not a field of its own."""
    return pair.pointer == "" and pair.response.status != "body"


def _found(pair: FieldPair, **details: str) -> Finding:
    return Finding(
        {"field": _field(pair), **details},
        pair.base_at(),
        pair.head_at(),
        pointer=pair.pointer,
        status=pair.response.status,
    )


@change_kind(
    "C201",
    "request-mandatory-added",
    Level.BREAKING,
    scope="request-field",
    message="request {field} is new and mandatory",
    example=("(no row for zone)", "| zone | Yes | String | The zone to create it in. |"),
)
def mandatory_added(pair: FieldPair) -> Iterator[Finding]:
    """A request documents a new mandatory body field or parameter: a client that does not send
    it is refused. (A new optional object with mandatory fields is only the optional object.)"""
    if pair.base is None and pair.head is not None and pair.head_required:
        yield _found(pair)


@change_kind(
    "C202",
    "request-optional-added",
    Level.NON_BREAKING,
    scope="request-field",
    message="request {field} is new (optional)",
    example=("(no row for dry_run)", "| dry_run | No | Boolean | Only checks the request. |"),
)
def optional_added(pair: FieldPair) -> Iterator[Finding]:
    """A request documents a new optional body field or parameter."""
    if pair.base is None and pair.head is not None and not pair.head_required:
        yield _found(pair)


@change_kind(
    "C203",
    "request-field-removed",
    Level.POTENTIALLY_BREAKING,
    scope="request-field",
    message="request {field} is no longer documented",
    example=("| count | No | Integer | How many to create. |", "(no row for count)"),
)
def field_removed(pair: FieldPair) -> Iterator[Finding]:
    """A body field or parameter of the request is no longer documented: a client that sends it
    may be refused, or what it asked for silently ignored."""
    if pair.base is not None and pair.head is None:
        yield _found(pair)


@change_kind(
    "C204",
    "request-field-required",
    Level.BREAKING,
    scope="request-field",
    message="request {field} is now mandatory",
    example=("| count | No | Integer | ... |", "| count | Yes | Integer | ... |"),
)
def field_required(pair: FieldPair) -> Iterator[Finding]:
    """An optional body field or parameter of the request became mandatory: a client that left
    it out is refused."""
    both = pair.base is not None and pair.head is not None
    if both and not pair.base_required and pair.head_required and not _is_parameter_object(pair):
        yield _found(pair)


@change_kind(
    "C205",
    "request-type-narrowed",
    Level.BREAKING,
    scope="request-field",
    message="request {field} no longer accepts {lost} (type {base}, now {head})",
    example=("| size | Number | ... |", "| size | Integer | ... |"),
)
def type_narrowed(pair: FieldPair) -> Iterator[Finding]:
    """A body field or parameter of the request no longer accepts a type it did (``number`` to
    ``integer``, ``string`` to ``integer``, an object to an array); ``integer`` to ``number``
    widens and is no change."""
    base, head = types_of(pair.base), types_of(pair.head)
    if not base or not head or _is_parameter_object(pair):
        return
    lost = types_beyond(head, base)
    if lost:
        yield _found(pair, lost=shown_types(lost), base=shown_types(base), head=shown_types(head))


@change_kind(
    "C206",
    "request-enum-narrowed",
    Level.BREAKING,
    scope="request-field",
    message="request {field} no longer accepts the values {removed}",
    example=("mode: eager, lazy", "mode: eager"),
)
def enum_narrowed(pair: FieldPair) -> Iterator[Finding]:
    """A body field or parameter's list of accepted values lost a value: a client that sends it
    is refused. (Values no longer listed at all are not reported: the list may have moved to
    prose.)"""
    both = enums(pair)
    removed = [value for value in both[0] if value not in both[1]] if both else []
    if removed:
        yield _found(pair, removed=shown_values(removed))
