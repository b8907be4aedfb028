"""The data every layer shares: a finding, its severity, and the documentation row it cites."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected error, warning or info)"
            ) from None


@dataclass(frozen=True)
class DocRow:
    """Where the documentation says what it says: the table row a schema node came from."""

    path: str
    line: int
    table: str | None = None
    page: str | None = None  # the page's title
    original_name: str | None = None  # the page's name on the published site, if it says

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "line": self.line, "table": self.table}
        if self.page is not None:
            data["page"] = self.page
        if self.original_name is not None:
            data["original_name"] = self.original_name
        return data

    def cited(self) -> str:
        """``path:line (table), page "Title" (original_name)``: how reports name the row."""
        table = f" ({self.table})" if self.table else ""
        text = f"{self.path}:{self.line}{table}"
        if self.page:
            text += f', page "{self.page}"'
        if self.original_name:
            text += f" ({self.original_name})"
        return text

    @classmethod
    def from_annotation(cls, annotation: dict[str, Any] | None) -> DocRow | None:
        if not isinstance(annotation, dict) or "path" not in annotation:
            return None
        return cls(
            annotation["path"],
            int(annotation.get("line") or 0),
            annotation.get("table"),
            annotation.get("page"),
            annotation.get("original_name"),
        )


@dataclass(frozen=True)
class CheckedAgainst:
    """What a payload was checked against: the documented response, its operation and page,
    and how it was chosen (``"forced"``, ``"mapping"``, ``"http"``, ``"shape"`` or ``"none"``).

    ``candidates`` lists the operations that remained when the request matched several (a
    shared URI whose request body did not tell them apart), as ``METHOD uri (schema id)``.
    """

    schema: str | None
    selection: str
    method: str | None = None
    uri: str | None = None
    page: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def operation(self) -> str | None:
        return f"{self.method} {self.uri}" if self.method and self.uri else None


@dataclass(frozen=True)
class Finding:
    """One problem found: what rule, how severe, where (file, line, column, JSON pointer),
    the documentation row it contradicts (``doc``) and what the payload was checked against.

    Part of the public API (``envelint.Finding``, docs/api.md): ``to_dict()`` is the JSON
    report's item.
    """

    code: str
    rule: str
    severity: Severity
    message: str
    path: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    pointer: str | None = None
    schema: str | None = None
    doc: DocRow | None = None
    hint: str | None = None
    excerpt: str | None = field(default=None, compare=False, repr=False)  # the source line
    against: CheckedAgainst | None = field(default=None, compare=False, repr=False)
    side: str | None = None  # "request" or "response" for a payload's finding; None for a page's

    @property
    def operation(self) -> str | None:
        """``METHOD uri`` of the documented operation the payload was checked against."""
        return self.against.operation if self.against else None

    @property
    def page(self) -> str | None:
        """The documentation page of the response the payload was checked against."""
        return self.against.page if self.against else None

    @classmethod
    def made(
        cls,
        *,
        code: str,
        rule: str,
        severity: Severity,
        message: str,
        path: str,
        line: int,
        column: int,
        end_line: int | None,
        end_column: int | None,
        pointer: str | None,
        schema: str | None,
        doc: DocRow | None,
        hint: str | None,
        excerpt: str | None,
        against: CheckedAgainst | None,
        side: str | None,
    ) -> Finding:
        """The same finding as ``Finding(...)`` with every field given, made for the failing
        path: a frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``
        (about 4 µs for these 16); this fills the instance's ``__dict__`` at once."""
        finding = object.__new__(cls)
        finding.__dict__.update(
            code=code,
            rule=rule,
            severity=severity,
            message=message,
            path=path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            pointer=pointer,
            schema=schema,
            doc=doc,
            hint=hint,
            excerpt=excerpt,
            against=against,
            side=side,
        )
        return finding

    def changed(self, **changes: Any) -> Finding:
        """``dataclasses.replace(self, **changes)``, without a frozen ``__init__``: for the
        failing path. Only field names may be given (the same check ``replace`` makes)."""
        unknown = changes.keys() - self.__dict__.keys()
        if unknown:
            raise TypeError(f"Finding has no field {', '.join(sorted(unknown))}")
        finding = object.__new__(type(self))
        finding.__dict__.update(self.__dict__, **changes)
        return finding

    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.line, self.column, self.code, self.pointer or "", self.message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.label,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line if self.end_line is not None else self.line,
            "end_column": self.end_column if self.end_column is not None else self.column,
            "pointer": self.pointer,
            "schema": self.schema,
            "doc": self.doc.to_dict() if self.doc else None,
            "hint": self.hint,
            "side": self.side,
            **against_fields(self.against),
        }


def against_fields(against: CheckedAgainst | None) -> dict[str, Any]:
    """A finding's ``operation``, ``page``, ``selection`` and ``candidates`` (JSON report)."""
    if against is None:
        return {"operation": None, "page": None, "selection": None, "candidates": []}
    return {
        "operation": against.operation,
        "page": against.page,
        "selection": against.selection,
        "candidates": list(against.candidates),
    }
