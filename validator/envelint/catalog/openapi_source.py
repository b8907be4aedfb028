"""An OpenAPI 3.x document read as a catalog: ``--catalog spec.yaml``, ``check spec.yaml ...``.

Each operation of ``paths`` becomes an ``ApiOperation`` (its path key the template; a ``?flag``
query in the key, as envelint's own export writes OBS's sub-resources, its query flags; a
``#...`` fragment, which tells apart operations sharing a method and a path, dropped). Each
response with a JSON body gives a schema: ``$ref`` resolved within the document (a ``$ref`` to
another document is refused: envelint reads no other file and no network), OpenAPI 3.0's
``nullable``, ``example`` and boolean ``exclusiveMinimum``/``exclusiveMaximum`` turned into their
2020-12 forms, and every property cites the document's line where it is written (or, in an
envelint export, the documentation row it came from), so that findings point somewhere real.

Status keys: a code is that status; ``2XX``/``3XX`` a success and ``4XX``/``5XX`` an error with no
code; ``default`` an error when the operation lists a success, else a success. An export's
``x-envelint-kind`` says which, and its ``x-envelint-operation`` puts the paths of one
operation back together.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from jsonschema.validators import Draft202012Validator

from envelint.catalog.store import (
    ApiOperation,
    Catalog,
    CatalogEntry,
    CatalogError,
    Operation,
    RequestSpec,
    ResponseSpec,
)
from envelint.catalog.templates import parse_uri, path_parameters
from envelint.common.paths import display_path

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
EXTENSION = "x-envelint-"
NAMED_SCHEMAS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
DATA = ("enum", "const", "examples", "default", "required", "example")
# Keywords that only describe: beside a $ref they are merged into the target, not an allOf.
ANNOTATIONS = ("description", "title", "summary", "deprecated", "readOnly", "writeOnly")
JSON_MEDIA = re.compile(r"^application/(?:[\w.+-]*\+)?json\b|^\*/\*$", re.IGNORECASE)
SCHEMA_CHECKER = Draft202012Validator(Draft202012Validator.META_SCHEMA)
RANGE = re.compile(r"^([1-5])XX$", re.IGNORECASE)


def load_openapi_catalog(path: str | Path) -> Catalog:
    shown = display_path(path)
    document = _parse(Path(path), shown)
    version = document.get("openapi") if isinstance(document, dict) else None
    if not isinstance(version, str) or not version.startswith("3."):
        raise CatalogError(f"{shown} is not an OpenAPI 3.x document (no `openapi: 3.x` field)")
    reader = _Reader(document, shown, version.startswith("3.0"))
    reader.read_paths()
    reader.read_unlisted_responses()
    if not reader.operations:
        raise CatalogError(f"{shown}: the OpenAPI document lists no operation")
    entries = sorted(reader.entries, key=lambda entry: entry.id)
    operations = sorted(reader.operations.values(), key=lambda operation: operation.id)
    return Catalog.in_memory(entries, reader.schemas, operations)


class _Located(dict):  # type: ignore[type-arg]
    """A mapping that knows the line it was written on."""

    line = 0


class _Loader(yaml.SafeLoader):
    pass


def _located_mapping(loader: _Loader, node: yaml.MappingNode) -> _Located:
    mapping = _Located(
        (str(key), value) for key, value in loader.construct_mapping(node, deep=True).items()
    )
    mapping.line = node.start_mark.line + 1
    for key_node, _ in node.value:  # a mapping under a key is cited at its key's line
        value = mapping.get(str(loader.construct_object(key_node)))
        if isinstance(value, _Located):
            value.line = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor("tag:yaml.org,2002:map", _located_mapping)


def _parse(path: Path, shown: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError(f"cannot read {shown}: {error}") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise CatalogError(f"{shown}: the document nests too deep to read") from None
    except yaml.YAMLError as error:
        if path.suffix.lower() == ".json":
            try:
                return json.loads(text)
            except ValueError:
                pass
        where = getattr(error, "problem_mark", None)
        line = f":{where.line + 1}" if where is not None else ""
        problem = getattr(error, "problem", None) or "not YAML or JSON"
        raise CatalogError(f"{shown}{line}: cannot read the OpenAPI document: {problem}") from None


class _Reader:
    def __init__(self, document: dict[str, Any], shown: str, version_3_0: bool):
        self.document = document
        self.shown = shown
        self.version_3_0 = version_3_0
        info = document.get("info")
        self.title = str(info.get("title")) if isinstance(info, dict) and "title" in info else None
        self.operations: dict[str, ApiOperation] = {}
        self.entries: list[CatalogEntry] = []
        self.schemas: dict[str, dict[str, Any]] = {}

    def resolve(self, node: Any) -> Any:
        """``node``, or what its ``$ref`` points to within the document (followed through)."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            reference = node["$ref"]
            if reference in seen:
                raise CatalogError(f"{self.shown}: $ref {reference!r} refers to itself")
            seen.add(reference)
            node = self.target(reference)
        return node

    def target(self, reference: str) -> Any:
        if not reference.startswith("#"):
            raise CatalogError(
                f"{self.shown}: $ref {reference!r} points outside the document: envelint reads "
                "one OpenAPI document and never fetches another (bundle it into one file first)"
            )
        node: Any = self.document
        for part in filter(None, reference[1:].split("/")):
            key = unquote(part).replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                raise CatalogError(f"{self.shown}: $ref {reference!r} points at nothing")
        return node

    def read_paths(self) -> None:
        paths = self.document.get("paths")
        if not isinstance(paths, dict):
            return
        for key, item in paths.items():
            item = self.resolve(item)
            if not isinstance(item, dict) or not str(key).startswith("/"):
                continue
            shared = _listed(item.get("parameters"))
            for method in METHODS:
                if isinstance(item.get(method), dict):
                    self.read_operation(str(key), method.upper(), item[method], shared)

    def read_operation(
        self, key: str, method: str, spec: dict[str, Any], shared: list[Any]
    ) -> None:
        parsed = parse_uri(key.split("#", 1)[0])
        source = spec.get(EXTENSION + "source")
        source = source if isinstance(source, dict) else {}
        operation_id = str(
            spec.get(EXTENSION + "operation") or spec.get("operationId") or f"{method} {key}"
        )
        known = self.operations.get(operation_id)
        if known is not None and known.method == method:
            if parsed.path not in known.templates:
                templates = (*known.templates, parsed.path)
                self.operations[operation_id] = _with_templates(known, templates)
            return
        if known is not None:
            operation_id = f"{operation_id}-{method.lower()}"
        title = str(spec.get("summary") or operation_id)
        listed = [*shared, *_listed(spec.get("parameters"))]
        query = self.query_parameters(listed)
        keys, required = self.request_keys(spec.get("requestBody"))
        request = self.request(operation_id, method, parsed.path, title, spec.get("requestBody"))
        request = self.with_parameters(request, operation_id, title, listed)
        self.operations[operation_id] = ApiOperation(
            id=operation_id,
            method=method,
            templates=(parsed.path,),
            path_params=path_parameters(parsed.path),
            query_params=tuple(dict.fromkeys((*parsed.query, *query))),
            query_flags=parsed.flags,
            responses=self.responses(operation_id, method, parsed.path, title, spec),
            request_keys=keys,
            required_request_keys=required,
            page=str(source.get("path") or self.shown),
            line=int(str(source.get("line") or getattr(spec, "line", 0))),
            title=title,
            request=request,
        )

    def request(
        self, operation_id: str, method: str, template: str, title: str, body: Any
    ) -> RequestSpec | None:
        """The request body's schema, as the catalog entry of kind ``request`` it checks."""
        schema = self.media_schema(self.resolve(body))
        if schema is None:
            return None
        schema_id = self.add_schema(schema, f"{operation_id}.request", title)
        self.add_entry(schema_id, "request", None, Operation(method, template))
        return RequestSpec(body=schema_id)

    def with_parameters(
        self, request: RequestSpec | None, operation_id: str, title: str, listed: list[Any]
    ) -> RequestSpec | None:
        """``request`` with the path, query and header parameters the operation lists, each
        place an object schema as derived request tables give (``RequestSpec``)."""
        places: dict[str, dict[str, Any]] = {}
        for parameter in listed:
            parameter = self.resolve(parameter)
            place = (
                PARAMETER_PLACE.get(str(parameter.get("in")))
                if isinstance(parameter, dict)
                else None
            )
            if place is None or not isinstance(parameter.get("name"), str):
                continue
            table = places.setdefault(place, {"type": "object", "properties": {}})
            table["properties"][parameter["name"]] = _parameter_schema(parameter)
            if parameter.get("required") is True:
                table.setdefault("required", []).append(parameter["name"])
        if not places:
            return request
        converted = {
            place: self.parameter_table(table, f"#/paths ({operation_id} {place})", title)
            for place, table in places.items()
        }
        base = request or RequestSpec()
        return replace(
            base,
            path=converted.get("path", base.path),
            query=converted.get("query", base.query),
            headers=converted.get("headers", base.headers),
        )

    def parameter_table(self, table: dict[str, Any], pointer: str, title: str) -> dict[str, Any]:
        converted = _SchemaConverter(self, pointer).root(table, title)
        converted.pop("$schema", None)
        return converted

    def read_unlisted_responses(self) -> None:
        """An envelint export's response schemas that no operation lists (a shared error
        page's): still schemas of the catalog, for bodies checked by their shape alone."""
        components = self.document.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        for name, schema in (schemas or {}).items() if isinstance(schemas, dict) else ():
            marked = schema.get(EXTENSION + "response") if isinstance(schema, dict) else None
            if isinstance(marked, dict) and name not in self.schemas:
                reference = {"$ref": f"#/components/schemas/{name}"}
                schema_id = self.add_schema(reference, str(name), str(name))
                status = marked.get("status")
                kind = str(marked.get("kind") or "normal")
                self.add_entry(schema_id, kind, status if isinstance(status, int) else None, None)

    def query_parameters(self, parameters: Any) -> tuple[str, ...]:
        names = []
        for parameter in parameters if isinstance(parameters, list) else []:
            parameter = self.resolve(parameter)
            if isinstance(parameter, dict) and parameter.get("in") == "query":
                names.append(str(parameter.get("name")))
        return tuple(names)

    def request_keys(self, body: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
        schema = self.resolve(self.media_schema(self.resolve(body)))
        if not isinstance(schema, dict):
            return (), ()
        properties = schema.get("properties")
        required = schema.get("required")
        keys = tuple(map(str, properties)) if isinstance(properties, dict) else ()
        return keys, tuple(map(str, required)) if isinstance(required, list) else ()

    def media_schema(self, holder: Any) -> Any:
        """The schema of the JSON media type of a response or request body, if any."""
        content = holder.get("content") if isinstance(holder, dict) else None
        if not isinstance(content, dict):
            return None
        for media, entry in content.items():
            if JSON_MEDIA.match(str(media)) and isinstance(entry, dict):
                return entry.get("schema")
        return None

    def responses(
        self, operation_id: str, method: str, template: str, title: str, spec: dict[str, Any]
    ) -> tuple[ResponseSpec, ...]:
        listed = spec.get("responses")
        if not isinstance(listed, dict):
            return ()
        codes = {str(code) for code in listed}
        lists_success = any(code[:1] in "123" for code in codes)
        found = []
        for code, response in listed.items():
            response = self.resolve(response)
            if not isinstance(response, dict):
                continue
            status, kind = _status_and_kind(str(code), lists_success)
            kind = str(response.get(EXTENSION + "kind") or kind)
            schema = self.media_schema(response)
            schema_id = None
            if schema is not None:
                schema_id = self.add_schema(schema, f"{operation_id}.{code}", title)
                self.add_entry(schema_id, kind, status, Operation(method, template))
            headers = response.get("headers")
            names = tuple(map(str, headers)) if isinstance(headers, dict) else ()
            found.append(ResponseSpec(status, kind, schema_id, names))
        return tuple(found)

    def add_schema(self, schema: Any, fallback_id: str, title: str) -> str:
        reference = schema.get("$ref") if isinstance(schema, dict) else None
        named = isinstance(reference, str) and len(schema) == 1
        schema_id = str(reference).rsplit("/", 1)[-1] if named else fallback_id
        if schema_id not in self.schemas:
            pointer = str(reference) if named else f"#/paths ({fallback_id})"
            converted = _SchemaConverter(self, pointer).root(schema, title)
            problem = next(iter(SCHEMA_CHECKER.iter_errors(converted)), None)
            if problem is not None:
                where = "/".join(map(str, problem.absolute_path))
                raise CatalogError(
                    f"{self.shown}: the schema {pointer} is not a valid JSON Schema "
                    f"(at {where or 'its root'}): {problem.message[:200]}"
                )
            self.schemas[schema_id] = converted
        return schema_id

    def add_entry(
        self, schema_id: str, kind: str, status: int | None, operation: Operation | None
    ) -> None:
        if any(entry.id == schema_id for entry in self.entries):
            return
        schema = self.schemas[schema_id]
        marked = schema.pop("x-response", None)
        if isinstance(marked, dict):  # an envelint export says what the schema was
            kind = str(marked.get("kind") or kind)
            status = marked["status"] if isinstance(marked.get("status"), int) else None
        title = str(schema.get("title") or schema_id)
        file = f"{self.shown}#{schema_id}"
        self.entries.append(
            CatalogEntry(schema_id, file, kind, status, operation, self.shown, title)
        )


PARAMETER_PLACE = {"path": "path", "query": "query", "header": "headers"}


def _parameter_schema(parameter: dict[str, Any]) -> Any:
    """A parameter's schema as a property of its place's object, with its description and
    source (a parameter object holds them beside the schema)."""
    schema = parameter.get("schema")
    result = dict(schema) if isinstance(schema, dict) else {}
    for key in ("description", EXTENSION + "source"):
        if key in parameter and key not in result:
            result[key] = parameter[key]
    located = _Located(result)
    located.line = getattr(parameter, "line", 0)
    return located


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _with_templates(operation: ApiOperation, templates: tuple[str, ...]) -> ApiOperation:
    params = tuple(dict.fromkeys(p for t in templates for p in path_parameters(t)))
    return replace(operation, templates=templates, path_params=params)


def _status_and_kind(code: str, lists_success: bool) -> tuple[int | None, str]:
    if code.isdigit():
        status = int(code)
        return status, "normal" if status < 400 else "abnormal"
    ranged = RANGE.match(code)
    if ranged:
        return None, "normal" if ranged.group(1) in "123" else "abnormal"
    return None, "abnormal" if lists_success else "normal"


class _SchemaConverter:
    """One response schema, made self-contained and 2020-12, each property citing its line."""

    def __init__(self, reader: _Reader, pointer: str):
        self.reader = reader
        self.pointer = pointer
        self.definitions: dict[str, Any] = {}

    def root(self, schema: Any, title: str) -> dict[str, Any]:
        converted = self.convert(schema, (), self.pointer)
        result = converted if isinstance(converted, dict) else {}
        if self.definitions:
            result = {**result, "$defs": self.definitions}
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", **result}

    def convert(self, node: Any, refs: tuple[str, ...], where: str) -> Any:
        if isinstance(node, bool) or not isinstance(node, dict):
            return node
        reference = node.get("$ref")
        if isinstance(reference, str):
            return self.inline(node, reference, refs, where)
        result: dict[str, Any] = {}
        for key, value in node.items():
            if key in NAMED_SCHEMAS and isinstance(value, dict):
                result["$defs" if key == "definitions" else key] = {
                    name: self.cited(self.convert(sub, refs, where), sub, where)
                    if key == "properties"
                    else self.convert(sub, refs, where)
                    for name, sub in value.items()
                }
            elif key.startswith(EXTENSION):
                name = key[len(EXTENSION) :]
                result["x-doc" if name == "source" else "x-" + name] = value
            elif key in DATA or key.startswith("x-"):
                result[key] = value
            elif isinstance(value, dict):
                result[key] = self.convert(value, refs, where)
            elif isinstance(value, list):
                result[key] = [self.convert(item, refs, where) for item in value]
            else:
                result[key] = value
        return self.to_2020_12(result) if self.reader.version_3_0 else result

    def inline(
        self, node: dict[str, Any], reference: str, refs: tuple[str, ...], where: str
    ) -> Any:
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        if reference in refs:  # recursive: one definition, referred to
            name = re.sub(r"[^A-Za-z0-9._-]+", "_", reference.rsplit("/", 1)[-1])
            if name not in self.definitions:
                self.definitions[name] = {}
                self.definitions[name] = self.convert(
                    self.reader.target(reference), refs, reference
                )
            return {"$ref": f"#/$defs/{name}", **self.convert(siblings, refs, where)}
        target = self.convert(self.reader.target(reference), (*refs, reference), reference)
        converted = self.convert(siblings, refs, where) if siblings else {}
        if not isinstance(target, dict):
            return target
        if all(key in ANNOTATIONS or key.startswith("x-") for key in converted):
            return {**target, **converted}
        return {"allOf": [target], **converted}

    def cited(self, converted: Any, original: Any, where: str) -> Any:
        """A property's schema, citing the line it is written on unless it cites a row."""
        if not isinstance(converted, dict) or "x-doc" in converted:
            return converted
        line = getattr(original, "line", 0)
        citation = {"path": self.reader.shown, "line": line, "table": where}
        return {**converted, "x-doc": {**citation, "page": self.reader.title}}

    def to_2020_12(self, node: dict[str, Any]) -> dict[str, Any]:
        """OpenAPI 3.0's schema dialect in 2020-12 terms."""
        if node.pop("nullable", False) is True and "type" in node:
            kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
            node["type"] = [*kinds, "null"] if "null" not in kinds else kinds
        for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            if node.get(exclusive) is True and bound in node:
                node[exclusive] = node.pop(bound)
            elif isinstance(node.get(exclusive), bool):
                del node[exclusive]
        if "example" in node:
            node.setdefault("examples", [node.pop("example")])
        return node
