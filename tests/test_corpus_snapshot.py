"""Every real reference's figures (derivation statistics, operations, schemas, unknown type
phrasings, examples, lint findings per rule code) against tests/data/corpus_snapshot.json: a
change that moves any of them rewrites the snapshot in the same commit, so every shift is
reviewed. Rewrite it with tools/update_corpus_snapshot.py."""

from __future__ import annotations

import json
import sys

import pytest

from tests.conftest import CORPUS, REPO, require_shared

sys.path.insert(0, str(REPO / "tools"))

from update_corpus_snapshot import SNAPSHOT, corpus_figures, moved  # noqa: E402

SHOWN = 20  # lines of the failure message, at most


@pytest.mark.slow
def test_the_corpus_figures_match_the_snapshot():
    corpus = require_shared(CORPUS)
    before = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    lines = moved(before, corpus_figures(corpus))
    if len(lines) > SHOWN:
        lines = [*lines[:SHOWN], f"... and {len(lines) - SHOWN} more"]
    assert not lines, (
        "corpus figures moved (reference: figure before -> after); if meant, run "
        "tools/update_corpus_snapshot.py and commit the snapshot with the change:\n"
        + "\n".join(lines)
    )


def test_a_moved_figure_is_one_line_naming_reference_figure_and_both_values():
    before = {"ecs": {"schemas": 10, "findings": {"D001": 42, "S003": 1}}}
    after = {"ecs": {"schemas": 10, "findings": {"S003": 1, "S001": 2}}}
    assert moved(before, after) == ["ecs: findings D001 42 -> 0", "ecs: findings S001 0 -> 2"]
