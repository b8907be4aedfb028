"""An operation's description: the page's opening prose.

The first paragraph that is a sentence (it ends with a full stop and holds three words or
more), read before the page's first table, code block, URI section or request line: "This API
is used to restart ECSs in a batch." Labels of a definition list ("API name", "Function") are
not sentences, and a page that opens with its URI has no description.
"""

from __future__ import annotations

import re

from envelint.docs.model import DocPage

# A method in capitals before a URI: "Delete a topic." is a sentence, not a request line.
REQUEST_LINE = re.compile(r"^(?:GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS)\s+(?:/|https?://|\{)")
URI_SECTION = re.compile(r"^(?:uri|url|request line|.*\bsyntax)$", re.IGNORECASE)
SENTENCE_WORDS = 3


def page_description(page: DocPage) -> str | None:
    for block in page.blocks:
        if block.kind in ("table", "code"):
            return None
        text = " ".join(block.text.split())
        if block.kind == "section" and block.level > 1 and URI_SECTION.match(text):
            return None
        if block.kind != "paragraph":
            continue
        if REQUEST_LINE.match(text):
            return None
        if text.endswith(".") and len(text.split()) >= SENTENCE_WORDS:
            return text
    return None
