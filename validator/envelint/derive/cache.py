"""Deriving a catalog, or reusing the one derived from the same bytes (a content-hash cache).

The key covers envelint's version, the working directory (paths in provenance are shown relative
to it), and every page's key, path and bytes, so any change to the documentation derives anew.
The cache lives in ``.envelint_cache/`` (or ``$ENVELINT_CACHE_DIR``), as ruff keeps its own.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from envelint import __version__
from envelint.catalog.store import ApiOperation, CatalogEntry
from envelint.common.fsio import write_atomic
from envelint.common.sealed import seal, unseal
from envelint.derive import DerivedCatalog, DocIssue, derive_catalog
from envelint.derive.derivation import PageSource, derive_from_sources, discover
from envelint.derive.page_cache import PageCache
from envelint.derive.types import extend_vocabulary

CACHE_DIR_NAME = ".envelint_cache"
FORMAT = 3  # 2: operations stored; 3: the file is sealed


def cache_dir() -> Path:
    return Path(os.environ.get("ENVELINT_CACHE_DIR") or CACHE_DIR_NAME)


@dataclass(frozen=True)
class KeyedTree:
    """A tree's pages, found once, and the key of its derivation (every page hashed once): a
    caller that keys its own cache on the tree reuses both rather than finding and hashing
    the pages again."""

    sources: list[PageSource]
    key: str


def keyed_tree(
    docs: list[str],
    extra_types: dict[str, dict[str, Any]] | None = None,
    *,
    allow_outside_links: bool = False,
) -> KeyedTree:
    sources = discover(docs, allow_outside_links=allow_outside_links)
    return KeyedTree(sources, _key(sources, extra_types or {}))


def derive_cached(
    docs: list[str],
    *,
    use_cache: bool = True,
    store: bool = True,
    extra_types: dict[str, dict[str, Any]] | None = None,
    pages: PageCache | None = None,
    allow_outside_links: bool = False,
    tree: KeyedTree | None = None,
) -> DerivedCatalog:
    """``store=False`` reads the cache but never writes it (``--check`` writes nothing);
    ``extra_types`` are the configuration's own Type words; on a miss, the pages are read
    through ``pages`` (else through a page cache of the tree's own). ``allow_outside_links``:
    pages that link outside their folder are read (``discover``); ``tree``: ``docs`` already
    keyed by the caller (``keyed_tree``, with the same Type words)."""
    extend_vocabulary(extra_types or {})
    if not use_cache:
        return derive_catalog(docs, allow_outside_links=allow_outside_links)
    # found once, for the key and (on a miss) the derivation
    tree = tree or keyed_tree(docs, extra_types, allow_outside_links=allow_outside_links)
    path = _path(tree.key)
    cached = _load(path)
    if cached is not None:
        return cached
    reader = pages or page_cache(docs)
    derived = derive_from_sources(tree.sources, reader.read)
    if store:
        _store(path, derived)
        if pages is None:
            reader.save()
    return derived


def stored_derivation(
    docs: list[str], *, allow_outside_links: bool = False
) -> DerivedCatalog | None:
    """What ``derive_cached`` would take from the cache for ``docs`` (no configured Type words),
    or None when it would derive: a caller with several trees to derive learns which ones."""
    return _load(_path(keyed_tree(docs, allow_outside_links=allow_outside_links).key))


def page_cache(docs: list[str], use_cache: bool = True) -> PageCache:
    """The page cache of the tree ``docs`` names, beside the derivations (none: no cache)."""
    return PageCache(docs, cache_dir() if use_cache else None)


def _path(key: str) -> Path:
    return cache_dir() / "derive" / f"{key}.json"


def _key(sources: list[PageSource], extra_types: dict[str, dict[str, Any]]) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{FORMAT}\0{__version__}\0{os.getcwd()}\0".encode())
    digest.update(json.dumps(extra_types, sort_keys=True).encode())
    digest.update(_deriver_fingerprint())
    for source in sources:
        digest.update(f"{source.key}\0{source.file}\0".encode())
        digest.update(hashlib.blake2b(source.file.read_bytes(), digest_size=20).digest())
    return digest.hexdigest()


def _load(path: Path) -> DerivedCatalog | None:
    try:
        content = unseal(path.read_bytes())
        if content is None:
            return None  # edited, damaged or from another version: derive again
        data = orjson.loads(content)
        return DerivedCatalog(
            entries=[CatalogEntry.from_dict(item) for item in data["entries"]],
            schemas=data["schemas"],
            issues=[DocIssue(**item) for item in data["issues"]],
            stats=data["stats"],
            operations=[ApiOperation.from_dict(item) for item in data["operations"]],
        )
    except (OSError, ValueError, KeyError, TypeError):  # orjson.JSONDecodeError is a ValueError
        return None  # absent or damaged: derive again


def _store(path: Path, derived: DerivedCatalog) -> None:
    data = {
        "entries": [entry.to_dict() for entry in derived.entries],
        "schemas": derived.schemas,
        "issues": [vars(issue) for issue in derived.issues],
        "stats": derived.stats,
        "operations": [operation.to_dict() for operation in derived.operations],
    }
    try:
        write_atomic(path, seal(orjson.dumps(data)))  # compact, as only envelint reads it
        gitignore = path.parent.parent / ".gitignore"
        if not gitignore.exists():
            write_atomic(gitignore, b"# Created by envelint.\n*\n")
    except OSError:
        pass  # a read-only tree still works, only slower


def _deriver_fingerprint() -> bytes:
    """The deriver's own code and vocabulary: a change to either derives anew."""
    return code_fingerprint(("docs", "derive"), (".py", ".yaml"))


@functools.cache
def code_fingerprint(folders: tuple[str, ...], suffixes: tuple[str, ...]) -> bytes:
    """A digest of envelint's files with ``suffixes`` under ``folders`` of the package (``""``:
    all of it), readers in subfolders included: a cache keyed on it misses when they change."""
    package = Path(__file__).parents[1]
    digest = hashlib.blake2b(digest_size=20)
    for folder in folders:
        for path in sorted((package / folder).rglob("*")):
            if path.suffix in suffixes:
                name = path.relative_to(package).as_posix()
                digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.digest()
