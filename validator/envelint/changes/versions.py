"""BASE and HEAD: a documentation folder, a built catalog (``index.json``), or a git revision of
the repository in the working folder, read from git objects without touching the working tree.

A revision's documentation tree is written once to ``<cache>/trees/<tree id>/`` (the same
content is the same folder, so the derivation cache recognises it on the next run) and cited as
``REV:path/in/repo.rst``.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from envelint.catalog.store import (
    INDEX_NAME,
    ApiOperation,
    CatalogEntry,
    ResponseSpec,
    load_catalog,
)
from envelint.changes.model import Schema, Version
from envelint.changes.operation_kinds import ENVELOPE
from envelint.changes.pages import PageKey
from envelint.changes.parallel import Tree, can_fork, derive_both, derive_tree, second_core_free
from envelint.common.errors import EnvelintError
from envelint.common.paths import display_path
from envelint.derive import DerivedCatalog
from envelint.derive.cache import cache_dir, stored_derivation
from envelint.derive.derivation import discover
from envelint.docs import DocPage


class VersionError(EnvelintError):
    """BASE or HEAD is neither a documentation folder, a catalog nor a revision."""


@dataclass(frozen=True)
class Resolved:
    """Where a version's documentation is, and how its pages are named to the reader."""

    label: str
    folder: Path
    cited_as: str | None = None  # the prefix its pages are cited with ("HEAD:api-ref/source")


def load_versions(
    base_given: str,
    head_given: str,
    docs_path: str | None,
    *,
    use_cache: bool = True,
    allow_outside_links: bool = False,
    jobs: int = 0,
) -> tuple[Version, Version]:
    """The contracts BASE and HEAD document (see the module's docstring). Pages whose bytes are
    those of a page of the other version are read once; two versions that are both to be derived
    are read and derived in two processes (``changes/parallel.py``) with ``jobs`` 2, or with
    ``jobs`` 0 when a second core is free (``second_core_free``); ``jobs`` 1: one process.
    ``allow_outside_links``: pages that link outside the folder are read (``discover``)."""
    sides = [_resolved(base_given, docs_path), _resolved(head_given, docs_path)]
    trees = [_tree(side, use_cache, allow_outside_links) for side in sides]
    derived = [_stored(tree) if tree is not None and use_cache else None for tree in trees]
    two = jobs >= 2 or (jobs == 0 and second_core_free())
    if trees[0] and trees[1] and derived == [None, None] and two and can_fork():
        derived = list(derive_both(trees[0], trees[1]))
    known: dict[PageKey, DocPage] = {}  # the pages read here, for the other version
    versions: list[Version] = []
    for side, tree, done in zip(sides, trees, derived, strict=True):
        if isinstance(side, Version):
            versions.append(side)
        else:
            assert tree is not None
            versions.append(_docs_version(side, done or derive_tree(tree, known)))
    return versions[0], versions[1]


def _tree(side: Version | Resolved, use_cache: bool, allow_outside_links: bool) -> Tree | None:
    """How a version read from documentation is derived (None: a built catalog's contract)."""
    if isinstance(side, Version):
        return None
    _require_pages(side, allow_outside_links)
    return Tree(str(side.folder), use_cache, allow_outside_links)


def _resolved(given: str, docs_path: str | None) -> Version | Resolved:
    """A built catalog's contract, or where a version's documentation is."""
    path = Path(given)
    if path.is_dir() and (path / INDEX_NAME).is_file():
        return _catalog_version(given, path)
    return Resolved(given, path) if path.exists() else revision_tree(given, docs_path)


def _catalog_version(given: str, root: Path) -> Version:
    catalog = load_catalog(root)
    known = set(catalog.by_id)

    def schema(schema_id: str) -> Schema | None:
        return catalog.schema(schema_id) if schema_id in known else None

    operations = list(catalog.operations) or envelope_operation(catalog.entries)
    return Version(given, operations, schema, lambda page: page or "?")


def _require_pages(resolved: Resolved, allow_outside_links: bool) -> None:
    folder = str(resolved.folder)
    if not discover([folder], allow_outside_links=allow_outside_links):
        where = resolved.cited_as or folder
        raise VersionError(f"{resolved.label}: no documentation pages (.rst, .txt) in {where}")


def _stored(tree: Tree) -> DerivedCatalog | None:
    return stored_derivation([tree.folder], allow_outside_links=tree.allow_outside_links)


def _docs_version(resolved: Resolved, derived: DerivedCatalog) -> Version:
    shown_root = display_path(str(resolved.folder)).rstrip("/")

    def cite(page: str | None) -> str:
        if page is None:
            return "?"
        if resolved.cited_as is None:
            return page
        relative = page[len(shown_root) + 1 :] if page.startswith(shown_root + "/") else page
        return (
            f"{resolved.cited_as}/{relative}"
            if resolved.cited_as[-1] != ":"
            else (resolved.cited_as + relative)
        )

    operations = list(derived.operations) or envelope_operation(derived.entries)
    return Version(resolved.label, operations, derived.schemas.get, cite)


def envelope_operation(entries: list[CatalogEntry]) -> list[ApiOperation]:
    """A version that documents no operation (a page describing the response envelope every
    operation shares) is compared as one unnamed operation holding its responses."""
    responses = tuple(
        ResponseSpec(entry.status, "abnormal" if entry.kind == "abnormal" else "normal", entry.id)
        for entry in entries
        if entry.operation is None
    )
    if not responses:
        return []
    page = next(entry.page for entry in entries if entry.operation is None)
    return [ApiOperation(id=ENVELOPE, method="", templates=(), responses=responses, page=page)]


# -- git ---------------------------------------------------------------------------------------


def revision_tree(revision: str, docs_path: str | None) -> Resolved:
    """The documentation tree of ``revision`` (at ``docs_path``, relative to the working folder,
    else the working folder itself) written out from git objects."""
    commit = _git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit is None:
        raise VersionError(
            f"{revision}: not a documentation folder, a catalog, or a revision of a git "
            f"repository at {display_path(os.getcwd()) or '.'}"
        )
    inside = PurePosixPath(docs_path).as_posix() if docs_path else "."
    tree = _git("rev-parse", "--verify", "--quiet", f"{commit}:./{inside}")
    if tree is None or _git("cat-file", "-t", tree) != "tree":
        raise VersionError(f"{revision}: has no folder {inside}")
    prefix = _git("rev-parse", "--show-prefix") or ""
    in_repo = (PurePosixPath(prefix) / inside).as_posix().rstrip("/").removesuffix("/.")
    cited = f"{revision}:{in_repo}" if in_repo not in ("", ".") else f"{revision}:"
    return Resolved(revision, _written_tree(tree), cited)


def default_base(head: str = "HEAD") -> str:
    """The merge base of ``head`` with the default branch (origin's HEAD, else main, master)."""
    candidates = []
    remote_head = _git("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    if remote_head:
        candidates.append(remote_head)
    candidates += ["main", "master", "origin/main", "origin/master"]
    for branch in candidates:
        if _git("rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}") is None:
            continue
        base = _git("merge-base", branch, head)
        if base:
            return _git("rev-parse", "--short", base) or base
    raise VersionError(
        "no BASE given and no default branch (origin/HEAD, main, master) to take the merge "
        "base with: give BASE"
    )


def _written_tree(tree: str) -> Path:
    """The tree's files in a folder named by its id (written once, atomically)."""
    try:
        target = cache_dir() / "trees" / tree
        if target.is_dir():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
    except OSError:  # a read-only folder: write it aside for this run
        target = Path(tempfile.mkdtemp(prefix="envelint-tree-")) / tree
        staging = target
    _extract(tree, staging)
    if staging != target:
        try:
            staging.rename(target)
        except OSError:  # written meanwhile by another run
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _extract(tree: str, folder: Path) -> None:
    top = _git("rev-parse", "--show-toplevel")  # from a subfolder, git archives only that
    archive = subprocess.run(
        ["git", "archive", "--format=tar", tree], capture_output=True, check=False, cwd=top
    )
    if archive.returncode != 0:
        raise VersionError(f"git archive {tree} failed: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        for member in tar:
            parts = PurePosixPath(member.name).parts
            if not member.isfile() or ".." in parts or member.name.startswith("/"):
                continue  # links and odd names: documentation pages are plain files
            source = tar.extractfile(member)
            if source is None:
                continue
            destination = folder.joinpath(*parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read())


def _git(*args: str) -> str | None:
    """Git's answer (stripped), or None when it fails or git is not installed."""
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None
