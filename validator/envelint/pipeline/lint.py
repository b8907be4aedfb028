"""``envelint lint``: check every documented example against its own page's tables.

Links are resolved across the whole documentation tree a page belongs to, even when pre-commit
passes a single changed page; the tree's derivation is cached by content. The tree's root is the
nearest folder upward with a dialect's root marker (Sphinx's ``conf.py`` for RST), else the top
of the tree (see ``find_root``), so a page is checked alike alone and in a run over its tree.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from envelint.captures.payload import Payload, request_body_value
from envelint.catalog.operations import OperationIndex, OperationMatch
from envelint.catalog.store import REQUEST_KIND, ApiOperation, Catalog, CatalogEntry
from envelint.common.errors import EnvelintError
from envelint.common.findings import Finding
from envelint.common.paths import display_path
from envelint.config.settings import Settings
from envelint.derive.cache import KeyedTree, derive_cached, keyed_tree, page_cache
from envelint.derive.derivation import discover
from envelint.docs.dialects import DOC_SUFFIXES, ROOT_MARKERS
from envelint.docs.examples import (
    JSON_BODY,
    REQUEST,
    Example,
    RequestBlock,
    find_examples,
    find_request_examples,
    request_blocks,
)
from envelint.docs.model import DocPage, Suppression
from envelint.engine.engine import Engine
from envelint.pipeline.lint_results import PageResult, load_results, results_key, store_results
from envelint.pipeline.request_cases import case_entries, schema_for_case
from envelint.pipeline.suppression import unused_suppression
from envelint.pipeline.validate import EnginePerSettings, rule_infos
from envelint.report import CheckedUnit, Report
from envelint.rules import doc_rules, rule_with_role
from envelint.rules.contract import NO_DOCUMENTED_RESPONSE
from envelint.rules.docs import DocContext

VERSION_SEGMENT = re.compile(r"^v\d+(?:\.\d+)*$", re.IGNORECASE)


@dataclass
class LintRequest:
    paths: list[str]
    settings: Settings
    use_cache: bool = True


def lint_docs(
    request: LintRequest, on_progress: Callable[[int, int], None] | None = None
) -> Report:
    report = Report(findings=[], rules=rule_infos(request.settings))
    for root, files in _files_by_root(request.paths, request.settings).items():
        linted = [
            (file, settings)
            for file in files
            if not (settings := request.settings.for_path(str(file))).excluded(str(file))
        ]
        for result in _tree_results(root, linted, request):
            report.files += 1
            report.payloads += len(result.example_lines)
            shown = display_path(result.file)
            report.units.append(CheckedUnit(shown, "page", 1))
            report.units.extend(
                CheckedUnit(shown, f"example at line {line}", line) for line in result.example_lines
            )
            report.add(sorted(result.findings, key=Finding.sort_key))
            if on_progress:
                on_progress(report.files, report.payloads)
    return report


def _tree_results(
    root: Path, linted: list[tuple[Path, Settings]], request: LintRequest
) -> list[PageResult]:
    """Each linted page's result: from the cache when the tree, the settings and envelint are
    unchanged since a run stored them, else linted now (and stored)."""
    if not linted:
        return []
    run = request.settings
    keyed = None
    if request.use_cache:  # the pages found and hashed once, for both caches
        keyed = keyed_tree([str(root)], run.types, allow_outside_links=run.allow_outside_links)
    key = results_key(keyed, root, linted, run) if keyed else None
    cached = load_results(key) if key else None
    if cached is not None:
        return cached
    tree = _Tree(root, run, request.use_cache, keyed)
    results = []
    for file, settings in linted:
        findings, examples = tree.lint_page(file, settings)
        results.append(PageResult(str(file), findings, [example.line for example in examples]))
    tree.pages.save()
    if key:
        store_results(key, results)
    return results


class _Tree:
    """One documentation tree: its derived catalog, and engines to check its examples."""

    def __init__(
        self, root: Path, settings: Settings, use_cache: bool, keyed: KeyedTree | None = None
    ):
        self.pages = page_cache([str(root)], use_cache)
        derived = derive_cached(
            [str(root)],
            use_cache=use_cache,
            extra_types=settings.types,
            pages=self.pages,
            allow_outside_links=settings.allow_outside_links,
            tree=keyed,
        )
        cases = case_entries(derived.entries, derived.schemas)
        self.schemas = derived.schemas
        self.catalog = Catalog.in_memory(
            [*derived.entries, *cases], derived.schemas, derived.operations
        )
        self.engines = EnginePerSettings(self.catalog)
        self.syntax_only = EnginePerSettings(Catalog.in_memory([], {}))
        self.entries_by_page: dict[str, list[CatalogEntry]] = defaultdict(list)
        for entry in derived.entries:
            self.entries_by_page[entry.page or ""].append(entry)
        self.issues_by_page = defaultdict(list)
        for issue in derived.issues:
            self.issues_by_page[issue.path].append(issue)
        self.pages_read = derived.pages  # empty when the derivation came from the cache
        self.operations_by_page: dict[str, list[ApiOperation]] = defaultdict(list)
        for operation in derived.operations:
            self.operations_by_page[operation.page or ""].append(operation)

    def documented_members(self, schema_id: str) -> frozenset[str]:
        """The top-level members a schema documents."""
        properties = self.catalog.schema(schema_id).get("properties")
        return frozenset(properties) if isinstance(properties, dict) else frozenset()

    def lint_page(self, file: Path, settings: Settings) -> tuple[list[Finding], list[Example]]:
        # Popped: each page is linted once, and its memory goes as soon as it is done.
        page = self.pages_read.pop(str(file), None) or self.pages.read(file)
        shown = display_path(file)
        entries = self.entries_by_page.get(shown, [])
        examples = find_examples(page)
        blocks = request_blocks(page) if page.request_lines else []
        requests = find_request_examples(page, blocks)
        findings = []
        page_operations = self.operations_by_page.get(shown, [])
        engine = self.engines.get(settings)
        no_response = rule_with_role(NO_DOCUMENTED_RESPONSE).code
        syntax_settings = replace(settings, ignore=[*settings.ignore, no_response])
        bodies = {example.block_line: example.text for example in reversed(requests)}
        for block in blocks:
            body = request_body_value(bodies.get(block.block.line, ""))
            findings.extend(check_request_line(block, body, page, shown, page_operations, engine))
        for example in [*examples, *requests]:
            schema_id = schema_for_example(example, entries, self.documented_members)
            addressed = addressed_to(example.method, example.url, page_operations)
            if example.side == REQUEST and not addressed:
                schema_id = None  # a request to another API (a step of a walk-through)
            if example.side == REQUEST and schema_id:  # the case its caption names, if any
                case = schema_for_case(example.label, schema_id, self.schemas, page.title or "")
                schema_id = case or schema_id
            payload = Payload(
                source=shown,
                data=example.text.encode("utf-8", errors="surrogatepass"),
                line=example.line,
                column=example.column,
                schema_id=schema_id,
                doc_example=True,
                side=example.side,
            )
            if schema_id:
                findings.extend(engine.check(payload))
            else:  # no table to check it against: its syntax still counts
                findings.extend(self.syntax_only.get(syntax_settings).check(payload))
        context = DocContext(
            page=page,
            shown_path=shown,
            issues=self.issues_by_page.get(shown, []),
            examples=len(examples),
            has_response_schema=any(e.kind not in ("abnormal", REQUEST_KIND) for e in entries),
        )
        findings.extend(_doc_findings(context, settings))
        every_example = sorted([*examples, *requests], key=lambda example: example.line)
        spans = [(block.block.line, block_end(block)) for block in blocks]
        kept = apply_disable_comments(findings, page, shown, every_example, settings.runs, spans)
        return kept, every_example


def schema_for_example(
    example: Example,
    entries: list[CatalogEntry],
    documented_members: Callable[[str], frozenset[str]] | None = None,
) -> str | None:
    """The page's schema for an example's kind: its status, else normal or abnormal; for an
    example request, the page's request body schema.

    An error envelope (``example.envelope``) is an abnormal response whatever its label says,
    unless the success schema it would get documents its members (a 200 body of ``error_code``
    and ``error_msg``): then that schema. With no abnormal or 4xx schema on the page, none.
    """
    if example.side == REQUEST:
        return next((entry.id for entry in entries if entry.kind == REQUEST_KIND), None)
    by_status = {
        entry.status: entry
        for entry in entries
        if entry.kind == "status" and entry.status is not None
    }
    normal = next((entry for entry in entries if entry.kind == "normal"), None)
    abnormal = next((entry for entry in entries if entry.kind == "abnormal"), None)
    status = example.status
    chosen: CatalogEntry | None = None
    if status is not None and status in by_status:
        chosen = by_status[status]
    wants_abnormal = example.kind == "abnormal" or (status is not None and status >= 400)
    if chosen is None and not wants_abnormal:
        chosen = normal or next((e for s, e in sorted(by_status.items()) if s < 400), None)
    success = chosen is not None and chosen.kind != "abnormal" and (chosen.status or 0) < 400
    if example.envelope and success and chosen is not None:
        documented = documented_members(chosen.id) if documented_members else frozenset()
        if not set(example.envelope) <= documented:
            chosen, wants_abnormal = None, True
    if chosen is None and wants_abnormal:
        chosen = abnormal or next((e for s, e in sorted(by_status.items()) if s >= 400), None)
    return chosen.id if chosen else None


def check_request_line(
    block: RequestBlock,
    body: object,
    page: DocPage,
    shown: str,
    operations: list[ApiOperation],
    engine: Engine,
) -> list[Finding]:
    """The path and query parameters of an example request's request line (``GET
    https://{Endpoint}/v2/{project_id}/servers?limit=10``) against the tables of the page's
    operation it matches, as a captured request's are; placeholders (``{project_id}``) are not
    values. Nothing when it matches none of the page's operations (a request to another API)
    or operations whose parameter tables differ."""
    match = line_match(block, body, operations)
    if match is None:
        return []
    url = absolute_url(block.url or "")
    lines = page.lines
    payload = Payload(
        source=shown,
        data=b"",
        line=block.line,
        column=block.column,
        method=match.operation.method,
        url=url,
        request_at=(block.line, block.column),
        side=REQUEST,
        source_line=lambda number: lines[number - 1] if 0 < number <= len(lines) else "",
    )
    return engine.check_parameters(payload, match)


def block_end(block: RequestBlock) -> int:
    return block.block.line + block.block.text.count("\n")


def line_match(
    block: RequestBlock, body: object, operations: list[ApiOperation]
) -> OperationMatch | None:
    """The page's operation an example's request line matches (narrowed by its body), when
    every candidate documents the same path and query parameters; else None. A bare URL is
    tried with each of the page's methods."""
    if block.url is None or not operations:
        return None
    index = OperationIndex([], operations)
    url = absolute_url(block.url)
    # A bare URL or path (no method): the page's methods, a GET before a POST.
    methods = [block.method] if block.method else sorted({op.method for op in operations})
    matches = next(
        (found for method in methods if (found := index.match_operations(method, url, body))), []
    )
    tables = {
        repr((m.operation.request.path, m.operation.request.query))
        for m in matches
        if m.operation.request
    }
    return matches[0] if matches and len(tables) <= 1 else None


@dataclass(frozen=True)
class RequestVerdict:
    """Whether lint checks an example request block, and how or why not."""

    checked: bool
    how: str  # what is checked, or the reason nothing is


BODY_CHECKED = "body against the page's request body schema"
SYNTAX_ONLY_NO_SCHEMA = "body's syntax only (the page documents no request body)"
SYNTAX_ONLY_ELSEWHERE = "body's syntax only (a request to another API)"
LINE_CHECKED = "request line's path and query parameters"
NOT_AN_OPERATION_PAGE = "a guide's or tutorial's code (the page documents no operation)"
NO_REQUEST_LINE = "no request line to check"
LINE_MATCHES_NOTHING = "its request line matches none of the page's operations"
NO_PARAMETER_TABLES = "its operation documents no path or query parameters"


def request_verdict(
    block: RequestBlock,
    page: DocPage,
    operations: list[ApiOperation],
    has_request_schema: bool,
    body: object = None,
) -> RequestVerdict:
    """What ``lint_page`` checks of an example request block (``request_blocks``): its JSON
    body, its request line's parameters, both, or neither and why (what the block holds)."""
    if not page.request_lines:
        return RequestVerdict(False, NOT_AN_OPERATION_PAGE)
    parts = []
    if block.holds == JSON_BODY:
        if not addressed_to(block.method, block.url, operations):
            parts.append(SYNTAX_ONLY_ELSEWHERE)
        else:
            parts.append(BODY_CHECKED if has_request_schema else SYNTAX_ONLY_NO_SCHEMA)
    match = line_match(block, body, operations)
    request = match.operation.request if match else None
    if request is not None and (request.path or request.query):
        parts.append(LINE_CHECKED)
    if parts:
        return RequestVerdict(True, "; ".join(parts))
    if block.url is None:
        return RequestVerdict(False, f"{block.holds}, {NO_REQUEST_LINE}")
    if match is not None:
        return RequestVerdict(False, f"{block.holds}, {NO_PARAMETER_TABLES}")
    return RequestVerdict(False, f"{block.holds}, {LINE_MATCHES_NOTHING}")


def absolute_url(url: str) -> str:
    """An example's URL as the matcher reads it: ``{endpoint}/v1/...`` (a host placeholder
    without a scheme) and ``v2/...`` (no leading slash) made whole."""
    if url.startswith("{"):
        return f"https://{url}"
    if "://" not in url and not url.startswith("/"):
        return f"/{url}"
    return url


def addressed_to(method: str | None, url: str | None, operations: list[ApiOperation]) -> bool:
    """An example request is one of the page's operations unless its request line names
    another API: its URL matches none of the page's templates and shares no literal segment
    with them but a version ("Step 1: Apply for an EIP. POST https://{VPCEndpoint}/v1/.../
    publicips" on the page creating a load balancer). A URL written a little off
    (``/instance/`` for ``/instances/``) still shares the rest."""
    if url is None or not operations:
        return True
    url = absolute_url(url)
    index = OperationIndex([], operations)
    methods = [method] if method else sorted({op.method for op in operations})
    if any(index.match_operations(method, url) for method in methods):
        return True
    literals = {
        _loose(segment)
        for operation in operations
        for template in operation.templates
        for segment in template.split("/")
        if segment and "{" not in segment and not VERSION_SEGMENT.match(segment)
    }
    path = url.split("://", 1)[-1].split("?", 1)[0]
    return bool(literals & {_loose(segment) for segment in path.split("/")[1:]})


def _loose(segment: str) -> str:
    """A path segment as a writer may vary it: case, ``_`` for ``-``, a plural ``s``."""
    return segment.lower().replace("_", "-").removesuffix("s")


def _doc_findings(context: DocContext, settings: Settings) -> list[Finding]:
    lines = context.page.lines
    findings = []
    for rule in doc_rules():
        if not settings.enabled(rule):
            continue
        for violation in rule.check(context):
            excerpt = lines[violation.line - 1] if 0 < violation.line <= len(lines) else None
            findings.append(
                Finding(
                    code=rule.code,
                    rule=rule.name,
                    severity=settings.severity_of(rule),
                    message=violation.message,
                    path=context.shown_path,
                    line=violation.line,
                    column=violation.column,
                    hint=violation.hint,
                    excerpt=excerpt,
                )
            )
    return findings


# -- suppression comments ------------------------------------------------------------------------


def apply_disable_comments(
    findings: list[Finding],
    page: DocPage,
    shown: str,
    examples: list[Example],
    runs: Callable[[str], bool] = lambda code: True,
    spans: list[tuple[int, int]] | None = None,
) -> list[Finding]:
    """A suppression comment (``.. envelint: disable=J001,S003`` in RST) silences those codes
    in the block right after it; one that silences nothing is reported unless none of its
    codes ran (``runs``: a ``--select`` that leaves them out cannot tell). ``spans``: further
    blocks (first and last line), such as example requests that hold no JSON body."""
    blocks = sorted(
        {(example.block_line, example.block_end_line) for example in examples}
        | {(table.line, table.end_line) for table in page.tables}
        | set(spans or ())
    )
    kept = list(findings)
    for comment in page.suppressions:
        codes = comment.codes
        start, end = next(((s, e) for s, e in blocks if s > comment.line), (0, -1))
        silenced = [
            finding
            for finding in kept
            if start <= finding.line <= end and (finding.code in codes or "ALL" in codes)
        ]
        judged = "ALL" in codes or any(runs(code) for code in codes)
        if not silenced and judged:
            kept.append(_unused_comment(shown, comment, page.lines[comment.line - 1]))
        kept = [finding for finding in kept if finding not in silenced]
    return kept


def _unused_comment(shown: str, comment: Suppression, text: str) -> Finding:
    return unused_suppression(
        shown,
        comment.line,
        f"disable={','.join(comment.codes)} silences nothing in the next block",
        hint="remove the comment",
        column=comment.column,
        excerpt=text,
    )


# -- files and roots -----------------------------------------------------------------------------


def linted_files(paths: list[str], settings: Settings, excluded: bool = False) -> set[str]:
    """The pages a lint run over ``paths`` checks, as findings name them (``excluded``: with
    those the configuration excludes)."""
    return {
        display_path(file)
        for files in _files_by_root(paths, settings).values()
        for file in files
        if excluded or not settings.for_path(str(file)).excluded(str(file))
    }


def _files_by_root(paths: list[str], settings: Settings) -> dict[Path, list[Path]]:
    grouped: dict[Path, dict[Path, None]] = defaultdict(dict)  # an ordered set per root
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise EnvelintError(f"{given}: no such file or directory")
        # the deriver's own page search
        found = discover([path], allow_outside_links=settings.allow_outside_links)
        files = [source.file for source in found]
        root = find_root(path if path.is_dir() else path.parent)
        if not path.is_absolute():  # keep paths as the user wrote them, in findings and schemas
            root = Path(os.path.relpath(root))
        grouped[root].update(dict.fromkeys(files))  # a file named twice is linted once
    return {root: list(files) for root, files in grouped.items()}


def find_root(folder: Path) -> Path:
    """The root of the documentation tree holding ``folder``: the nearest folder upward with a
    dialect's root marker (the Sphinx source folder, which holds ``conf.py``), else the top of
    the tree (``top_of_tree``)."""
    folder = Path(os.path.abspath(folder))
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).is_file() for marker in ROOT_MARKERS):
            return candidate
    return top_of_tree(folder)


def top_of_tree(folder: Path) -> Path:
    """The highest folder reached from ``folder`` by climbing while the parent itself holds
    pages (as every folder of a Sphinx tree holds its ``index.rst``), never above the working
    folder. One directory listing a level: a folder without pages of its own ends the tree."""
    folder = Path(os.path.abspath(folder))
    working = Path.cwd()
    ceiling = working if folder.is_relative_to(working) else None
    top = folder
    for parent in folder.parents:
        if top == ceiling or not _holds_pages(parent):
            break
        top = parent
    return top


def _holds_pages(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(
                entry.name.endswith(DOC_SUFFIXES)
                and not entry.name.startswith(".")
                and entry.is_file()
                for entry in entries
            )
    except OSError:
        return False  # unreadable: not part of the tree
