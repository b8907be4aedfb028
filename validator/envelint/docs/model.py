"""What one documentation page says, as data: sections, tables with their rows, code blocks.

Every position is 1-based and points into the page's source file as it is on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from envelint.catalog.store import Operation


@dataclass(frozen=True)
class Link:
    """A cross-reference in the text: ``:ref:`Table 1 <label>```, `` `Table 1 <#anchor>`__ ``."""

    kind: str  # "ref" (:ref: or :numref:), "anchor" (`text <#anchor>`__) or "url" (the rest)
    text: str  # what the reader sees: "Table 1"
    target: str  # the label, the anchor without "#", or the URL
    line: int
    column: int


@dataclass
class DocRow:
    cells: list[str]  # plain text, whitespace collapsed
    links: list[list[Link]]  # the links found in each cell
    line: int  # the source line of the row's first line
    raw: list[str] = field(default_factory=list, repr=False)  # each cell's RST, dedented
    columns: list[int] = field(default_factory=list, repr=False)  # where each cell's text starts
    spanned: bool = False  # a cell spans several columns (a group heading, not a parameter)

    def cell(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]


@dataclass
class DocTable:
    raw_caption: str | None  # "**Table 1** **error** field structure"
    caption: str | None  # "Table 1 error field structure"
    labels: list[str]  # the targets placed right before the table (or its caption paragraph)
    header: list[str]
    rows: list[DocRow]
    line: int  # the first line of the table itself (its top border)
    column: int  # where the table starts on that line
    end_line: int
    style: str  # "grid" or "simple"
    header_line: int | None = None
    section: str | None = None  # the title of the innermost section holding the table
    context: list[str] = field(default_factory=list)  # texts before it, nearest first
    caption_line: int | None = None
    heading: str | None = None  # a short paragraph right before it ("users", "Normal response")
    header_columns: list[int] = field(default_factory=list, repr=False)


@dataclass
class CodeBlock:
    language: str | None
    text: str  # the content, dedented, exactly as in the file otherwise
    line: int  # the line of the content's first line
    column: int  # the column where the content starts
    context: str | None = None  # nearest text before it: "Normal response", "Example response"
    section: str | None = None
    contexts: list[str] = field(default_factory=list)  # every text before it in its section


@dataclass
class Section:
    title: str
    level: int  # 1 for the page title
    line: int  # the line of the title text
    labels: list[str] = field(default_factory=list)


@dataclass
class Block:
    """One element of the page in reading order; what the derivation scans for context."""

    kind: str  # "section", "paragraph", "table", "code"
    text: str
    line: int
    labels: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    level: int = 0  # for a section: 1 for the page title, 2 below it, ...
    table: DocTable | None = None
    code: CodeBlock | None = None


@dataclass
class DocPage:
    path: str
    labels: list[str]  # the labels placed before the page title
    title: str
    sections: list[Section]
    tables: list[DocTable]
    code_blocks: list[CodeBlock]
    operation: Operation | None  # the first of ``operations``
    operations: list[Operation] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list, repr=False)
    lines: list[str] = field(default_factory=list, repr=False)
