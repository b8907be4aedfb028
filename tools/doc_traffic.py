"""Traffic made from the documentation itself: does every documented operation meet its own page?

For each reference, every example response of every operation page becomes a capture: the
operation's URI template with its parameters filled in (``{project_id}`` -> a 32-digit hex id,
``{server_id}`` -> a UUID, other names -> a word), the example's documented status (else 200 for
a success example, 400 for an error one), the page's example request body when it shows one,
and the example's own body. Each capture is checked in-process against the whole reference's
catalog, as ``envelint check`` would, and measured:

- matched: the HTTP context chose a response of the example's own page (its operation); a
  page that lists several URI templates (``/v2/`` and ``/v2.1/``) gives a capture for each;
- exact: it chose the very schema lint checks the example against;
- E006: the capture got "undocumented operation" (a documented operation must never);
- same as lint: the capture's findings equal those ``envelint lint`` reports on the example
  (code, line, column, pointer, message): no double standard between the two commands.

Every operation is also routed without a body (method and filled-in URL alone), to count the
operations whose URL reaches their own page.

    .venv/bin/python tools/doc_traffic.py [--corpus DIR] [--json] [REFERENCE...]

Operations are read from the catalog's entries (``CatalogEntry.operation``) and matched with the
catalog's ``OperationIndex``, the same public surface ``check`` uses.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
HOST = "https://api.example.com"
_VARIABLE = re.compile(r"\{([^{}/]*)\}")
_REQUEST_LINE = re.compile(r"^\s*(GET|POST|PUT|DELETE|PATCH)\s+\S+", re.IGNORECASE)


@dataclass
class Figures:
    """One reference's measurements."""

    reference: str
    operations: int = 0  # distinct method + URI template in the catalog
    routed: int = 0  # operations whose filled-in URL reaches their own page
    captures: int = 0  # example responses with a schema on an operation page
    matched: int = 0  # the capture met a response of its own page
    exact: int = 0  # ... the very schema lint uses
    shared_misses: int = 0  # misses on a method and path that several pages document
    e006: int = 0  # captures of documented operations reported undocumented
    same_as_lint: int = 0  # findings equal to lint's on the same example
    exact_and_same: int = 0  # ... among the captures that met the very schema lint uses
    action_captures: int = 0  # captures of a URI ending in /action
    action_matched: int = 0
    misses: list[str] = field(default_factory=list)  # what did not match, for the note

    def ratio(self, part: int, whole: int) -> str:
        return f"{100 * part / whole:.1f}%" if whole else "-"


@dataclass(frozen=True)
class Capture:
    """A capture made from one documented example, and what lint checks that example against."""

    payload: Any  # envelint.captures.payload.Payload
    expected: Any  # envelint.catalog.store.CatalogEntry
    body_lines: tuple[int, int]  # first and last line of the example's body on its page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("references", nargs="*", help="reference names (default: all)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list what did not match")
    options = parser.parse_args(argv)
    sources = reference_sources(options.corpus, options.references)
    results = [measure(name, source) for name, source in sources.items()]
    if options.json:
        print(json.dumps([asdict(figures) for figures in results], indent=2))
        return 0
    print(markdown_table(results))
    if options.misses:
        for figures in results:
            for miss in figures.misses:
                print(f"{figures.reference}: {miss}")
    return 0


def reference_sources(corpus: Path, names: Iterable[str] = ()) -> dict[str, Path]:
    wanted = set(names)
    return {
        folder.name: folder / "api-ref" / "source"
        for folder in sorted(corpus.iterdir())
        if (folder / "api-ref" / "source").is_dir() and (not wanted or folder.name in wanted)
    }


def measure(name: str, source: Path) -> Figures:
    from envelint.catalog.matching import UNDOCUMENTED_OPERATION
    from envelint.config.settings import Settings
    from envelint.derive.cache import page_cache
    from envelint.engine.engine import Engine
    from envelint.pipeline.lint import LintRequest, lint_docs
    from envelint.pipeline.validate import catalog_from_docs

    settings = Settings()
    lint_report = lint_docs(LintRequest([str(source)], settings))
    pages = page_cache([str(source)])
    catalog = catalog_from_docs([str(source)])  # the catalog `envelint check` checks against
    engine = Engine(catalog, settings)
    figures = Figures(name)
    figures.operations, figures.routed = route_every_operation(catalog, figures.misses)
    lint_findings = _by_path(lint_report.findings)
    shared = shared_paths(catalog)
    for capture in captures_of(catalog, pages):
        payload, expected = capture.payload, capture.expected
        selection = engine.select(payload, _value(payload))
        chosen = selection.entry
        is_action = _is_action(payload.url)
        figures.captures += 1
        figures.action_captures += is_action
        if UNDOCUMENTED_OPERATION in selection.notes:
            figures.e006 += 1
        if chosen is not None and chosen.page == expected.page:
            figures.matched += 1
            figures.action_matched += is_action
        else:
            figures.misses.append(_miss(payload, expected, chosen))
            figures.shared_misses += _path_of(expected) in shared
        exact = chosen is not None and chosen.id == expected.id
        figures.exact += exact
        linted = _in_lines(lint_findings.get(payload.source, []), capture.body_lines)
        checked = [_key(finding) for finding in engine.check(payload)]
        if sorted(checked) == sorted(linted):
            figures.same_as_lint += 1
            figures.exact_and_same += exact
        else:
            differs = set(checked) ^ set(linted)
            figures.misses.append(f"lint differs on {payload.source}:{payload.line}: {differs}")
    return figures


def route_every_operation(catalog: Any, misses: list[str]) -> tuple[int, int]:
    """(operations, operations whose every filled-in URL alone reaches their own page, among
    the pages it reaches: a URI several pages share reaches them all)."""
    index = operation_index(catalog)
    routes = operation_routes(catalog)
    routed = 0
    for (method, page), templates in sorted(routes.items()):
        reached_all = True
        for template in templates:
            reached = pages_reached(index, method, concrete_url(template))
            if page not in reached:
                reached_all = False
                misses.append(f"route {method} {template}: reached {sorted(reached) or 'nothing'}")
        routed += reached_all
    return len(routes), routed


def operation_index(catalog: Any) -> Any:
    """The routing index over the catalog's operations (every template of each, in a catalog
    of operations) or over its entries' request lines (a catalog of response entries)."""
    from envelint.catalog.operations import OperationIndex

    operations = getattr(catalog, "operations", None)
    if operations is not None:
        return OperationIndex(catalog.entries, operations)
    return OperationIndex(catalog.entries)


def pages_reached(index: Any, method: str, url: str) -> set[str]:
    """The pages whose operation a request reaches: through the operations themselves where
    the index answers with them (an operation without a response body has no entry)."""
    match_operations = getattr(index, "match_operations", None)
    if match_operations is not None:
        return {found.operation.page for found in match_operations(method, url)}
    return {entry.page for entry in index.match(method, url)}


def operation_routes(catalog: Any) -> dict[tuple[str, str], tuple[str, ...]]:
    """(method, page) -> every URI template of that operation.

    A catalog of operations (``Catalog.operations``, each with all the ``templates`` its page
    lists) gives them all; a catalog of response entries alone gives each entry's one URI.
    """
    routes: dict[tuple[str, str], tuple[str, ...]] = {}
    for operation in getattr(catalog, "operations", None) or ():
        if operation.page and operation.templates:
            routes[(operation.method.upper(), operation.page)] = tuple(operation.templates)
    for entry in catalog.entries:
        if entry.operation is not None and entry.page:
            key = (entry.operation.method.upper(), entry.page)
            if entry.operation.uri not in routes.get(key, ()):
                routes[key] = (*routes.get(key, ()), entry.operation.uri)
    return routes


def shared_paths(catalog: Any) -> set[tuple[str, str]]:
    """The (method, path) pairs that more than one page documents: the request body (or a
    query key) has to tell their operations apart."""
    pages_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in catalog.entries:
        if entry.operation is not None:
            pages_of[_path_of(entry)].add(entry.page)
    return {path for path, pages in pages_of.items() if len(pages) > 1}


def _path_of(entry: Any) -> tuple[str, str]:
    from envelint.catalog.operations import normalize_template

    return entry.operation.method.upper(), normalize_template(entry.operation.uri)


def captures_of(catalog: Any, pages: Any) -> Iterator[Capture]:
    """A capture per example response of every operation page, in page order."""
    from envelint.captures.payload import Payload
    from envelint.docs.examples import find_examples
    from envelint.pipeline.lint import schema_for_example

    entries_by_page: dict[str, list[Any]] = defaultdict(list)
    for entry in catalog.entries:
        if entry.operation is not None and entry.page:
            entries_by_page[entry.page].append(entry)

    def documented_members(schema_id: str) -> frozenset[str]:
        properties = catalog.schema(schema_id).get("properties")
        return frozenset(properties) if isinstance(properties, dict) else frozenset()

    routes = operation_routes(catalog)
    statuses = _statuses_by_schema(catalog)
    for page_path, entries in sorted(entries_by_page.items()):
        page = pages.read(page_path)
        by_id = {entry.id: entry for entry in entries}
        request_body = _example_request_body(page)
        for example in find_examples(page):
            schema_id = schema_for_example(example, entries, documented_members)
            expected = by_id.get(schema_id or "")
            if expected is None:
                continue
            method = expected.operation.method.upper()
            for template in routes.get((method, page_path), (expected.operation.uri,)):
                payload = Payload(
                    source=page_path,
                    data=example.text.encode("utf-8", errors="surrogatepass"),
                    line=example.line,
                    column=example.column,
                    method=method,
                    url=concrete_url(template),
                    status=_documented_status(example, expected, statuses),
                    request_body=_json_or_none(request_body),
                    doc_example=True,
                )
                last_line = example.line + example.text.count("\n")
                yield Capture(payload, expected, (example.line, last_line))


def concrete_url(uri: str) -> str:
    """The template with plausible values: what a client would really send."""
    from envelint.catalog.operations import normalize_template

    path = normalize_template(uri)
    return HOST + _VARIABLE.sub(lambda match: plausible_value(match.group(1)), path)


def plausible_value(name: str) -> str:
    """A value such a parameter takes: ids are hex or UUIDs, anything else a word."""
    digest = hashlib.sha256(name.encode()).hexdigest()
    lowered = name.lower()
    if lowered in ("project_id", "tenant_id", "domain_id") or lowered.endswith("project_id"):
        return digest[:32]
    if lowered.endswith("id") or lowered.endswith("ids"):
        return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    return re.sub(r"[^a-z0-9]+", "-", lowered).strip("-") + "-1" if lowered else "x-1"


def _documented_status(example: Any, expected: Any, statuses: dict[str, list[int]]) -> int:
    """The status of the response lint checks the example against: the status its page
    documents for that schema (a normal body under a page that lists only 201 is a 201), else
    the example's own, else 200 for a success and 400 for an error."""
    if expected.status is not None:
        return int(expected.status)
    documented = statuses.get(expected.id)
    if documented and (example.status is None or example.status not in documented):
        return documented[0]
    return example.status or (400 if expected.kind == "abnormal" else 200)


def _statuses_by_schema(catalog: Any) -> dict[str, list[int]]:
    """Schema id -> the status codes the operations document it under, lowest first."""
    found: dict[str, set[int]] = defaultdict(set)
    for operation in catalog.operations:
        for response in operation.responses:
            if response.schema is not None and response.status is not None:
                found[response.schema].add(response.status)
    return {schema: sorted(codes) for schema, codes in found.items()}


def _example_request_body(page: Any) -> str | None:
    """The body of the page's first example request: the JSON after its request lines (one
    line per URI template, ``POST https://.../v2/...`` then ``POST https://.../v2.1/...``), in
    the same code block or, when that block holds the request lines alone, the next one."""
    after_request_lines = False
    for block in page.code_blocks:
        lines = block.text.splitlines()
        head = 0
        while head < len(lines) and (not lines[head].strip() or _REQUEST_LINE.match(lines[head])):
            head += 1
        has_request_line = any(_REQUEST_LINE.match(line) for line in lines[:head])
        body = "\n".join(lines[head:]).strip()
        if (has_request_line or after_request_lines) and body.startswith(("{", "[")):
            return body
        after_request_lines = has_request_line and not body
    return None


def _json_or_none(text: str | None) -> object | None:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def _value(payload: Any) -> object:
    from envelint.jsontext.lenient import parse_lenient

    return parse_lenient(payload.text, elisions=payload.doc_example).value


def _is_action(uri: str) -> bool:
    return uri.split("?", 1)[0].rstrip("/").endswith("/action")


def _by_path(findings: Iterable[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for finding in findings:
        grouped[finding.path].append(finding)
    return grouped


def _in_lines(findings: list[Any], lines: tuple[int, int]) -> list[tuple[Any, ...]]:
    """Lint's payload findings on the example's body (its table findings are D codes)."""
    first, last = lines
    return sorted(
        _key(finding)
        for finding in findings
        if first <= finding.line <= last and not finding.code.startswith(("D", "U"))
    )


_GUESS_NOTE = re.compile(r" \(schema chosen by shape: [^()]*\)$")


def _key(finding: Any) -> tuple[Any, ...]:
    """What lint and check must agree on; the note that a schema was chosen by shape is left
    out (the schema itself is compared under "exact")."""
    message = _GUESS_NOTE.sub("", finding.message)
    return (finding.code, finding.line, finding.column, finding.pointer or "", message)


def _miss(payload: Any, expected: Any, chosen: Any) -> str:
    got = chosen.id if chosen is not None else "nothing"
    return f"{payload.method} {payload.url} ({payload.status}) -> {got}, expected {expected.id}"


def markdown_table(results: list[Figures]) -> str:
    lines = [
        "| reference | operations | routed | captures | matched | misses on shared URIs "
        "| exact schema | E006 | same as lint | same as lint, exact schema | /action matched |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.reference} | {r.operations} | {r.routed} ({r.ratio(r.routed, r.operations)}) "
            f"| {r.captures} | {r.matched} ({r.ratio(r.matched, r.captures)}) "
            f"| {r.shared_misses} | {r.exact} ({r.ratio(r.exact, r.captures)}) | {r.e006} "
            f"| {r.same_as_lint} ({r.ratio(r.same_as_lint, r.captures)}) "
            f"| {r.exact_and_same}/{r.exact} "
            f"| {r.action_matched}/{r.action_captures} |"
        )
    lines.append(total_row(results))
    return "\n".join(lines)


def total_row(results: list[Figures]) -> str:
    total = Figures("all")
    counted = [name for name in vars(total) if name not in ("reference", "misses")]
    for figures in results:
        for name in counted:
            setattr(total, name, getattr(total, name) + getattr(figures, name))
    t = total
    return (
        f"| **all** | {t.operations} | {t.routed} ({t.ratio(t.routed, t.operations)}) "
        f"| {t.captures} | {t.matched} ({t.ratio(t.matched, t.captures)}) "
        f"| {t.shared_misses} | {t.exact} ({t.ratio(t.exact, t.captures)}) | {t.e006} "
        f"| {t.same_as_lint} ({t.ratio(t.same_as_lint, t.captures)}) "
        f"| {t.exact_and_same}/{t.exact} | {t.action_matched}/{t.action_captures} |"
    )


if __name__ == "__main__":
    sys.exit(main())
