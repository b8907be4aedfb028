"""The derivation cache: a catalog derived once is reused while the pages' bytes are the same."""

from __future__ import annotations

from envelint.derive import cache as derive_cache
from envelint.derive import derivation
from tests.conftest import FIXTURES
from tests.helpers import spy

TREE = str(FIXTURES / "docs" / "tree")


def test_a_cold_derivation_finds_the_pages_once(monkeypatch) -> None:
    found = spy(monkeypatch, derivation, "discover")
    found_for_key = spy(monkeypatch, derive_cache, "discover")
    derived = derive_cache.derive_cached([TREE])
    assert derived.entries
    assert len(found) + len(found_for_key) == 1


def test_a_warm_derivation_gives_the_cold_one_without_deriving(monkeypatch) -> None:
    cold = derive_cache.derive_cached([TREE])
    derived = spy(monkeypatch, derive_cache, "derive_from_sources")
    warm = derive_cache.derive_cached([TREE])
    assert derived == []
    assert [entry.to_dict() for entry in warm.entries] == [e.to_dict() for e in cold.entries]
    assert warm.schemas == cold.schemas


def test_a_changed_page_is_derived_again(tmp_path, monkeypatch) -> None:
    page = tmp_path / "page.rst"
    page.write_text((FIXTURES / "docs" / "order_result.rst").read_text())
    derive_cache.derive_cached([str(page)])
    page.write_text(page.read_text() + "\n")
    derived = spy(monkeypatch, derive_cache, "derive_from_sources")
    derive_cache.derive_cached([str(page)])
    assert len(derived) == 1


def test_an_edited_cache_file_is_derived_again(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ENVELINT_CACHE_DIR", str(tmp_path / "cache"))
    cold = derive_cache.derive_cached([TREE])
    [stored] = (tmp_path / "cache" / "derive").glob("*.json")
    edited = stored.read_bytes().replace(b'"type":"string"', b'"type":"integer"')
    assert edited != stored.read_bytes()
    stored.write_bytes(edited)  # still valid JSON, with other schemas in it
    derived = spy(monkeypatch, derive_cache, "derive_from_sources")
    again = derive_cache.derive_cached([TREE])
    assert len(derived) == 1
    assert again.schemas == cold.schemas
