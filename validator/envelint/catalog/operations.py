"""Matching an HTTP request (method + URL) to the operations the documentation describes.

A URI template such as ``/v1/{project_id}/cloudservers/{server_id}`` matches a request path when
every literal part is equal and every ``{name}`` covers exactly one non-empty path segment. The
URL's scheme, host and query string are ignored, as are a template's own query part
(``?limit={limit}``) and trailing slashes on either side. When several templates match, the most
literal one wins: fewest variables, then the longest literal text, so that
``/v1/{project_id}/cloudservers/delete`` beats ``/v1/{project_id}/cloudservers/{server_id}``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from envelint.catalog.store import CatalogEntry

_VARIABLE = re.compile(r"\{[^{}/]*\}")


@dataclass(frozen=True)
class _Template:
    method: str
    path: str  # normalised: no scheme/host, no query, no trailing slash
    pattern: re.Pattern[str]
    rank: tuple[int, int]  # smaller is better: (variables, -literal characters)
    segments: int


def normalize_template(uri: str) -> str:
    """The path part of a documented URI: query, scheme/host and trailing slash removed."""
    path = uri.strip().split("?", 1)[0]
    if "://" in path:
        after_scheme = path.split("://", 1)[1]
        slash = after_scheme.find("/")
        path = after_scheme[slash:] if slash != -1 else "/"
    elif not path.startswith("/"):
        first, _, rest = path.partition("/")
        # "{endpoint}/v1/..." or "ecs.example.com/v1/...": the first part is the host.
        path = "/" + (rest if _looks_like_host(first) else path)
    return _strip_trailing_slash(path)


def _looks_like_host(part: str) -> bool:
    return (part.startswith("{") and part.endswith("}")) or "." in part or ":" in part


def request_path(url: str) -> str:
    """The path of a request URL (absolute or path-only), without query or trailing slash."""
    url = url.strip()
    if "://" in url or url.startswith("//"):
        path = urlsplit(url).path or "/"
    else:
        path = url.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        path = "/" + path
    return _strip_trailing_slash(path)


def _strip_trailing_slash(path: str) -> str:
    stripped = path.rstrip("/")
    return stripped or "/"


def _compile(method: str, uri: str) -> _Template:
    path = normalize_template(uri)
    parts = _VARIABLE.split(path)
    variables = len(parts) - 1
    literal = "".join(parts)
    regex = "[^/]+".join(re.escape(part) for part in parts)
    return _Template(
        method=method.upper(),
        path=path,
        pattern=re.compile(regex),
        rank=(variables, -len(literal)),
        segments=path.count("/"),
    )


class OperationIndex:
    """Documented operations, compiled once; ``match`` answers per request."""

    def __init__(self, entries: list[CatalogEntry]):
        entries_by_operation: dict[tuple[str, str], list[CatalogEntry]] = defaultdict(list)
        templates: dict[tuple[str, str], _Template] = {}
        for entry in entries:
            if entry.operation is None:
                continue
            template = _compile(entry.operation.method, entry.operation.uri)
            key = (template.method, template.path)
            templates.setdefault(key, template)
            entries_by_operation[key].append(entry)
        self._entries = dict(entries_by_operation)
        # Bucketed by method and segment count (a variable is one segment), best rank first.
        buckets: dict[tuple[str, int], list[_Template]] = defaultdict(list)
        for template in templates.values():
            buckets[(template.method, template.segments)].append(template)
        self._buckets = {
            key: sorted(found, key=lambda t: (t.rank, t.path)) for key, found in buckets.items()
        }

    def match(self, method: str | None, url: str | None) -> list[CatalogEntry]:
        """Entries of the best-matching operation; [] when none matches.

        Two different templates that tie on both criteria are equally good: the entries of
        both are returned, so that the caller sees the ambiguity instead of a silent pick.
        """
        if not method or not url:
            return []
        path = request_path(url)
        candidates = self._buckets.get((method.upper(), path.count("/")), [])
        best_rank = None
        matched: list[CatalogEntry] = []
        for template in candidates:
            if best_rank is not None and template.rank != best_rank:
                break
            if template.pattern.fullmatch(path):
                best_rank = template.rank
                matched.extend(self._entries[(template.method, template.path)])
        return matched
