"""Blocks in reading order -> DocPage: what every dialect's reader shares.

A reader lays a page out as blocks (sections, paragraphs, tables, code); the context each table
and code block is read in, the sections and the operations follow from the blocks alone.
"""

from __future__ import annotations

from pathlib import Path

from envelint.docs.model import Block, DocPage, Section, Suppression
from envelint.docs.operation import find_operations

HEADING_LIMIT = 100  # a paragraph longer than this is prose, not a table's caption


def assemble_page(
    path: str | Path, lines: list[str], blocks: list[Block], suppressions: list[Suppression]
) -> DocPage:
    _attach_table_context(blocks)
    _attach_code_context(blocks)
    sections = [
        Section(title=block.text, level=block.level, line=block.line, labels=block.labels)
        for block in blocks
        if block.kind == "section"
    ]
    operations = find_operations(blocks)
    return DocPage(
        path=str(path),
        labels=list(sections[0].labels) if sections else [],
        title=sections[0].title if sections else "",
        sections=sections,
        tables=[block.table for block in blocks if block.table is not None],
        code_blocks=[block.code for block in blocks if block.code is not None],
        operation=operations[0] if operations else None,
        operations=operations,
        blocks=blocks,
        lines=lines,
        suppressions=suppressions,
    )


def _attach_table_context(blocks: list[Block]) -> None:
    for index, block in enumerate(blocks):
        if block.table is None:
            continue
        table = block.table
        table.context, table.section = _context_before(blocks, index)
        heading = _heading_before(blocks, index)
        if heading is not None:
            table.heading = heading.text
            table.labels = [
                *table.labels,
                *(label for label in heading.labels if label not in table.labels),
            ]


def _context_before(blocks: list[Block], index: int) -> tuple[list[str], str | None]:
    """Paragraphs back to the innermost section (nearest first), then the enclosing titles."""
    texts: list[str] = []
    section: str | None = None
    level: int | None = None
    for block in reversed(blocks[:index]):
        if block.kind == "section":
            if level is None or block.level < level:
                texts.append(block.text)
                section = section if section is not None else block.text
                level = block.level
        elif block.kind == "paragraph" and level is None and block.text:
            texts.append(block.text)
    return texts, section


def _heading_before(blocks: list[Block], index: int) -> Block | None:
    """A short paragraph standing right before the table acts as its caption."""
    if index == 0:
        return None
    previous = blocks[index - 1]
    if previous.kind == "paragraph" and 0 < len(previous.text) <= HEADING_LIMIT:
        return previous
    return None


def _attach_code_context(blocks: list[Block]) -> None:
    for index, block in enumerate(blocks):
        if block.code is None:
            continue
        _context, section = _context_before(blocks, index)
        block.code.section = section
        paragraphs = _paragraphs_in_section(blocks, index)
        block.code.context = paragraphs[0] if paragraphs else None
        block.code.contexts = paragraphs


def _paragraphs_in_section(blocks: list[Block], index: int) -> list[str]:
    texts = []
    for block in reversed(blocks[:index]):
        if block.kind == "section":
            break
        if block.kind == "paragraph" and block.text:
            texts.append(block.text)
    return texts
