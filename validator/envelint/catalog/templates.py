"""URI templates as the documentation writes them -> path template, query parameters, flags.

The forms read: ``https://{endpoint}/v1/{project_id}/servers`` (scheme and host dropped, a host
in braces may hold spaces: ``{Cloud Eye endpoint}``), ``{endpoint}/v1/...`` and
``ecs.example.com/v1/...`` (a first part that looks like a host), RFC 6570 query expressions
(``/servers{?limit,marker}``, ``{&name}``), and query strings (``?limit={limit}&marker={marker}``,
``?offset=10``). A query key written without a value (``/?acl``, ``/ObjectName?uploads``) is a
*flag*: the documentation names a sub-resource by it, so it tells operations on the same path
apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Brace contents are bounded: a line of unclosed braces costs linear time, not quadratic.
SCHEME_AND_HOST = re.compile(r"^https?://(?:\{[^}]{0,80}\}|[^/{])+")
QUERY_EXPRESSION = re.compile(r"\{[?&](?P<names>[^}]{0,400})\}")  # RFC 6570: {?limit,marker}
VARIABLE = re.compile(r"\{(?P<name>[^{}/]*)\}")
TRAILING_PUNCTUATION = ".,;:"


@dataclass(frozen=True)
class ParsedUri:
    path: str  # "/v2/{project_id}/servers": no scheme, host, query or trailing slash
    query: tuple[str, ...]  # query parameter names, in the order written
    flags: tuple[str, ...]  # query keys written without a value: "acl" in "/?acl"


def parse_uri(uri: str) -> ParsedUri:
    """One documented URI, split into its path template and its query part."""
    text = uri.strip().rstrip(TRAILING_PUNCTUATION)
    query: list[str] = []
    for expression in QUERY_EXPRESSION.finditer(text):
        query.extend(name.strip() for name in expression.group("names").split(",") if name.strip())
    text = QUERY_EXPRESSION.sub("", text)
    path, _, query_string = text.partition("?")
    flags: list[str] = []
    for part in filter(None, query_string.split("&")):
        key, equals, _value = part.partition("=")
        key = key.strip()
        variable = VARIABLE.fullmatch(key)
        if variable:
            query.append(variable.group("name"))
        elif equals:
            query.append(key)
        elif key:
            flags.append(key)
    return ParsedUri(normalize_path(path), _unique(query), _unique(flags))


def normalize_path(uri: str) -> str:
    """The path part of a documented URI: scheme/host, query and trailing slash removed."""
    path = QUERY_EXPRESSION.sub("", uri.strip()).split("?", 1)[0].split("#", 1)[0]
    without_host = SCHEME_AND_HOST.sub("", path)
    if without_host != path:
        path = without_host or "/"
    elif "://" in path:
        after_scheme = path.split("://", 1)[1]
        slash = after_scheme.find("/")
        path = after_scheme[slash:] if slash != -1 else "/"
    elif not path.startswith("/"):
        first, _, rest = path.partition("/")
        # "{endpoint}/v1/..." or "ecs.example.com/v1/...": the first part is the host.
        path = "/" + (rest if _looks_like_host(first) else path)
    return strip_trailing_slash(path)


def path_parameters(path: str) -> tuple[str, ...]:
    """The names of a path template's variables, in order, each once."""
    return _unique([found.group("name").strip() for found in VARIABLE.finditer(path)])


def strip_trailing_slash(path: str) -> str:
    stripped = path.rstrip("/")
    return stripped or "/"


def _looks_like_host(part: str) -> bool:
    return (part.startswith("{") and part.endswith("}")) or "." in part or ":" in part


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
