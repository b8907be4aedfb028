"""Each corpus page's valid JSON examples validate against the page's own derived schema, except
the listed ones (a documentation defect each, or a misreading to fix): a regression, or a fix,
shows as a changed list. Regenerate with tools/corpus_example_exceptions.py."""

from __future__ import annotations

import json
import sys

import pytest

from tests.conftest import CORPUS, REPO, require_shared

sys.path.insert(0, str(REPO / "tools"))

from corpus_example_exceptions import exceptions  # noqa: E402

pytestmark = pytest.mark.slow

EXPECTED = json.loads((REPO / "tests" / "data" / "corpus_example_exceptions.json").read_text())


def test_corpus_examples_validate_except_the_listed_ones(monkeypatch):
    corpus = require_shared(CORPUS)
    monkeypatch.chdir(REPO)
    assert exceptions(corpus) == EXPECTED
