"""Schemas between envelint's annotations and OpenAPI 3.1's Schema Objects.

envelint's schemas are JSON Schema 2020-12 with annotations of its own (``x-doc``: the
documentation row a property comes from; ``x-error-code-form``, ``x-format``...). OpenAPI 3.1
takes 2020-12 as it is; the annotations become specification extensions under envelint's name:
``x-doc`` is ``x-envelint-source``, any other ``x-NAME`` is ``x-envelint-NAME``. ``$schema`` is
dropped (the document's dialect is 2020-12), and an array the documentation says nothing more of
gets ``items: {}`` (any item, as before; OpenAPI tools expect the keyword). ``to_internal`` is
the reverse, for reading an export back as a catalog.
"""

from __future__ import annotations

from typing import Any

SOURCE = "x-envelint-source"
PREFIX = "x-envelint-"
INTERNAL_SOURCE = "x-doc"
# Keywords whose value maps names to schemas: their keys are property names, never keywords.
NAMED_SCHEMAS = ("properties", "patternProperties", "$defs", "dependentSchemas")
# Keywords whose value is data, never a schema.
DATA = ("enum", "const", "examples", "default", "required", "example")


def to_openapi(node: Any) -> Any:
    """``node`` with envelint's annotations renamed into ``x-envelint-...`` extensions."""
    return _rename(node, _exported_name, drop=("$schema",), complete=True)


def to_internal(node: Any) -> Any:
    """The reverse of ``to_openapi``: ``x-envelint-source`` is ``x-doc`` again, and so on."""
    return _rename(node, _internal_name, drop=(), complete=False)


def _exported_name(key: str) -> str:
    if key == INTERNAL_SOURCE:
        return SOURCE
    if key.startswith("x-") and not key.startswith(PREFIX):
        return PREFIX + key[2:]
    return key


def _internal_name(key: str) -> str:
    if key == SOURCE:
        return INTERNAL_SOURCE
    if key.startswith(PREFIX):
        return "x-" + key[len(PREFIX) :]
    return key


def _rename(node: Any, rename: Any, drop: tuple[str, ...], complete: bool) -> Any:
    if isinstance(node, list):
        return [_rename(item, rename, drop, complete) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key in drop:
            continue
        if key in NAMED_SCHEMAS and isinstance(value, dict):
            result[key] = {
                name: _rename(sub, rename, drop, complete) for name, sub in value.items()
            }
        elif key in DATA or key.startswith("x-"):
            result[rename(key)] = value
        else:
            result[key] = _rename(value, rename, drop, complete)
    if complete and _is_bare_array(result):
        result["items"] = {}
    return result


def _is_bare_array(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    is_array = kind == "array" or (isinstance(kind, list) and "array" in kind)
    return is_array and "items" not in node and "prefixItems" not in node
