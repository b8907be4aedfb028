"""The catalog: ``index.json`` (operations and schemas) plus one JSON Schema file per
documented response body.

``index.json`` (format 2; docs/operations.md describes every field)::

    {"envelint_catalog": 2,
     "operations": [{"id": "...", "method": "GET", "templates": ["/v2/{project_id}/servers"],
                     "path_params": [...], "query_params": [...], "query_flags": [...],
                     "responses": [{"status": 200 | null, "kind": "normal" | "abnormal",
                                    "schema": "schema id" | null, "headers": [...]}, ...],
                     "request_keys": [...], "required_request_keys": [...],
                     "page": "docs/path.rst", "line": 17, "title": "Page title"}, ...],
     "schemas": [{"id": "...", "file": "....json", "kind": "normal" | "abnormal" | "status",
                  "status": 200 | null, "operation": {"method": "POST", "uri": "/v1/..."} | null,
                  "page": "docs/path.rst", "title": "Page title"}, ...]}

A format 1 catalog (schemas only) still loads: its operations are made from the schemas' own
``operation`` (one template each). Operations and entries are sorted by id and every file is
serialised the same way, so a re-build of unchanged documentation is byte-identical.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from envelint.catalog.templates import parse_uri, path_parameters
from envelint.common.errors import EnvelintError
from envelint.common.fsio import is_staged_name, orphans_in, write_all_atomic

INDEX_NAME = "index.json"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)


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
    kind: str  # "normal", "abnormal", "status" or "request" (a request body)
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


@dataclass(frozen=True)
class ResponseSpec:
    """One documented response of an operation."""

    status: int | None  # None: the page names no status code for it
    kind: str  # "normal" (a success) or "abnormal" (an error)
    schema: str | None  # the schema id of its body; None: no body documented ("None", 204)
    headers: tuple[str, ...] = ()  # response header names, where a table documents them

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["headers"] = list(self.headers)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ResponseSpec:
        return cls(data["status"], data["kind"], data.get("schema"), tuple(data.get("headers", ())))


REQUEST_KIND = "request"  # a CatalogEntry holding a request body's schema
# A request body with one table per case also has each case's body alone, as schemas without
# an entry (``{id}.case-N``, its label under ``x-case``): lint checks an example that names its
# case against that case's body.
CASE = "x-case"


def case_schema_id(request_id: str, number: int) -> str:
    return f"{request_id}.case-{number}"


PARAMETER_PLACES = ("path", "query", "headers")


@dataclass(frozen=True)
class RequestSpec:
    """What a request of an operation must look like, from its request tables.

    ``body`` is the id of the request body's schema (an entry of kind ``request``), or None
    when no body table is documented. ``path``, ``query`` and ``headers`` are JSON Schemas of
    an object whose properties are the parameters the tables document (each with its
    ``x-doc``), ``required`` those whose Mandatory cell says yes; None when no table documents
    them.
    """

    body: str | None = None
    path: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    query: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    headers: dict[str, Any] | None = field(default=None, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {"body": self.body, **{place: getattr(self, place) for place in PARAMETER_PLACES}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RequestSpec:
        places = {place: _schema_or_none(data.get(place)) for place in PARAMETER_PLACES}
        body = data.get("body")
        return cls(body=body if isinstance(body, str) else None, **places)

    @property
    def is_empty(self) -> bool:
        return self.body is None and all(getattr(self, p) is None for p in PARAMETER_PLACES)


def _schema_or_none(value: object) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError(f"a request parameter schema is an object, found {type(value).__name__}")
    return value


@dataclass(frozen=True)
class ApiOperation:
    """An operation: a method, every URI template its page lists, its responses per status."""

    id: str  # stable: the page's label (else title), slugged; unique within the catalog
    method: str
    templates: tuple[str, ...]  # path templates, no query: "/v2/{project_id}/servers"
    path_params: tuple[str, ...] = ()
    query_params: tuple[str, ...] = ()
    query_flags: tuple[str, ...] = ()  # valueless query keys that name it: "acl" in "/?acl"
    responses: tuple[ResponseSpec, ...] = ()
    request_keys: tuple[str, ...] = ()  # the request body's top-level keys
    required_request_keys: tuple[str, ...] = ()
    page: str | None = None
    line: int = 0  # the line of its (first) request line
    title: str | None = None
    request: RequestSpec | None = None  # its request contract, where tables document one

    @property
    def statuses(self) -> tuple[int, ...]:
        return tuple(sorted({r.status for r in self.responses if r.status is not None}))

    def responses_for(self, status: int | None) -> tuple[ResponseSpec, ...]:
        """The responses documented for ``status``: those listing it, else those of its kind
        (success or error) that name no code; every response when the status is unknown."""
        if status is None:
            return self.responses
        exact = tuple(r for r in self.responses if r.status == status)
        if exact:
            return exact
        kind = "normal" if status < 400 else "abnormal"
        return tuple(r for r in self.responses if r.status is None and r.kind == kind)

    @property
    def schema_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.schema for r in self.responses if r.schema is not None))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in vars(self).items():
            if name == "responses":
                data[name] = [response.to_dict() for response in self.responses]
            elif name == "request":
                if self.request is not None:  # absent, not null: a catalog without requests
                    data[name] = self.request.to_dict()  # reads as before
            elif isinstance(value, tuple):
                data[name] = list(value)
            else:
                data[name] = value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ApiOperation:
        listed = ("templates", "path_params", "query_params", "query_flags")
        keys = ("request_keys", "required_request_keys")
        return cls(
            id=data["id"],
            method=data["method"],
            **{name: tuple(data.get(name, ())) for name in (*listed, *keys)},
            responses=tuple(ResponseSpec.from_dict(item) for item in data.get("responses", ())),
            page=data.get("page"),
            line=data.get("line", 0),
            title=data.get("title"),
            request=RequestSpec.from_dict(data["request"]) if data.get("request") else None,
        )


def dump_json(data: object) -> bytes:
    """The one serialisation used for everything envelint writes as JSON."""
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()


class Catalog:
    """A catalog read from a folder; schemas are loaded when first asked for."""

    def __init__(
        self,
        root: Path,
        entries: list[CatalogEntry],
        operations: list[ApiOperation] | None = None,
    ):
        self.root = root
        self.entries = entries
        self.operations = operations if operations is not None else operations_of(entries)
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
    def in_memory(
        cls,
        entries: list[CatalogEntry],
        schemas: dict[str, dict[str, Any]],
        operations: list[ApiOperation] | None = None,
    ) -> Catalog:
        """A catalog derived in this run, never written to disk."""
        catalog = cls(Path("."), list(entries), operations)
        catalog._schemas.update(schemas)
        return catalog


OPENAPI_SUFFIXES = (".yaml", ".yml", ".json")


def is_openapi_path(path: str | Path) -> bool:
    """A file (not a catalog folder) with an OpenAPI document's suffix. Here, not in
    ``openapi_source``: asking must not import YAML and jsonschema (a start-up of ~20 ms)."""
    return Path(path).suffix.lower() in OPENAPI_SUFFIXES and Path(path).is_file()


def load_catalog(root: str | Path) -> Catalog:
    """The catalog in folder ``root``, or the OpenAPI 3.x document ``root`` read as one."""
    if is_openapi_path(root):
        from envelint.catalog.openapi_source import load_openapi_catalog

        return load_openapi_catalog(root)
    root = Path(root)
    index = root / INDEX_NAME
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"no catalog at {root}: {INDEX_NAME} is missing") from None
    except (OSError, ValueError) as error:
        raise CatalogError(f"cannot read catalog {index}: {error}") from None
    version = data.get("envelint_catalog") if isinstance(data, dict) else None
    if version not in READABLE_VERSIONS:
        raise CatalogError(
            f"{index} is not an envelint catalog of a version this envelint reads "
            f"({', '.join(map(str, READABLE_VERSIONS))}): rebuild it with `envelint schemas build`"
        )
    try:
        entries = [CatalogEntry.from_dict(item) for item in data["schemas"]]
        operations = (
            [ApiOperation.from_dict(item) for item in data["operations"]] if version >= 2 else None
        )
    except (KeyError, TypeError, ValueError) as error:
        raise CatalogError(f"{index} is malformed: {error}") from None
    return Catalog(root, entries, operations)


def operations_of(entries: list[CatalogEntry]) -> list[ApiOperation]:
    """Operations made from the schemas' own request line (a format 1 catalog, or entries
    built without operations): one template each, its entries as its responses."""

    grouped: dict[tuple[str, str], list[CatalogEntry]] = {}
    for entry in entries:
        if entry.operation is not None and entry.kind != REQUEST_KIND:
            key = (entry.operation.method.upper(), entry.operation.uri)
            grouped.setdefault(key, []).append(entry)
    operations = []
    for (method, uri), members in grouped.items():
        parsed = parse_uri(uri)
        operations.append(
            ApiOperation(
                id=f"{method} {uri}",
                method=method,
                templates=(parsed.path,),
                path_params=path_parameters(parsed.path),
                query_params=parsed.query,
                query_flags=parsed.flags,
                responses=tuple(
                    ResponseSpec(
                        entry.status,
                        "abnormal" if is_error_entry(entry) else "normal",
                        entry.id,
                    )
                    for entry in members
                ),
                page=members[0].page,
                title=members[0].title,
            )
        )
    return operations


def builtin_catalog_dir() -> Path:
    """The catalog shipped in the wheel, or the repository's ``schemas/`` in a source checkout."""
    packaged = Path(__file__).parents[1] / "builtin_schemas"
    if (packaged / INDEX_NAME).is_file():
        return packaged
    return Path(__file__).parents[3] / "schemas"


def render_catalog(
    entries: list[CatalogEntry],
    schemas: dict[str, dict[str, Any]],
    operations: list[ApiOperation] | None = None,
) -> dict[str, bytes]:
    """File name -> bytes for a whole catalog folder."""
    ordered = sorted(entries, key=lambda entry: entry.id)
    files = {entry.file: dump_json(schemas[entry.id]) for entry in ordered}
    found = operations if operations is not None else operations_of(entries)
    index = {
        "envelint_catalog": FORMAT_VERSION,
        "operations": [op.to_dict() for op in sorted(found, key=lambda op: op.id)],
        "schemas": [e.to_dict() for e in ordered],
    }
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
    for orphan in orphans_in(root):
        differences.append(f"left by a killed build: {orphan}")
    return differences


def _holds_other_files(root: Path) -> bool:
    """Whether ``root`` holds anything but what a build stages (another build's, or a killed
    one's): two builds into one new folder must not stop each other."""
    if not root.is_dir():
        return False
    return any(not is_staged_name(entry.name) for entry in root.iterdir())


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
    if _holds_other_files(root) and not (root / INDEX_NAME).is_file():
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


def is_error_entry(entry: CatalogEntry) -> bool:
    return entry.kind == "abnormal" or (entry.status is not None and entry.status >= 400)
