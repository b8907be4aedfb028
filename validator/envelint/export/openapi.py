"""The catalog as one OpenAPI 3.1 document (docs/openapi.md describes every choice).

- Each response schema is a component named after its schema id; nested tables the documentation
  reuses are components of their own (``components.py``).
- Each operation appears under every path template its page lists. Its first template carries the
  operation's id as ``operationId``; a further template carries ``ID.2``, ``ID.3``... and every
  one carries ``x-envelint-operation: ID``, so a reader can put them back together.
- Query flags that name a sub-resource (OBS's ``GET /?acl``) stay in the path key, as
  ``/?acl``; operations that share a method and a path (ECS's actions, told apart by the body)
  are keyed ``path#ID`` after the first, the convention other converters of such APIs use.
- A response with a status code is keyed by it; one the page documents without a code is ``2XX``
  (a success) or ``default`` (an error).
- ``jsonSchemaDialect`` is not written: OpenAPI 3.1's default is the dialect the schemas use, and
  Prism 5 stops validating responses against a document that names it.
"""

from __future__ import annotations

import http
from dataclasses import dataclass, field
from typing import Any

from envelint.catalog.store import ApiOperation, CatalogEntry, ResponseSpec
from envelint.catalog.templates import VARIABLE
from envelint.export.components import Components, component_name, lift_reused_tables
from envelint.export.schema_forms import PREFIX, SOURCE, to_openapi

OPENAPI_VERSION = "3.1.0"
MEDIA_TYPE = "application/json"
OPERATION = PREFIX + "operation"
KIND = PREFIX + "kind"
RESPONSE = PREFIX + "response"  # on a response schema: its kind and status
UNCODED_KEYS = {"normal": "2XX", "abnormal": "default"}


@dataclass(frozen=True)
class ExportInfo:
    title: str
    version: str
    description: str = ""


def openapi_document(
    info: ExportInfo,
    operations: list[ApiOperation],
    entries: list[CatalogEntry],
    schemas: dict[str, dict[str, Any]],
    descriptions: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of one catalog; ``descriptions`` by operation id."""
    components = Components()
    names = schema_names([entry.id for entry in entries])
    roots = {names[schema_id]: to_openapi(schema) for schema_id, schema in schemas.items()}
    for entry in entries:  # every response schema, those no operation lists included
        if names[entry.id] in roots:
            roots[names[entry.id]][RESPONSE] = {"kind": entry.kind, "status": entry.status}
    lifted = lift_reused_tables(roots, components)
    document: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": _info(info),
        "tags": [],
        "paths": {},
        "components": {"schemas": {}},
    }
    tags: dict[str, None] = {}
    keys = PathKeys()
    for operation in sorted(operations, key=lambda op: op.id):
        for number, template in enumerate(operation.templates, start=1):
            key = keys.key(document["paths"], operation, template)
            item = _operation(operation, key, number, names)
            if descriptions and operation.id in descriptions:
                item["description"] = descriptions[operation.id]
            tags.update(dict.fromkeys(item["tags"]))
            document["paths"].setdefault(key.path, {})[operation.method.lower()] = item
    document["tags"] = [{"name": tag} for tag in sorted(tags)]
    document["components"]["schemas"] = {
        **{name: lifted[name] for name in sorted(lifted)},
        **{name: components.schemas[name] for name in sorted(components.schemas)},
    }
    return document


def schema_names(schema_ids: list[str]) -> dict[str, str]:
    """Component names for schema ids: the folders every id shares left out, ``/`` as ``.``
    (``apis/servers/listing_servers.normal`` -> ``servers.listing_servers.normal``)."""
    folders = [schema_id.split("/")[:-1] for schema_id in schema_ids]
    shared = 0
    while folders and all(len(f) > shared for f in folders):
        if len({f[shared] for f in folders}) != 1:
            break
        shared += 1
    return {
        schema_id: component_name(".".join(schema_id.split("/")[shared:]))
        for schema_id in schema_ids
    }


def request_body(operation: ApiOperation, names: dict[str, str]) -> dict[str, Any] | None:
    """The operation's ``requestBody``: the schema derived from its request body table (a
    component, as the response schemas are), required when any of its fields is; else, for a
    body the page shows only by its top-level keys (its examples), those keys."""
    spec = operation.request
    if spec is not None and spec.body is not None and spec.body in names:
        return {
            "required": bool(operation.required_request_keys),
            "content": {
                MEDIA_TYPE: {"schema": {"$ref": f"#/components/schemas/{names[spec.body]}"}}
            },
        }
    if not operation.request_keys:
        return None
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {key: {} for key in operation.request_keys},
    }
    if operation.required_request_keys:
        schema["required"] = list(operation.required_request_keys)
    return {
        "required": bool(operation.required_request_keys),
        "content": {MEDIA_TYPE: {"schema": schema}},
    }


def _info(info: ExportInfo) -> dict[str, Any]:
    result = {"title": info.title, "version": info.version}
    if info.description:
        result["description"] = info.description
    return result


@dataclass
class PathKeys:
    """Path keys as OpenAPI wants them: each variable named once in a path (the second
    ``{project_id}`` of ``/v2/{project_id}/os-quota-sets/{project_id}`` is ``{project_id_2}``),
    and one spelling per path shape (``/{ObjectName}`` and ``/{ObjectKey}`` are one path: the
    first spelling, in operation id order, names its variables)."""

    by_shape: dict[str, str] = field(default_factory=dict)

    def key(self, paths: dict[str, Any], operation: ApiOperation, template: str) -> PathKey:
        documented = [found.group("name").strip() for found in VARIABLE.finditer(template)]
        names = _distinct(documented)
        numbered = iter(names)
        path = VARIABLE.sub(lambda _: "{" + next(numbered) + "}", template)
        shape = VARIABLE.sub("{}", path)
        canonical = self.by_shape.setdefault(shape, path)
        if canonical != path:
            names = [found.group("name") for found in VARIABLE.finditer(canonical)]
            path = canonical
        if operation.query_flags:
            path += "?" + "&".join(operation.query_flags)
        if operation.method.lower() in paths.get(path, {}):
            path += "#" + operation.id
        return PathKey(path, tuple(zip(names, documented, strict=True)))


@dataclass(frozen=True)
class PathKey:
    path: str
    variables: tuple[tuple[str, str], ...]  # (name in the key, name the page writes)


def _distinct(names: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for name in names:
        unique, number = name, 2
        while unique in seen:
            unique, number = f"{name}_{number}", number + 1
        seen.add(unique)
        result.append(unique)
    return result


def _operation(
    operation: ApiOperation, key: PathKey, number: int, names: dict[str, str]
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "operationId": operation.id if number == 1 else f"{operation.id}.{number}",
        "summary": operation.title or operation.id,
        "tags": [_tag(operation)],
        OPERATION: operation.id,
        SOURCE: {"path": operation.page, "line": operation.line},
    }
    parameters = _parameters(operation, key)
    if parameters:
        item["parameters"] = parameters
    body = request_body(operation, names)
    if body is not None:
        item["requestBody"] = body
    responses = _responses(operation.responses, names)
    if responses:
        item["responses"] = responses
    return item


def _tag(operation: ApiOperation) -> str:
    """The folder of the operation's page: the reference's own grouping of its APIs."""
    parts = (operation.page or "").rsplit("/", 2)
    return parts[-2] if len(parts) > 1 else "api"


def _parameters(operation: ApiOperation, key: PathKey) -> list[dict[str, Any]]:
    """Path, query and header parameters, each with the type, description and source row of
    the request table that documents it (a string when no table does)."""
    spec = operation.request
    path_table = spec.path if spec is not None else None
    found = []
    for name, documented in key.variables:
        parameter = _parameter(name, "path", path_table, documented)
        parameter["required"] = True
        if documented != name and "description" not in parameter:
            parameter["description"] = f"The page writes this variable as {{{documented}}}."
        found.append(parameter)
    query_table = spec.query if spec is not None else None
    query_names = [*operation.query_params, *_documented_names(query_table)]
    found += [_parameter(name, "query", query_table) for name in dict.fromkeys(query_names)]
    header_table = spec.headers if spec is not None else None
    found += [
        _parameter(name, "header", header_table)
        for name in _documented_names(header_table)
        if name.lower() not in IMPLIED_HEADERS
    ]
    return found


# OpenAPI ignores header parameters of these names: content and security say them.
IMPLIED_HEADERS = ("accept", "content-type", "authorization")


def _documented_names(table: dict[str, Any] | None) -> list[str]:
    properties = table.get("properties") if table else None
    return list(properties) if isinstance(properties, dict) else []


def _parameter(
    name: str, place: str, table: dict[str, Any] | None, documented: str | None = None
) -> dict[str, Any]:
    properties = (table or {}).get("properties") or {}
    row = properties.get(documented or name)
    required = name in ((table or {}).get("required") or ())
    parameter: dict[str, Any] = {"name": name, "in": place, "required": required}
    if not isinstance(row, dict):
        parameter["schema"] = {"type": "string"}
        return parameter
    schema = to_openapi({k: v for k, v in row.items() if k not in ("description", "x-doc")})
    if isinstance(row.get("description"), str) and row["description"]:
        parameter["description"] = row["description"]
    parameter["schema"] = schema or {"type": "string"}  # a URL carries text
    if isinstance(row.get("x-doc"), dict):
        parameter[SOURCE] = row["x-doc"]
    return parameter


def _responses(responses: tuple[ResponseSpec, ...], names: dict[str, str]) -> dict[str, Any]:
    grouped: dict[str, list[ResponseSpec]] = {}
    for response in responses:
        key = str(response.status) if response.status else UNCODED_KEYS[response.kind]
        grouped.setdefault(key, []).append(response)
    return {key: _response(key, grouped[key], names) for key in sorted(grouped)}


def _response(key: str, responses: list[ResponseSpec], names: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = {"description": _describe(key, responses[0].kind)}
    result[KIND] = responses[0].kind
    headers = dict.fromkeys(header for response in responses for header in response.headers)
    if headers:
        result["headers"] = {name: {"schema": {"type": "string"}} for name in headers}
    refs = [
        {"$ref": f"#/components/schemas/{names[schema]}"}
        for schema in dict.fromkeys(r.schema for r in responses if r.schema is not None)
        if schema in names
    ]
    if refs:
        schema = refs[0] if len(refs) == 1 else {"anyOf": refs}
        result["content"] = {MEDIA_TYPE: {"schema": schema}}
    return result


def _describe(key: str, kind: str) -> str:
    if key.isdigit():
        try:
            return http.HTTPStatus(int(key)).phrase
        except ValueError:
            pass
        return f"status {key}"
    return (
        "a success the page documents without its status code"
        if kind == "normal"
        else ("an error the page documents without its status code")
    )
