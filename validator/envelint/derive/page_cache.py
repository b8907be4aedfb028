"""Pages read before, kept by content hash beside the derivation cache: a warm run reads nothing
it has read before.

One file per documentation tree (``page-cache/<key>.bin`` in the cache folder), named by what
every page in it shares: envelint's version, the Python version (the file is in ``marshal``'s
format), docutils' version, the working directory, the paths given and the readers' own code.
Inside, each page is stored under its path with the hash of its bytes, and is used only while
its bytes hash the same. A page is encoded as plain tuples of its dataclasses' fields
(``_Encoder``), each class named with its field names: a model that has changed since is a miss,
never a wrong page, and the file holds no code to run, only data. A damaged or unreadable file
is a miss too; the file is written atomically, once a run, when a page was read anew.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from envelint import __version__
from envelint.common.fsio import write_atomic
from envelint.common.sealed import seal, unseal
from envelint.docs import DocPage, read_page

FORMAT = 4  # 3: the file is sealed; 4: DocPage.original_name
REFERENCE = -1  # (REFERENCE, n): the n-th object encoded, met again (the model shares objects)
TUPLE = -2  # (TUPLE, *items): a tuple that is not a dataclass
LIST = -3  # (LIST, *items): a list holding more than strings and numbers (kept as it is)
SCALARS = (str, int, float, bool, type(None))


class PageCache:
    """Reads pages through the cache of one documentation tree (``folder`` None: no cache)."""

    def __init__(self, docs: list[str], folder: Path | None):
        self.path = folder / "page-cache" / f"{_bundle_key(docs)}.bin" if folder else None
        self.stored: dict[str, tuple[bytes, bytes]] = self._load() if self.path else {}
        self.added: dict[str, tuple[bytes, bytes]] = {}

    def read(self, file: str | Path) -> DocPage:
        if self.path is None:
            return read_page(file)
        data = Path(file).read_bytes()
        digest = hashlib.blake2b(data, digest_size=20).digest()
        text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        name = str(file)
        known = self.stored.get(name)
        if known is not None and known[0] == digest:
            page = _decoded(known[1], text)
            if page is not None:
                return page
        page = read_page(file, text)  # the text as Path.read_text gives it
        self.added[name] = (digest, _encoded(page, text))
        return page

    def save(self) -> None:
        """Write the pages read anew, with those kept before that are still on disk."""
        if self.path is None or not self.added:
            return
        kept = {name: entry for name, entry in self.stored.items() if os.path.exists(name)}
        pages = {**kept, **self.added}
        try:
            write_atomic(self.path, seal(marshal.dumps((FORMAT, pages))))
        except OSError:
            return  # a read-only tree still works, only slower
        self.stored, self.added = pages, {}

    def _load(self) -> dict[str, tuple[bytes, bytes]]:
        assert self.path is not None
        try:
            content = unseal(self.path.read_bytes())
            if content is None:
                return {}  # edited, damaged or from another version: read the pages again
            found = marshal.loads(content)
        except (OSError, EOFError, ValueError, TypeError):
            return {}  # absent or damaged: read the pages again
        if not (isinstance(found, tuple) and len(found) == 2 and found[0] == FORMAT):
            return {}
        pages = found[1]
        return pages if isinstance(pages, dict) else {}


def _encoded(page: DocPage, text: str) -> bytes:
    """The page, without its lines when they are the text's own (most of the bytes)."""
    lines_of_text = page.lines == _lines(text)
    stored = dataclasses.replace(page, lines=[]) if lines_of_text else page
    return marshal.dumps((lines_of_text, _Encoder().encode(stored)))


def _decoded(data: bytes, text: str) -> DocPage | None:
    try:
        lines_of_text, encoded = marshal.loads(data)
        page = _Decoder().decode(encoded)
    except Exception:  # noqa: BLE001 (a damaged entry, or a model changed since: read again)
        return None
    if not isinstance(page, DocPage):
        return None
    if lines_of_text is True:
        page.lines = _lines(text)
    return page


def _lines(text: str) -> list[str]:
    """A page's lines as the readers split them."""
    return text.removeprefix("\ufeff").split("\n")  # newlines are already "\n"


# -- encoding ----------------------------------------------------------------------------------


class _Encoder:
    """Dataclasses -> (class, *fields) tuples, depth first; an object met again -> a reference,
    so that what the page shares (a table in ``tables`` and in its block) stays shared."""

    def __init__(self) -> None:
        self.seen: dict[int, int] = {}
        self.heads: dict[type, tuple[str, str, tuple[str, ...]]] = {}  # one object a class

    def encode(self, value: Any) -> Any:
        if isinstance(value, SCALARS):
            return value
        if isinstance(value, list):
            if all(isinstance(item, SCALARS) for item in value):
                return value  # most lists: the page's lines, a row's cells
            return (LIST, *(self.encode(item) for item in value))
        if isinstance(value, dict):
            return {key: self.encode(item) for key, item in value.items()}
        if isinstance(value, tuple) and not dataclasses.is_dataclass(value):
            return (TUPLE, *(self.encode(item) for item in value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if id(value) in self.seen:
                return (REFERENCE, self.seen[id(value)])
            self.seen[id(value)] = len(self.seen)
            head = self._head(type(value))
            return (head, *(self.encode(getattr(value, name)) for name in head[2]))
        raise TypeError(f"cannot cache a {type(value).__name__}")

    def _head(self, cls: type) -> tuple[str, str, tuple[str, ...]]:
        """The class's name and fields: the same tuple each time, which marshal stores once."""
        if cls not in self.heads:
            names = tuple(field.name for field in dataclasses.fields(cls))
            self.heads[cls] = (cls.__module__, cls.__qualname__, names)
        return self.heads[cls]


class _Decoder:
    """The tuples back into dataclasses. Lists are the encoder's own (plain values only) unless
    tagged LIST; an object is filled in field by field, as its class's ``__init__`` would."""

    def __init__(self) -> None:
        self.objects: list[Any] = []
        self.classes: dict[int, Any] = {}  # by the id of a head, which marshal gives once

    def decode(self, value: Any) -> Any:
        if type(value) is dict:
            return {key: self.decode(item) for key, item in value.items()}
        if type(value) is not tuple:
            return value
        head = value[0]
        if head == LIST:
            return [self.decode(item) if type(item) in NESTED else item for item in value[1:]]
        if head == REFERENCE:
            found = self.objects[value[1]]
            if found is None:
                raise ValueError("a reference to an object not decoded yet")
            return found
        if head == TUPLE:
            return tuple(self.decode(item) for item in value[1:])
        cls = self.classes.get(id(head))
        if cls is None:
            cls = self.classes[id(head)] = _dataclass(*head)
        number = len(self.objects)
        self.objects.append(None)
        values = [self.decode(item) if type(item) in NESTED else item for item in value[1:]]
        made = object.__new__(cls)
        made.__dict__.update(zip(head[2], values, strict=True))
        self.objects[number] = made
        return made


NESTED = (tuple, dict)


@functools.cache
def _dataclass(module: str, qualname: str, field_names: tuple[str, ...]) -> Any:
    """The envelint dataclass named, if it still has these fields."""
    if module.split(".")[0] != "envelint" or "." in qualname:
        raise ValueError(f"not a model class: {module}.{qualname}")
    cls = getattr(importlib.import_module(module), qualname)
    if not dataclasses.is_dataclass(cls):
        raise ValueError(f"not a dataclass: {module}.{qualname}")
    if tuple(field.name for field in dataclasses.fields(cls)) != field_names:
        raise ValueError(f"{module}.{qualname} has changed")
    if hasattr(cls, "__slots__") or hasattr(cls, "__post_init__"):
        raise ValueError(f"{module}.{qualname}: its objects are not plain fields")
    return cls


# -- the key -----------------------------------------------------------------------------------


def _bundle_key(docs: list[str]) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{FORMAT}\0{__version__}\0{sys.version}\0{os.getcwd()}\0".encode())
    digest.update(_parser_versions().encode())
    digest.update("\0".join(docs).encode())
    digest.update(_reader_fingerprint())
    return digest.hexdigest()


@functools.cache
def _parser_versions() -> str:
    """The parsers the readers use: another docutils may read a page otherwise."""
    import importlib.metadata  # here: ~15 ms to import, and a diff keeps no page cache file

    try:
        return f"docutils {importlib.metadata.version('docutils')}"
    except importlib.metadata.PackageNotFoundError:
        return "docutils unknown"


@functools.cache
def _reader_fingerprint() -> bytes:
    """The readers' own code (``docs/``): a change to it reads every page anew."""
    package = Path(__file__).parents[1]
    digest = hashlib.blake2b(digest_size=20)
    for path in sorted((package / "docs").rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()
