"""Parameter tables of documentation pages -> JSON Schemas (2020-12) with provenance."""

from envelint.derive.derivation import DerivedCatalog, derive_catalog
from envelint.derive.issues import DocIssue

__all__ = ["DerivedCatalog", "DocIssue", "derive_catalog"]
