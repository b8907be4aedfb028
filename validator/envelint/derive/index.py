"""Labels of the whole documentation tree, and how a link reaches a table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from envelint.docs import Block, DocPage, DocTable, Link

LINK_KINDS = ("ref", "anchor")
MAX_CAPTION_PARAGRAPHS = 2  # a label may sit on a short paragraph or two before its table
NOT_A_WORD = re.compile(r"[^\w]+")


def anchor_key(label: str) -> str:
    """Labels match case-insensitively, with "-" and "_" ignored (anchors drop them)."""
    return label.lower().replace("-", "").replace("_", "")


@dataclass(frozen=True)
class Target:
    page: DocPage
    index: int  # the block the label marks, in page.blocks

    @property
    def block(self) -> Block:
        return self.page.blocks[self.index]


@dataclass(frozen=True)
class PlacedTable:
    page: DocPage
    table: DocTable

    @property
    def key(self) -> tuple[str, int]:
        return (self.page.path, self.table.line)


class DocIndex:
    def __init__(self, pages: list[DocPage]):
        self.pages = pages
        self._titles: dict[str, list[Target]] | None = None
        self.labels: dict[str, list[Target]] = {}
        for page in pages:
            for index, block in enumerate(page.blocks):
                for label in block.labels:
                    self.labels.setdefault(anchor_key(label), []).append(Target(page, index))

    def by_title(self, text: str, page: DocPage) -> Target | None:
        """The page or section whose title the text names ("see Abnormal Request Results"):
        the longest title of two words or more found in it that only one place bears."""
        if self._titles is None:
            self._titles = _title_index(self.pages)
        wanted = f" {_title_words(text)} "
        found = [
            (len(title), targets[0])
            for title, targets in self._titles.items()
            if len(targets) == 1 and targets[0].page is not page and f" {title} " in wanted
        ]
        return max(found, key=lambda item: item[0])[1] if found else None

    def resolve(self, link: Link, page: DocPage) -> Target | None:
        """The label's target, on ``page`` (where the link is) first, else anywhere."""
        if link.kind not in LINK_KINDS:
            return None
        targets = self.labels.get(anchor_key(link.target), [])
        same_page = next((target for target in targets if target.page is page), None)
        return same_page or (targets[0] if targets else None)

    def table_at(self, target: Target) -> PlacedTable | None:
        """The table a label marks: on the table, or on a caption paragraph right before it."""
        block = target.block
        if block.table is not None:
            return PlacedTable(target.page, block.table)
        if block.kind != "paragraph":
            return None
        paragraphs = 1
        for following in target.page.blocks[target.index + 1 :]:
            if following.table is not None:
                return PlacedTable(target.page, following.table)
            if following.kind != "paragraph" or following.labels:
                return None
            paragraphs += 1
            if paragraphs > MAX_CAPTION_PARAGRAPHS:
                return None
        return None

    def tables_under(self, target: Target) -> list[tuple[PlacedTable, str]]:
        """The tables of the section a label marks (a page label marks the whole page), each
        with the title of the (sub)section holding it."""
        block = target.block
        if block.kind != "section":
            return []
        found = []
        title = block.text
        for following in target.page.blocks[target.index + 1 :]:
            if following.kind == "section":
                if following.level <= block.level:
                    break
                title = following.text
            if following.table is not None:
                found.append((PlacedTable(target.page, following.table), title))
        return found


def _title_index(pages: list[DocPage]) -> dict[str, list[Target]]:
    titles: dict[str, list[Target]] = {}
    for page in pages:
        for index, block in enumerate(page.blocks):
            if block.kind != "section":
                continue
            title = _title_words(block.text)
            if len(title.split()) >= 2:
                titles.setdefault(title, []).append(Target(page, index))
    return titles


def _title_words(text: str) -> str:
    return " ".join(NOT_A_WORD.sub(" ", text.lower()).split())
