"""Spans in a JSON text, found on demand by following a pointer through the text.

For text that is JSON already (see ``strict.py``), a finding needs the span of a few values,
not of all of them. ``SpanFinder`` walks from the root along the pointer, skipping the values
it passes over without reading them; the members of each object and the items of each array it
enters are indexed once, so many lookups in one container cost one pass over it.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator, Mapping
from json.decoder import scanstring

from validator.jsontext import pointer as json_pointer
from validator.jsontext.model import ParseResult, Span
from validator.jsontext.skipping import skip_nested

_SPACE = re.compile(r"[ \t\n\r]*+")
_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?(?:[eE][-+]?[0-9]++)?|true|false|null")
_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")

Members = dict[str, tuple[Span, int]]  # key -> (span of the key, where its value starts)


class SpanFinder:
    """Spans of values and keys in ``text``, which must be JSON without duplicate keys."""

    def __init__(self, text: str, full_parse: Callable[[], ParseResult]) -> None:
        self.text = text
        self._full_parse = full_parse
        self._full: ParseResult | None = None
        self._members: dict[int, Members] = {}  # object start -> its members
        self._items: dict[int, array] = {}  # array start -> where each item starts

    def value_span(self, pointer: str) -> Span | None:
        found = self._walk(pointer)
        if found is None:
            return None
        start = found[1]
        return Span(start, self._value_end(start))

    def key_span(self, pointer: str) -> Span | None:
        found = self._walk(pointer)
        return found[0] if found is not None else None

    def all_spans(self, keys: bool) -> dict[str, Span]:
        """Every span, as the lenient parser records them (it reads the whole text once)."""
        if self._full is None:
            self._full = self._full_parse()
        return self._full.key_spans if keys else self._full.value_spans

    def _walk(self, pointer: str) -> tuple[Span | None, int] | None:
        """(span of the member's key or None, start of the value) at ``pointer``."""
        try:
            tokens = json_pointer.split(pointer)
        except (ValueError, AttributeError, TypeError):
            return None
        text = self.text
        key: Span | None = None
        position = _SPACE.match(text, 0).end()
        for token in tokens:
            opener = text[position : position + 1]
            if opener == "{":
                member = self._members_of(position).get(token)
                if member is None:
                    return None
                key, position = member
            elif opener == "[" and _ARRAY_INDEX.fullmatch(token):
                items = self._items_of(position)
                index = int(token)
                if index >= len(items):
                    return None
                key, position = None, items[index]
            else:
                return None
        return key, position

    def _members_of(self, start: int) -> Members:
        if start not in self._members:
            text = self.text
            members: Members = {}
            position = self._skip_space(start + 1)
            while text[position] != "}":
                name, key_end = scanstring(text, position + 1, True)
                value_start = self._skip_space(self._skip_space(key_end) + 1)
                members[name] = (Span(position, key_end), value_start)
                position = self._after_item(value_start)
            self._members[start] = members
        return self._members[start]

    def _items_of(self, start: int) -> array:
        if start not in self._items:
            items = array("q")
            position = self._skip_space(start + 1)
            while self.text[position] != "]":
                items.append(position)
                position = self._after_item(position)
            self._items[start] = items
        return self._items[start]

    def _after_item(self, value_start: int) -> int:
        """Past the value at ``value_start`` and its ``,``: where the next item or the closer is."""
        position = self._skip_space(self._value_end(value_start))
        if self.text[position] == ",":
            position = self._skip_space(position + 1)
        return position

    def _value_end(self, start: int) -> int:
        text = self.text
        char = text[start]
        if char == '"':
            return _STRING.match(text, start).end()
        if char == "{" or char == "[":
            return skip_nested(text, start)[0]
        return _SCALAR.match(text, start).end()

    def _skip_space(self, position: int) -> int:
        return _SPACE.match(self.text, position).end()


class LazySpans(Mapping[str, Span]):
    """The ``value_spans`` or ``key_spans`` of a ParseResult, found when looked up."""

    def __init__(self, finder: SpanFinder, keys: bool) -> None:
        self._finder = finder
        self._keys = keys

    def __getitem__(self, pointer: str) -> Span:
        finder = self._finder
        span = finder.key_span(pointer) if self._keys else finder.value_span(pointer)
        if span is None:
            raise KeyError(pointer)
        return span

    def __iter__(self) -> Iterator[str]:
        return iter(self._finder.all_spans(self._keys))

    def __len__(self) -> int:
        return len(self._finder.all_spans(self._keys))

    def __repr__(self) -> str:
        return f"LazySpans({'keys' if self._keys else 'values'})"
