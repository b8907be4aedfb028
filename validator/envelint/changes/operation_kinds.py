"""Change kinds about operations as a whole: removed, added, a URI template gone."""

from __future__ import annotations

import re
from collections.abc import Iterator

from envelint.catalog.store import ApiOperation
from envelint.changes.kinds import Finding, Level, change_kind
from envelint.changes.model import OperationPair

_VARIABLE = re.compile(r"\{[^}]*\}")


ENVELOPE = "(envelope)"  # the id of the responses of a version without operations


def shown(operation: ApiOperation) -> str:
    """``GET /v2/{project_id}/gizmos``: the method and first template."""
    if not operation.method:
        return "responses documented without a request line"
    return " ".join((operation.method, *operation.templates[:1]))


def variables(template: str) -> list[str]:
    """The names of a template's variables, in order."""
    return [found[1:-1] for found in _VARIABLE.findall(template)]


def route(template: str) -> str:
    """A template with its variables' names erased: ``/v2/{project_id}/servers/{}`` and
    ``/v2/{pid}/servers/{id}`` are the same route."""
    return _VARIABLE.sub("{}", template)


@change_kind(
    "C001",
    "operation-removed",
    Level.BREAKING,
    scope="operation",
    message="operation {operation} is no longer documented",
    example=("GET /v2/{project_id}/gizmos  (Listing Gizmos)", "(no page documents it)"),
)
def operation_removed(pair: OperationPair) -> Iterator[Finding]:
    """An operation of the base version has no counterpart in the head version."""
    if pair.base is not None and pair.head is None:
        yield Finding(
            {"operation": shown(pair.base)},
            pair.base_version.operation_at(pair.base),
            None,
        )


@change_kind(
    "C002",
    "operation-template-removed",
    Level.BREAKING,
    scope="operation",
    message="the URI template {template} of {method} is no longer documented",
    example=(
        "POST /v2/{project_id}/servers/{server_id}/action\n"
        "POST /v2.1/{project_id}/servers/{server_id}/action",
        "POST /v2.1/{project_id}/servers/{server_id}/action",
    ),
)
def template_removed(pair: OperationPair) -> Iterator[Finding]:
    """An operation is still documented, but no longer under one of its URI templates."""
    if pair.base is None or pair.head is None:
        return
    kept = {route(template) for template in pair.head.templates}
    for template in pair.base.templates:
        if route(template) not in kept:
            yield Finding(
                {"template": template, "method": pair.base.method},
                pair.base_version.operation_at(pair.base),
                pair.head_version.operation_at(pair.head),
            )


@change_kind(
    "C003",
    "operation-added",
    Level.NON_BREAKING,
    scope="operation",
    message="operation {operation} is new",
    example=("(no page documents it)", "DELETE /v2/{project_id}/gizmos/{gizmo_id}"),
)
def operation_added(pair: OperationPair) -> Iterator[Finding]:
    """The head version documents an operation the base version does not."""
    if pair.base is None and pair.head is not None:
        yield Finding(
            {"operation": shown(pair.head)},
            None,
            pair.head_version.operation_at(pair.head),
        )
