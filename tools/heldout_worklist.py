"""Worklists for judging findings by reading pages: one TSV row a finding, with an id, from the
JSON reports ``tools/lint_corpus.py --reports DIR`` writes.

    python3 tools/heldout_worklist.py DIR KIND [--sample N] [--seed S] [--refs NAME ...]

KIND: ``resp-errors`` (error level, response side and the tables' own), ``req-errors`` (error
level, request side), ``warnings`` (warning level, any side). ``--sample N`` draws N of them,
stratified: one of each rule code in turn, within a code a page not drawn yet first, each code's
findings shuffled with ``random.Random(seed)``; the same reports give the same worklist.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

COLUMNS = [
    "id",
    "ref",
    "side",
    "code",
    "severity",
    "where",
    "pointer",
    "message",
    "doc",
    "operation",
]
KINDS = {
    "resp-errors": lambda severity, side: severity == "error" and side in ("response", "docs"),
    "req-errors": lambda severity, side: severity == "error" and side == "request",
    "warnings": lambda severity, side: severity == "warning",
}


def rows(reports: Path, kind: str, refs: list[str] | None, prefix: str) -> list[dict[str, Any]]:
    wanted = KINDS[kind]
    found = []
    for report in sorted(reports.glob("*.json")):
        if refs and report.stem not in refs:
            continue
        for finding in json.loads(report.read_text())["findings"]:
            side = finding.get("side") or "docs"
            if wanted(finding["severity"], side):
                found.append(row(report.stem, side, finding, prefix))
    return found


def row(ref: str, side: str, finding: dict[str, Any], prefix: str) -> dict[str, Any]:
    doc = finding.get("doc") or {}
    cited = ""
    if doc:
        cited = f"{doc['path'].replace(prefix, '')}:{doc.get('line')} ({doc.get('table')})"
    return {
        "ref": ref,
        "side": side,
        "code": finding["code"],
        "severity": finding["severity"],
        "where": f"{finding['path'].replace(prefix, '')}:{finding['line']}:{finding['column']}",
        "pointer": finding.get("pointer"),
        "message": " ".join(finding["message"].split()),
        "doc": cited,
        "operation": finding.get("operation") or "",
    }


def stratified(found: list[dict[str, Any]], size: int, seed: int) -> list[dict[str, Any]]:
    by_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in found:
        by_code[item["code"]].append(item)
    generator = random.Random(seed)
    for items in by_code.values():
        generator.shuffle(items)
    chosen: list[dict[str, Any]] = []
    pages: set[str] = set()
    while len(chosen) < size and any(by_code.values()):
        for code in sorted(by_code):
            items = by_code[code]
            if not items or len(chosen) >= size:
                continue
            fresh = (item for item in items if item["where"].rsplit(":", 2)[0] not in pages)
            pick = next(fresh, items[0])
            items.remove(pick)
            chosen.append(pick)
            pages.add(pick["where"].rsplit(":", 2)[0])
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", type=Path)
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("--sample", type=int)
    parser.add_argument("--seed", type=int, default=2612)
    parser.add_argument("--refs", nargs="*")
    parser.add_argument("--prefix", default="/work/heldout/", help="left out of every path")
    args = parser.parse_args()
    found = rows(args.reports, args.kind, args.refs, args.prefix)
    if args.sample and len(found) > args.sample:
        found = stratified(found, args.sample, args.seed)
    print("\t".join(COLUMNS))
    for number, item in enumerate(found, 1):
        print("\t".join([str(number), *(str(item[column]) for column in COLUMNS[1:])]))


if __name__ == "__main__":
    main()
