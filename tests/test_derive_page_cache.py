"""The page cache (derive/page_cache.py): a warm run reads no page it has read before, and
never uses a page whose bytes, reader or model have changed since."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from envelint.derive import page_cache as cache_module
from envelint.derive.page_cache import PageCache
from envelint.docs import DocRow, read_page
from tests.conftest import FIXTURES
from tests.helpers import spy

PAGE = FIXTURES / "docs" / "tree" / "apis" / "starting_a_widget.rst"


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(PAGE, tree / "page.rst")
    return tree / "page.rst"


def _warm(tmp_path: Path, page: Path) -> PageCache:
    cold = PageCache([str(page.parent)], tmp_path / "cache")
    cold.read(page)
    cold.save()
    return PageCache([str(page.parent)], tmp_path / "cache")


def test_a_page_read_before_comes_from_the_cache_the_same(tmp_path, monkeypatch) -> None:
    page = _tree(tmp_path)
    warm = _warm(tmp_path, page)
    read = spy(monkeypatch, cache_module, "read_page")
    cached = warm.read(page)
    assert read == []
    assert dataclasses.asdict(cached) == dataclasses.asdict(read_page(page))
    assert cached == read_page(page)


def test_what_the_page_shares_stays_shared(tmp_path) -> None:
    page = _tree(tmp_path)
    cached = _warm(tmp_path, page).read(page)
    in_blocks = [block.table for block in cached.blocks if block.table is not None]
    assert cached.tables and all(a is b for a, b in zip(cached.tables, in_blocks, strict=True))
    assert cached.operation is cached.operations[0]


def test_a_changed_page_is_read_again(tmp_path, monkeypatch) -> None:
    page = _tree(tmp_path)
    warm = _warm(tmp_path, page)
    page.write_text(page.read_text() + "\nAdded.\n")
    read = spy(monkeypatch, cache_module, "read_page")
    assert warm.read(page) == read_page(page)
    assert len(read) == 1


def test_a_damaged_cache_is_a_miss(tmp_path, monkeypatch) -> None:
    page = _tree(tmp_path)
    warm = _warm(tmp_path, page)
    assert warm.path is not None
    data = warm.path.read_bytes()
    for damaged in (b"", b"garbage", data[: len(data) // 2], data[:-7] + b"\x00" * 7):
        warm.path.write_bytes(damaged)
        read = spy(monkeypatch, cache_module, "read_page")
        assert PageCache([str(page.parent)], tmp_path / "cache").read(page) == read_page(page)
        assert len(read) == 1
        monkeypatch.undo()


def test_a_model_class_changed_since_is_a_miss(tmp_path, monkeypatch) -> None:
    page = _tree(tmp_path)
    warm = _warm(tmp_path, page)
    cache_module._dataclass.cache_clear()
    fields = cache_module.dataclasses.fields
    monkeypatch.setattr(
        cache_module.dataclasses,
        "fields",
        lambda cls: fields(cls)[:-1] if cls is DocRow else fields(cls),
    )
    read = spy(monkeypatch, cache_module, "read_page")
    try:
        warm.read(page)
    finally:
        cache_module._dataclass.cache_clear()
    assert len(read) == 1


def test_no_folder_means_no_cache(tmp_path) -> None:
    page = _tree(tmp_path)
    uncached = PageCache([str(page.parent)], None)
    assert uncached.read(page) == read_page(page)
    uncached.save()
    assert not (tmp_path / "cache").exists()


def test_a_warm_lint_reads_no_page(tmp_path, monkeypatch) -> None:
    from envelint.config.settings import Settings
    from envelint.pipeline.lint import LintRequest, lint_docs

    monkeypatch.setenv("ENVELINT_CACHE_DIR", str(tmp_path / "cache"))
    tree = FIXTURES / "docs" / "tree"
    cold = lint_docs(LintRequest([str(tree)], Settings()))
    read = spy(monkeypatch, cache_module, "read_page")
    warm = lint_docs(LintRequest([str(tree)], Settings()))
    assert read == []
    assert warm.findings == cold.findings and warm.files == cold.files


def test_an_edited_cache_is_a_miss(tmp_path, monkeypatch) -> None:
    page = _tree(tmp_path)
    warm = _warm(tmp_path, page)
    assert warm.path is not None
    data = warm.path.read_bytes()
    assert b"widget_id" in data
    warm.path.write_bytes(data.replace(b"widget_id", b"gadget_id"))  # still valid marshal
    read = spy(monkeypatch, cache_module, "read_page")
    assert PageCache([str(page.parent)], tmp_path / "cache").read(page) == read_page(page)
    assert len(read) == 1
