"""``envelint schemas build``: derive the catalog from documentation and write or check it."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from envelint.catalog.store import (
    ApiOperation,
    diff_catalog,
    dump_json,
    render_catalog,
    write_catalog,
)
from envelint.common.paths import display_path
from envelint.derive.issues import UNKNOWN_TYPE


@dataclass
class BuildResult:
    schema_count: int
    changes: list[str]
    issues: list[Any] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    docs: list[str] = field(default_factory=list)

    def stats_text(self) -> str:
        rows = [f"  {name.replace('_', ' ')}: {value}" for name, value in self.stats.items()]
        timing = f"  time: {self.seconds:.2f} s"
        return "\n".join(["derivation statistics:", *rows, *self._unknown_types(), timing])

    def _unknown_types(self) -> list[str]:
        """Each Type phrasing not understood, with its count, per tree given."""
        counts: dict[str, Counter[str]] = {}
        for issue in self.issues:
            if issue.kind == UNKNOWN_TYPE:
                tree = _tree_of(issue.path, self.docs)
                counts.setdefault(tree, Counter())[issue.subject or ""] += 1
        rows = []
        for tree, phrasings in sorted(counts.items()):
            rows.append(
                f"  unknown type phrasings in {tree}:" if tree else "  unknown type phrasings:"
            )
            rows.extend(
                f"    {count:5d}  {json.dumps(phrase, ensure_ascii=False)}"
                for phrase, count in phrasings.most_common()
            )
        return rows


def _tree_of(path: str, docs: list[str]) -> str:
    """The DOCS argument a page was found under, when several were given."""
    if len(docs) < 2:
        return ""
    for given in docs:
        shown = display_path(given).rstrip("/")
        if path == shown or path.startswith(shown + "/"):
            return shown
    return ""


def build_schemas(
    docs: list[str],
    out_dir: str,
    *,
    check: bool = False,
    use_cache: bool = True,
    extra_types: dict[str, dict[str, Any]] | None = None,
    allow_outside_links: bool = False,
) -> BuildResult:
    from envelint.derive.cache import derive_cached

    started = time.perf_counter()
    derived = derive_cached(
        docs,
        use_cache=use_cache,
        store=not check,
        extra_types=extra_types,
        allow_outside_links=allow_outside_links,
    )
    cited = CitedFromRoots(docs, allow_outside_links=allow_outside_links)
    entries = [replace(entry, page=cited.path(entry.page)) for entry in derived.entries]
    schemas = {  # a request body's case bodies (no entry) are lint's alone
        entry.id: cited.schema(derived.schemas[entry.id]) for entry in derived.entries
    }
    operations = [cited.operation(op) for op in derived.operations]
    files = render_catalog(entries, schemas, operations)
    changes = diff_catalog(out_dir, files) if check else write_catalog(out_dir, files)
    return BuildResult(
        schema_count=len(derived.entries),
        changes=changes,
        issues=derived.issues,
        stats=derived.stats,
        seconds=time.perf_counter() - started,
        docs=docs,
    )


class CitedFromRoots:
    """Citations of a built catalog relative to the documentation root they were found under
    (the DOCS given to ``schemas build``), never to the working directory or as absolute paths:
    a catalog built from the same documentation anywhere is the same bytes, and its citations
    name the page as the published site's source tree does."""

    def __init__(self, docs: list[str], *, allow_outside_links: bool = False) -> None:
        from envelint.derive.derivation import discover

        self._by_shown: dict[str, str] = {}
        for given in docs:
            root = Path(given)
            for source in discover([given], allow_outside_links=allow_outside_links):
                relative = source.file.relative_to(root) if root.is_dir() else Path(root.name)
                self._by_shown[display_path(str(source.file))] = relative.as_posix()

    def path(self, shown: str | None) -> str | None:
        """``shown`` (as derivation names a page) relative to its documentation root."""
        return self._by_shown.get(shown, shown) if shown is not None else None

    def operation(self, operation: ApiOperation) -> ApiOperation:
        """The operation's page, and its request parameters' citations, made relative."""
        request = operation.request
        if request is not None:
            request = replace(
                request,
                path=self.schema(request.path),
                query=self.schema(request.query),
                headers=self.schema(request.headers),
            )
        return replace(operation, page=self.path(operation.page), request=request)

    def schema(self, node: Any) -> Any:
        """``node`` with every ``x-doc.path`` made relative to its documentation root."""
        if isinstance(node, list):
            return [self.schema(item) for item in node]
        if not isinstance(node, dict):
            return node
        result = {key: self.schema(value) for key, value in node.items()}
        citation = result.get("x-doc")
        if isinstance(citation, dict) and isinstance(citation.get("path"), str):
            result["x-doc"] = {**citation, "path": self.path(citation["path"])}
        return result


# -- envelint operations -----------------------------------------------------------------------


def derive_operations(
    docs: list[str], *, use_cache: bool = True, allow_outside_links: bool = False
) -> list[ApiOperation]:
    """Every operation DOCS document, in page and line order."""
    from envelint.derive.cache import derive_cached

    derived = derive_cached(docs, use_cache=use_cache, allow_outside_links=allow_outside_links)
    return sorted(derived.operations, key=lambda op: (op.page or "", op.line, op.id))


def operations_text(operations: list[ApiOperation]) -> str:
    """One line per operation: where, method, templates, statuses, id; then a count."""
    rows = []
    for operation in operations:
        statuses = " ".join(map(str, operation.statuses)) or _kinds(operation)
        templates = " ".join(_with_query(operation, template) for template in operation.templates)
        rows.append(
            f"{operation.page}:{operation.line}: {operation.method} {templates} "
            f"[{statuses}] {operation.id}"
        )
    rows.append(f"{len(operations)} operations")
    return "\n".join(rows) + "\n"


def operations_json(operations: list[ApiOperation]) -> str:
    return dump_json({"operations": [operation.to_dict() for operation in operations]}).decode()


def _with_query(operation: ApiOperation, template: str) -> str:
    """``/?acl`` for flags, RFC 6570 ``{?limit,marker}`` (``{&...}`` after flags) for params."""
    flags = f"?{'&'.join(operation.query_flags)}" if operation.query_flags else ""
    if not operation.query_params:
        return template + flags
    operator = "&" if flags else "?"
    return f"{template}{flags}{{{operator}{','.join(operation.query_params)}}}"


def _kinds(operation: ApiOperation) -> str:
    """No status code documented: the responses' kinds ("normal, no body")."""
    said = [
        response.kind + ("" if response.schema else ", no body") for response in operation.responses
    ]
    return "; ".join(said) or "no response documented"
