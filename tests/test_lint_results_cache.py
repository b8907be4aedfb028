"""A tree's lint results are kept in the cache and reused while the pages, the settings and
envelint are unchanged: a warm ``envelint lint`` reports exactly what a cold one does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from envelint.derive import cache as derive_cache
from envelint.derive.cache import cache_dir
from envelint.pipeline import lint as lint_pipeline
from tests.conftest import FIXTURES
from tests.helpers import run_cli, spy

TREE = FIXTURES / "docs" / "tree"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    copy = tmp_path / "tree"
    shutil.copytree(TREE, copy)
    return copy


def lint(*arguments: str) -> str:
    result = run_cli("lint", "--format", "json", "--exit-zero", *arguments)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_warm_run_reports_what_a_cold_run_did_without_linting(tree, monkeypatch) -> None:
    cold = lint(str(tree))
    linted = spy(monkeypatch, lint_pipeline._Tree, "lint_page")
    assert lint(str(tree)) == cold
    assert linted == []


def test_a_cold_run_hashes_the_tree_once_for_both_caches(tree, monkeypatch) -> None:
    keyed = spy(monkeypatch, derive_cache, "_key")
    lint(str(tree))
    assert len(keyed) == 1  # the derivation reuses the key the lint results were looked up by
    assert list((cache_dir() / "derive").glob("*.json"))  # and was stored under it


def test_the_cached_report_is_the_uncached_one_in_every_format(tree) -> None:
    for report in ("text", "json", "sarif", "junit", "github"):
        uncached = run_cli("lint", "--format", report, "--no-cache", str(tree)).output
        run_cli("lint", "--format", report, str(tree))
        assert run_cli("lint", "--format", report, str(tree)).output == uncached, report


def test_a_changed_page_anywhere_in_the_tree_lints_again(tree, monkeypatch) -> None:
    lint(str(tree))
    other = next(tree.rglob("*.rst"))
    other.write_text(other.read_text() + "\n")
    linted = spy(monkeypatch, lint_pipeline._Tree, "lint_page")
    lint(str(tree))
    assert linted != []


def test_other_settings_lint_again(tree, monkeypatch) -> None:
    with_all = lint(str(tree))
    linted = spy(monkeypatch, lint_pipeline._Tree, "lint_page")
    without = lint("--ignore", "S", str(tree))
    assert linted != [] and without != with_all


def test_an_edited_cache_entry_is_linted_again(tree, tmp_path, monkeypatch) -> None:
    cold = lint(str(tree))
    [stored] = Path(cache_dir() / "lint").glob("*.json")
    edited = stored.read_bytes().replace(b'"code": "', b'"code": "X', 1)
    assert edited != stored.read_bytes()
    stored.write_bytes(edited)  # still JSON, with another finding in it
    linted = spy(monkeypatch, lint_pipeline._Tree, "lint_page")
    assert lint(str(tree)) == cold
    assert linted != []


def test_no_cache_neither_reads_nor_writes_results(tree) -> None:
    lint("--no-cache", str(tree))
    assert not (cache_dir() / "lint").exists()
