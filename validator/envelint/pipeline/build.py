"""``envelint schemas build``: derive the catalog from documentation and write or check it."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
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
) -> BuildResult:
    from envelint.derive.cache import derive_cached

    started = time.perf_counter()
    derived = derive_cached(docs, use_cache=use_cache, store=not check, extra_types=extra_types)
    files = render_catalog(derived.entries, derived.schemas, derived.operations)
    changes = diff_catalog(out_dir, files) if check else write_catalog(out_dir, files)
    return BuildResult(
        schema_count=len(derived.entries),
        changes=changes,
        issues=derived.issues,
        stats=derived.stats,
        seconds=time.perf_counter() - started,
        docs=docs,
    )


# -- envelint operations -----------------------------------------------------------------------


def derive_operations(docs: list[str], *, use_cache: bool = True) -> list[ApiOperation]:
    """Every operation DOCS document, in page and line order."""
    from envelint.derive.cache import derive_cached

    derived = derive_cached(docs, use_cache=use_cache)
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
