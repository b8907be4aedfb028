"""Compare two versions: pair the operations, their responses and their body fields, and run
every registered detector on every pair of its scope."""

from __future__ import annotations

from collections.abc import Iterator

from envelint.catalog.store import ApiOperation, ResponseSpec
from envelint.changes.kinds import ChangeKind, Finding, Level, kinds_of
from envelint.changes.model import (
    Change,
    FieldPair,
    OperationPair,
    RequestPair,
    ResponsePair,
    Schema,
    Version,
)
from envelint.changes.operation_kinds import route, shown, variables
from envelint.changes.response_kinds import is_map, types_of


def compare(base: Version, head: Version) -> list[Change]:
    """Every change from ``base`` to ``head``: operations with a breaking change first, then
    by operation; within one, the worst first."""
    changes = [
        change for pair in pair_operations(base, head) for change in _operation_changes(pair)
    ]
    return order(changes)


def order(changes: list[Change]) -> list[Change]:
    worst: dict[str, int] = {}
    for change in changes:
        level = Level.from_label(change.level)
        worst[change.operation] = max(worst.get(change.operation, 0), level)
    return sorted(
        changes,
        key=lambda c: (
            -worst[c.operation],
            c.operation,
            -Level.from_label(c.level),
            c.code,
            c.status,
            c.pointer,
        ),
    )


# -- operations --------------------------------------------------------------------------------


def pair_operations(base: Version, head: Version) -> list[OperationPair]:
    """Operations matched by id, then the rest by method and a shared route (the one sharing
    most request keys when several do); the unmatched stand alone."""
    head_by_id = {op.id: op for op in head.operations}
    pairs: list[tuple[ApiOperation | None, ApiOperation | None]] = []
    unmatched_base: list[ApiOperation] = []
    taken: set[str] = set()
    for op in base.operations:
        twin = head_by_id.get(op.id)
        if twin is not None and _same_method(op, twin):
            pairs.append((op, twin))
            taken.add(twin.id)
        else:
            unmatched_base.append(op)
    left = [op for op in head.operations if op.id not in taken]
    for op in unmatched_base:
        twin = _best_route_match(op, left)
        if twin is not None:
            left.remove(twin)
        pairs.append((op, twin))
    pairs.extend((None, op) for op in left)
    return [OperationPair(b, h, base, head) for b, h in pairs]


def _same_method(base: ApiOperation, head: ApiOperation) -> bool:
    return base.method == head.method


def _best_route_match(op: ApiOperation, candidates: list[ApiOperation]) -> ApiOperation | None:
    routes = {route(template) for template in op.templates}
    sharing = [
        other
        for other in candidates
        if other.method == op.method and routes & {route(t) for t in other.templates}
    ]
    if not sharing:
        return None
    keys = set(op.request_keys)
    return max(
        sharing, key=lambda other: (len(keys & set(other.request_keys)), other.title == op.title)
    )


def _operation_changes(pair: OperationPair) -> Iterator[Change]:
    for kind in kinds_of("operation"):
        for finding in kind.detect(pair):
            yield _change(kind, finding, pair)
    if pair.base is None or pair.head is None:
        return
    compared: set[tuple[str, str]] = set()
    for response in pair_responses(pair):
        for kind in kinds_of("response"):
            for finding in kind.detect(response):
                yield _change(kind, finding, pair)
        for base_schema, head_schema in _body_pairs(response):
            if (base_schema, head_schema) in compared:
                continue  # 200 and 201 documented with the same body: compared once
            compared.add((base_schema, head_schema))
            yield from _body_changes(response, base_schema, head_schema)
    yield from _request_changes(pair)


# -- responses ---------------------------------------------------------------------------------


def pair_responses(pair: OperationPair) -> list[ResponsePair]:
    """One pair per status (or kind, for responses that name no code) of either side: the
    head's responses for a base status are those its page documents for that status (its own
    code, else its responses of that kind naming no code), so a page that starts or stops
    listing codes is no change by itself."""
    base, head = pair.base, pair.head
    assert base is not None and head is not None
    pairs = []
    base_keys = _keys(base)
    for key in base_keys:
        pairs.append(ResponsePair(key, _for(base, key), _for(head, key), pair))
    for key in _keys(head):
        if key not in base_keys and not _for(base, key):
            pairs.append(ResponsePair(key, (), _for(head, key), pair))
    return pairs


def _keys(op: ApiOperation) -> list[str]:
    return list(dict.fromkeys(_key(response) for response in op.responses))


def _key(response: ResponseSpec) -> str:
    return str(response.status) if response.status is not None else response.kind


def _for(op: ApiOperation, key: str) -> tuple[ResponseSpec, ...]:
    if key.isdigit():
        return op.responses_for(int(key))
    uncoded = tuple(r for r in op.responses if r.status is None and r.kind == key)
    return uncoded or tuple(r for r in op.responses if r.kind == key)


def _body_pairs(response: ResponsePair) -> list[tuple[str, str]]:
    heads = [r for r in response.head if r.schema]
    pairs = []
    for spec in response.base:
        if not spec.schema:
            continue
        twin = next((r for r in heads if r.kind == spec.kind), heads[0] if heads else None)
        if twin is not None and twin.schema:
            pairs.append((spec.schema, twin.schema))
    return pairs


# -- fields ------------------------------------------------------------------------------------


def _body_changes(response: ResponsePair, base_id: str, head_id: str) -> Iterator[Change]:
    ops = response.operations
    base = ops.base_version.schemas(base_id)
    head = ops.head_version.schemas(head_id)
    if base is None or head is None:
        return
    for field in walk_fields(response, base, head):
        for kind in kinds_of("field"):
            for finding in kind.detect(field):
                yield _change(kind, finding, ops)


# -- requests ----------------------------------------------------------------------------------

PLACES = (("path", "path"), ("query", "query"), ("header", "headers"))


def _request_changes(pair: OperationPair) -> Iterator[Change]:
    """The request's body and parameters, each part compared where both versions document it
    (a table one version lacks says nothing about that part)."""
    for place, base, head in _request_parts(pair):
        for field in walk_fields(RequestPair(place, pair), base, head):
            for kind in kinds_of("request-field"):
                for finding in kind.detect(field):
                    yield _change(kind, finding, pair)


def _request_parts(pair: OperationPair) -> list[tuple[str, Schema, Schema]]:
    assert pair.base is not None and pair.head is not None
    base, head = pair.base.request, pair.head.request
    if base is None or head is None:
        return []
    parts = []
    if base.body and head.body:
        base_body = pair.base_version.schemas(base.body)
        head_body = pair.head_version.schemas(head.body)
        if base_body is not None and head_body is not None:
            parts.append(("body", base_body, head_body))
    for place, attribute in PLACES:
        base_params, head_params = getattr(base, attribute), getattr(head, attribute)
        if base_params is not None and head_params is not None:
            renamed = _renamed(head_params, _same_parameters(place, pair, base_params, head_params))
            parts.append((place, base_params, renamed))
    return parts


def _same_parameters(place: str, pair: OperationPair, base: Schema, head: Schema) -> dict[str, str]:
    """Head parameters that are base ones under another name: a header spelled in another case,
    a path variable renamed at the same place of the same route (``{tenant_id}`` for
    ``{project_id}``)."""
    assert pair.base is not None and pair.head is not None
    base_names = set(_properties(base))
    new = [name for name in _properties(head) if name not in base_names]
    if place == "header":
        lowered = {name.lower(): name for name in base_names}
        return {name: lowered[name.lower()] for name in new if name.lower() in lowered}
    if place != "path":
        return {}
    same: dict[str, str] = {}
    for base_template in pair.base.templates:
        for head_template in pair.head.templates:
            if route(base_template) != route(head_template):
                continue
            for was, now in zip(variables(base_template), variables(head_template), strict=True):
                if now in new and was in base_names and was not in _properties(head):
                    same.setdefault(now, was)
    return same


def _renamed(node: Schema, names: dict[str, str]) -> Schema:
    if not names:
        return node
    renamed = {**node, "properties": {names.get(k, k): v for k, v in _properties(node).items()}}
    if "required" in node:
        renamed["required"] = [names.get(name, name) for name in node["required"]]
    return renamed


# -- walking -----------------------------------------------------------------------------------


def walk_fields(
    response: ResponsePair | RequestPair,
    base: Schema | None,
    head: Schema | None,
    pointer: str = "",
    required: tuple[bool, bool] = (False, False),
    parents: tuple[Schema | None, Schema | None] = (None, None),
) -> Iterator[FieldPair]:
    """Every node of both bodies, base order first. An added or removed node is not entered,
    nor one whose type changed (its fields are that one change); an object documented as a map
    (or back) is entered as the map's values, so fields that only moved under the map's keys
    are no change of their own."""
    yield FieldPair(pointer, base, head, required[0], required[1], response, *parents)
    if not isinstance(base, dict) or not isinstance(head, dict):
        return
    base_types, head_types = types_of(base), types_of(head)
    if base_types and head_types and not base_types & head_types:
        return
    if is_map(base) != is_map(head):
        base_values = base["additionalProperties"] if is_map(base) else base
        head_values = head["additionalProperties"] if is_map(head) else head
        yield from walk_fields(
            response, base_values, head_values, f"{pointer}/*", (False, False), (base, head)
        )
        return
    base_fields, head_fields = _properties(base), _properties(head)
    if base_fields or head_fields:
        base_required, head_required = _required(base), _required(head)
        for name in dict.fromkeys([*base_fields, *head_fields]):
            yield from walk_fields(
                response,
                base_fields.get(name),
                head_fields.get(name),
                f"{pointer}/{_escaped(name)}",
                (name in base_required, name in head_required),
                (base, head),
            )
    for keyword in ("items", "additionalProperties"):
        base_inner, head_inner = base.get(keyword), head.get(keyword)
        if isinstance(base_inner, dict) and isinstance(head_inner, dict):
            yield from walk_fields(
                response, base_inner, head_inner, f"{pointer}/*", (False, False), (base, head)
            )


def _properties(node: Schema) -> dict[str, Schema]:
    found = node.get("properties")
    return (
        {k: v for k, v in found.items() if isinstance(v, dict)} if isinstance(found, dict) else {}
    )


def _required(node: Schema) -> set[str]:
    found = node.get("required")
    return {name for name in found if isinstance(name, str)} if isinstance(found, list) else set()


def _escaped(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


# -- the change --------------------------------------------------------------------------------


def _change(kind: ChangeKind, finding: Finding, pair: OperationPair) -> Change:
    op = pair.either
    rows = f"base {finding.base_at or '(absent)'}; head {finding.head_at or '(absent)'}"
    return Change(
        code=kind.code,
        name=kind.name,
        level=kind.level.label,
        operation=f"{shown(op)} ({op.id})",
        operation_id=op.id,
        status=finding.status,
        pointer=finding.pointer,
        message=f"{kind.message.format(**finding.details)} ({rows})",
        base_at=finding.base_at,
        head_at=finding.head_at,
    )
