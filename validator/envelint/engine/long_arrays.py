"""Schema errors of a payload holding very long arrays, a slice of each array at a time.

jsonschema-rs copies the instance of each error it reports (as its own value, as a Python
object, and written out in the message). An error at a long array, or at any container that
holds one (a missing member of the root object), copied the whole array: a failing payload of
ten million one-byte items (20 MB) peaked at 830 MB, about 630 MB of it in those copies.

Here the validator sees the payload with each long array cut to a slice of ``SLICE`` items,
once per slice. The errors outside the long arrays, and at them, come from the first run (every
array cut to its first slice); those inside an array come from the run that held their slice,
their index moved to the item's place in the whole array. That is the same list of errors
whenever no keyword along the way to a long array looks at more than one item or member at a
time: a plain path (``_resolved``) holds only the keywords that walk into one child
(``properties``, ``items``, ...), those that look at a container's keys, length or type
(``required``, ``type``, ``minItems``), and those that apply to scalars only. A schema with
anything else there (``anyOf``, ``contains``, ``uniqueItems``, ``maxItems``, ``$id``, ...) has
the payload validated whole, as before.

The first slice starts the array, so an error's message, which opens with its instance written
out, starts the same way for its first hundred characters, which are all a finding quotes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from envelint.jsontext.pointer import escape, resolve
from envelint.rules.base import SchemaError

LONG_ARRAY = 10_000  # items; a shorter array is validated whole
SLICE = 10_000  # items per run; at least MESSAGE_ITEMS
MESSAGE_ITEMS = 100  # a finding quotes a message's first 100 characters: 100 items write more
# A payload this short holds no array long enough to matter: its errors are found whole, and
# it pays nothing for this module (the per-record cost of small failing payloads, issue 23).
LEAN_FROM_BYTES = 1024 * 1024

# Keywords that never look at more than one child of the container they apply to, or only at
# its keys, length or type, or apply to scalars only (an array or object ignores them).
_DESCENDING = frozenset({"properties", "additionalProperties", "items", "$ref", "allOf"})
_CONTAINER_WIDE = frozenset({"type", "required", "minItems", "minProperties", "maxProperties"})
_SCALAR_ONLY = frozenset(
    {
        "pattern", "format", "minLength", "maxLength", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    }
)  # fmt: skip
_ANNOTATIONS = frozenset(
    {
        "$schema", "$defs", "definitions", "$comment", "title", "description",
        "default", "examples", "deprecated", "readOnly", "writeOnly",
    }
)  # fmt: skip
_PLAIN = _DESCENDING | _CONTAINER_WIDE | _SCALAR_ONLY | _ANNOTATIONS
# What a ``not`` may hold: a container fails it or not by its type and keys alone.
_TYPE_OR_SCALAR = frozenset({"type", "required"}) | _SCALAR_ONLY | _ANNOTATIONS

Tokens = tuple[str | int, ...]
ErrorsOf = Callable[[object], Iterator[SchemaError]]


@dataclass(frozen=True)
class LongArray:
    tokens: Tokens  # where it is, from the root
    items: list[Any]

    @property
    def pointer(self) -> str:
        return "".join("/" + escape(str(token)) for token in self.tokens)


def schema_errors(value: object, schema: dict[str, Any], errors_of: ErrorsOf) -> list[SchemaError]:
    """``errors_of(value)``, with long arrays validated a slice at a time where that gives the
    same errors (see the module's docstring)."""
    arrays = long_arrays(value, schema)
    if not arrays:
        return list(errors_of(value))
    first_slices = [array.items[:SLICE] for array in arrays]
    errors = list(errors_of(_with_slices(value, arrays, first_slices)))
    for array in arrays:
        for start in range(SLICE, len(array.items), SLICE):
            alone = _on_its_own(value, array, array.items[start : start + SLICE])
            for error in errors_of(alone):
                moved = _moved(error, array.pointer, start)
                if moved is not None:
                    errors.append(moved)
    return errors  # in another order than whole: findings are sorted (Finding.sort_key)


def long_arrays(value: object, schema: dict[str, Any]) -> list[LongArray] | None:
    """The arrays of more than LONG_ARRAY items, each on a plain path of the schema; None (the
    payload is validated whole) when there is none or one's path is not plain. What a long
    array holds is not searched: its items are validated a slice at a time, whatever they are."""
    found: list[LongArray] = []
    stack: list[tuple[Tokens, object, list[Any] | None]] = [((), value, [schema])]
    while stack:
        tokens, node, schemas = stack.pop()
        if isinstance(node, list) and len(node) > LONG_ARRAY:
            if schemas is None or not _plain_at_a_long_array(schemas, schema):
                return None
            found.append(LongArray(tokens, node))
            continue
        applying = _resolved(schemas, schema)
        if isinstance(node, dict):
            for key, child in node.items():
                if isinstance(child, (dict, list)):
                    stack.append(((*tokens, key), child, _member_schemas(applying, key)))
        elif isinstance(node, list):
            item_schemas = _item_schemas(applying)
            for number, child in enumerate(node):
                if isinstance(child, (dict, list)):
                    stack.append(((*tokens, number), child, item_schemas))
    found.sort(key=lambda array: [str(token) for token in array.tokens])  # a stable order
    return found or None


def _resolved(schemas: list[Any] | None, root: dict[str, Any]) -> list[Any] | None:
    """Every schema that applies here, ``$ref`` and ``allOf`` followed; None when one of them
    holds a keyword that is not plain (nothing is known of what applies below it)."""
    if schemas is None:
        return None
    applying: list[Any] = []
    pending = list(schemas)
    while pending:
        node = pending.pop()
        if isinstance(node, bool):
            applying.append(node)
            continue
        if not isinstance(node, dict) or not all(
            _is_plain(key, below) for key, below in node.items()
        ):
            return None
        applying.append(node)
        if "$ref" in node:
            target = _local(node["$ref"], root)
            if target is None:
                return None
            pending.append(target)
        if len(applying) > 1000:  # a $ref cycle
            return None
        pending.extend(node.get("allOf", []))
    return applying


def _is_plain(keyword: str, value: object) -> bool:
    if keyword == "not":  # a container passes or fails it by its type alone (a fold's form)
        return isinstance(value, dict) and all(
            key in _TYPE_OR_SCALAR or key.startswith("x-") for key in value
        )
    return keyword in _PLAIN or keyword.startswith("x-")  # x-doc, x-envelint-rule: annotations


def _plain_at_a_long_array(schemas: list[Any], root: dict[str, Any]) -> bool:
    applying = _resolved(schemas, root)
    if applying is None:
        return False
    # minItems: met by the first slice as by the whole array, up to SLICE
    return all(not isinstance(node, dict) or node.get("minItems", 0) <= SLICE for node in applying)


def _member_schemas(applying: list[Any] | None, key: str) -> list[Any] | None:
    """The schemas that apply to member ``key`` of an object ``applying`` apply to."""
    if applying is None:
        return None
    below: list[Any] = []
    for node in applying:
        if isinstance(node, bool):
            continue
        properties = node.get("properties", {})
        if isinstance(properties, dict) and key in properties:
            below.append(properties[key])
        elif "additionalProperties" in node:
            below.append(node["additionalProperties"])
    return below


def _item_schemas(applying: list[Any] | None) -> list[Any] | None:
    """The schemas that apply to each item of an array ``applying`` apply to."""
    if applying is None:
        return None
    below = [node["items"] for node in applying if isinstance(node, dict) and "items" in node]
    return below if all(isinstance(node, (dict, bool)) for node in below) else None


def _local(reference: object, root: dict[str, Any]) -> Any:
    """The schema a local ``$ref`` ("#/$defs/Name") names; None for any other."""
    if not isinstance(reference, str) or not reference.startswith("#"):
        return None
    try:
        return resolve(root, reference[1:])
    except (KeyError, IndexError, ValueError):
        return None


def _with_slices(value: object, arrays: list[LongArray], slices: list[list[Any]]) -> object:
    """``value`` with each long array replaced by its slice: the containers on the way to one
    are copied, the rest is shared."""
    if not arrays[0].tokens:  # the payload is itself the long array
        return slices[0]
    root = _copy(value)
    for array, replacement in zip(arrays, slices, strict=True):
        node: Any = root
        for token in array.tokens[:-1]:
            child = node[token]
            copied = _copy(child)
            if copied is not child:
                node[token] = copied
            node = node[token]
        node[array.tokens[-1]] = replacement
    return root


def _on_its_own(value: object, array: LongArray, items: list[Any]) -> object:
    """Only what leads to ``array``, holding ``items``: an object on the way keeps the one
    member, an array its length (its other items null). The errors inside the array are the
    same (its path is plain: the schemas that reach it depend on the keys on the way only);
    those elsewhere are not wanted from this run."""
    if not array.tokens:
        return items
    steps: list[Any] = [value]
    for token in array.tokens[:-1]:
        steps.append(steps[-1][token])
    below: Any = items
    for node, token in zip(reversed(steps), reversed(array.tokens), strict=True):
        if isinstance(node, dict):
            below = {token: below}
        else:
            skeleton: list[Any] = [None] * len(node)
            skeleton[int(token)] = below
            below = skeleton
    return below


def _copy(node: Any) -> Any:
    return node.copy() if isinstance(node, (dict, list)) else node


def _moved(error: SchemaError, pointer: str, start: int) -> SchemaError | None:
    """An error inside the slice that starts at item ``start``, its index made the item's own
    in the whole array; None for any other error (the first run has found those)."""
    prefix = pointer + "/"
    if not error.pointer.startswith(prefix):
        return None
    index, slash, rest = error.pointer[len(prefix) :].partition("/")
    moved = f"{prefix}{int(index) + start}{slash}{rest}"
    return SchemaError(error.kind, moved, error.schema_path, error.message, error.detail)
