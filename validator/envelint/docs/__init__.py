"""Reading documentation pages (reStructuredText, Sphinx style) into DocPage objects."""

from envelint.docs.model import Block, CodeBlock, DocPage, DocRow, DocTable, Link, Section
from envelint.docs.reader import read_page

__all__ = [
    "Block",
    "CodeBlock",
    "DocPage",
    "DocRow",
    "DocTable",
    "Link",
    "Section",
    "read_page",
]
