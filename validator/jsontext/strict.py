"""The common case: text that is JSON already, read at the standard library's speed.

Most payloads that reach the full path are JSON and only break the schema. Reading them token
by token in Python costs seconds and gigabytes for a payload of a hundred megabytes, because
the lenient parser records a span for every value. Here ``json.loads`` reads the value, and the
spans are found only for the pointers that are asked for (see ``locate.py``).

The result is exactly the one the lenient parser gives for the same text: ``json.loads`` with
NaN and Infinity refused accepts the texts that give no problem at all, and both read the
same value. Anything else (duplicate keys, nesting deeper than allowed, any syntax problem)
gives None, and the lenient parser reads the text.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

from validator.jsontext.locate import LazySpans, SpanFinder
from validator.jsontext.model import ParseResult


class _NotStrict(ValueError):
    pass


def _refuse_constant(name: str) -> object:
    raise _NotStrict(name)


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _NotStrict("duplicate key")
    return result


def read_strict(
    text: str, max_depth: int, full_parse: Callable[[], ParseResult]
) -> ParseResult | None:
    """The parse result of ``text`` if it is JSON without duplicate keys, else None.

    ``full_parse`` reads the text with the lenient parser; it runs only if every span is asked
    for (someone iterates over ``value_spans``), never for a lookup of one pointer.
    """
    if max_depth < 1:
        return None
    try:
        value = json.loads(
            text, object_pairs_hook=_object_without_duplicates, parse_constant=_refuse_constant
        )
    except (ValueError, RecursionError):
        return None
    if _too_deep(text, value, max_depth):
        return None
    finder = SpanFinder(text, full_parse)
    return ParseResult(
        value=value,
        problems=[],
        value_spans=LazySpans(finder, keys=False),
        key_spans=LazySpans(finder, keys=True),
        unknown_pointers=set(),
    )


def _too_deep(text: str, value: object, max_depth: int) -> bool:
    """Whether ``value`` nests more than ``max_depth`` containers.

    ``json.loads`` refuses what nests deeper than the recursion limit, and a text with fewer
    brackets than the limit cannot nest deeper: only then is the value walked.
    """
    if max_depth >= sys.getrecursionlimit():
        return False
    if text.count("[") + text.count("{") <= max_depth:
        return False
    level = [value] if isinstance(value, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return True
        level = [
            child
            for node in level
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, (dict, list))
        ]
    return False
