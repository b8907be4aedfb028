"""Factories the tests share: findings, payloads, tables, the built-in catalog and engine, a
validate request, files written under a temporary folder. Each gives a plain, valid object with
defaults; a test sets only what it is about."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from envelint.captures.payload import Payload
from envelint.catalog.store import Catalog, builtin_catalog_dir, load_catalog
from envelint.common.findings import Finding, Severity
from envelint.config.settings import Settings
from envelint.derive import DerivedCatalog, derive_catalog
from envelint.docs.model import DocTable
from envelint.engine.engine import Engine
from envelint.pipeline.validate import ValidateRequest


def make_finding(**fields: Any) -> Finding:
    """An S001 error at captures/a.json:3:13, with ``fields`` set."""
    values: dict[str, Any] = dict(
        code="S001",
        rule="type-mismatch",
        severity=Severity.ERROR,
        message="wrong type",
        path="captures/a.json",
        line=3,
        column=13,
    )
    values.update(fields)
    return Finding(**values)


def make_payload(data: bytes | str, source: str = "x.json", **fields: Any) -> Payload:
    """A payload read from ``source``: ``data`` (text is encoded as UTF-8), ``fields`` set."""
    if isinstance(data, str):
        data = data.encode()
    return Payload(source=source, data=data, **fields)


def empty_table(caption: str | None = None, **fields: Any) -> DocTable:
    """A grid table with no rows on lines 1-2, captioned ``caption``, with ``fields`` set."""
    return DocTable(
        caption=caption,
        labels=[],
        header=[],
        rows=[],
        line=1,
        column=1,
        end_line=2,
        style="grid",
        **fields,
    )


def builtin_catalog() -> Catalog:
    """The catalog shipped in the package, loaded anew."""
    return load_catalog(builtin_catalog_dir())


def builtin_engine(settings: Settings | None = None) -> Engine:
    """An engine over the built-in catalog."""
    if settings is None:
        return Engine(builtin_catalog())
    return Engine(builtin_catalog(), settings)


def validate_request(
    paths: Sequence[str | Path], settings: Settings | None = None, **options: Any
) -> ValidateRequest:
    """A request to validate ``paths`` against the built-in catalog."""
    return ValidateRequest(
        [str(path) for path in paths],
        builtin_catalog(),
        Settings() if settings is None else settings,
        **options,
    )


def write_file(folder: Path, name: str, content: bytes | str) -> Path:
    """``folder / name`` holding ``content`` (text as ``Path.write_text`` writes it)."""
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


REPO = Path(__file__).resolve().parents[1]


def derive_from_repo(*paths: str) -> DerivedCatalog:
    """``derive_catalog`` of fixture paths given relative to the repository, run from there as
    the command line would be (provenance paths are relative to the working directory)."""
    previous = Path.cwd()
    os.chdir(REPO)
    try:
        return derive_catalog(list(paths))
    finally:
        os.chdir(previous)
