"""A flat table whose wrapper row and nested object rows are plain rows (no marks, no path
names, no tables of their own): the page's examples place each row (fixtures/docs/wrappers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from envelint.derive import derive_catalog
from envelint.derive.issues import DUPLICATE_PARAMETER

WRAPPERS = Path(__file__).resolve().parents[1] / "fixtures" / "docs" / "wrappers"


def derived(page: Path) -> Any:
    return derive_catalog([page])


def fields(schema: Any) -> Any:
    """{name: its fields, or its type} of an object schema, items of arrays followed."""
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        schema = schema["items"]
    properties = schema.get("properties")
    if not properties:
        return schema.get("type")
    return {name: fields(member) for name, member in properties.items()}


def test_members_and_members_of_members_go_where_the_example_holds_them() -> None:
    catalog = derived(WRAPPERS / "showing_a_backup_rule.rst")
    assert fields(catalog.schemas["showing_a_backup_rule.normal"]) == {
        "backup_rule": {
            "name": "string",
            "id": "string",
            "retention": {"count": "integer", "period": "string"},
            "schedule": "string",
            "enabled": "boolean",
        }
    }


def test_a_member_named_as_its_object_row_is_no_duplicate() -> None:
    catalog = derived(WRAPPERS / "showing_the_api_version.rst")
    assert [issue for issue in catalog.issues if issue.kind == DUPLICATE_PARAMETER] == []
    assert fields(catalog.schemas["showing_the_api_version.normal"]) == {
        "version": {
            "id": "string",
            "links": {"href": "string", "rel": "string"},
            "version": "string",
            "status": "string",
        }
    }


def test_rows_the_example_also_holds_beside_the_object_stay_beside_it(tmp_path: Path) -> None:
    # ``name`` and ``id`` are in the wrapper and at the top level: true siblings stay.
    page = tmp_path / "showing_a_backup_rule.rst"
    text = (WRAPPERS / page.name).read_text()
    page.write_text(text.replace('"backup_rule": {', '"name": "x", "id": "y", "backup_rule": {'))
    shown = fields(derived(page).schemas["showing_a_backup_rule.normal"])
    assert {"name", "id", "backup_rule"} <= set(shown)
    assert set(shown["backup_rule"]) == {"retention", "schedule", "enabled"}


def test_an_object_the_table_rows_hardly_describe_nests_nothing(tmp_path: Path) -> None:
    # The example's ``backup_rule`` holds mostly keys no row names: not this table's object.
    page = tmp_path / "showing_a_backup_rule.rst"
    text = (WRAPPERS / page.name).read_text()
    extra = "".join(f'"extra_{n}": {n}, ' for n in range(12))
    page.write_text(text.replace('"backup_rule": {', '"backup_rule": {' + extra))
    shown = fields(derived(page).schemas["showing_a_backup_rule.normal"])
    assert {"name", "id", "schedule", "enabled", "backup_rule"} <= set(shown)


def test_an_object_row_with_a_table_of_its_own_takes_no_rows_from_its_table(
    tmp_path: Path,
) -> None:
    page = tmp_path / "showing_a_backup_rule.rst"
    text = (WRAPPERS / page.name).read_text()
    page.write_text(text.replace("The backup rule object.", "The backup rule object. See Table 7."))
    shown = fields(derived(page).schemas["showing_a_backup_rule.normal"])
    assert {"name", "id", "schedule", "enabled"} <= set(shown)


def test_without_an_example_the_table_stays_flat(tmp_path: Path) -> None:
    page = tmp_path / "showing_a_backup_rule.rst"
    text = (WRAPPERS / page.name).read_text()
    page.write_text(text.split("Example\n-------")[0])
    shown = fields(derived(page).schemas["showing_a_backup_rule.normal"])
    assert set(shown) == {
        "name",
        "id",
        "retention",
        "schedule",
        "enabled",
        "backup_rule",
        "count",
        "period",
    }


def test_a_row_the_examples_leave_out_goes_in_the_wrapper_they_hold_alone(tmp_path: Path) -> None:
    page = tmp_path / "showing_a_backup_rule.rst"
    text = (WRAPPERS / page.name).read_text()
    page.write_text(text.replace('"schedule": "0 2 * * *",', ""))
    shown = fields(derived(page).schemas["showing_a_backup_rule.normal"])
    assert set(shown) == {"backup_rule"}
    assert shown["backup_rule"]["schedule"] == "string"


def test_a_row_whose_example_value_has_another_type_still_goes_to_its_one_place(
    tmp_path: Path,
) -> None:
    # ``schedule`` is a String row, an array in the example: its place, and S001 there.
    page = tmp_path / "showing_a_backup_rule.rst"
    text = (WRAPPERS / page.name).read_text()
    page.write_text(text.replace('"schedule": "0 2 * * *",', '"schedule": ["0 2 * * *"],'))
    shown = fields(derived(page).schemas["showing_a_backup_rule.normal"])
    assert set(shown) == {"backup_rule"}
    assert shown["backup_rule"]["schedule"] == "string"
