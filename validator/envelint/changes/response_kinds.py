"""Change kinds about responses: statuses and their bodies, field by field. Direction-aware: a
response may narrow (fewer values, a field added) without breaking a client that reads it, and
must not widen (a new enum value, a field that may be missing, a value of another type)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from envelint.changes.kinds import Finding, Level, change_kind
from envelint.changes.model import FieldPair, ResponsePair, Schema
from envelint.jsontext.pointer import unescape


def _is_error(status: str) -> bool:
    return status == "abnormal" or (status.isdigit() and int(status) >= 400)


def _status_found(pair: ResponsePair) -> Finding:
    """A finding about the status as a whole, citing the two operations' rows."""
    ops = pair.operations
    base = ops.base_version.operation_at(ops.base) if ops.base else None
    head = ops.head_version.operation_at(ops.head) if ops.head else None
    return Finding({"status": pair.status}, base, head, status=pair.status)


@change_kind(
    "C101",
    "success-status-removed",
    Level.BREAKING,
    scope="response",
    message="success response {status} is no longer documented",
    example=("Status Code: 200, 202", "Status Code: 202"),
)
def success_status_removed(pair: ResponsePair) -> Iterator[Finding]:
    """A success status (or the page's normal response) is no longer documented."""
    if pair.base and not pair.head and not _is_error(pair.status):
        yield _status_found(pair)


@change_kind(
    "C102",
    "error-status-removed",
    Level.POTENTIALLY_BREAKING,
    scope="response",
    message="error response {status} is no longer documented",
    example=("Status Code: 200, 404", "Status Code: 200"),
)
def error_status_removed(pair: ResponsePair) -> Iterator[Finding]:
    """An error status (or the page's abnormal response) is no longer documented: clients that
    handle it keep working, but the API may now answer it undocumented."""
    if pair.base and not pair.head and _is_error(pair.status):
        yield _status_found(pair)


@change_kind(
    "C103",
    "response-body-removed",
    Level.POTENTIALLY_BREAKING,
    scope="response",
    message="response {status} no longer documents a body",
    example=("Response: Table 2 (server, job_id)", "Response: None"),
)
def body_removed(pair: ResponsePair) -> Iterator[Finding]:
    """A response that documented a body documents none."""
    if pair.head and any(r.schema for r in pair.base) and not any(r.schema for r in pair.head):
        yield _status_found(pair)


@change_kind(
    "C104",
    "response-status-added",
    Level.NON_BREAKING,
    scope="response",
    message="response {status} is newly documented",
    example=("Status Code: 200", "Status Code: 200, 409"),
)
def status_added(pair: ResponsePair) -> Iterator[Finding]:
    """The head version documents a status the base version does not."""
    if pair.head and not pair.base and pair.operations.base is not None:
        yield _status_found(pair)


# -- fields ------------------------------------------------------------------------------------


def types_of(node: Schema | None) -> frozenset[str]:
    """The JSON types a node allows; empty: not said (no change can be told)."""
    if not isinstance(node, dict):
        return frozenset()
    said = node.get("type")
    if isinstance(said, str):
        return frozenset({said})
    if isinstance(said, list):
        return frozenset(item for item in said if isinstance(item, str))
    return frozenset({"object"}) if "properties" in node else frozenset()


def is_map(node: Schema | None) -> bool:
    """An object documented as a map: keys the API chooses, values of one schema."""
    return (
        isinstance(node, dict)
        and isinstance(node.get("additionalProperties"), dict)
        and not node.get("properties")
    )


def types_beyond(allowed: frozenset[str], types: frozenset[str]) -> frozenset[str]:
    """Those of ``types`` that ``allowed`` does not cover ("number" covers "integer")."""
    covered = allowed | ({"integer"} if "number" in allowed else set())
    return frozenset(types - covered)


def enums(pair: FieldPair) -> tuple[list[Any], list[Any]] | None:
    """The base's and the head's lists of values; None unless both sides list them."""
    if not isinstance(pair.base, dict) or not isinstance(pair.head, dict):
        return None
    base, head = pair.base.get("enum"), pair.head.get("enum")
    return (base, head) if isinstance(base, list) and isinstance(head, list) else None


def shown_values(values: list[Any]) -> str:
    return ", ".join(json.dumps(value, ensure_ascii=False) for value in values)


def _field(pair: FieldPair) -> str:
    return json.dumps(pair.pointer or "/", ensure_ascii=False)


def _found(pair: FieldPair, **details: str) -> Finding:
    return Finding(
        {"field": _field(pair), **details},
        pair.base_at(),
        pair.head_at(),
        pointer=pair.pointer,
        status=pair.response.status,
    )


def shown_types(types: frozenset[str]) -> str:
    return json.dumps(sorted(types)[0] if len(types) == 1 else sorted(types))


@change_kind(
    "C111",
    "response-field-removed",
    Level.BREAKING,
    scope="field",
    message="response field {field} was removed",
    example=("| server_id | String | The server's ID. |", "(no row for server_id)"),
)
def field_removed(pair: FieldPair) -> Iterator[Finding]:
    """A field of a response body is no longer documented. A field its parent's description
    still lists as a term ("- **code**: the fault code."), where the parent has no table of
    fields any more, is still documented: in prose, not removed."""
    if pair.base is not None and pair.head is None and not _described_in_prose(pair):
        yield _found(pair)


def _described_in_prose(pair: FieldPair) -> bool:
    parent = pair.head_parent
    if not isinstance(parent, dict) or parent.get("properties"):
        return False
    description = parent.get("description")
    name = unescape(pair.pointer.rsplit("/", 1)[-1])
    term = re.compile(rf"(?:^|[\s.;(]){re.escape(name)}\s*:")
    return isinstance(description, str) and term.search(description) is not None


_NESTING = frozenset({"object", "array"})


@change_kind(
    "C112",
    "response-field-type-changed",
    Level.BREAKING,
    scope="field",
    message="response field {field} changed type from {base} to {head}",
    example=("| size | Integer | ... |", "| size | String | ... |"),
)
def type_changed(pair: FieldPair) -> Iterator[Finding]:
    """A response field may now hold a type its base did not allow (``integer`` to
    ``number`` or ``string``; ``number`` to ``integer`` narrows and is no change)."""
    base, head = types_of(pair.base), types_of(pair.head)
    if not base or not head or _is_nesting_change(base, head):
        return
    if types_beyond(base, head):
        yield _found(pair, base=shown_types(base), head=shown_types(head))


def _is_nesting_change(base: frozenset[str], head: frozenset[str]) -> bool:
    return len(base) == len(head) == 1 and base != head and base | head == _NESTING


@change_kind(
    "C113",
    "response-nesting-changed",
    Level.BREAKING,
    scope="field",
    message="response field {field} changed nesting from {base} to {head}",
    example=("| volume | Object | See Table 4. |", "| volume | Array of objects | See Table 4. |"),
)
def nesting_changed(pair: FieldPair) -> Iterator[Finding]:
    """A response field turned from an object into an array, or back."""
    base, head = types_of(pair.base), types_of(pair.head)
    if _is_nesting_change(base, head):
        yield _found(pair, base=shown_types(base), head=shown_types(head))


@change_kind(
    "C114",
    "response-field-optional",
    Level.BREAKING,
    scope="field",
    message="response field {field} is no longer always present",
    example=("| id | Yes | String | ... |  (Mandatory: Yes)", "| id | No | String | ... |"),
)
def field_optional(pair: FieldPair) -> Iterator[Finding]:
    """A response field the base said is always present may now be missing."""
    both = pair.base is not None and pair.head is not None
    if both and pair.base_required and not pair.head_required and _says_presence(pair.head_parent):
        yield _found(pair)


def _says_presence(parent: Schema | None) -> bool:
    """Whether the head's table says which fields are always present (a Mandatory column gives
    a ``required`` list): a table that dropped the column says nothing either way."""
    return isinstance(parent, dict) and isinstance(parent.get("required"), list)


@change_kind(
    "C115",
    "response-enum-value-added",
    Level.POTENTIALLY_BREAKING,
    scope="field",
    message="response field {field} may hold new values: {added}",
    example=("status: ACTIVE, SHUTOFF", "status: ACTIVE, SHUTOFF, HARD_REBOOT"),
)
def enum_value_added(pair: FieldPair) -> Iterator[Finding]:
    """A response field's list of values grew: a client that switches over them meets a value
    it does not know. (A field whose values are no longer listed at all is not reported: the
    list may simply have moved to prose.)"""
    both = enums(pair)
    added = [value for value in both[1] if value not in both[0]] if both else []
    if added:
        yield _found(pair, added=shown_values(added))


@change_kind(
    "C117",
    "response-object-became-map",
    Level.POTENTIALLY_BREAKING,
    scope="field",
    message="response field {field} is now documented as {head} (it was {base})",
    example=(
        "| addresses | Object | See Table 7 (addr, version). |",
        "| addresses | Object | Map<String, Object>: subnet ID -> Table 7. |",
    ),
)
def object_became_map(pair: FieldPair) -> Iterator[Finding]:
    """A response object with named fields is now a map (keys chosen by the API, the fields
    under each value), or back; the fields themselves are compared under the map's values."""
    if pair.base is None or pair.head is None or is_map(pair.base) == is_map(pair.head):
        return
    named = pair.head if is_map(pair.base) else pair.base
    if named.get("properties") and types_of(pair.base) == types_of(pair.head) == {"object"}:
        shapes = ("an object with named fields", "a map of values")
        base, head = shapes if not is_map(pair.base) else shapes[::-1]
        yield _found(pair, base=base, head=head)


@change_kind(
    "C116",
    "response-field-added",
    Level.NON_BREAKING,
    scope="field",
    message="response field {field} is new",
    example=("(no row for locked)", "| locked | Boolean | Whether the server is locked. |"),
)
def field_added(pair: FieldPair) -> Iterator[Finding]:
    """A response body documents a field the base did not."""
    if pair.base is None and pair.head is not None:
        yield _found(pair)
