"""Type cells as the references write them (fixtures/docs/type_phrases): structure names, type
phrases followed by prose, lengths in brackets, status-code tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import derive_from_repo
from tests.helpers import run_cli

REPO = Path(__file__).resolve().parents[1]
PAGE = "fixtures/docs/type_phrases"
OBJECT = {"type": "object"}


@pytest.fixture(scope="module")
def derived():
    return derive_from_repo(PAGE)


@pytest.fixture(scope="module")
def fields(derived):
    return derived.schemas["creating_a_cluster.normal"]["properties"]


def shape(schema):
    """The schema without descriptions and provenance: types, nesting, arrays."""
    if isinstance(schema, dict):
        return {
            key: shape(value)
            for key, value in schema.items()
            if key not in ("description", "x-doc")
        }
    return schema


def test_a_lone_structure_name_finds_the_table_its_caption_names(fields):
    assert shape(fields["charge_info"]) == {
        "type": "object",
        "properties": {"charge_mode": {"type": "string"}},
    }


def test_a_structure_used_twice_is_found_for_the_row_without_a_link(fields):
    assert shape(fields["data_volume"]) == shape(fields["root_volume"])
    assert set(fields["data_volume"]["properties"]) == {"type", "size"}


def test_a_plural_structure_array_is_an_array_of_its_table(fields):
    assert shape(fields["tags"])["items"]["properties"] == {
        "key": {"type": "string"},
        "value": {"type": "string"},
    }


def test_array_of_a_named_structure_follows_its_link(fields):
    assert shape(fields["node_groups"])["type"] == "array"
    assert set(fields["node_groups"]["items"]["properties"]) == {"group_name", "node_num"}


def test_data_structure_with_a_see_sentence_is_the_linked_object(fields):
    assert shape(fields["server"]) == {"type": "object", "properties": {"id": {"type": "string"}}}


def test_a_type_phrase_followed_by_prose_is_its_type(fields):
    assert shape(fields["created"]) == {"type": "string"}


def test_a_length_in_brackets_and_a_set(fields):
    assert shape(fields["name"]) == {"type": "string"}
    assert shape(fields["zones"]) == {"type": "array", "items": {"type": "string"}}


def test_a_mandatory_word_in_the_type_column_is_still_unknown(derived, fields):
    unknown = [issue for issue in derived.issues if issue.kind == "unknown-type"]
    assert [(issue.line, issue.subject) for issue in unknown] == [(45, "No")]
    assert fields["size"] == {"description": "Integer", "x-doc": fields["size"]["x-doc"]}


def test_a_status_code_table_is_not_a_parameter_table(derived):
    assert derived.stats["unknown_types"] == 1  # "OK" and "Bad request" are not types


def test_stats_list_each_unknown_phrasing_with_its_count(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("schemas", "build", PAGE, "--out", str(tmp_path), "--stats", "--no-cache")
    assert '  unknown type phrasings:\n        1  "No"\n' in result.stderr


def test_an_options_list_is_an_enum(fields):
    assert fields["state"]["enum"] == ["Available", "Abnormal"]


def test_an_examples_list_is_no_enum(fields):
    assert "enum" not in fields["flavor"]


def test_a_list_introduced_by_including_is_open(fields):
    assert "enum" not in fields["phase"]
