"""What one documentation page says, as data: sections, tables with their rows, code blocks.

The model is the same whatever the dialect the page is written in: every text is plain text,
markup already resolved, and what the markup meant (links, lists, bold terms) is data here.
Every position is 1-based and points into the page's source file as it is on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from envelint.catalog.store import Operation

LINK_WORD = "ref"  # how a link reads in DocRow.link_words: "Array of ref"


@dataclass(frozen=True)
class RequestLine:
    """One request line of the page's URI section: ``GET /v2/{project_id}/servers{?limit}``."""

    method: str
    uri: str  # as written
    path: str  # the path template: no query, no trailing slash
    query: tuple[str, ...]  # query parameter names
    flags: tuple[str, ...]  # query keys without a value ("acl" in "/?acl")
    line: int


@dataclass(frozen=True)
class Link:
    """A cross-reference in the text, to a label ("Table 1" -> ``label``), an anchor or a URL."""

    kind: str  # "ref" (to a label), "anchor" (to page.html#anchor) or "url" (the rest)
    text: str  # what the reader sees: "Table 1"
    target: str  # the label, the anchor without "#", or the URL
    line: int
    column: int


@dataclass(frozen=True)
class ListItem:
    text: str  # the plain text of the item's first line
    term: str | None  # the bold word it opens with, before ":", "-" or "(": "ACTIVE: running"


@dataclass(frozen=True)
class ItemList:
    """A bullet list at a cell's outermost list level."""

    lead: str  # the plain text of the line before the list ("Possible values:"), or ""
    items: list[ListItem]


@dataclass
class DocRow:
    cells: list[str]  # plain text, whitespace collapsed
    links: list[list[Link]]  # the links found in each cell
    line: int  # the source line of the row's first line
    # each cell's plain text with every link in it written as LINK_WORD ("Array of ref")
    link_words: list[str] = field(default_factory=list, repr=False)
    lists: list[list[ItemList]] = field(default_factory=list, repr=False)  # each cell's lists
    columns: list[int] = field(default_factory=list, repr=False)  # where each cell's text starts
    spanned: bool = False  # a cell spans several columns (a group heading, not a parameter)

    def cell(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]


@dataclass
class DocTable:
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
    items: list[str] = field(default_factory=list)  # the list items holding it, innermost first
    contexts_since_table: int = 0  # how many of ``contexts`` (nearest first) follow the last table


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


@dataclass(frozen=True)
class Suppression:
    """A comment asking envelint to silence ``codes`` in the block after it."""

    codes: tuple[str, ...]  # upper case, sorted; "ALL" silences every code
    line: int
    column: int


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
    request_lines: list[RequestLine] = field(default_factory=list)  # every line, query kept
    blocks: list[Block] = field(default_factory=list, repr=False)
    lines: list[str] = field(default_factory=list, repr=False)
    suppressions: list[Suppression] = field(default_factory=list, repr=False)
    # The name of the page on the published site, where the page declares it (RST's
    # ``:original_name: en-us_topic_0022067714.html`` field before the title).
    original_name: str | None = None
