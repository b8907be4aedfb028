"""envelint.derive on fixtures/docs/tree: a small reference written in the corpus' styles
(operations, status codes, cross-page links, list-item labels, captions, dynamic keys)."""

from __future__ import annotations

from pathlib import Path

import pytest

from envelint.catalog.store import Operation
from tests.factories import derive_from_repo

REPO = Path(__file__).resolve().parents[1]
TREE = "fixtures/docs/tree"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


@pytest.fixture(scope="module")
def derived():
    return derive_from_repo(TREE)


def doc(page: str, line: int, table: str | None) -> dict:
    return {"path": f"{TREE}/{page}", "line": line, "table": table, **PAGES[page]}


# Each page's title, and its name on the published site where it says (``:original_name:``).
PAGES = {
    "apis/listing_widgets.rst": {"page": "Listing Widgets", "original_name": "ListWidgets.html"},
    "apis/querying_a_gadget.rst": {
        "page": "Querying a Gadget",
        "original_name": "example_gadget.html",
    },
    "apis/renaming_a_gadget.rst": {"page": "Renaming a Gadget"},
    "apis/starting_a_widget.rst": {
        "page": "Starting a Widget",
        "original_name": "example_start_widget.html",
    },
    "common/widget_jobs.rst": {
        "page": "Widget Job Responses",
        "original_name": "example_widget_jobs.html",
    },
    "data_structures/widget_fields.rst": {
        "page": "Widget Fields",
        "original_name": "example_widget_fields.html",
    },
}


def test_one_entry_per_documented_response(derived):
    assert [(entry.id, entry.kind, entry.status) for entry in derived.entries] == [
        ("apis/listing_widgets.status-200", "status", 200),
        ("apis/listing_widgets.status-400", "status", 400),
        ("apis/querying_a_gadget.normal", "normal", None),
        ("apis/renaming_a_gadget.normal", "normal", None),
        ("apis/starting_a_widget.normal", "normal", None),
        ("apis/starting_a_widget.abnormal", "abnormal", None),
        ("common/widget_jobs.normal", "normal", None),
        ("common/widget_jobs.abnormal", "abnormal", None),
    ]


def test_operations(derived):
    operations = {entry.id.split(".")[0]: entry.operation for entry in derived.entries}
    assert operations["apis/listing_widgets"] == Operation(
        "GET", "/v2/projects/{project_id}/widgets"
    )
    assert operations["apis/querying_a_gadget"] == Operation("GET", "/v3/gadgets/{gadget_id}")
    assert operations["apis/starting_a_widget"] == Operation(
        "POST", "/v1/{project_id}/widgets/{widget_id}/start"
    )
    assert operations["apis/renaming_a_gadget"] == Operation(
        "POST", "/v3/gadgets/{gadget_id}/rename"
    )
    assert operations["common/widget_jobs"] is None


def test_array_body_with_type_cell_links_and_a_self_reference(derived):
    page, item, nics = "apis/listing_widgets.rst", "Table 3 WidgetItem", "Table 4 NicSpec"
    shared = "Table 5 Data structure of the primaryNic/extNics field"
    subnet = {
        "type": "object",
        "properties": {
            "subnetId": {
                "type": "string",
                "description": "The subnet.",
                "x-doc": doc(page, 79, shared),
            }
        },
    }
    assert derived.schemas["apis/listing_widgets.status-200"] == {
        "$schema": DIALECT,
        "title": "Listing Widgets: status 200 response",
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "id": {
                    "type": "string",
                    "description": "The widget ID.",
                    "x-doc": doc(page, 51, item),
                },
                "labels": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "Free labels.",
                    "x-doc": doc(page, 53, item),
                },
                "nics": {
                    "type": "object",
                    "properties": {
                        "primaryNic": {
                            **subnet,
                            "description": "The first NIC.",
                            "x-doc": doc(page, 69, nics),
                        },
                        "extNics": {
                            "type": "array",
                            "items": subnet,
                            "description": "More NICs.",
                            "x-doc": doc(page, 71, nics),
                        },
                    },
                    "description": "The NICs.",
                    "x-doc": doc(page, 55, item),
                },
                "parent": {
                    "type": "object",
                    "description": "The widget this one hangs off.",
                    "x-doc": doc(page, 57, item),
                },
                "weight": {"description": "How heavy it is.", "x-doc": doc(page, 59, item)},
            },
        },
        "description": "The widgets.",
        "x-doc": doc(page, 41, "Table 2 Response body parameters"),
    }


def test_one_schema_per_status_code(derived):
    error = derived.schemas["apis/listing_widgets.status-400"]
    assert error["title"] == "Listing Widgets: status 400 response"
    assert list(error["properties"]) == ["error_code", "error_msg"]
    assert error["properties"]["error_msg"]["x-doc"]["line"] == 91


def test_abnormal_response_documented_on_another_page(derived):
    abnormal = derived.schemas["apis/starting_a_widget.abnormal"]
    assert abnormal["title"] == "Starting a Widget: abnormal response"
    assert abnormal["properties"] == derived.schemas["common/widget_jobs.abnormal"]["properties"]
    assert abnormal["properties"]["error"]["x-doc"]["path"] == f"{TREE}/common/widget_jobs.rst"


def test_link_to_a_page_finds_the_table_named_after_the_field(derived):
    widget = derived.schemas["apis/starting_a_widget.normal"]["properties"]["widget"]
    assert widget["x-doc"] == doc("apis/starting_a_widget.rst", 52, "Table 2 Response parameters")
    assert list(widget["properties"]) == ["name", "spec", "state"]
    assert widget["properties"]["name"]["x-doc"] == doc(
        "data_structures/widget_fields.rst", 16, "Table 1 widget field description"
    )


def test_header_variants_and_mandatory_column(derived):
    spec = derived.schemas["apis/starting_a_widget.normal"]["properties"]["widget"]["properties"][
        "spec"
    ]
    assert spec["required"] == ["size", "created"]
    assert spec["properties"]["size"]["description"] == "How many parts the widget has."
    assert spec["properties"]["extendParam"]["properties"]["colour"]["x-doc"]["line"] == 44


def test_enum_and_format_annotations(derived):
    widget = derived.schemas["apis/starting_a_widget.normal"]["properties"]["widget"]
    assert widget["properties"]["state"]["enum"] == ["STARTING", "RUNNING", "STOPPED"]
    created = widget["properties"]["spec"]["properties"]["created"]
    assert created["x-format"] == "date-time" and "format" not in created
    job_id = derived.schemas["apis/starting_a_widget.normal"]["properties"]["job_id"]
    assert job_id["x-format"] == "uuid"
    assert job_id["description"] == "Definition Names the start job, a UUID. Range N/A"


def test_list_item_labels_captions_and_dynamic_keys(derived):
    schema = derived.schemas["apis/querying_a_gadget.normal"]
    assert schema["required"] == ["gadget"]
    gadget = schema["properties"]["gadget"]
    assert list(gadget["properties"]) == ["id", "domain_name", "domain_id", "owner", "tags"]
    assert gadget["required"] == ["id"]
    assert gadget["properties"]["owner"]["properties"]["name"]["x-doc"]["line"] == 58
    tags = gadget["properties"]["tags"]
    assert "properties" not in tags
    assert tags["additionalProperties"]["type"] == "string"
    assert tags["additionalProperties"]["x-doc"]["line"] == 66


def test_issues_point_at_the_cells(derived):
    page = f"{TREE}/apis/listing_widgets.rst"
    assert [(issue.kind, issue.path, issue.line, issue.column) for issue in derived.issues] == [
        ("malformed-header", page, 21, 31),
        ("unknown-type", page, 59, 18),
        ("structure-missing", f"{TREE}/data_structures/widget_fields.rst", 34, 20),
    ]


def test_older_conversion_table_number_and_html_anchor(derived):
    page = "apis/renaming_a_gadget.rst"
    gadget = derived.schemas["apis/renaming_a_gadget.normal"]["properties"]["gadget"]
    assert gadget["x-doc"] == doc(page, 17, None)
    assert gadget["properties"]["name"]["x-doc"] == doc(page, 27, "Table 2 Renamed gadget")
    refusal = gadget["properties"]["refusal"]
    assert list(refusal["properties"]) == ["message", "code"]
    assert refusal["properties"]["code"]["x-doc"] == doc(
        "common/widget_jobs.rst", 33, "Table 1 error field structure"
    )


def test_statistics(derived):
    assert derived.stats == {
        "pages": 6,
        "operation_pages": 4,
        "operation_pages_with_response_table": 4,
        "operation_pages_with_schema": 4,
        "schemas": 8,
        "links_resolved": 9,
        "links_unresolved": 0,
        "unknown_types": 1,
        "operations": 4,
        "request_body_schemas": 0,
    }
