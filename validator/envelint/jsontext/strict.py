"""Containers that are JSON already, read at the standard library's speed.

Reading token by token in Python costs about ten microseconds and a few hundred bytes of spans
per value: seconds and gigabytes for a payload of a hundred megabytes. Most of such a payload
is JSON as it stands even when something in it is not, so the lenient parser first offers each
container it opens to ``read_container``; only a container with a problem inside is read token
by token, and within it the same offer is made again for each container it holds.

A container read here gives exactly what reading it token by token gives: ``json``'s decoder
with NaN and Infinity refused accepts the containers that have no problem at all, and reads the
same value. Anything else (a duplicate key, nesting deeper than allowed, any syntax problem)
gives None.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from envelint.jsontext.number_reader import finite_float

# Containers nested deeper than this are read token by token without an offer: a container
# with a problem deep inside is decoded again at each level above it, and this bounds that.
OFFER_DEPTH = 8


class _NotStrict(ValueError):
    pass


def _refuse_constant(name: str) -> object:
    raise _NotStrict(name)


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _NotStrict("duplicate key")
    return result


_DECODER = json.JSONDecoder(
    object_pairs_hook=_object_without_duplicates,
    parse_constant=_refuse_constant,
    parse_float=finite_float,  # 1e400 reads as it does token by token, not as infinity
)


def read_container(text: str, start: int, depth_left: int) -> tuple[object, int] | None:
    """The value of the container at ``start`` and the offset past it, if it is JSON as it is.

    None when it has any problem, a duplicate key, or more than ``depth_left`` levels.
    """
    try:
        value, end = _DECODER.raw_decode(text, start)
    except (ValueError, RecursionError):
        return None
    if _too_deep(text, start, end, value, depth_left):
        return None
    return value, end


def _too_deep(text: str, start: int, end: int, value: object, limit: int) -> bool:
    """Whether ``value`` (the text from ``start`` to ``end``) nests more than ``limit`` levels.

    ``json`` refuses what nests deeper than the recursion limit, and a text with fewer brackets
    than the limit cannot nest deeper: only then is the value walked.
    """
    if limit >= sys.getrecursionlimit():
        return False
    if text.count("[", start, end) + text.count("{", start, end) <= limit:
        return False
    level: list[Any] = [value]
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        level = [
            child
            for node in level
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, (dict, list))
        ]
    return False
