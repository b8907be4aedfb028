"""OpenStack-style pages (fixtures/docs/wrappers): the table lists one resource's fields, the
example wraps them under one key no row names ({"peer_group": {...}}, {"peer_groups": [...]});
and flat tables whose wrapper and nested object rows are plain rows the example nests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from envelint.rules.base import undeclared_wrapper
from tests.conftest import FIXTURES
from tests.helpers import run_cli

WRAPPERS = FIXTURES / "docs" / "wrappers"
TABLE = {
    "type": "object",
    "properties": {name: {"type": "string"} for name in ("id", "name", "kind", "members")},
    "additionalProperties": False,
}


def findings(page: Path) -> list[tuple[str, int, str]]:
    result = run_cli("lint", "--format", "json", "--no-cache", str(page))
    found: list[dict[str, Any]] = json.loads(result.output)["findings"]
    return [(f["code"], f["line"], f.get("pointer") or "") for f in found]


def test_one_wrapped_resource_is_checked_inside_its_wrapper() -> None:
    assert findings(WRAPPERS / "creating_a_peer_group.rst") == [
        ("S002", 58, "/peer_group"),  # the request leaves out the mandatory `kind`
        ("S001", 75, "/peer_group/size"),  # "2" where the table says Integer
    ]


def test_a_wrapped_list_is_checked_item_by_item() -> None:
    assert findings(WRAPPERS / "listing_peer_groups.rst") == [
        ("S003", 63, "/peer_groups/1/region"),
    ]


def test_a_flat_table_the_example_nests_is_checked_at_the_nested_places() -> None:
    assert findings(WRAPPERS / "showing_a_backup_rule.rst") == [
        ("S001", 63, "/backup_rule/enabled"),
    ]


def test_a_member_named_as_its_wrapper_row_is_not_described_twice() -> None:
    assert findings(WRAPPERS / "showing_the_api_version.rst") == []


def test_a_wrapper_of_other_fields_is_still_undocumented(tmp_path: Path) -> None:
    page = tmp_path / "listing_peer_groups.rst"
    text = (WRAPPERS / page.name).read_text()
    page.write_text(text.replace('"name":', '"title":').replace('"kind":', '"sort":'))
    codes = [code for code, _line, _pointer in findings(page)]
    assert codes == ["S003"]  # `peer_groups` itself


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"group": {"id": "1", "name": "a"}}, [("/group", {"id": "1", "name": "a"})]),
        ({"groups": [{"id": "1", "kind": "a"}]}, [("/groups/0", {"id": "1", "kind": "a"})]),
        ({"a/b": {"id": "1", "name": "a"}}, [("/a~1b", {"id": "1", "name": "a"})]),
        ({"id": "1"}, None),  # a documented key
        ({"group": {"id": "1", "name": "a"}, "other": 1}, None),  # two keys
        ({"group": {"id": "1"}}, None),  # one matching key is too few
        ({"group": {"id": "1", "name": "a", "x": 1, "y": 2, "z": 3}}, None),  # mostly others
        ({"groups": []}, None),
        ({"groups": [{"id": "1", "name": "a"}, 3]}, None),
        ({"group": "id name"}, None),
    ],
)
def test_undeclared_wrapper(value: object, expected: object) -> None:
    assert undeclared_wrapper(value, TABLE) == expected


def test_a_map_or_a_pattern_documents_any_key() -> None:
    value = {"group": {"id": "1", "name": "a"}}
    assert undeclared_wrapper(value, {**TABLE, "additionalProperties": {"type": "object"}}) is None
    assert undeclared_wrapper(value, {**TABLE, "patternProperties": {"^g": {}}}) is None
