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


@pytest.fixture(scope="module")
def referrals() -> Any:
    return derive("referrals")


def properties(derived: Any, schema_id: str) -> list[str]:
    return list(derived.schemas[schema_id]["properties"])


def test_a_linked_referral_in_a_response_section_is_followed(referrals):
    assert properties(referrals, "resizing_a_volume.normal") == ["task_id"]


def test_a_referral_naming_a_page_title_without_a_link_is_followed(referrals):
    assert properties(referrals, "resizing_a_volume.abnormal") == ["error_code", "error_msg"]


def test_a_referral_under_a_status_marker_documents_that_status(referrals):
    assert properties(referrals, "querying_a_task.status-404") == ["error_code", "error_msg"]


def test_a_link_to_another_operation_is_no_response_referral(referrals):
    ids = {entry.id for entry in referrals.entries if entry.id.startswith("resizing")}
    assert ids == {"resizing_a_volume.normal", "resizing_a_volume.abnormal"}


def test_a_response_field_takes_its_structure_from_the_response_side():
    derived = derive("response_side.rst")
    volume = derived.schemas["response_side.normal"]["properties"]["volume"]
    attachments = volume["properties"]["attachments"]["items"]
    assert list(attachments["properties"]) == ["attachment_id", "device"]


def test_description_of_field_names_the_field_after_the_word_field():
    from envelint.derive.captions import _name_in

    found = _name_in("Description of field access_list")
    assert found is not None and found.path == ("access_list",)


def test_a_plural_field_takes_the_table_named_in_the_singular():
    from envelint.derive.captions import CaptionName

    assert CaptionName(path=("share",)).score(("shares",)) == 1
    assert CaptionName(path=("policy",)).score(("policies",)) == 1
    assert CaptionName(path=("address",)).score(("addresses",)) == 0


def test_a_response_field_never_takes_a_request_table_by_its_name():
    # List<widget_label> names no table; the request side's "field **label**" table (key,
    # values) describes what is sent, so the response items stay untyped.
    derived = derive("other_side_only.rst")
    widget = derived.schemas["other_side_only.normal"]["properties"]["widgets"]["items"]
    labels = widget["properties"]["labels"]
    assert labels["type"] == "array"
    assert "properties" not in labels.get("items", {})


def test_lint_checks_no_response_item_against_a_request_table():
    from tests.helpers import run_cli

    result = run_cli(
        "lint", str(STRUCTURE / "other_side_only.rst"), "--no-cache", "--format", "text"
    )
    assert " S003 " not in result.output, result.output


@pytest.mark.parametrize(
    ("title", "side"),
    [
        ("Request Message", "request"),
        ("Requests", "request"),
        ("Response Parameter", "response"),
        ("Example Responses", "response"),
        ("Request and Response", None),
        ("Parameters", None),
        (None, None),
    ],
)
def test_the_side_a_section_title_names(title, side):
    from envelint.derive.builder import section_side

    assert section_side(title) == side
