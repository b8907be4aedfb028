"""The schema catalog: ``index.json`` plus one JSON Schema file per documented response.

``index.json``::

    {"envelint_catalog": 1,
     "schemas": [{"id": "...", "file": "....json", "kind": "normal" | "abnormal" | "status",
                  "status": 200 | null, "operation": {"method": "POST", "uri": "/v1/..."} | null,
                  "page": "docs/path.rst", "title": "Page title"}, ...]}

Entries are sorted by id and every file is serialised the same way, so a re-build of unchanged
documentation is byte-identical.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from envelint.common.errors import EnvelintError
from envelint.common.fsio import write_all_atomic

INDEX_NAME = "index.json"
FORMAT_VERSION = 1


class CatalogError(EnvelintError):
    """The catalog folder is missing or unreadable."""


@dataclass(frozen=True)
class Operation:
    method: str
    uri: str


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    file: str
    kind: str  # "normal", "abnormal" or "status"
    status: int | None = None
    operation: Operation | None = None
    page: str | None = None
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["operation"] = asdict(self.operation) if self.operation else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogEntry:
        operation = data.get("operation")
        return cls(
            id=data["id"],
            file=data["file"],
            kind=data["kind"],
            status=data.get("status"),
            operation=Operation(operation["method"], operation["uri"]) if operation else None,
            page=data.get("page"),
            title=data.get("title"),
        )


def dump_json(data: object) -> bytes:
    """The one serialisation used for everything envelint writes as JSON."""
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()


class Catalog:
    """A catalog read from a folder; schemas are loaded when first asked for."""

    def __init__(self, root: Path, entries: list[CatalogEntry]):
        self.root = root
        self.entries = entries
        self._schemas: dict[str, dict[str, Any]] = {}

    @cached_property
    def by_id(self) -> dict[str, CatalogEntry]:
        return {entry.id: entry for entry in self.entries}

    def schema(self, schema_id: str) -> dict[str, Any]:
        if schema_id not in self._schemas:
            entry = self.by_id[schema_id]
            path = self.root / entry.file
            try:
                self._schemas[schema_id] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CatalogError(f"cannot read schema {schema_id} from {path}: {error}") from None
        return self._schemas[schema_id]

    @classmethod
    def in_memory(cls, entries: list[CatalogEntry], schemas: dict[str, dict[str, Any]]) -> Catalog:
        """A catalog derived in this run, never written to disk."""
        catalog = cls(Path("."), list(entries))
        catalog._schemas.update(schemas)
        return catalog


def load_catalog(root: str | Path) -> Catalog:
    root = Path(root)
    index = root / INDEX_NAME
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"no catalog at {root}: {INDEX_NAME} is missing") from None
    except (OSError, ValueError) as error:
        raise CatalogError(f"cannot read catalog {index}: {error}") from None
    if not isinstance(data, dict) or data.get("envelint_catalog") != FORMAT_VERSION:
        raise CatalogError(f"{index} is not an envelint catalog (version {FORMAT_VERSION})")
    try:
        entries = [CatalogEntry.from_dict(item) for item in data["schemas"]]
    except (KeyError, TypeError) as error:
        raise CatalogError(f"{index} is malformed: {error}") from None
    return Catalog(root, entries)


def builtin_catalog_dir() -> Path:
    """The catalog shipped in the wheel, or the repository's ``schemas/`` in a source checkout."""
    packaged = Path(__file__).parents[1] / "builtin_schemas"
    if (packaged / INDEX_NAME).is_file():
        return packaged
    return Path(__file__).parents[3] / "schemas"


def render_catalog(
    entries: list[CatalogEntry], schemas: dict[str, dict[str, Any]]
) -> dict[str, bytes]:
    """File name -> bytes for a whole catalog folder."""
    ordered = sorted(entries, key=lambda entry: entry.id)
    files = {entry.file: dump_json(schemas[entry.id]) for entry in ordered}
    index = {"envelint_catalog": FORMAT_VERSION, "schemas": [e.to_dict() for e in ordered]}
    files[INDEX_NAME] = dump_json(index)
    return files


def diff_catalog(root: str | Path, files: dict[str, bytes]) -> list[str]:
    """What differs between ``root`` and the rendered ``files``: one line per file."""
    root = Path(root)
    differences = []
    for name, data in sorted(files.items()):
        target = root / name
        if not target.is_file():
            differences.append(f"missing: {target}")
        elif target.read_bytes() != data:
            differences.append(f"out of date: {target}")
    for name in sorted(_listed_files(root) - set(files)):
        differences.append(f"stale: {root / name}")
    return differences


def _listed_files(root: Path) -> set[str]:
    """The files the folder's own index.json lists: only those may be called stale."""
    try:
        data = json.loads((root / INDEX_NAME).read_text(encoding="utf-8"))
        listed = {item["file"] for item in data["schemas"]} | {INDEX_NAME}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    inside = root.resolve()
    return {name for name in listed if inside in (root / name).resolve().parents}


def write_catalog(root: str | Path, files: dict[str, bytes]) -> list[str]:
    """Write every changed file atomically and remove stale schema files; return what changed."""
    root = Path(root)
    if root.is_dir() and any(root.iterdir()) and not (root / INDEX_NAME).is_file():
        raise CatalogError(
            f"{root} is not empty and holds no {INDEX_NAME}: not a catalog folder, so "
            "envelint will not write into it"
        )
    changed = diff_catalog(root, files)
    if not changed:
        return changed
    # Every changed file is written beside its target first, then all are renamed, the index
    # last: a run killed while writing leaves the old catalog whole.
    writes = {
        root / name: data
        for name, data in sorted(files.items())
        if name != INDEX_NAME
        and (not (root / name).is_file() or (root / name).read_bytes() != data)
    }
    writes[root / INDEX_NAME] = files[INDEX_NAME]
    write_all_atomic(writes)
    for line in changed:
        if line.startswith("stale: "):
            Path(line[len("stale: ") :]).unlink(missing_ok=True)
    return changed
