"""Reading documentation pages (reStructuredText, Sphinx style) into DocPage objects."""

from validator.docs.model import Block, CodeBlock, DocPage, DocRow, DocTable, Link, Section
from validator.docs.reader import read_page

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
