"""One RST page -> DocPage: sections, labels, tables with row lines, code blocks, operation."""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes

from envelint.common.errors import EnvelintError
from envelint.docs.model import Block, CodeBlock, DocPage, DocTable
from envelint.docs.page import assemble_page
from envelint.docs.rst.comments import find_suppressions
from envelint.docs.rst.inline import SourceLine, find_links, plain_inline
from envelint.docs.rst.parser import code_marker, names_inline, quiet_parser, table_marker
from envelint.docs.rst.standins import (
    STANDIN,
    CodeStandIn,
    LabelStandIn,
    StandIn,
    TableStandIn,
    mask,
)
from envelint.docs.rst.tables import TableSource, locate_tables, parse_table

TARGET_SOURCE = re.compile(r"^\.\.\s+_(?P<label>.+?):\s*$")
UNDERLINE = re.compile(r"^([!-/:-@\[-`{-~])\1*\s*$")
# docutils also splits lines at these; as spaces they keep its line numbers equal to ours
OTHER_LINE_BREAKS = str.maketrans(dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))


def read_page(path: str | Path, text: str) -> DocPage:
    """Read one page from its text (``path`` is what the page reports)."""
    lines = _split_lines(text)
    sources = locate_tables(lines)
    masked = mask(lines, sources)
    text = "\n".join(masked.lines).translate(OTHER_LINE_BREAKS)
    try:
        document = quiet_parser().parse(text, str(path), inline=names_inline(text))
    except RecursionError:
        raise EnvelintError(f"{path}: nested too deeply to read") from None
    walker = _Walker(lines, sources, masked.standins)
    walker.visit(document)
    fields = leading_fields(lines)
    return assemble_page(
        path, lines, walker.blocks, find_suppressions(lines), fields.get("original_name")
    )


FIELD = re.compile(r"^:(?P<name>[\w-]+):[ \t]*(?P<value>\S.*?)\s*$")


def leading_fields(lines: list[str]) -> dict[str, str]:
    """The field list a page opens with, before anything else (Sphinx's file-wide metadata,
    such as ``:original_name: page.html``): name -> value."""
    fields: dict[str, str] = {}
    for line in lines:
        if not line.strip():
            if fields:
                break
            continue
        match = FIELD.match(line)
        if match is None:
            break
        fields[match["name"]] = match["value"]
    return fields


def _split_lines(text: str) -> list[str]:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


class _Walker:
    """Walks the doctree in reading order and lays the page out as a list of blocks."""

    def __init__(self, lines: list[str], sources: list[TableSource], standins: list[StandIn]):
        self.lines = lines
        self.sources = sources
        self.standins = standins
        self.blocks: list[Block] = []
        self.pending_labels: list[str] = []
        self.level = 0
        self.last_line = 0
        self.items: list[str] = []  # the first texts of the list items being read, outermost first

    def visit(self, node: nodes.Node) -> None:
        handler = getattr(self, f"visit_{type(node).__name__}", None)
        if handler is not None:
            handler(node)
            return
        if isinstance(node, (nodes.system_message, nodes.comment, nodes.field_list)):
            return
        if isinstance(node, nodes.Element):
            self.visit_children(node)

    def visit_children(self, node: nodes.Element) -> None:
        for child in node.children:
            self.visit(child)

    def emit(self, block: Block) -> Block:
        block.labels = self.pending_labels + block.labels
        self.pending_labels = []
        self.blocks.append(block)
        self.last_line = max(self.last_line, block.line)
        return block

    # -- structure ---------------------------------------------------------------------

    def visit_section(self, node: nodes.section) -> None:
        title_node = node.next_node(nodes.title)
        title = plain_inline(title_node.rawsource or title_node.astext()) if title_node else ""
        line = self._title_line(title_node, title)
        self.level += 1
        self.emit(Block(kind="section", text=title, line=line, level=self.level))
        for child in node.children:
            if child is not title_node:
                self.visit(child)
        self.level -= 1

    def _title_line(self, title_node: nodes.title | None, title: str) -> int:
        guess = (title_node.line if title_node is not None and title_node.line else 0) or 1
        if 1 < guess <= len(self.lines) and UNDERLINE.match(self.lines[guess - 1]):
            return guess - 1
        return guess

    def visit_target(self, node: nodes.target) -> None:
        if node.get("refuri") or node.get("refname") or not node.get("names"):
            return
        match = TARGET_SOURCE.match(node.rawsource.strip())
        self.pending_labels.append(match.group("label") if match else node["names"][0])

    def visit_list_item(self, node: nodes.list_item) -> None:
        """A code block's list items say what it is (``-  Example request``, then a sub-item)."""
        first = node.children[0] if node.children else None
        if isinstance(first, nodes.paragraph):
            self.items.append(plain_inline(first.rawsource or first.astext()))
        else:
            self.items.append("")
        self.visit_children(node)
        self.items.pop()

    # -- text --------------------------------------------------------------------------

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        standin = STANDIN.match(node.rawsource) if self.standins else None
        if standin is None:
            self.emit_paragraph(node)
        else:
            self.visit_standin(self.standins[int(standin.group("index"))])

    def visit_standin(self, standin: StandIn) -> None:
        """What docutils was spared (``standins``), where it stood."""
        if isinstance(standin, TableStandIn):
            self.emit_table(standin.index)
        elif isinstance(standin, LabelStandIn):
            self.pending_labels.append(standin.label)
        else:
            self.emit_code(standin)

    def visit_rubric(self, node: nodes.rubric) -> None:
        self.emit_paragraph(node)

    def emit_paragraph(self, node: nodes.Element) -> None:
        raw = node.rawsource or node.astext()
        source = self._source_lines(raw, node.line)
        line = source[0].line if source else (node.line or self.last_line)
        self.emit(
            Block(
                kind="paragraph",
                text=plain_inline(raw),
                line=line,
                links=find_links(source) if source else [],
            )
        )

    def _source_lines(self, raw: str, hint: int | None) -> list[SourceLine]:
        """Where the paragraph's lines are in the file (docutils gives only the first, roughly)."""
        raw_lines = raw.split("\n")
        first = raw_lines[0].strip()
        start = self._find_line(first, hint)
        if start is None:
            return []
        found = []
        for offset, raw_line in enumerate(raw_lines):
            number = start + offset
            if number > len(self.lines):
                break
            text = self.lines[number - 1]
            column = text.find(raw_line.strip()) if raw_line.strip() else -1
            column = column if column >= 0 else len(text) - len(text.lstrip())
            found.append(SourceLine(text[column:], number, column + 1))
        return found

    def _find_line(self, text: str, hint: int | None, whole: bool = False) -> int | None:
        """The line holding ``text`` (the whole line, stripped, if ``whole``): near docutils'
        guess first, else the first one after the last block placed."""
        if not text:
            return None

        def holds(number: int) -> bool:
            line = self.lines[number - 1]
            return line.strip() == text if whole else text in line

        candidates = [hint, hint - 1, hint + 1, hint - 2, hint + 2] if hint else []
        for number in candidates:
            if 1 <= number <= len(self.lines) and holds(number):
                return number
        for number in range(max(self.last_line, 1), len(self.lines) + 1):
            if holds(number):
                return number
        return None

    # -- tables and code ---------------------------------------------------------------

    def visit_table_marker(self, node: table_marker) -> None:
        self.emit_table(node["index"])

    def emit_table(self, index: int) -> None:
        source = self.sources[index]
        parsed = parse_table(self.lines, source)
        raw_caption = source.raw_caption
        table = DocTable(
            caption=plain_inline(raw_caption) if raw_caption else None,
            labels=[],
            header=parsed.header,
            rows=parsed.rows,
            line=source.start + 1,
            column=source.indent + 1,
            end_line=source.end,
            style=source.style,
            header_line=parsed.header_line,
            caption_line=source.caption_line,
            header_columns=parsed.header_columns,
        )
        block = self.emit(Block(kind="table", text=table.caption or "", line=table.line))
        table.labels = block.labels
        block.table = table

    def visit_code_marker(self, node: code_marker) -> None:
        offsets = node["offsets"]
        if not offsets:
            return
        code = self._code_from_lines(offsets[0] + 1, offsets[-1] + 1, node["language"])
        self.emit(Block(kind="code", text=code.text, line=code.line, code=code))

    def emit_code(self, standin: CodeStandIn) -> None:
        code = self._code_from_lines(standin.first + 1, standin.last + 1, standin.language)
        self.emit(Block(kind="code", text=code.text, line=code.line, code=code))

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        text = node.astext()
        text_lines = text.split("\n")
        start = self._find_line(text_lines[0].strip(), node.line, whole=True)
        if start is None:
            return
        classes: list[str] = node.get("classes", [])
        language = next((name for name in classes if name != "code"), None)
        code = self._code_from_lines(start, start + len(text_lines) - 1, language)
        self.emit(Block(kind="code", text=code.text, line=code.line, code=code))

    def _code_from_lines(self, first: int, last: int, language: str | None) -> CodeBlock:
        chunk = self.lines[first - 1 : last]
        indents = [len(line) - len(line.lstrip(" ")) for line in chunk if line.strip()]
        margin = min(indents) if indents else 0
        text = "\n".join(line[margin:] for line in chunk)
        items = [item for item in reversed(self.items) if item]
        return CodeBlock(language=language, text=text, line=first, column=margin + 1, items=items)
