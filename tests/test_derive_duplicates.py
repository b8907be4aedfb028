"""D003 reads a row's identity (its parent and its name), not its name alone:
fixtures/docs/duplicates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from envelint.derive import derive_catalog
from envelint.derive.issues import DUPLICATE_PARAMETER

DUPLICATES = Path(__file__).resolve().parents[1] / "fixtures" / "docs" / "duplicates"


def duplicate_lines(name: str) -> list[int]:
    derived: Any = derive_catalog([DUPLICATES / name])
    return [issue.line for issue in derived.issues if issue.kind == DUPLICATE_PARAMETER]


def test_xml_elements_of_different_parents_are_not_duplicates():
    # "Prefix" under Filter (line 28) and under Destination (40) are two elements; the third
    # Prefix (46) repeats Destination's.
    assert duplicate_lines("xml_parents.rst") == [46]


def test_a_container_naming_its_child_is_the_child_s_parent():
    # "Owner is the parent node of ID", "the parent node of the user's ID": two IDs.
    assert duplicate_lines("xml_children.rst") == []


def test_a_placeholder_the_uri_repeats_is_described_once_per_place():
    assert duplicate_lines("repeated_placeholder.rst") == []


def test_rows_copied_word_for_word_stay_duplicates_whatever_the_uri():
    assert duplicate_lines("copied_rows.rst") == [19]


def test_marked_rows_under_different_parents_are_not_duplicates():
    # "- id" under source and under target differ; the second "- id" under target repeats.
    assert duplicate_lines("marked_children.rst") == [24]
