"""Rules on the documentation itself: tables that cannot be read as the contract they promise.

These rules look at one page at a time (``DocContext``), not at payloads; ``envelint lint`` runs
them. Their defects are found while deriving the schemas, so the checks sort what the derivation
reported, and add what only a whole page shows (an operation with no example).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from envelint.common.findings import Severity
from envelint.rules.base import rule

if TYPE_CHECKING:  # the deriver and docutils load only when documentation is read
    from envelint.derive import DocIssue
    from envelint.docs.model import DocPage


@dataclass(frozen=True)
class DocViolation:
    message: str
    line: int
    column: int = 1
    hint: str | None = None


@dataclass
class DocContext:
    page: DocPage
    shown_path: str
    issues: list[DocIssue] = field(default_factory=list)
    examples: int = 0
    has_response_schema: bool = False


# A header cell saying the rows are status codes, error codes or metrics: a reference table
# (an appendix, the page's "Status Codes"), whose second column is a reason phrase or a unit.
_REFERENCE_COLUMN = re.compile(
    r"^(?:http\s+)?(?:status|error|return)\s+codes?$|^metrics?(?:\s+(?:id|name))?$"
)
# The rule that reports each kind of derivation issue (``schemas build`` names it too).
ISSUE_RULES = {
    "unresolved-reference": "D001",
    "unknown-type": "D002",
    "duplicate-parameter": "D003",
    "malformed-header": "D004",
    "structure-missing": "D005",
}


def _issues(context: DocContext, kind: str) -> Iterator[DocViolation]:
    found = [issue for issue in context.issues if issue.kind == kind]
    if not found:  # most pages: their tables need not be looked at
        return
    outside = _reference_tables(context.page)
    for issue in found:
        if not any(s <= issue.line <= e for s, e in outside):
            yield DocViolation(issue.message, issue.line, issue.column, issue.hint)


def _reference_tables(page: DocPage) -> list[tuple[int, int]]:
    """The lines of the page's tables that list codes or metrics rather than parameters: they
    are not lint targets, however their columns happen to be named."""
    return [
        (table.line, table.end_line)
        for table in page.tables
        if any(_REFERENCE_COLUMN.match(_header_words(cell)) for cell in table.header)
    ]


def _header_words(cell: str) -> str:
    return " ".join(re.sub(r"[^\w ]+", " ", cell.lower()).split())


@rule("D001", "unresolved-table-reference", Severity.ERROR)
def unresolved_table_reference(context: DocContext) -> Iterator[DocViolation]:
    """A row points at a table (``:ref:``, ``<#anchor>``, a caption) that cannot be found.

    The field's structure is then unknown, and so is the contract.

    Bad::

        | error | Object | For details, see :ref:`Table 9 <no_such_label>`. |

    Good::

        | error | Object | For details, see :ref:`Table 1 <page__table_error>`. |
    """
    yield from _issues(context, "unresolved-reference")


@rule("D002", "unknown-type", Severity.ERROR)
def unknown_type(context: DocContext) -> Iterator[DocViolation]:
    """A Type cell holds a word that is not a type (``Sting``, ``No``).

    The field gets no type constraint. The vocabulary can be extended in the configuration.

    Bad::

        | name | Sting | The server name. |

    Good::

        | name | String | The server name. |
    """
    yield from _issues(context, "unknown-type")


@rule("D003", "duplicate-parameter", Severity.ERROR)
def duplicate_parameter(context: DocContext) -> Iterator[DocViolation]:
    """A table lists the same parameter twice; a reader cannot tell which row holds.

    Bad::

        | job_id | String  | The job ID. |
        | job_id | Integer | The job number. |

    Good: one row per parameter.
    """
    yield from _issues(context, "duplicate-parameter")


@rule("D004", "malformed-table-header", Severity.WARNING)
def malformed_table_header(context: DocContext) -> Iterator[DocViolation]:
    """A parameter table's header is not Parameter / Type / Description (or a known variant).

    The table is still read as well as it can be.

    Bad::

        | Parameter | String | Description |

    Good::

        | Parameter | Type | Description |
    """
    yield from _issues(context, "malformed-header")


@rule("D005", "structure-missing", Severity.INFO)
def structure_missing(context: DocContext) -> Iterator[DocViolation]:
    """A field is an Object (or an array of objects) but no table describes its fields.

    Bad::

        | metadata | Object | The metadata of the server. |   (and no metadata table)

    Good: a "**metadata** field description" table, or a ``:ref:`` to one.
    """
    yield from _issues(context, "structure-missing")


@rule("D006", "example-missing", Severity.INFO)
def example_missing(context: DocContext) -> Iterator[DocViolation]:
    """An operation page documents a response table but shows no example response.

    Bad: a page with a URI, a "Response" table and no "Example Response".

    Good: the same page with an example response that matches its table.
    """
    page = context.page
    if page.operation is not None and context.has_response_schema and context.examples == 0:
        yield DocViolation(
            f"{page.operation.method} {page.operation.uri} documents a response table "
            "but no example response",
            line=page.sections[0].line if page.sections else 1,
            hint="add an Example Response section with a JSON body",
        )
