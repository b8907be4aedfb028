"""Deriving BASE and HEAD at once, in two processes (``envelint diff --jobs 2``; by default when
a second core is free, as on an idle CI runner or laptop).

A cold diff reads every distinct page of both versions and derives two catalogs. The distinct
pages (by suffix and bytes) are put in order, the base's own pages first, then those both
versions have, then the head's own, and cut in two halves: the parent reads the first, a forked
worker the second. Each sends the other the pages of its half that the other's version uses, so
no page is read twice; then the parent derives the base and the worker the head, each writing its
derivation to the cache, and the worker sends the head's catalog back. Where fork is missing
(Windows), or a version was derived before, the versions are derived one after the other.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from envelint.changes.pages import PageKey, SharedPages, page_key
from envelint.derive import DerivedCatalog
from envelint.derive.cache import derive_cached
from envelint.derive.derivation import derive_from_sources, discover
from envelint.docs import DocPage


@dataclass(frozen=True)
class Tree:
    """A version's documentation folder, and how it is derived."""

    folder: str
    use_cache: bool
    allow_outside_links: bool

    def page_files(self) -> dict[PageKey, Path]:
        sources = discover([self.folder], allow_outside_links=self.allow_outside_links)
        return {page_key(source.file): source.file for source in sources}


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def second_core_free() -> bool:
    """Whether a second process would run beside this one: two cores are free to it and the load
    average leaves one idle. On a busy machine (load 8 on 2 cores) two processes were measured
    slower than one: their waits for each other cost more than the second core gives."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return (cores or 1) >= 2 and load <= (cores or 1) - 1


def derive_tree(tree: Tree, known: dict[PageKey, DocPage]) -> DerivedCatalog:
    """``tree`` through the derivation cache (``--no-cache``: derived anew); on a miss, its pages
    taken from ``known`` where there, the others read (and added to ``known``)."""
    pages = SharedPages(known)
    if not tree.use_cache:
        sources = discover([tree.folder], allow_outside_links=tree.allow_outside_links)
        return derive_from_sources(sources, pages.read)
    return derive_cached([tree.folder], pages=pages, allow_outside_links=tree.allow_outside_links)


def derive_both(base: Tree, head: Tree) -> tuple[DerivedCatalog, DerivedCatalog]:
    """The two derivations, read and derived in two processes (see the module's docstring)."""
    base_files, head_files = base.page_files(), head.page_files()
    files = {**head_files, **base_files}  # a page both have is read from the base's file
    # base's own (0), shared (1), head's own (2); sorted() keeps the pages' order within each
    order = sorted(files, key=lambda key: (key in head_files) + (key not in base_files))
    cut = len(order) // 2
    mine, theirs = order[:cut], order[cut:]
    context = multiprocessing.get_context("fork")
    parent_end, worker_end = context.Pipe()
    worker = context.Process(
        target=_worker,
        args=(worker_end, head, {key: files[key] for key in theirs}, set(base_files)),
        daemon=True,
    )
    worker.start()
    worker_end.close()
    try:
        known = _read(files, mine)
        answer = _received(parent_end)
        if answer is None:  # the worker died without a word: derive both here
            return derive_tree(base, known), derive_tree(head, known)
        known.update(answer)
        parent_end.send({key: known[key] for key in mine if key in head_files})
        base_derived = derive_tree(base, known)
        head_derived = _received(parent_end)
        if head_derived is None:
            head_derived = derive_tree(head, known)
        worker.join()
        return base_derived, head_derived
    finally:
        parent_end.close()
        if worker.is_alive():  # an error or an interruption here: the worker's work is moot
            worker.terminate()
            worker.join()


def _read(files: dict[PageKey, Path], keys: list[PageKey]) -> dict[PageKey, DocPage]:
    reader = SharedPages({})
    for key in keys:
        reader.read(files[key])
    return reader.known


def _worker(
    connection: Connection, head: Tree, files: dict[PageKey, Path], base_keys: set[PageKey]
) -> None:
    """Read the second half, send the base's pages among it, take the head's pages of the first
    half, derive the head and send it back. A failure is sent as its exception, which the parent
    raises."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        known = _read(files, list(files))
        connection.send(("pages", {key: page for key, page in known.items() if key in base_keys}))
        known.update(connection.recv())
        derived = derive_tree(head, known)
        derived.pages = {}  # the parent needs the catalog, not the pages read for it
        connection.send(("derived", derived))
    except Exception as error:  # noqa: BLE001 (any failure is the parent's to report)
        with contextlib.suppress(Exception):  # one that cannot be sent: the parent derives
            connection.send(("error", error))
    finally:
        connection.close()


def _received(connection: Connection) -> Any:
    """What the worker sent; None when it died without a word (the parent does its work)."""
    try:
        kind, value = connection.recv()
    except (EOFError, OSError):
        return None
    if kind == "error":
        raise value
    return value
