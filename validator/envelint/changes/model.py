"""What is compared: two versions of a contract, and the pairs the walker hands to detectors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from envelint.catalog.store import ApiOperation, ResponseSpec

Schema = dict[str, Any]


@dataclass(frozen=True)
class Version:
    """One version of the contract: its operations, their response schemas by id, and how its
    pages are cited (``label`` joined to the page's path below the documentation root)."""

    label: str
    operations: list[ApiOperation]
    schemas: Callable[[str], Schema | None]
    cite_page: Callable[[str | None], str]

    def at(self, page: str | None, line: int | None) -> str:
        return f"{self.cite_page(page)}:{line}" if line else self.cite_page(page)

    def operation_at(self, operation: ApiOperation) -> str:
        return self.at(operation.page, operation.line)

    def node_at(self, node: Schema | None, operation: ApiOperation) -> str:
        """The documentation row of a schema node (its ``x-doc``), else its operation's line."""
        citation = node.get("x-doc") if isinstance(node, dict) else None
        if isinstance(citation, dict) and isinstance(citation.get("line"), int):
            path = citation.get("path")
            return self.at(path if isinstance(path, str) else operation.page, citation["line"])
        return self.operation_at(operation)


@dataclass(frozen=True)
class OperationPair:
    base: ApiOperation | None
    head: ApiOperation | None
    base_version: Version
    head_version: Version

    @property
    def either(self) -> ApiOperation:
        found = self.head or self.base
        assert found is not None
        return found


@dataclass(frozen=True)
class ResponsePair:
    """The responses documented for one status (or kind) on each side; an empty side: none."""

    status: str  # "200", or the kind ("normal", "abnormal") when the page names no code
    base: tuple[ResponseSpec, ...]
    head: tuple[ResponseSpec, ...]
    operations: OperationPair


@dataclass(frozen=True)
class RequestPair:
    """One part of an operation's request on both sides: its body, or its ``path``, ``query``
    or ``header`` parameters (an object schema whose properties are the parameters)."""

    place: str  # "body", "path", "query", "header"
    operations: OperationPair

    @property
    def status(self) -> str:  # what a change is about, as a response's status is
        return self.place


@dataclass(frozen=True)
class FieldPair:
    """One node of a response body, a request body or a request's parameters at ``pointer``
    (``*`` stands for any array item or map value): absent on one side when it was added or
    removed."""

    pointer: str
    base: Schema | None
    head: Schema | None
    base_required: bool  # listed in its parent's ``required`` (always present; mandatory)
    head_required: bool
    response: ResponsePair | RequestPair  # the response (or the part of the request) it is in
    base_parent: Schema | None = None  # the enclosing node, cited when this side is absent
    head_parent: Schema | None = None

    def base_at(self) -> str | None:
        return self._at(self.base, self.base_parent, self.response.operations.base, "base")

    def head_at(self) -> str | None:
        return self._at(self.head, self.head_parent, self.response.operations.head, "head")

    def _at(
        self, node: Schema | None, parent: Schema | None, op: ApiOperation | None, side: str
    ) -> str | None:
        if op is None:
            return None
        pair = self.response.operations
        version = pair.base_version if side == "base" else pair.head_version
        cites = isinstance(node, dict) and isinstance(node.get("x-doc"), dict)
        return version.node_at(node if cites else parent, op)  # a map's values: the map's row


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    level: str  # "breaking", "potentially-breaking", "non-breaking"
    operation: str  # "METHOD /template (id)"
    operation_id: str
    status: str
    pointer: str
    message: str
    base_at: str | None
    head_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def cited_location(at: str | None) -> tuple[str, int] | None:
    """``(path, line)`` of a citation (``page.rst:12``, ``REV:docs/page.rst:12``): the path as the
    repository names it (a revision's name dropped), the line 0 when none is cited."""
    if not at:
        return None
    path, _, line = at.rpartition(":")
    if not line.isdigit():
        path, line = at, "0"
    revision, colon, in_repo = path.partition(":")
    if colon and not _is_drive(revision):
        path = in_repo
    return path, int(line)


def _is_drive(prefix: str) -> bool:
    return len(prefix) == 1 and prefix.isalpha()  # C:\docs\page.rst
