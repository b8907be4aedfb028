"""Documentation files -> catalog entries, schemas, documentation issues and statistics."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envelint.catalog.store import CASE, REQUEST_KIND, ApiOperation, CatalogEntry, case_schema_id
from envelint.common.error_codes import ANNOTATION as CODE_FORM
from envelint.common.error_codes import code_form
from envelint.common.errors import EnvelintError
from envelint.common.paths import display_path
from envelint.derive.builder import SchemaBuilder, merge_alternatives
from envelint.derive.captions import caption_names_a_field
from envelint.derive.context import (
    ABNORMAL_KIND,
    NORMAL_KIND,
    OTHER_KIND,
    classify,
)
from envelint.derive.error_codes import listed_codes
from envelint.derive.index import DocIndex, PlacedTable, Target
from envelint.derive.issues import (
    UNKNOWN_TYPE,
    DocIssue,
    IssueLog,
    unresolved_reference,
)
from envelint.derive.nesting import may_hold_object
from envelint.derive.operations import PageOperations, page_operations, unique_ids
from envelint.derive.params import ParamTable
from envelint.derive.requests import (
    BODILESS_METHODS,
    RequestTables,
    case_label,
    read_request_tables,
)
from envelint.docs import Block, DocPage, Link, read_page
from envelint.docs.dialects import DOC_SUFFIXES

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
ELSEWHERE = re.compile(
    r"\b(?:ab)?normal responses?\b|\berror responses?\b|\bresponse (?:parameters?|body|fields?)\b",
    re.IGNORECASE,
)
REFERRAL = re.compile(r"\bsee\b|\brefer(?:s|ring)? to\b|\bdescribe[sd]?\b", re.IGNORECASE)
RESPONSE_WORD = re.compile(r"\bresponse", re.IGNORECASE)
# A page or section a Response section's sentence sends to: "Task ID Response", "Abnormal
# Request Results", "Responses (Jobs)", "Error Response".
RESPONSE_TARGET = re.compile(r"\bresponses?\b|\bresults?\b|\berrors?\b", re.IGNORECASE)
HEADER_WORD = re.compile(r"\bheaders?\b", re.IGNORECASE)
UNLINKED_RESPONSE = "the response it points to is not derived; fix the label or add that page"


@dataclass
class DerivedCatalog:
    entries: list[CatalogEntry]
    schemas: dict[str, dict[str, Any]]
    issues: list[DocIssue]
    stats: dict[str, int | float] = field(default_factory=dict)
    # The pages read, by path, for a caller that reads them too (lint); never cached on disk,
    # so empty when the catalog comes from the cache.
    pages: dict[str, DocPage] = field(default_factory=dict, repr=False, compare=False)
    operations: list[ApiOperation] = field(default_factory=list)


@dataclass(frozen=True)
class PageSource:
    file: Path
    key: str  # the page's path below the folder given, without extension


def derive_catalog(
    paths: Sequence[str | Path], *, allow_outside_links: bool = False
) -> DerivedCatalog:
    """Read every page under ``paths`` and derive one schema per documented response."""
    return derive_from_sources(discover(paths, allow_outside_links=allow_outside_links))


def derive_from_sources(
    sources: list[PageSource], read: Callable[[Path], DocPage] = read_page
) -> DerivedCatalog:
    """``derive_catalog`` of pages already found (the cache finds them to compute its key), read
    by ``read`` (the page cache's, for one)."""
    pages = [read(source.file) for source in sources]
    keys = {page.path: source.key for page, source in zip(pages, sources, strict=True)}
    shown = {page.path: display_path(page.path) for page in pages}
    issues = IssueLog()
    builder = SchemaBuilder(DocIndex(pages), lambda page: shown[page.path], issues)
    check_all_tables(pages, builder)
    own_roots = {page.path: find_roots(page, builder) for page in pages}
    entries: list[CatalogEntry] = []
    schemas: dict[str, dict[str, Any]] = {}
    operations: list[ApiOperation] = []
    for page in pages:
        roots = {**referenced_roots(page, builder, own_roots), **own_roots[page.path]}
        page_entries = []
        for kind in ordered_kinds(roots):
            entry = catalog_entry(page, keys[page.path], kind, shown[page.path])
            page_entries.append(entry)
            schemas[entry.id] = root_schema(page, kind, roots[kind], builder)
        entries.extend(page_entries)
        requests = read_request_tables(page, builder)
        body = request_body_entry(page, keys[page.path], shown[page.path], requests)
        if body is not None and requests.body is not None:
            entries.append(body)
            schemas[body.id] = request_body_schema(page, requests, builder)
            for number, case in enumerate(request_case_schemas(page, requests, builder), 1):
                schemas[case_schema_id(body.id, number)] = case  # no entry: lint's alone
        body_id = body.id if body is not None else None
        item = PageOperations(page, shown[page.path], page_entries, requests, body_id)
        operations.extend(page_operations(item, builder))
    operations = unique_ids(operations)
    form = code_form(listed_codes(pages))
    if form is not None:  # the reference's own error codes: E004 checks codes against them
        for schema in schemas.values():
            schema[CODE_FORM] = form.as_annotation()
    responses = [entry for entry in entries if entry.kind != REQUEST_KIND]
    stats = statistics(pages, responses, builder, issues)
    stats["operations"] = len(operations)
    stats["request_body_schemas"] = len(entries) - len(responses)
    return DerivedCatalog(
        entries=entries,
        schemas=schemas,
        issues=issues.sorted(),
        stats=stats,
        pages={page.path: page for page in pages},
        operations=operations,
    )


# -- files -------------------------------------------------------------------------------------


def discover(paths: Sequence[str | Path], *, allow_outside_links: bool = False) -> list[PageSource]:
    """Files as given, folders searched for every dialect's suffix; each page keyed by its path.
    A page in a folder that links outside it is refused unless ``allow_outside_links``."""
    found: list[PageSource] = []
    used: set[str] = set()
    seen_files: set[str] = set()
    for given in paths:
        root = Path(given)
        if root.is_dir():
            files = sorted(
                (path for path in root.rglob("*") if _is_doc(path, root)),
                key=lambda path: path.relative_to(root).as_posix(),
            )
            if not allow_outside_links:
                _refuse_links_out_of(root, files)
            pairs = [(path, path.relative_to(root).with_suffix("").as_posix()) for path in files]
        elif root.is_file():
            pairs = [(root, root.stem)]
        else:
            raise FileNotFoundError(f"no such documentation file or folder: {given}")
        for path, key in pairs:
            if os.path.abspath(path) in seen_files:
                continue  # given twice (a folder and a file in it): read once
            seen_files.add(os.path.abspath(path))
            unique = _unique(key, root, used)
            used.add(unique)
            found.append(PageSource(path, unique))
    return found


def _refuse_links_out_of(root: Path, files: list[Path]) -> None:
    """A page found in a folder that is a link to a file outside the folder is refused: a tree
    from elsewhere (a pull request, an archive) must not make envelint read and quote files it
    was not given."""
    inside = root.resolve()
    for path in files:
        if path.is_symlink():
            target = path.resolve()
            if inside not in target.parents:
                raise EnvelintError(
                    f"{display_path(path)} is a link to {target}, outside {display_path(root)}; "
                    "envelint does not follow links out of the documentation tree "
                    "(--allow-outside-links or allow-outside-links: true does)"
                )


def _is_doc(path: Path, root: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
    return path.suffix in DOC_SUFFIXES and not hidden and path.is_file()


def _unique(key: str, root: Path, used: set[str]) -> str:
    if key not in used:
        return key
    candidate, number = f"{root.name}/{key}", 2
    while candidate in used:
        candidate, number = f"{root.name}/{key}-{number}", number + 1
    return candidate


# -- roots -------------------------------------------------------------------------------------


def check_all_tables(pages: list[DocPage], builder: SchemaBuilder) -> None:
    """Read every parameter table once: its type words, header, and nested links are checked
    whether or not a response schema uses it."""
    for page in pages:
        for table in page.tables:
            param_table = builder.param_table(PlacedTable(page, table))
            if param_table is None:
                continue
            for param in param_table.params:
                if param.schema is not None and may_hold_object(param.schema):
                    promised = not builder.has_inline_children(param_table, param)
                    builder.nested_table(param_table, param, (param.name,), promised)


def find_roots(page: DocPage, builder: SchemaBuilder) -> dict[str, ParamTable]:
    """The first parameter table of each response kind documented on the page."""
    roots: dict[str, ParamTable] = {}
    for table in page.tables:
        param_table = builder.param_table(PlacedTable(page, table))
        if param_table is None or not param_table.params:
            continue
        if param_table.kind in (None, OTHER_KIND) or caption_names_a_field(table):
            continue
        roots.setdefault(param_table.kind, param_table)
    return roots


def referenced_roots(
    page: DocPage, builder: SchemaBuilder, own_roots: dict[str, dict[str, ParamTable]]
) -> dict[str, ParamTable]:
    """Responses documented elsewhere, by a referral sentence: "For details about abnormal
    responses, see <link>", "For the description of the response parameters, see Table 4", or
    in a Response section "For details, see <Task ID Response>" and "See Abnormal Request
    Results" (a page or section named by its title, without a link)."""
    found: dict[str, ParamTable] = {}
    for referral in find_referrals(page):
        if referral.kind in found:
            continue
        table = _referral_table(page, referral, builder, own_roots)
        if table is not None:
            found[referral.kind] = table
            for kind, other in _companions(page, referral, builder, own_roots).items():
                found.setdefault(kind, other)
    return found


# A referral that names the outcome it is about ("For details about abnormal responses, see")
# sends the reader for that outcome only.
NAMES_AN_OUTCOME = re.compile(r"\b(?:ab)?normal\b|\berror|\bfail|\bsuccess|\bstatus", re.IGNORECASE)


def _companions(
    page: DocPage,
    referral: Referral,
    builder: SchemaBuilder,
    own_roots: dict[str, dict[str, ParamTable]],
) -> dict[str, ParamTable]:
    """A bare referral in a Response section ("See Responses (Jobs)") sends the reader to a
    page for the whole response: that page's responses of the other outcomes come with it (its
    abnormal response beside the normal one), unless this page documents them itself."""
    if NAMES_AN_OUTCOME.search(referral.block.text) or referral.kind != NORMAL_KIND:
        return {}
    target = _referral_target(page, referral, builder)
    if target is None or not (target.index == 0 or target.block.level <= 1):
        return {}
    mine = own_roots.get(page.path, {})
    return {
        kind: table
        for kind, table in own_roots.get(target.page.path, {}).items()
        if kind != referral.kind and kind not in mine
    }


def _referral_target(page: DocPage, referral: Referral, builder: SchemaBuilder) -> Target | None:
    """The page or section a referral names: its first link that resolves, else its title."""
    for link in referral.block.links:
        target = builder.index.resolve(link, page)
        if target is not None:
            return target
    if referral.block.links:
        return None
    return builder.index.by_title(_after_referral(referral.block.text), page)


@dataclass(frozen=True)
class Referral:
    block: Block
    kind: str  # the response it stands for: "normal", "abnormal", "status-NNN"
    says_response: bool  # the sentence itself speaks of responses (not only its section)


def find_referrals(page: DocPage) -> list[Referral]:
    """Paragraphs that send the reader elsewhere for a response: they speak of a response, or
    stand in a section about one (the first paragraph of "Response", a status marker's)."""
    found = []
    section_kind: str | None = None
    status: str | None = None
    for block in page.blocks:
        if block.kind == "section":
            section_kind, status = classify(block.text), None
            continue
        if block.kind != "paragraph" or not REFERRAL.search(block.text):
            marker = classify(block.text) if block.kind == "paragraph" else None
            status = marker if marker and marker.startswith("status-") else status
            continue
        says_response = bool(ELSEWHERE.search(block.text))
        kind = _referral_kind(block.text, section_kind, status)
        if kind is not None and (says_response or section_kind not in (None, OTHER_KIND)):
            found.append(Referral(block, kind, says_response))
    return found


def _referral_kind(text: str, section_kind: str | None, status: str | None) -> str | None:
    said = classify(text)
    if status is not None and _is_error(status):
        return status if said != NORMAL_KIND else None
    if said in (NORMAL_KIND, ABNORMAL_KIND):
        return status if status is not None and said == NORMAL_KIND else said
    if section_kind is not None and section_kind != OTHER_KIND:
        return status or section_kind
    return None


def _referral_table(
    page: DocPage,
    referral: Referral,
    builder: SchemaBuilder,
    own_roots: dict[str, dict[str, ParamTable]],
) -> ParamTable | None:
    for link in referral.block.links:
        if not referral.says_response and not RESPONSE_TARGET.search(link.text):
            continue
        table = _referenced_table(page, link, referral.kind, builder, own_roots)
        if table is not None:
            return table
    if referral.block.links:
        return None
    target = builder.index.by_title(_after_referral(referral.block.text), page)
    if target is None or not (referral.says_response or RESPONSE_TARGET.search(target.block.text)):
        return None
    return _table_of_target(target, referral.kind, builder, own_roots)


def _after_referral(text: str) -> str:
    found = REFERRAL.search(text)
    return text[found.end() :] if found else text


def _referenced_table(
    page: DocPage,
    link: Link,
    kind: str,
    builder: SchemaBuilder,
    own_roots: dict[str, dict[str, ParamTable]],
) -> ParamTable | None:
    target = builder.index.resolve(link, page)
    path = builder.display(page)
    if target is None:
        if link.kind != "url":
            builder.links.count(path, link, resolved=False)
            builder.issues.add(
                unresolved_reference(path, link, "the page or table", UNLINKED_RESPONSE)
            )
        return None
    builder.links.count(path, link, resolved=True)
    return _table_of_target(target, kind, builder, own_roots)


def _table_of_target(
    target: Target,
    kind: str,
    builder: SchemaBuilder,
    own_roots: dict[str, dict[str, ParamTable]],
) -> ParamTable | None:
    """A table label: that table. A page: its response of that kind, else its only one. Else
    the parameter table of that kind under the page or section, else its first one."""
    placed = builder.index.table_at(target)
    if placed is not None:
        return builder.param_table(placed)
    if target.index == 0 or target.block.level <= 1:
        roots = own_roots.get(target.page.path, {})
        wanted = kind if kind in roots or not _is_error(kind) else ABNORMAL_KIND
        if wanted in roots or len(roots) == 1:
            return roots.get(wanted) or next(iter(roots.values()))
    tables = [
        table
        for placed_table, _title in builder.index.tables_under(target)
        if (table := builder.param_table(placed_table)) is not None and table.params
    ]
    same_kind = [table for table in tables if table.kind == kind]
    chosen = same_kind or tables
    return chosen[0] if chosen else None


def _is_error(kind: str) -> bool:
    return kind == ABNORMAL_KIND or (kind.startswith("status-") and int(kind[7:]) >= 400)


def ordered_kinds(roots: dict[str, ParamTable]) -> list[str]:
    def order(kind: str) -> tuple[int, int]:
        if kind == NORMAL_KIND:
            return (0, 0)
        if kind == ABNORMAL_KIND:
            return (1, 0)
        return (2, int(kind.split("-", 1)[1]))

    return sorted(roots, key=order)


# -- output ------------------------------------------------------------------------------------


def catalog_entry(page: DocPage, key: str, kind: str, shown: str) -> CatalogEntry:
    schema_id = f"{key}.{kind}"
    status = int(kind.split("-", 1)[1]) if kind.startswith("status-") else None
    return CatalogEntry(
        id=schema_id,
        file=f"{schema_id}.json",
        kind="status" if status is not None else kind,
        status=status,
        operation=page.operation,
        page=shown,
        title=page.title or Path(page.path).stem,
    )


def root_schema(
    page: DocPage, kind: str, table: ParamTable, builder: SchemaBuilder
) -> dict[str, Any]:
    builder.start_schema()
    title = page.title or Path(page.path).stem
    schema: dict[str, Any] = {"$schema": SCHEMA_DIALECT, "title": f"{title}: {_kind_label(kind)}"}
    body_param = table.body_param
    if body_param is not None:
        schema.update(builder.property_schema(table, body_param, (), (table.placed.key,)))
        return schema
    body = builder.object_schema(table, (), ())
    schema["type"] = "object"
    schema["properties"] = body["properties"]
    for key in ("required", "patternProperties", "additionalProperties"):
        if key in body:
            schema[key] = body[key]
    return schema


def request_body_entry(
    page: DocPage, key: str, shown: str, requests: RequestTables
) -> CatalogEntry | None:
    """The entry of the page's request body schema: where a body table is documented for a
    method that sends a body."""
    methods = {line.method for line in page.request_lines}
    if requests.body is None or not methods - BODILESS_METHODS:
        return None
    return catalog_entry(page, key, REQUEST_KIND, shown)


def request_body_schema(
    page: DocPage, requests: RequestTables, builder: SchemaBuilder
) -> dict[str, Any]:
    """The body table read as for responses, ``required`` from its Mandatory column; rows
    naming a path or query parameter are left out (they are not in the body). With one body
    table per case, the fields of every case, required where every case requires them."""
    if requests.body is None:
        return {}
    builder.field_cases.clear()
    return _body_schema(page, requests, builder, [requests.body, *requests.cases])


def request_case_schemas(
    page: DocPage, requests: RequestTables, builder: SchemaBuilder
) -> list[dict[str, Any]]:
    """The body of each case alone, ``x-case`` its label, when the body has cases: one body
    table per case, else the cases of its first top-level field with one table per case (as
    ``request_body_schema`` recorded them). An example that says its case is checked against
    that case's body; one that does not, against the merged body."""
    if requests.body is None:
        return []
    if requests.cases:
        return [
            {
                **_body_schema(page, requests, builder, [table]),
                CASE: case_label(page, table.placed.table) or table.placed.table.caption,
            }
            for table in [requests.body, *requests.cases]
        ]
    if not builder.field_cases:
        return []
    path, labels = next(iter(builder.field_cases.items()))
    found = []
    try:
        for index, label in enumerate(labels):
            builder.chosen_case = (path, index)
            found.append({**_body_schema(page, requests, builder, [requests.body]), CASE: label})
    finally:
        builder.chosen_case = None
    return found


def _body_schema(
    page: DocPage, requests: RequestTables, builder: SchemaBuilder, tables: list[ParamTable]
) -> dict[str, Any]:
    with builder.requesting():
        schema, *cases = [root_schema(page, REQUEST_KIND, table, builder) for table in tables]
    if cases and all(case.get("type") == "object" for case in [schema, *cases]):
        merged = merge_alternatives([schema, *cases])
        schema.pop("required", None)
        schema.update(merged)
    leave_out = requests.left_out
    properties = schema.get("properties")
    if isinstance(properties, dict) and leave_out & set(properties):
        schema["properties"] = {k: v for k, v in properties.items() if k not in leave_out}
        required = [name for name in schema.get("required", ()) if name not in leave_out]
        schema.pop("required", None)
        if required:
            schema["required"] = required
    return schema


def _kind_label(kind: str) -> str:
    if kind == REQUEST_KIND:
        return "request body"
    if kind.startswith("status-"):
        return f"status {kind.split('-', 1)[1]} response"
    return f"{kind} response"


def statistics(
    pages: list[DocPage], entries: list[CatalogEntry], builder: SchemaBuilder, issues: IssueLog
) -> dict[str, int | float]:
    pages_with_schema = {entry.page for entry in entries}
    operation_pages = [page for page in pages if page.operation is not None]
    with_table = [page for page in operation_pages if has_response_table(page, builder)]
    covered = [page for page in with_table if builder.display(page) in pages_with_schema]
    return {
        "pages": len(pages),
        "operation_pages": len(operation_pages),
        "operation_pages_with_response_table": len(with_table),
        "operation_pages_with_schema": len(covered),
        "schemas": len(entries),
        "links_resolved": len(builder.links.resolved),
        "links_unresolved": len(builder.links.unresolved),
        "unknown_types": issues.count(UNKNOWN_TYPE),
    }


def has_response_table(page: DocPage, builder: SchemaBuilder) -> bool:
    """A parameter table that the text around it calls a response (not its header)."""
    for table in page.tables:
        if builder.param_table(PlacedTable(page, table)) is None:
            continue
        texts = [table.caption or "", table.heading or "", *table.context[:3]]
        if any(RESPONSE_WORD.search(text) and not HEADER_WORD.search(text) for text in texts):
            return True
    return False
