"""A tree's lint results, kept in the cache and reused while nothing that decides them changed.

A lint run over a tree whose pages, settings and envelint itself are what they were last time
gives what it gave last time: the findings of each page and the lines of its examples are read
back instead of derived, decoded and checked again (a warm run of all 19 corpus references).
The key covers the tree's derivation key (``derive.cache.keyed_tree``: envelint's version, the
working directory, which findings show paths relative to, and every page of the tree, its key,
path and bytes, as a link may make any page matter to any other), envelint's whole code, and
each linted file with the settings that hold for it. The entry is sealed like the
other caches: an edited or foreign file is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from envelint import __version__
from envelint.common.findings import CheckedAgainst, DocRow, Finding, Severity
from envelint.common.fsio import write_atomic
from envelint.common.sealed import seal, unseal
from envelint.config.settings import Settings
from envelint.derive.cache import KeyedTree, cache_dir, code_fingerprint

FORMAT = 2  # 2: keyed on the tree's derivation key


@dataclass
class PageResult:
    """What linting one page gave: its findings and the lines of its examples."""

    file: str
    findings: list[Finding]
    example_lines: list[int]


def results_key(
    tree: KeyedTree, root: Path, linted: list[tuple[Path, Settings]], settings: Settings
) -> str:
    """``tree``: ``root`` keyed with the run's Type words; ``linted``: each file with the
    settings that hold for it; ``settings``: the run's own."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{FORMAT}\0{__version__}\0{tree.key}\0{root}\0{settings!r}\0".encode())
    digest.update(code_fingerprint(("",), (".py", ".yaml", ".json")))  # any change lints anew
    for file, own in linted:
        digest.update(f"{file}\0{own!r}\0".encode())
    return digest.hexdigest()


def load_results(key: str) -> list[PageResult] | None:
    try:
        content = unseal(_path(key).read_bytes())
        if content is None:
            return None
        return [
            PageResult(
                item["file"],
                [_finding(record) for record in item["findings"]],
                [int(line) for line in item["example_lines"]],
            )
            for item in json.loads(content)
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent or damaged: lint again


def store_results(key: str, results: list[PageResult]) -> None:
    data = [
        {
            "file": result.file,
            "findings": [_record(finding) for finding in result.findings],
            "example_lines": result.example_lines,
        }
        for result in results
    ]
    with contextlib.suppress(OSError):  # a read-only cache folder: the next run lints again
        write_atomic(_path(key), seal(json.dumps(data, ensure_ascii=False).encode("utf-8")))


def _path(key: str) -> Path:
    return cache_dir() / "lint" / f"{key}.json"


def _record(finding: Finding) -> dict[str, Any]:
    against = finding.against
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.label,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "pointer": finding.pointer,
        "schema": finding.schema,
        "doc": finding.doc.to_dict() if finding.doc else None,
        "hint": finding.hint,
        "excerpt": finding.excerpt,
        "side": finding.side,
        "against": None
        if against is None
        else {
            "schema": against.schema,
            "selection": against.selection,
            "method": against.method,
            "uri": against.uri,
            "page": against.page,
            "candidates": list(against.candidates),
        },
    }


def _finding(record: dict[str, Any]) -> Finding:
    against = record["against"]
    return Finding(
        code=record["code"],
        rule=record["rule"],
        severity=Severity.parse(record["severity"]),
        message=record["message"],
        path=record["path"],
        line=record["line"],
        column=record["column"],
        end_line=record["end_line"],
        end_column=record["end_column"],
        pointer=record["pointer"],
        schema=record["schema"],
        doc=DocRow.from_annotation(record["doc"]),
        hint=record["hint"],
        excerpt=record["excerpt"],
        against=None
        if against is None
        else CheckedAgainst(**{**against, "candidates": tuple(against["candidates"])}),
        side=record["side"],
    )
