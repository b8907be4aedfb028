"""From a character offset to a 1-based line and column."""

from __future__ import annotations

from bisect import bisect_right


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``; columns count characters.

    Lines end at "\\n" (a "\\r" before it belongs to the line). An offset past the end is
    taken as the end.
    """
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


class LineIndex:
    """line_col for many offsets of one text: the line starts are found once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._length = len(text)
        self._line_starts = [0]
        position = text.find("\n")
        while position >= 0:
            self._line_starts.append(position + 1)
            position = text.find("\n", position + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self._length))
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def line_text(self, number: int) -> str:
        """Line ``number`` (1-based) without its line ending; "" past the end."""
        if not 0 < number <= len(self._line_starts):
            return ""
        start = self._line_starts[number - 1]
        end = self._line_starts[number] if number < len(self._line_starts) else self._length
        return self.text[start:end].rstrip("\r\n")
