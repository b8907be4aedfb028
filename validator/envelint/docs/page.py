"""Blocks in reading order -> DocPage: what every dialect's reader shares.

A reader lays a page out as blocks (sections, paragraphs, tables, code); the context each table
and code block is read in, the sections and the operations follow from the blocks alone.
"""

from __future__ import annotations

from pathlib import Path

from envelint.catalog.store import Operation
from envelint.docs.model import Block, DocPage, DocTable, Section, Suppression
from envelint.docs.operation import find_request_lines

HEADING_LIMIT = 100  # a paragraph longer than this is prose, not a table's caption


def assemble_page(
    path: str | Path,
    lines: list[str],
    blocks: list[Block],
    suppressions: list[Suppression],
    original_name: str | None = None,
) -> DocPage:
    _attach_context(blocks)
    sections = [
        Section(title=block.text, level=block.level, line=block.line, labels=block.labels)
        for block in blocks
        if block.kind == "section"
    ]
    request_lines = find_request_lines(blocks)
    operations = list(dict.fromkeys(Operation(line.method, line.path) for line in request_lines))
    return DocPage(
        path=str(path),
        labels=list(sections[0].labels) if sections else [],
        title=sections[0].title if sections else "",
        sections=sections,
        tables=[block.table for block in blocks if block.table is not None],
        code_blocks=[block.code for block in blocks if block.code is not None],
        operation=operations[0] if operations else None,
        operations=operations,
        request_lines=request_lines,
        blocks=blocks,
        lines=lines,
        suppressions=suppressions,
        original_name=original_name,
    )


def _attach_context(blocks: list[Block]) -> None:
    """Each table and code block's context, in one pass over the page: the paragraphs back to
    the innermost section (nearest first), then the titles of the sections holding it."""
    titles: list[Block] = []  # the sections holding the current block, outermost first
    paragraphs: list[str] = []  # since the innermost section, in reading order
    since_table = 0  # how many of them follow the last table
    for index, block in enumerate(blocks):
        if block.kind == "section":
            while titles and titles[-1].level >= block.level:
                titles.pop()
            titles.append(block)
            paragraphs, since_table = [], 0
        elif block.kind == "paragraph" and block.text:
            paragraphs.append(block.text)
            since_table += 1
        section = titles[-1].text if titles else None
        if block.table is not None:
            block.table.context = [
                *reversed(paragraphs),
                *(title.text for title in reversed(titles)),
            ]
            block.table.section = section
            _attach_heading(block.table, blocks, index)
            since_table = 0
        if block.code is not None:
            block.code.section = section
            block.code.contexts = paragraphs[::-1]
            block.code.contexts_since_table = since_table
            block.code.context = block.code.contexts[0] if paragraphs else None


def _attach_heading(table: DocTable, blocks: list[Block], index: int) -> None:
    heading = _heading_before(blocks, index)
    if heading is not None:
        table.heading = heading.text
        table.labels = [
            *table.labels,
            *(label for label in heading.labels if label not in table.labels),
        ]


def _heading_before(blocks: list[Block], index: int) -> Block | None:
    """A short paragraph standing right before the table acts as its caption."""
    if index == 0:
        return None
    previous = blocks[index - 1]
    if previous.kind == "paragraph" and 0 < len(previous.text) <= HEADING_LIMIT:
        return previous
    return None
