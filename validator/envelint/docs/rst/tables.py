"""Finding grid and simple tables in the source lines, and cutting them into rows and cells.

docutils gives tables no line numbers and rejects a grid table with a ragged right edge, so the
tables are read here, straight from the lines, with the exact line of every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from envelint.docs.model import DocRow, ItemList
from envelint.docs.rst.inline import SourceLine, find_links, link_words, plain_text
from envelint.docs.rst.lists import top_level_lists

GRID_BORDER = re.compile(r"^(?P<indent> *)\+(?:[-=]+\+)*[-=]+\+?\s*$")
SIMPLE_BORDER = re.compile(r"^(?P<indent> *)=+(?: +=+)+ *$")
LITERAL_START = re.compile(
    r"^(?P<indent> *)(?:\.\.\s+(?:code-block|code|sourcecode|parsed-literal|math|raw)::.*"
    r"|(?!\.\.\s).*::\s*$)"
)
TABLE_DIRECTIVE = re.compile(r"^(?P<indent> *)\.\.\s+table::(?P<caption>.*)$")
OPTION_START = re.compile(r"^ *:[\w-]+:")


@dataclass
class TableSource:
    """Where one table sits in the file (0-based line indexes, end exclusive)."""

    start: int
    end: int
    indent: int
    style: str  # "grid" or "simple"
    directive: int | None = None  # the line of its `.. table::` directive, if any
    raw_caption: str | None = None
    caption_line: int | None = None


@dataclass
class ParsedTable:
    header: list[str]
    header_line: int | None
    rows: list[DocRow]
    header_columns: list[int]


def locate_tables(lines: list[str]) -> list[TableSource]:
    """Every table in the page, skipping text inside literal blocks."""
    found: list[TableSource] = []
    index, literal_indent = 0, None
    while index < len(lines):
        line = lines[index]
        indent = len(line) - len(line.lstrip(" "))
        if literal_indent is not None:
            if not line.strip() or indent > literal_indent:
                index += 1
                continue
            literal_indent = None
        table = _table_at(lines, index)
        if table:
            found.append(table)
            index = table.end
            continue
        if LITERAL_START.match(line) and not TABLE_DIRECTIVE.match(line):
            literal_indent = indent
        index += 1
    for table in found:
        _attach_directive(lines, table)
    return found


def _table_at(lines: list[str], index: int) -> TableSource | None:
    if index > 0 and lines[index - 1].strip() and not _is_directive_end(lines, index - 1):
        return None
    grid = GRID_BORDER.match(lines[index])
    if grid:
        indent = len(grid.group("indent"))
        end = index + 1
        while end < len(lines) and _continues_grid(lines[end], indent):
            end += 1
        return TableSource(index, end, indent, "grid") if end - index >= 3 else None
    simple = SIMPLE_BORDER.match(lines[index])
    if simple:
        indent = len(simple.group("indent"))
        simple_end = _simple_table_end(lines, index, indent)
        return TableSource(index, simple_end, indent, "simple") if simple_end else None
    return None


def _is_directive_end(lines: list[str], index: int) -> bool:
    """An option line (`:widths: ...`) of a table directive may sit right above its table."""
    return ":" in lines[index] and OPTION_START.match(lines[index]) is not None


def _continues_grid(line: str, indent: int) -> bool:
    return line[:indent].strip() == "" and line[indent : indent + 1] in ("+", "|")


def _simple_table_end(lines: list[str], start: int, indent: int) -> int | None:
    width = len(lines[start].strip())
    found = 0
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line.strip() and len(line) - len(line.lstrip(" ")) < indent:
            return None
        if SIMPLE_BORDER.match(line) and len(line.strip()) == width:
            found += 1
            last = index == len(lines) - 1
            if found == 2 or last or not lines[index + 1].strip():
                return index + 1
    return None


def _attach_directive(lines: list[str], table: TableSource) -> None:
    """Find the `.. table:: caption` directive the table is the content of, if any."""
    index = table.start - 1
    while index >= 0 and (not lines[index].strip() or _is_directive_end(lines, index)):
        index -= 1
    caption_lines: list[str] = []
    while index >= 0 and lines[index].strip():
        match = TABLE_DIRECTIVE.match(lines[index])
        if match:
            if len(match.group("indent")) < table.indent:
                table.directive = index
                parts = [match.group("caption").strip(), *reversed(caption_lines)]
                table.raw_caption = " ".join(part for part in parts if part) or None
                table.caption_line = index + 1
            return
        caption_lines.append(lines[index].strip())
        index -= 1


def parse_table(lines: list[str], source: TableSource) -> ParsedTable:
    block = [line.rstrip() for line in lines[source.start : source.end]]
    if source.style == "grid":
        return _parse_grid(block, source.start, source.indent)
    return _parse_simple(block, source.start, source.indent)


# -- grid tables ---------------------------------------------------------------------------


def _parse_grid(block: list[str], first: int, indent: int) -> ParsedTable:
    bounds = [position for position, char in enumerate(block[0]) if char == "+"]
    open_right = not block[0].endswith("+")
    header_end = next((i for i, line in enumerate(block) if "=" in line and _is_rule(line)), None)
    segments = _segments(block)
    header: DocRow | None = None
    rows: list[DocRow] = []
    for start, end in segments:
        row = _grid_row(block[start:end], first + start, bounds, open_right)
        if header_end is not None and end <= header_end:
            header = header or row
        else:
            rows.append(row)
    return _parsed(header, rows)


def _parsed(header: DocRow | None, rows: list[DocRow]) -> ParsedTable:
    if header is None:
        return ParsedTable([], None, rows, [])
    return ParsedTable(header.cells, header.line, rows, header.columns)


def _is_rule(line: str) -> bool:
    return bool(GRID_BORDER.match(line))


def _segments(block: list[str]) -> list[tuple[int, int]]:
    """(first, end) index pairs of the text lines between two border lines."""
    segments, start = [], None
    for index, line in enumerate(block):
        if _is_rule(line):
            if start is not None and index > start:
                segments.append((start, index))
            start = index + 1
    if start is not None and start < len(block):
        segments.append((start, len(block)))
    return segments


def _grid_row(lines: list[str], first_line: int, bounds: list[int], open_right: bool) -> DocRow:
    edges = list(bounds)
    if open_right:
        edges.append(max(len(line) for line in lines) + 1)
    inner = edges[1:-1]
    active = [all(_char(line, edge) == "|" for line in lines) for edge in inner]
    cuts = [edges[0]] + [edge for edge, on in zip(inner, active, strict=True) if on] + [edges[-1]]
    row = DocRow(cells=[], links=[], line=first_line + 1)
    numbers = list(range(first_line + 1, first_line + 1 + len(lines)))
    for left, right in zip(cuts, cuts[1:], strict=False):
        texts = [line[left + 1 : right] for line in lines]
        _add_cell(row, CellSource(texts, numbers, left + 2))
    row.spanned = len(cuts) - 1 < len(edges) - 1
    while len(row.cells) < len(edges) - 1:
        _add_cell(row, CellSource([], [], 0))
    return row


@dataclass
class CellSource:
    """A cell's lines as cut from the table, their line numbers and the column they start at."""

    texts: list[str]
    numbers: list[int]
    column: int


def _add_cell(row: DocRow, cell: CellSource) -> None:
    raw, first, margin = _dedent(cell.texts)
    text, words, lists = _cell_reading(raw)
    row.cells.append(text)
    row.links.append(find_links(_positioned(raw, cell, first, margin)) if "`" in raw else [])
    row.link_words.append(words)
    row.lists.append(list(lists))
    if raw:
        row.columns.append(cell.column + margin)
    else:
        row.columns.append(cell.column if cell.texts else 0)


@lru_cache(maxsize=65536)
def _cell_reading(raw: str) -> tuple[str, str, tuple[ItemList, ...]]:
    """A cell's plain text, link words and lists, which depend on its text alone: a reference
    repeats most of its cells ("String", "No", the same structure on many pages), so each
    distinct text is read once. (Links carry their positions and are found for each cell.)"""
    text = plain_text(raw)
    return text, link_words(raw, text), tuple(top_level_lists(raw))


def _char(line: str, position: int) -> str:
    return line[position] if position < len(line) else ""


def _dedent(texts: list[str]) -> tuple[str, int, int]:
    """The cell's text with its common indentation removed; the index of its first line with
    text (leading blank lines dropped) and the indentation removed."""
    texts = [text.rstrip() for text in texts]
    end = len(texts)
    while end and not texts[end - 1]:
        end -= 1
    first = 0
    while first < end and not texts[first]:  # a line with text keeps some past the margin
        first += 1
    kept = texts[first:end]
    margin = min((len(text) - len(text.lstrip(" ")) for text in kept if text), default=0)
    return "\n".join(text[margin:] for text in kept), first, margin


def _positioned(raw: str, cell: CellSource, first: int, margin: int) -> list[SourceLine]:
    """The lines of ``raw`` with their places in the file."""
    column = cell.column + margin
    texts = raw.split("\n")
    return [
        SourceLine(text, number, column)
        for text, number in zip(texts, cell.numbers[first:], strict=False)
    ]


# -- simple tables -------------------------------------------------------------------------


def _parse_simple(block: list[str], first: int, indent: int) -> ParsedTable:
    border = block[0]
    starts = [m.start() for m in re.finditer(r"=+", border)]
    border_rows = [i for i, line in enumerate(block) if SIMPLE_BORDER.match(line)]
    has_header = len(border_rows) >= 3
    header_end = border_rows[1] if has_header else 0
    groups = _simple_groups(block, starts, 1, header_end) if has_header else []
    body_start = header_end + 1 if has_header else 1
    body = _simple_groups(block, starts, body_start, border_rows[-1])
    header_rows = [_simple_row(block, group, first, starts) for group in groups]
    rows = [_simple_row(block, group, first, starts) for group in body]
    return _parsed(header_rows[0] if header_rows else None, rows)


def _simple_groups(block: list[str], starts: list[int], begin: int, end: int) -> list[list[int]]:
    """Line indexes of each row: a row goes on while its first column stays blank."""
    groups: list[list[int]] = []
    first_column_end = starts[1] if len(starts) > 1 else None
    for index in range(begin, end):
        line = block[index]
        if not line.strip():
            continue
        if line[:first_column_end].strip() or not groups:
            groups.append([index])
        else:
            groups[-1].append(index)
    return groups


def _simple_row(block: list[str], indexes: list[int], first: int, starts: list[int]) -> DocRow:
    row = DocRow(cells=[], links=[], line=first + indexes[0] + 1)
    ends: list[int | None] = [*starts[1:], None]
    for start, end in zip(starts, ends, strict=True):
        texts = [block[index][start:end] for index in indexes]
        numbers = [first + index + 1 for index in indexes]
        _add_cell(row, CellSource(texts, numbers, start + 1))
    return row
