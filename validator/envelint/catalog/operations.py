"""Matching an HTTP request (method + URL, and the request body where URIs are shared) to the
operations the documentation describes.

The templates are compiled into one routing tree per method, a node per path segment: a request
walks down it segment by segment, so a match costs the length of its path, not the number of
operations. At each segment a literal child is tried first, then a segment mixing text and
variables (``{id}.json``), then a variable child (``{server_id}`` covers exactly one non-empty
segment); the first way down that reaches a template wins. So ``/v1/{project_id}/cloudservers/
delete`` beats ``/v1/{project_id}/cloudservers/{server_id}``, and a literal met early beats one
met late. The URL's scheme, host, query and fragment, empty segments and trailing slashes are
ignored; version prefixes (``/v2/``, ``/v2.1/``, ``/V1.0/``) are literal segments, matched as
documented. Where a template names its operation by a valueless query key (``/?acl``), a request
must carry that key, and the template with the most such keys present wins; among operations
ending on the same template, those documenting the most of the request's query parameters win
(``GET /{ObjectName}?uploadId=...`` lists a multipart upload's parts, not the object).

Several operations may share method and template (ECS documents fifteen actions on
``POST /v2/{project_id}/servers/{server_id}/action``): given the request body, the candidates are
narrowed by its top-level keys; when the body cannot tell them apart, all are returned.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from envelint.catalog.store import ApiOperation, Catalog, CatalogEntry, operations_of
from envelint.catalog.templates import VARIABLE, normalize_path, strip_trailing_slash

__all__ = ["OperationIndex", "OperationMatch", "normalize_template", "request_path"]


class OperationMatch(NamedTuple):
    """An operation a request matched, through which template, with the path's values."""

    operation: ApiOperation
    template: str
    names: tuple[str, ...]  # the template's variables, in path order
    path_values: tuple[str, ...]  # the request path's value of each

    @property
    def values(self) -> dict[str, str]:
        """Variable name -> the value the request path gave it."""
        return dict(zip(self.names, self.path_values, strict=False))


@dataclass(frozen=True)
class _Route:
    operation: ApiOperation
    template: str
    variables: tuple[str, ...]  # one name per variable in path order
    flags: frozenset[str]
    query: frozenset[str]  # the query parameters it documents


@dataclass
class _Node:
    literal: dict[str, _Node] = field(default_factory=dict)
    mixed: list[tuple[re.Pattern[str], _Node]] = field(default_factory=list)
    variable: _Node | None = None
    routes: list[_Route] = field(default_factory=list)
    ranked: bool = False  # several routes end here, or one needs query flags: read the query


def normalize_template(uri: str) -> str:
    """The path part of a documented URI: query, scheme/host and trailing slash removed."""
    return normalize_path(uri)


def request_path(url: str) -> str:
    """The path of a request URL (absolute or path-only), without query or trailing slash."""
    url = url.strip()
    scheme = url.find("://")
    host_start = scheme + 3 if scheme != -1 else (2 if url.startswith("//") else -1)
    if host_start != -1:  # the path starts where the host ends: at "/", "?" or "#"
        ends = [found for found in map(url.find, "/?#", [host_start] * 3) if found != -1]
        url = url[min(ends) :] if ends else ""
    path = url
    for mark in "?#":
        cut = path.find(mark)
        if cut != -1:
            path = path[:cut]
    if not path.startswith("/"):
        path = "/" + path
    return strip_trailing_slash(path)


def _split_url(url: str) -> tuple[list[str], str]:
    """A request URL's non-empty path segments and its query string (one pass, no parsing
    of what matching does not need)."""
    url, _, _fragment = url.strip().partition("#")
    path, _, query = url.partition("?")
    scheme = path.find("://")
    if scheme != -1:
        slash = path.find("/", scheme + 3)
        path = path[slash:] if slash != -1 else ""
    elif path.startswith("//"):
        slash = path.find("/", 2)
        path = path[slash:] if slash != -1 else ""
    return [segment for segment in path.split("/") if segment], query


def _query_keys(query: str) -> frozenset[str]:
    return frozenset(part.partition("=")[0] for part in query.split("&") if part)


def source_order(operation: ApiOperation) -> tuple[str, int]:
    """Where the documentation writes an operation: its page, then its line."""
    return (operation.page or "", operation.line)


class OperationIndex:
    """Documented operations, compiled once into routing trees; ``match`` answers per request.

    ``operations`` default to those the entries' own request lines make (a format 1 catalog).
    """

    def __init__(
        self, entries: list[CatalogEntry], operations: list[ApiOperation] | None = None
    ) -> None:
        self._entries = entries
        position = {entry.id: index for index, entry in enumerate(entries)}
        self._roots: dict[str, _Node] = {}
        # id(operation) -> its entries' positions (operations of merged catalogs may share ids)
        self._entry_positions: dict[int, tuple[int, ...]] = {}
        found = operations if operations is not None else operations_of(entries)
        # Page and line order, however the catalog stored them (a built catalog sorts by id):
        # where operations share a URI, the first one names the page a finding cites.
        self.operations = sorted(found, key=source_order)
        for operation in self.operations:
            self._entry_positions[id(operation)] = tuple(
                sorted(position[name] for name in operation.schema_ids if name in position)
            )
            for template in operation.templates:
                self._add(operation, template)

    @classmethod
    def for_catalog(cls, catalog: Catalog) -> OperationIndex:
        """The index of a catalog's operations: every template of every operation."""
        return cls(catalog.entries, catalog.operations)

    def _add(self, operation: ApiOperation, template: str) -> None:
        node = self._roots.setdefault(operation.method.upper(), _Node())
        variables: list[str] = []
        for segment in _segments(template):
            names = [found.group("name").strip() for found in VARIABLE.finditer(segment)]
            if not names:
                node = node.literal.setdefault(segment, _Node())
            elif VARIABLE.fullmatch(segment):
                node.variable = node.variable or _Node()
                node = node.variable
            else:
                node = _mixed_child(node, segment)
            variables.extend(names)
        route = _Route(
            operation,
            template,
            tuple(variables),
            frozenset(operation.query_flags),
            frozenset(operation.query_params),
        )
        if route not in node.routes:
            node.routes.append(route)
            node.ranked = node.ranked or bool(route.flags) or len(node.routes) > 1

    # -- matching ------------------------------------------------------------------------------

    def match_operations(
        self, method: str | None, url: str | None, request_body: object = None
    ) -> list[OperationMatch]:
        """The operations the request matches, best template first; [] when none does.

        Operations sharing the winning template are all returned, unless ``request_body`` (the
        parsed body, a dict) tells them apart by its top-level keys."""
        if not method or not url:
            return []
        root = self._roots.get(method.upper())
        if root is None:
            return []
        segments, query = _split_url(url)
        found = _walk(root, segments, 0, [], query)
        if found is None:
            return []
        routes, values = found
        matches = [
            OperationMatch(route.operation, route.template, route.variables, values)
            for route in routes
        ]
        if len(matches) > 1 and isinstance(request_body, Mapping):
            matches = narrow_by_body(matches, request_body)
        return matches

    def match(
        self, method: str | None, url: str | None, request_body: object = None
    ) -> list[CatalogEntry]:
        """The catalog entries (response schemas) of the best-matching operations; [] when
        none matches."""
        found = self.match_operations(method, url, request_body)
        if len(found) == 1:
            return [self._entries[index] for index in self._entry_positions[id(found[0][0])]]
        positions = {
            index for match in found for index in self._entry_positions[id(match.operation)]
        }
        return [self._entries[index] for index in sorted(positions)]


def narrow_by_body(
    matches: list[OperationMatch], body: Mapping[str, object]
) -> list[OperationMatch]:
    """The candidates the body's top-level keys fit best: none of their required keys missing,
    then the most keys shared. All of them when the body says nothing to tell them apart."""
    keys = set(body)
    complete = [found for found in matches if not set(found.operation.required_request_keys) - keys]
    pool = complete or matches
    scores = [len(keys & set(found.operation.request_keys)) for found in pool]
    best = max(scores)
    if best == 0:
        return pool
    return [found for found, score in zip(pool, scores, strict=True) if score == best]


def _segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _mixed_child(node: _Node, segment: str) -> _Node:
    parts = VARIABLE.split(segment)
    literal_parts = parts[0::2]  # split with a group: text, name, text, name, ..., text
    pattern = re.compile("(.+?)".join(re.escape(part) for part in literal_parts))
    for known, child in node.mixed:
        if known.pattern == pattern.pattern:
            return child
    child = _Node()
    node.mixed.append((pattern, child))
    node.mixed.sort(key=lambda item: -len(item[0].pattern))  # the most literal text first
    return child


def _walk(
    node: _Node, segments: list[str], index: int, values: list[str], query: str
) -> tuple[list[_Route], tuple[str, ...]] | None:
    """Depth first, literal before mixed before variable; the first node whose routes accept
    the query wins."""
    if index == len(segments):
        routes = _accepted(node.routes, _query_keys(query)) if node.ranked else node.routes
        return (routes, tuple(values)) if routes else None
    segment = segments[index]
    child = node.literal.get(segment)
    if child is not None:
        found = _walk(child, segments, index + 1, values, query)
        if found is not None:
            return found
    for pattern, mixed in node.mixed:
        matched = pattern.fullmatch(segment)
        if matched is not None:
            values.extend(matched.groups())
            found = _walk(mixed, segments, index + 1, values, query)
            del values[len(values) - len(matched.groups()) :]
            if found is not None:
                return found
    if node.variable is not None:
        values.append(segment)
        found = _walk(node.variable, segments, index + 1, values, query)
        values.pop()
        return found
    return None


def _accepted(routes: list[_Route], query: frozenset[str]) -> list[_Route]:
    """Routes whose flags the query carries, those naming the most flags kept; then, among
    those, the ones documenting the most of the query's parameters (none: all of them)."""
    present = [route for route in routes if route.flags <= query]
    if len(present) < 2:
        return present
    most = max(len(route.flags) for route in present)
    present = [route for route in present if len(route.flags) == most]
    if len(present) < 2 or not query:
        return present
    shared = [len(route.query & query) for route in present]
    best = max(shared)
    if best == 0:
        return present
    return [route for route, count in zip(present, shared, strict=True) if count == best]
