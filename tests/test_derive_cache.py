"""The derivation cache: a catalog derived once is reused while the pages' bytes are the same."""

from __future__ import annotations

from tests.conftest import FIXTURES
from tests.helpers import spy
from validator import derive_cache
from validator.derive import derivation

TREE = str(FIXTURES / "docs" / "tree")


def test_a_cold_derivation_finds_the_pages_once(monkeypatch) -> None:
    found = spy(monkeypatch, derivation, "discover")
    found_for_key = spy(monkeypatch, derive_cache, "discover")
    derived = derive_cache.derive_cached([TREE])
    assert derived.entries
    assert len(found) + len(found_for_key) == 1


def test_a_warm_derivation_gives_the_cold_one() -> None:
    cold = derive_cache.derive_cached([TREE])
    warm = derive_cache.derive_cached([TREE])
    assert [entry.to_dict() for entry in warm.entries] == [e.to_dict() for e in cold.entries]
    assert warm.schemas == cold.schemas
