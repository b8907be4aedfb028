"""Labels of the whole documentation tree, and how a link reaches a table."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from envelint.docs import Block, DocPage, DocTable, Link

LINK_KINDS = ("ref", "anchor")
MAX_CAPTION_PARAGRAPHS = 2  # a label may sit on a short paragraph or two before its table
NOT_A_WORD = re.compile(r"[^\w]+")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def page_link_path(link: Link) -> str | None:
    """The page a relative ``.html`` link names, without its suffix (``../common/responses``
    for `` `Responses <../common/responses.html>`__ ``, the 2022 conversion style of links
    between pages), else None."""
    if link.kind != "url":
        return None
    path = link.target.split("#", 1)[0]
    if not path.endswith(".html") or path.startswith("/") or SCHEME.match(path):
        return None
    return path.removesuffix(".html")


def _title_key(text: str) -> str:
    """A section title as its generated anchor reads once ``anchor_key`` is applied to it:
    ``metadata-field-description`` for "metadata Field Description"."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


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
        self._sections: dict[str, list[Target]] | None = None
        self._stems: dict[str, DocPage] | None = None
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
        """The label's target, on ``page`` (where the link is) first, else anywhere. An anchor
        no label bears may be a section's generated id (``page.html#section-title``): the one
        section titled so. A relative ``.html`` link names a page: its first section."""
        if link.kind == "url":
            return self._page_target(link, page)
        if link.kind not in LINK_KINDS:
            return None
        targets = self.labels.get(anchor_key(link.target), [])
        if not targets and link.kind == "anchor":
            targets = self._titled(anchor_key(link.target))
        same_page = next((target for target in targets if target.page is page), None)
        return same_page or (targets[0] if targets else None)

    def _titled(self, key: str) -> list[Target]:
        if self._sections is None:
            self._sections = {}
            for page in self.pages:
                for index, block in enumerate(page.blocks):
                    if block.kind == "section":
                        found = self._sections.setdefault(_title_key(block.text), [])
                        found.append(Target(page, index))
        found = self._sections.get(key, [])
        return found if len(found) == 1 else []

    def _page_target(self, link: Link, page: DocPage) -> Target | None:
        named = page_link_path(link)
        if named is None:
            return None
        if self._stems is None:
            self._stems = {_stem(other.path): other for other in self.pages}
        here = posixpath.dirname(page.path.replace("\\", "/"))
        found = self._stems.get(posixpath.normpath(posixpath.join(here, named)))
        if found is None:
            return None
        first = next((i for i, block in enumerate(found.blocks) if block.kind == "section"), None)
        return Target(found, first) if first is not None else None

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


def _stem(path: str) -> str:
    return posixpath.normpath(posixpath.splitext(path.replace("\\", "/"))[0])


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
