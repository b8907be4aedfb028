"""The error codes a reference lists: every cell of a column headed "Error Code" that holds a
code (an Error Codes appendix, a page's own table of codes). Their form (``common.error_codes``)
goes into every schema derived from the reference, for rule E004.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from envelint.derive.columns import header_word
from envelint.docs import DocPage

CODE_COLUMN_HEADERS = {"error code", "error codes", "error_code", "errorcode"}
# A code as a cell holds it: a word with a digit and no space ("APIGW.0101", "111400063").
CODE_CELL = re.compile(r"^(?=[^\s]*\d)[A-Za-z0-9][\w.\-:]{0,39}$")


def listed_codes(pages: Iterable[DocPage]) -> list[str]:
    """Every code in a column headed "Error Code" of any table of the pages, in order."""
    codes: list[str] = []
    for page in pages:
        for table in page.tables:
            for index, text in enumerate(table.header or []):
                if header_word(text) not in CODE_COLUMN_HEADERS:
                    continue
                codes.extend(
                    cell for row in table.rows if CODE_CELL.match(cell := row.cell(index).strip())
                )
    return codes
