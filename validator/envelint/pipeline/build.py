"""``envelint schemas build``: derive the catalog from documentation and write or check it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from envelint.catalog.store import diff_catalog, render_catalog, write_catalog


@dataclass
class BuildResult:
    schema_count: int
    changes: list[str]
    issues: list[Any] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def stats_text(self) -> str:
        rows = [f"  {name.replace('_', ' ')}: {value}" for name, value in self.stats.items()]
        return "\n".join(["derivation statistics:", *rows, f"  time: {self.seconds:.2f} s"])


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
    files = render_catalog(derived.entries, derived.schemas)
    changes = diff_catalog(out_dir, files) if check else write_catalog(out_dir, files)
    return BuildResult(
        schema_count=len(derived.entries),
        changes=changes,
        issues=derived.issues,
        stats=derived.stats,
        seconds=time.perf_counter() - started,
    )
