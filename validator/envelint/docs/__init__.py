"""Documentation pages read into DocPage objects, whatever their dialect (see ``dialects``)."""

from envelint.docs.dialects import read_page
from envelint.docs.model import (
    Block,
    CodeBlock,
    DocPage,
    DocRow,
    DocTable,
    ItemList,
    Link,
    ListItem,
    Section,
    Suppression,
)

__all__ = [
    "Block",
    "CodeBlock",
    "DocPage",
    "DocRow",
    "DocTable",
    "ItemList",
    "Link",
    "ListItem",
    "Section",
    "Suppression",
    "read_page",
]
