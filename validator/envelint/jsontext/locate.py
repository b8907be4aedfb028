"""Spans inside the containers the parser read whole, found on demand.

The lenient parser reads a container that is JSON as it stands with ``json``'s decoder (see
``strict.py``) and records only its own span. A finding needs the spans of a few values inside
it, not of all of them: ``SpanFinder`` walks from the container along the pointer, skipping the
values it passes over without reading them. The members of each object and the items of each
array it enters are indexed once, so many lookups in one container cost one pass over it.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator, Mapping
from json import JSONDecoder
from json.decoder import scanstring
from json.scanner import make_scanner

from envelint.jsontext import pointer as json_pointer
from envelint.jsontext.model import JSON_SPACE, ParseResult, Span

_PLAIN_KEY = re.compile(r'"([^"\\]*)"[ \t\n\r]*+:[ \t\n\r]*+')  # a key without escapes, its colon
_AFTER_VALUE = re.compile(r"[ \t\n\r]*+(?:,[ \t\n\r]*+)?")  # to the next member or the closer
_scan_value = make_scanner(JSONDecoder())  # (value, end) of the JSON value at an offset

Members = dict[str, tuple[Span, Span]]  # key -> (span of the key, span of its value)
Found = tuple[Span | None, Span]  # (span of the member's key, or None in an array; of the value)


class SpanFinder:
    """The spans of a parse: those recorded, and those inside the containers read whole.

    ``subtrees`` maps the pointer of each container read whole to its start; an entry counts
    only while the recorded span at that pointer still starts there (a duplicate key may have
    replaced the container since). ``full_parse`` reads the text token by token, recording
    every span; it runs only when all of them are asked for.
    """

    def __init__(
        self,
        text: str,
        value_spans: dict[str, Span],
        key_spans: dict[str, Span],
        subtrees: dict[str, int],
        full_parse: Callable[[], ParseResult],
    ) -> None:
        self.text = text
        self._value_spans = value_spans
        self._key_spans = key_spans
        self._subtrees = subtrees
        self._full_parse = full_parse
        self._full: ParseResult | None = None
        self._members: dict[int, Members] = {}  # object start -> its members
        self._items: dict[int, array[int]] = {}  # array[int] start -> where each item starts

    def value_span(self, pointer: str) -> Span | None:
        if pointer in self._value_spans:
            return self._value_spans[pointer]
        found = self._inside_subtree(pointer)
        return found[1] if found is not None else None

    def key_span(self, pointer: str) -> Span | None:
        if pointer in self._key_spans:
            return self._key_spans[pointer]
        found = self._inside_subtree(pointer)
        return found[0] if found is not None else None

    def all_spans(self, keys: bool) -> dict[str, Span]:
        """Every span, as reading the whole text token by token records them."""
        if self._full is None:
            self._full = self._full_parse()
        return self._full.key_spans if keys else self._full.value_spans

    def _inside_subtree(self, pointer: str) -> Found | None:
        """Key and value spans at ``pointer``, below the innermost subtree that holds it."""
        if not isinstance(pointer, str):
            return None
        cut = len(pointer)
        while cut > 0:
            cut = pointer.rfind("/", 0, cut)
            if cut < 0:
                return None
            root = pointer[:cut]
            start = self._subtrees.get(root)
            span = self._value_spans.get(root)
            if start is not None and span is not None and span.start == start:
                return self._walk(span, json_pointer.split(pointer[cut:]))
        return None

    def _walk(self, root: Span, tokens: list[str]) -> Found | None:
        text = self.text
        found: Found = (None, root)
        for token in tokens:
            start = found[1].start
            opener = text[start : start + 1]
            if opener == "{":
                member = self._members_of(start).get(token)
                if member is None:
                    return None
                found = member
            elif opener == "[" and json_pointer.is_array_index(token):
                items = self._items_of(start)
                index = int(token)
                if index >= len(items):
                    return None
                found = (None, Span(items[index], self._value_end(items[index])))
            else:
                return None
        return found

    def _members_of(self, start: int) -> Members:
        if start not in self._members:
            text = self.text
            members: Members = {}
            position = self._skip_space(start + 1)
            while text[position] != "}":
                plain_key = _PLAIN_KEY.match(text, position)
                if plain_key is not None:  # most keys have no escape: one match reads them
                    name, key_end, value_start = plain_key[1], plain_key.end(1) + 1, plain_key.end()
                else:
                    name, key_end = scanstring(text, position + 1, True)
                    value_start = self._skip_space(self._skip_space(key_end) + 1)
                value_end = self._value_end(value_start)
                members[name] = (Span(position, key_end), Span(value_start, value_end))
                position = _AFTER_VALUE.match(text, value_end).end()
            self._members[start] = members
        return self._members[start]

    def _items_of(self, start: int) -> array[int]:
        if start not in self._items:
            items = array("q")
            position = self._skip_space(start + 1)
            while self.text[position] != "]":
                items.append(position)
                position = _AFTER_VALUE.match(self.text, self._value_end(position)).end()
            self._items[start] = items
        return self._items[start]

    def _value_end(self, start: int) -> int:
        # The text inside a container read whole is JSON: json's C scanner reads it fastest.
        return _scan_value(self.text, start)[1]

    def _skip_space(self, position: int) -> int:
        return JSON_SPACE.match(self.text, position).end()


class LazySpans(Mapping[str, Span]):
    """The ``value_spans`` or ``key_spans`` of a ParseResult, found when looked up."""

    def __init__(self, finder: SpanFinder, keys: bool) -> None:
        self._finder = finder
        self._keys = keys
        self._span = finder.key_span if keys else finder.value_span

    def __getitem__(self, pointer: str) -> Span:
        span = self._span(pointer)
        if span is None:
            raise KeyError(pointer)
        return span

    def get(self, pointer: str, default: Span | None = None) -> Span | None:
        # Mapping.get would go through __getitem__ and catch its KeyError: twice the cost.
        span = self._span(pointer)
        return default if span is None else span

    def __contains__(self, pointer: object) -> bool:
        return self._span(pointer) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._finder.all_spans(self._keys))

    def __len__(self) -> int:
        return len(self._finder.all_spans(self._keys))

    def __repr__(self) -> str:
        return f"LazySpans({'keys' if self._keys else 'values'})"
