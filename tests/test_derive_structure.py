"""Which table a structure comes from and how rows nest: fixtures/docs/structure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from envelint.derive import derive_catalog
from envelint.derive.issues import STRUCTURE_MISSING

STRUCTURE = Path(__file__).resolve().parents[1] / "fixtures" / "docs" / "structure"


def shape(schema: Any) -> Any:
    """The schema without descriptions and provenance: names, types, nesting, required."""
    if isinstance(schema, dict):
        return {
            key: shape(value)
            for key, value in schema.items()
            if key not in ("description", "x-doc", "$schema", "title")
        }
    return schema


def derive(*names: str) -> Any:
    return derive_catalog([STRUCTURE / name for name in names])


@pytest.fixture(scope="module")
def marks() -> Any:
    return derive("flattened_marks.rst")


def test_marked_rows_nest_under_the_row_above(marks):
    policy = shape(marks.schemas["flattened_marks.normal"])["properties"]["policy"]
    assert set(policy["properties"]) == {"id", "schedule", "name"}
    assert policy["required"] == ["id"]


def test_a_second_mark_nests_one_level_deeper(marks):
    policy = shape(marks.schemas["flattened_marks.normal"])["properties"]["policy"]
    assert policy["properties"]["schedule"]["items"] == {
        "type": "object",
        "properties": {"start_time": {"type": "string"}, "interval": {"type": "integer"}},
        "required": ["start_time"],
    }


def test_a_parent_with_rows_under_it_is_no_missing_structure(marks):
    assert not [issue for issue in marks.issues if issue.kind == STRUCTURE_MISSING]


def test_path_names_nest_under_the_row_they_name():
    schema = shape(derive("flattened_paths.rst").schemas["flattened_paths.normal"])
    items = schema["properties"]["snapshots"]["items"]
    assert items["required"] == ["id"]
    assert items["properties"]["volume"] == {
        "type": "object",
        "properties": {"size": {"type": "integer"}},
        "required": ["size"],
    }


def test_a_dotted_name_without_a_parent_row_is_a_key_of_its_own():
    schema = shape(derive("flattened_paths.rst").schemas["flattened_paths.normal"])
    assert set(schema["properties"]) == {"snapshots", "metadata", "metering.resourcetype"}
