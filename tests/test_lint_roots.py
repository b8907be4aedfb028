"""Where a documentation tree starts: a page linted alone resolves its links across the tree."""

from __future__ import annotations

import json

import pytest

from envelint.pipeline.lint import find_root
from tests.conftest import FIXTURES
from tests.helpers import run_cli

SPHINX_SOURCE = FIXTURES / "docs" / "sphinx_tree" / "source"  # conf.py, an index.rst everywhere
UNMARKED = FIXTURES / "docs" / "unmarked" / "reference"  # an index.rst everywhere, no conf.py


def findings(*paths: str) -> list[tuple]:
    report = json.loads(run_cli("lint", "--format", "json", *paths).output)
    return [
        (f["code"], f["path"], f["line"], f["column"], f["pointer"], f["schema"])
        for f in report["findings"]
    ]


def test_the_root_is_the_folder_holding_conf_py_not_the_nearest_index():
    assert find_root(SPHINX_SOURCE / "apis") == SPHINX_SOURCE


def test_a_page_alone_resolves_a_link_into_a_sibling_folder_with_its_own_index():
    page = SPHINX_SOURCE / "apis" / "querying_a_sprocket.rst"
    alone = findings(str(page))
    assert [(code, pointer) for code, _, _, _, pointer, _ in alone] == [("S001", "/sprocket/teeth")]
    assert alone == findings(str(SPHINX_SOURCE))


def test_without_conf_py_the_root_is_the_highest_folder_holding_pages():
    # reference/ holds index.rst; its parent holds no page, so the tree ends there.
    assert find_root(UNMARKED / "apis") == UNMARKED
    assert find_root(UNMARKED / "data_structures") == UNMARKED


def test_a_page_alone_in_a_tree_without_conf_py_resolves_links_across_it():
    page = UNMARKED / "apis" / "listing_cogs.rst"
    alone = findings(str(page))
    assert [(code, pointer) for code, _, _, _, pointer, _ in alone] == [("S001", "/cogs/1/size")]
    assert alone == findings(str(UNMARKED))


def test_without_conf_py_the_root_is_never_above_the_working_folder(monkeypatch):
    monkeypatch.chdir(UNMARKED / "apis")
    assert find_root(UNMARKED / "apis") == UNMARKED / "apis"


@pytest.mark.parametrize("tree", [SPHINX_SOURCE, UNMARKED])
def test_a_subfolder_given_is_linted_in_its_whole_tree(tree):
    assert findings(str(tree / "apis")) == findings(str(tree))
