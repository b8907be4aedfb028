"""Choosing the documented response a payload is checked against.

In order: a schema forced by the caller (``--schema``, or a documented example's own page), a
mapping in the configuration (path glob -> schema id), the HTTP context (method and URL matched
against the documented URI templates, then the status code), and last the envelope's own shape (an
``error`` member means the abnormal response; otherwise the normal response whose fields the
payload shares most).

An operation or a status the documentation does not list stops there (E006, E007): the body is
checked against nothing rather than against a guess; for E007 the findings still name the
operation the request matched, and its page. The shape decides only for a bare body with
no context, or among the responses the context left open; ``Selection.guess_note`` is what
every finding made so adds to its message, and ``Selection.checked_against`` what every finding
says of its operation, page and schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from envelint.captures.payload import Payload
from envelint.catalog.operations import OperationIndex, OperationMatch
from envelint.catalog.store import REQUEST_KIND, Catalog, CatalogEntry, Operation, ResponseSpec
from envelint.common.errors import EnvelintError
from envelint.common.findings import CheckedAgainst

ERROR_KEY = "error"
UNDOCUMENTED_OPERATION = "undocumented-operation"
UNDOCUMENTED_STATUS = "undocumented-status"
NO_BODY_DOCUMENTED = "no-body-documented"  # the status is documented, with no body table
NO_OPERATIONS = "catalog-without-operations"  # a request known, but no operation to match
_SHAPE_CACHE_LIMIT = 4096


@dataclass(frozen=True)
class Selection:
    entry: CatalogEntry | None
    how: str  # "forced", "mapping", "http", "shape" or "none"
    candidates: list[CatalogEntry] = field(default_factory=list)
    notes: tuple[str, ...] = ()  # UNDOCUMENTED_OPERATION, UNDOCUMENTED_STATUS
    # The top-level fields of the normal responses among the candidates: beside an ``error``
    # object, any of them makes the envelope ambiguous (E001).
    normal_fields: frozenset[str] = frozenset()
    # The documented responses the HTTP context left to choose from, when it left several.
    remaining: tuple[CatalogEntry, ...] = ()
    # The status codes the matched operations list (for E007's message).
    documented_statuses: tuple[int, ...] = ()
    # The operation the request matched when no response was chosen (E007: a status it does not
    # list), and its page: findings name it although they were checked against no schema.
    operation: Operation | None = None
    page: str | None = None

    def checked_against(self) -> CheckedAgainst:
        """What a finding made against this selection names: the operation, page and schema."""
        entry = self.entry
        operation = entry.operation if entry else self.operation
        return CheckedAgainst(
            schema=entry.id if entry else None,
            selection=self.how,
            method=operation.method if operation else None,
            uri=operation.uri if operation else None,
            page=entry.page if entry else self.page,
            candidates=tuple(_described(other) for other in self.remaining),
        )

    def guess_note(self) -> str:
        """What a finding's message adds when the body's shape chose its schema: "" otherwise.

        Short, as the message's first line is: the schema's last path segment (the report's
        ``schema`` has the whole id), and how many candidates there were.
        """
        if self.how != "shape" or self.entry is None:
            return ""
        chosen = _short_id(self.entry.id)
        if self.remaining:
            others = ", ".join(_short_id(entry.id) for entry in self.remaining)
            count = len(self.remaining)
            return f" (schema chosen by shape: {chosen}, of {count} candidates: {_clipped(others)})"
        return f" (schema chosen by shape: {chosen})"


_NOTE_LIMIT = 80


def _short_id(schema_id: str) -> str:
    return schema_id.rsplit("/", 1)[-1]


def _clipped(text: str) -> str:
    return text if len(text) <= _NOTE_LIMIT else text[: _NOTE_LIMIT - 3] + "..."


def _described(entry: CatalogEntry) -> str:
    operation = entry.operation
    where = f"{operation.method} {operation.uri} " if operation else ""
    return f"{where}({entry.id})"


def is_abnormal_entry(entry: CatalogEntry) -> bool:
    return entry.kind == "abnormal" or (entry.status is not None and entry.status >= 400)


class Selector:
    def __init__(
        self,
        catalog: Catalog,
        top_level_properties: Callable[[str], list[str]],
        mapped_schema: Callable[[str], str | None] | None = None,
    ):
        self.catalog = catalog
        self.top_level_properties = top_level_properties
        self.mapped_schema = mapped_schema
        responses = [entry for entry in catalog.entries if entry.kind != REQUEST_KIND]
        self.abnormal = [entry for entry in responses if is_abnormal_entry(entry)]
        self.normal = [entry for entry in responses if not is_abnormal_entry(entry)]
        self.operations = OperationIndex.for_catalog(catalog)
        self.has_operations = bool(catalog.operations)
        self.everything = self.normal + self.abnormal
        self._normal_fields_cache: dict[tuple[str, ...], frozenset[str]] = {}
        self._by_keys: dict[tuple[Any, ...], Selection] = {}
        self._by_id_cache: dict[tuple[str, str], Selection] = {}

    @cached_property
    def _no_match(self) -> Selection:
        return self._selection(None, "none", self.everything)

    def _selection(
        self,
        entry: CatalogEntry | None,
        how: str,
        candidates: list[CatalogEntry],
        notes: tuple[str, ...] = (),
    ) -> Selection:
        return Selection(entry, how, candidates, notes, self._normal_fields(candidates))

    def _normal_fields(self, candidates: list[CatalogEntry]) -> frozenset[str]:
        key = tuple(entry.id for entry in candidates)
        if key not in self._normal_fields_cache:
            self._normal_fields_cache[key] = frozenset(
                name
                for entry in candidates
                if not is_abnormal_entry(entry)
                for name in self.top_level_properties(entry.id)
            )
        return self._normal_fields_cache[key]

    def select(self, payload: Payload, value: object) -> Selection:
        if payload.schema_id:
            return self._by_id(payload.schema_id, "forced")
        if self.mapped_schema is not None:
            mapped = self.mapped_schema(payload.source)
            if mapped:
                return self._by_id(mapped, "mapping")
        if payload.method and payload.url and self.has_operations:
            return self.by_http(payload, value)
        selection = self.by_shape(value)
        if selection.entry is None and payload.method and payload.url:
            return replace(
                selection, notes=(NO_OPERATIONS,)
            )  # E002 says why the request was no help
        return selection

    def select_id(self, schema_id: str) -> Selection:
        """A schema named by the caller (``--schema``, or a mapping decided once per file)."""
        return self._by_id(schema_id, "forced")

    def _by_id(self, schema_id: str, how: str) -> Selection:
        key = (schema_id, how)
        if key not in self._by_id_cache:
            entry = self.catalog.by_id.get(schema_id)
            if entry is None:
                known = ", ".join(sorted(self.catalog.by_id)[:5])
                message = f"unknown schema id {schema_id!r} (the catalog has {known}, ...)"
                raise EnvelintError(message)
            self._by_id_cache[key] = self._selection(entry, how, [entry])
        return self._by_id_cache[key]

    def by_http(self, payload: Payload, value: object) -> Selection:
        """The response the request's operation documents for its status.

        An operation or a status the documentation does not list is reported (the notes) and
        nothing is chosen: a body is never checked against a guess, nor against another
        operation's response. A status the page lists with no body table (``404``, and a
        table only for the 200 body) is documented and has nothing to check. When several
        responses remain (no status known, or several operations share the URI), the body's
        shape picks one of them, and the selection says so.
        """
        found = self.operations.match_operations(payload.method, payload.url, payload.request_body)
        if not found:
            return self._selection(None, "none", [], (UNDOCUMENTED_OPERATION,))
        matched = self._entries_of(found)
        specs = [spec for match in found for spec in match.operation.responses_for(payload.status)]
        if not specs:
            statuses = sorted({code for match in found for code in match.operation.statuses})
            undocumented = self._selection(None, "none", matched, (UNDOCUMENTED_STATUS,))
            operation, page = _named_operation(found)
            return replace(
                undocumented, documented_statuses=tuple(statuses), operation=operation, page=page
            )
        by_id = self.catalog.by_id
        remaining = [by_id[schema] for schema in _schemas_of(specs) if schema in by_id]
        if not remaining:
            return self._selection(None, "none", matched, (NO_BODY_DOCUMENTED,))
        if len(remaining) == 1:
            return self._selection(remaining[0], "http", matched)
        entry = self._best_match(value, remaining) if isinstance(value, dict) else None
        how = "shape" if entry else "none"
        return replace(self._selection(entry, how, matched), remaining=tuple(remaining))

    def _entries_of(self, found: list[OperationMatch]) -> list[CatalogEntry]:
        """Every documented response of the matched operations, as catalog entries."""
        by_id = self.catalog.by_id
        return [
            by_id[schema]
            for schema in dict.fromkeys(
                schema for match in found for schema in match.operation.schema_ids
            )
            if schema in by_id
        ]

    def by_shape(self, value: object) -> Selection:
        if not isinstance(value, dict):
            return self._no_match
        key = tuple(value)
        selection = self._by_keys.get(key)
        if selection is None:
            if len(self._by_keys) >= _SHAPE_CACHE_LIMIT:
                self._by_keys.clear()
            candidates = self.abnormal if ERROR_KEY in value else self.normal
            entry = self._best_match(value, candidates)
            selection = (
                self._selection(entry, "shape", self.everything) if entry else self._no_match
            )
            self._by_keys[key] = selection
        return selection

    def _best_match(
        self, value: dict[str, Any], candidates: list[CatalogEntry]
    ) -> CatalogEntry | None:
        best, best_score = None, (0, 0)
        for entry in candidates:
            documented = self.top_level_properties(entry.id)
            shared = sum(1 for name in value if name in documented)
            # Most shared fields first; then the schema that leaves fewest documented fields out.
            score = (shared, -(len(documented) - shared))
            if shared and (best is None or score > best_score):
                best, best_score = entry, score
        return best


def _named_operation(found: list[OperationMatch]) -> tuple[Operation, str | None]:
    """How a finding names the operations a request matched when no response was chosen: one
    operation by its method and first URI template (as its schemas and the coverage table name
    it) and its page; several (sharing the matched template) by that template, and their page
    if they share one."""
    operations = list({id(match.operation): match.operation for match in found}.values())
    first = operations[0]
    template = first.templates[0] if len(operations) == 1 and first.templates else found[0].template
    pages = {operation.page for operation in operations}
    return Operation(first.method, template), pages.pop() if len(pages) == 1 else None


def _schemas_of(specs: list[ResponseSpec]) -> list[str]:
    return list(dict.fromkeys(spec.schema for spec in specs if spec.schema is not None))
