"""Skipping a nested value without reading it: for what lies deeper than the depth limit."""

from __future__ import annotations

import re

_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?', re.DOTALL)
# Everything up to the next closing bracket that is not inside a string.
_UP_TO_CLOSER = re.compile(r'(?:[^\]}"]++|"[^"\\]*+(?:\\.[^"\\]*+)*+"?)*+', re.DOTALL)
_CLOSERS = re.compile(r"[\]}]++")


def skip_nested(text: str, start: int) -> tuple[int, bool]:
    """Where the container opened at ``start`` ends, and whether it is closed at all.

    Brackets are counted, whichever kind they are, and strings are stepped over so that the
    brackets inside them do not count. Each step takes all the text up to the next run of
    closing brackets, so that even a million nested levels cost little.
    """
    depth = 0
    pos = start
    length = len(text)
    while True:
        run = _UP_TO_CLOSER.match(text, pos)
        segment = run.group()
        if '"' in segment:
            segment = _STRING.sub("", segment)
        depth += segment.count("[") + segment.count("{")
        pos = run.end()
        if pos >= length:
            return length, False
        closers = _CLOSERS.match(text, pos)
        count = closers.end() - pos
        if count >= depth:
            return pos + depth, True
        depth -= count
        pos = closers.end()
