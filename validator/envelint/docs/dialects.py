"""The documentation dialects envelint reads, by file suffix: the one registry of readers.

A dialect is a module with ``SUFFIXES`` (the file suffixes it reads), ``ROOT_MARKERS`` (the
files that mark the root folder of a documentation tree) and ``read_page(path, text) ->
DocPage``. Everything after reading (deriving, linting) sees only the DocPage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from envelint.docs import rst
from envelint.docs.model import DocPage


class Dialect(Protocol):
    """What a dialect module has (mypy checks a module against it)."""

    @property
    def SUFFIXES(self) -> tuple[str, ...]: ...  # noqa: N802 (a module constant)

    @property
    def ROOT_MARKERS(self) -> tuple[str, ...]: ...  # noqa: N802 (a module constant)

    def read_page(self, path: str | Path, text: str) -> DocPage: ...


DIALECTS: tuple[Dialect, ...] = (rst,)
DEFAULT: Dialect = rst  # a file named on the command line with another suffix is read as RST

BY_SUFFIX: dict[str, Dialect] = {
    suffix: dialect for dialect in DIALECTS for suffix in dialect.SUFFIXES
}
DOC_SUFFIXES: tuple[str, ...] = tuple(BY_SUFFIX)
ROOT_MARKERS: tuple[str, ...] = tuple(
    marker for dialect in DIALECTS for marker in dialect.ROOT_MARKERS
)


def dialect_for(path: str | Path) -> Dialect:
    return BY_SUFFIX.get(Path(path).suffix, DEFAULT)


def read_page(path: str | Path, text: str | None = None) -> DocPage:
    """Read one page; ``text`` overrides the file's content (the path is still reported)."""
    if text is None:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    return dialect_for(path).read_page(path, text)
