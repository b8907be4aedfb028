"""Pages read once for the versions one diff compares."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from envelint.derive.page_cache import PageCache
from envelint.docs import DocPage, read_page

PageKey = tuple[str, bytes]  # (suffix, hash of the bytes): all a page's reading depends on


def page_key(file: str | Path, data: bytes | None = None) -> PageKey:
    data = Path(file).read_bytes() if data is None else data
    return Path(file).suffix, hashlib.blake2b(data, digest_size=20).digest()


class SharedPages(PageCache):
    """Reads the pages of the versions one diff compares, each content once: a page whose bytes
    (and suffix, which picks the dialect) are those of a page already read is that page, with its
    own path. Reading depends on the text and the suffix only. No page cache file is kept: a
    version derived before is a hit of the derivation cache, which reads no page at all."""

    def __init__(self, known: dict[PageKey, DocPage]) -> None:
        super().__init__([], None)
        self.known = known

    def read(self, file: str | Path) -> DocPage:
        data = Path(file).read_bytes()
        key = page_key(file, data)
        page = self.known.get(key)
        if page is not None:
            return dataclasses.replace(page, path=str(file))
        text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        page = self.known[key] = read_page(file, text)
        return page
