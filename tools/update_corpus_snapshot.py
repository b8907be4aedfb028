"""Rewrite the corpus snapshot: per real reference, what derivation and lint make of it.

tests/test_corpus_snapshot.py derives and lints every reference of the corpus and compares the
figures with tests/data/corpus_snapshot.json, so a change that moves any of them shows what
moved. After a deliberate change, rewrite the snapshot and commit it with the change:

    .venv/bin/python tools/update_corpus_snapshot.py [--corpus DIR]

Per reference (its Sphinx source folder, ``api-ref/source``): the derivation statistics
(``schemas build --stats``: pages, operation pages, schemas, links, unknown type phrasings, and
the catalog's operations), the pages with a method line counted from the raw text without the
reader (tools/count_operation_pages.py) and how many of them give no operation, the pages with
a request body table counted from the raw text (tools/count_request_tables.py) and how many of
them give no request body schema, the examples linted (responses and requests), the findings
whose first line is over the message limit (200 characters; always 0), and the lint findings
per rule code: ``findings`` for the pages and example responses, ``request_findings`` for the
example requests.
One derivation per reference, shared by lint and the statistics through the content-hash
cache.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SNAPSHOT = REPO / "tests" / "data" / "corpus_snapshot.json"

Figures = dict[str, Any]  # figure name -> a number, or {rule code: count} for the findings
COUNTED = ("findings", "request_findings")  # the figures that are counts per rule code


def reference_figures(source: Path) -> Figures:
    # Lint derives and stores the derivation, reusing the pages it read; derive_cached then
    # reads it back from the cache. Each page is read once.
    from count_operation_pages import count_reference
    from count_request_tables import count_reference as count_request_tables

    from envelint.captures.payload import REQUEST_SIDE
    from envelint.config.settings import Settings
    from envelint.derive.cache import derive_cached
    from envelint.pipeline.lint import LintRequest, lint_docs
    from envelint.rules.base import MESSAGE_LIMIT

    report = lint_docs(LintRequest([str(source)], Settings()))
    derived = derive_cached([str(source)])
    pages = count_reference(source.parents[1].name, source)
    request_tables = count_request_tables(source.parents[1].name, source)
    findings = Counter(f.code for f in report.findings if f.side != REQUEST_SIDE)
    request_findings = Counter(f.code for f in report.findings if f.side == REQUEST_SIDE)
    long_messages = sum(
        1 for finding in report.findings if len(finding.message.split("\n", 1)[0]) > MESSAGE_LIMIT
    )
    return {
        **derived.stats,
        "pages_with_method_line": pages.with_method_line,
        "method_line_pages_without_operation": len(pages.only_counted),
        "request_body_table_pages": request_tables.with_table,
        "request_body_table_pages_without_schema": len(request_tables.only_counted),
        "examples": report.payloads,
        "messages_over_limit": long_messages,  # first lines over 200 characters: 0 is right
        "findings": dict(sorted(findings.items())),
        "request_findings": dict(sorted(request_findings.items())),
    }


def corpus_figures(corpus: Path) -> dict[str, Figures]:
    """Every reference's figures, derived with a cache of their own (never the user's)."""
    from count_operation_pages import reference_sources

    with tempfile.TemporaryDirectory(prefix="envelint-snapshot-") as cache:
        previous = os.environ.get("ENVELINT_CACHE_DIR")
        os.environ["ENVELINT_CACHE_DIR"] = cache
        try:
            return {name: reference_figures(source) for name, source in reference_sources(corpus)}
        finally:
            if previous is None:
                del os.environ["ENVELINT_CACHE_DIR"]
            else:
                os.environ["ENVELINT_CACHE_DIR"] = previous


def moved(before: dict[str, Figures], after: dict[str, Figures]) -> list[str]:
    """Each figure that differs, one line each: ``reference: figure before -> after``."""
    lines = []
    for name in sorted(before.keys() | after.keys()):
        old, new = _flat(before.get(name, {})), _flat(after.get(name, {}))
        for figure in sorted(old.keys() | new.keys()):
            if old.get(figure, 0) != new.get(figure, 0):
                lines.append(f"{name}: {figure} {old.get(figure, 0)} -> {new.get(figure, 0)}")
    return lines


def _flat(figures: Figures) -> dict[str, Any]:
    flat = {name: value for name, value in figures.items() if name not in COUNTED}
    for counted in COUNTED:
        flat.update({f"{counted} {code}": n for code, n in figures.get(counted, {}).items()})
    return flat


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    corpus = parser.parse_args().corpus
    if not corpus.is_dir():
        print(f"{corpus}: no such folder", file=sys.stderr)
        return 2
    before = json.loads(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.exists() else {}
    after = corpus_figures(corpus)
    SNAPSHOT.write_text(json.dumps(after, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print("\n".join(moved(before, after)) or "nothing moved", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
