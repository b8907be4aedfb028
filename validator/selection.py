"""Choosing the documented response a payload is checked against.

In order: a schema forced by the caller, then the envelope's own shape (an ``error`` object means
the abnormal response; otherwise the normal response whose fields the payload shares most).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from validator.catalog import Catalog, CatalogEntry
from validator.errors import EnvelintError

ERROR_KEY = "error"


@dataclass(frozen=True)
class Selection:
    entry: CatalogEntry | None
    how: str  # "forced", "shape" or "none"
    candidates: list[CatalogEntry] = field(default_factory=list)


def is_abnormal_entry(entry: CatalogEntry) -> bool:
    return entry.kind == "abnormal" or (entry.status is not None and entry.status >= 400)


class Selector:
    def __init__(self, catalog: Catalog, top_level_properties):
        self.catalog = catalog
        self.top_level_properties = top_level_properties
        self.abnormal = [entry for entry in catalog.entries if is_abnormal_entry(entry)]
        self.normal = [entry for entry in catalog.entries if not is_abnormal_entry(entry)]
        self._by_keys: dict[tuple, CatalogEntry | None] = {}

    def forced(self, schema_id: str) -> Selection:
        entry = self.catalog.by_id.get(schema_id)
        if entry is None:
            known = ", ".join(sorted(self.catalog.by_id)[:8])
            raise EnvelintError(f"unknown schema id {schema_id!r} (the catalog has {known}, ...)")
        return Selection(entry, "forced", [entry])

    def by_shape(self, value: object) -> Selection:
        if not isinstance(value, dict):
            return Selection(None, "none", self.normal + self.abnormal)
        abnormal = ERROR_KEY in value
        candidates = self.abnormal if abnormal else self.normal
        key = (abnormal, tuple(value))
        if key not in self._by_keys:
            self._by_keys[key] = self._best_match(value, candidates)
        entry = self._by_keys[key]
        return Selection(entry, "shape" if entry else "none", self.normal + self.abnormal)

    def _best_match(self, value: dict, candidates: list[CatalogEntry]) -> CatalogEntry | None:
        best, best_score = None, (0, 0)
        for entry in candidates:
            documented = self.top_level_properties(entry.id)
            shared = sum(1 for name in value if name in documented)
            # Most shared fields first; then the schema that leaves fewest documented fields out.
            score = (shared, -(len(documented) - shared))
            if shared and (best is None or score > best_score):
                best, best_score = entry, score
        return best
