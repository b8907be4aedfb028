"""Pages -> operations: every request line a page lists, with its responses per status code.

An operation is one method of one page, with every URI template the page lists for it (ECS's
``/v2/`` and ``/v2.1/`` twins are one operation). Its responses are read from:

- the response bodies derived for the page (its own tables, or the ones a referral sentence
  points to: "For details, see Task ID Response"), each under its kind or status marker;
- the status codes the page lists (a table headed "Status Code" / "Returned Value", or a
  paragraph in such a section that is a code): a success gets the page's normal body, an error
  its abnormal body, 204 never a body;
- a response section that says there is none ("None"): a success with no body.

Response headers come from tables the text calls response headers. The request body's top-level
keys (which tell operations sharing a URI apart) come from the first request-body table's top
rows, else from the request examples' JSON; a GET or HEAD request has no body, so what its
request table lists are query parameters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from envelint.catalog.store import ApiOperation, CatalogEntry, ResponseSpec
from envelint.catalog.templates import path_parameters
from envelint.derive.builder import SchemaBuilder
from envelint.derive.index import PlacedTable
from envelint.derive.requests import BODILESS_METHODS, RequestTables, request_spec
from envelint.docs import DocPage
from envelint.docs.model import RequestLine

STATUS_CODE = re.compile(r"^\s*(?P<code>[1-5]\d\d)\b")
STATUS_HEADER = re.compile(r"status\s*code|returned?\s*values?|return\s*codes?|http\s*status")
STATUS_SECTION = re.compile(r"\bstatus codes?\b|\breturn(?:ed)? (?:values?|codes?)\b", re.I)
RESPONSE_SECTION = re.compile(r"\bresponses?\b", re.IGNORECASE)
NOT_RESPONSE_BODY = re.compile(r"\bexamples?\b|\bsamples?\b|\bheaders?\b|\bsyntax\b", re.I)
NO_BODY = re.compile(
    r"^(?:none|n/a|null|-|no (?:response )?(?:body|parameters?))\.?$|"
    r"\b(?:involves|contains|has|returns?) no (?:response )?(?:body|elements?|parameters?)\b",
    re.IGNORECASE,
)
RESPONSE_HEADERS = re.compile(r"\bresponse headers?\b|\bheaders? (?:in|of) the response\b", re.I)
REQUEST_EXAMPLE = re.compile(r"\b(?:examples?|samples?) requests?\b|\brequests? examples?\b", re.I)
BODY_START = re.compile(r"^[ \t]*\{", re.MULTILINE)
NO_CONTENT = 204
SLUG_NOISE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class PageOperations:
    """What one page contributes: its request lines and the schemas derived for it."""

    page: DocPage
    shown: str  # the page's path as displayed
    entries: list[CatalogEntry]  # its response schemas, in kind order
    requests: RequestTables  # its request tables
    request_body: str | None = None  # the id of its request body's schema


def page_operations(item: PageOperations, builder: SchemaBuilder) -> list[ApiOperation]:
    """The page's operations, one per method, ids not yet made unique."""
    page = item.page
    by_method: dict[str, list[RequestLine]] = {}
    for line in page.request_lines:
        by_method.setdefault(line.method, []).append(line)
    if not by_method:
        return []
    base = _slug(page.labels[0] if page.labels else page.title or Path(page.path).stem)
    shared = ApiOperation(
        id=base,
        method="",
        templates=(),
        responses=_responses(page, item.entries, builder),
        page=item.shown,
        title=page.title or Path(page.path).stem,
    )
    keys = _request_keys(page, item.requests)
    return [
        replace(
            _for_method(shared, method, lines, keys, several=len(by_method) > 1),
            request=request_spec(page, item.requests, builder, method, item.request_body),
        )
        for method, lines in by_method.items()
    ]


def _for_method(
    shared: ApiOperation,
    method: str,
    lines: list[RequestLine],
    keys: tuple[tuple[str, ...], tuple[str, ...]],
    several: bool,
) -> ApiOperation:
    """One method's operation: its templates and query, and the page's responses and keys."""
    templates = tuple(dict.fromkeys(line.path for line in lines))
    query = [name for line in lines for name in line.query]
    body_keys, body_required = keys
    if method in BODILESS_METHODS:  # what its request table lists are query parameters
        query, body_keys, body_required = [*query, *body_keys], (), ()
    return replace(
        shared,
        id=f"{shared.id}-{method.lower()}" if several else shared.id,
        method=method,
        templates=templates,
        path_params=tuple(dict.fromkeys(n for path in templates for n in path_parameters(path))),
        query_params=tuple(dict.fromkeys(query)),
        query_flags=tuple(dict.fromkeys(flag for line in lines for flag in line.flags)),
        request_keys=body_keys,
        required_request_keys=body_required,
        line=lines[0].line,
    )


def unique_ids(operations: list[ApiOperation]) -> list[ApiOperation]:
    """Ids made unique in order: the second ``x`` becomes ``x-2``, the third ``x-3``."""
    used: set[str] = set()
    unique = []
    for operation in operations:
        candidate, number = operation.id, 2
        while candidate in used:
            candidate, number = f"{operation.id}-{number}", number + 1
        used.add(candidate)
        unique.append(operation if candidate == operation.id else replace(operation, id=candidate))
    return unique


def _slug(text: str) -> str:
    return SLUG_NOISE.sub("-", text.lower()).strip("-") or "operation"


# -- responses ---------------------------------------------------------------------------------


def _responses(
    page: DocPage, entries: list[CatalogEntry], builder: SchemaBuilder
) -> tuple[ResponseSpec, ...]:
    normal = next((e.id for e in entries if e.kind == "normal"), None)
    abnormal = next((e.id for e in entries if e.kind == "abnormal"), None)
    by_status = {e.status: e.id for e in entries if e.status is not None}
    headers = _response_headers(page, builder)
    statuses = sorted(set(documented_statuses(page)) | set(by_status))
    found: list[ResponseSpec] = []
    for status in statuses:
        success = status < 400
        if status in by_status:
            schema: str | None = by_status[status]
        elif status == NO_CONTENT or status < 200 or 300 <= status < 400:
            schema = None
        else:
            schema = normal if success else abnormal
        kind = "normal" if success else "abnormal"
        found.append(ResponseSpec(status, kind, schema, headers if success else ()))
    if normal is not None and not any(r.schema == normal for r in found):
        found.append(ResponseSpec(None, "normal", normal, headers))
    if abnormal is not None and not any(r.schema == abnormal for r in found):
        found.append(ResponseSpec(None, "abnormal", abnormal))
    if not any(r.kind == "normal" for r in found) and says_no_body(page):
        found.append(ResponseSpec(None, "normal", None, headers))
    return tuple(found)


def documented_statuses(page: DocPage) -> list[int]:
    """The status codes the page lists: in a status-code table, or as a paragraph of a
    status-code section ("200", "201 Created")."""
    codes: list[int] = []
    for table in page.tables:
        if table.header and STATUS_HEADER.search(table.header[0].lower()):
            codes.extend(_codes(row.cell(0) for row in table.rows))
    in_status_section = False
    for block in page.blocks:
        if block.kind == "section":
            in_status_section = bool(STATUS_SECTION.search(block.text))
        elif block.kind == "paragraph" and in_status_section:
            codes.extend(_codes([block.text]) if len(block.text) <= 40 else [])
    return sorted(set(codes))


def _codes(texts: Iterable[str]) -> list[int]:
    return [int(found.group("code")) for text in texts if (found := STATUS_CODE.match(text))]


def says_no_body(page: DocPage) -> bool:
    """A response section whose text says there is no body: "None"."""
    in_response = False
    for block in page.blocks:
        if block.kind == "section":
            in_response = bool(
                RESPONSE_SECTION.search(block.text) and not NOT_RESPONSE_BODY.search(block.text)
            )
        elif in_response and block.kind == "paragraph" and NO_BODY.search(block.text.strip()):
            return True
    return False


def _response_headers(page: DocPage, builder: SchemaBuilder) -> tuple[str, ...]:
    names: list[str] = []
    for table in page.tables:
        texts = [table.caption or "", table.heading or "", table.section or "", *table.context[:2]]
        if not any(RESPONSE_HEADERS.search(text) for text in texts):
            continue
        param_table = builder.param_table(PlacedTable(page, table))
        if param_table is not None:
            names.extend(param.name for param in param_table.params)
        else:
            names.extend(row.cell(0) for row in table.rows if row.cell(0))
    return tuple(dict.fromkeys(names))


# -- request body ------------------------------------------------------------------------------


def _request_keys(page: DocPage, tables: RequestTables) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The request body's top-level keys and the required ones among them."""
    if tables.body is None:
        return _example_keys(page), ()
    return tables.body_names, tables.required_names()


def _example_keys(page: DocPage) -> tuple[str, ...]:
    keys: list[str] = []
    for code in page.code_blocks:
        texts = [code.section or "", *code.contexts[:1]]
        if not any(REQUEST_EXAMPLE.search(text) for text in texts):
            continue
        body = _json_object(code.text)
        if body is not None:
            keys.extend(body)
    return tuple(dict.fromkeys(keys))


def _json_object(text: str) -> dict[str, object] | None:
    start = BODY_START.search(text)  # past a request line ("PUT https://{endpoint}/...")
    if start is None:
        return None
    try:
        value, _end = json.JSONDecoder().raw_decode(text, start.end() - 1)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
