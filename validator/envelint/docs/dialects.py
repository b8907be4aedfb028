"""The documentation dialects envelint reads, by file suffix: the one registry of readers.

A dialect is a module with ``SUFFIXES`` (the file suffixes it reads), ``ROOT_MARKERS`` (the
files that mark the root folder of a documentation tree) and ``read_page(path, text) ->
DocPage``. Everything after reading (deriving, linting) sees only the DocPage.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from envelint.docs import rst
from envelint.docs.model import DocPage

DIALECTS: tuple[ModuleType, ...] = (rst,)
DEFAULT = rst  # a file named on the command line with another suffix is read as RST

BY_SUFFIX: dict[str, ModuleType] = {
    suffix: dialect for dialect in DIALECTS for suffix in dialect.SUFFIXES
}
DOC_SUFFIXES: tuple[str, ...] = tuple(BY_SUFFIX)
ROOT_MARKERS: tuple[str, ...] = tuple(
    marker for dialect in DIALECTS for marker in dialect.ROOT_MARKERS
)


def dialect_for(path: str | Path) -> ModuleType:
    return BY_SUFFIX.get(Path(path).suffix, DEFAULT)


def read_page(path: str | Path, text: str | None = None) -> DocPage:
    """Read one page; ``text`` overrides the file's content (the path is still reported)."""
    if text is None:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    return dialect_for(path).read_page(path, text)
