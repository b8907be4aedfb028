"""Pages -> operations, on fixtures/docs/operations: pages of our own in the corpus's styles
(twin /v2/ and /v2.1/ lines, PATH + Method fields, HTTP request syntax blocks, RFC 6570 and
``?key={value}`` queries, body-less responses, referrals to a shared response page)."""

from __future__ import annotations

from pathlib import Path

import pytest

from envelint.catalog.store import ApiOperation, ResponseSpec
from envelint.derive import derive_catalog
from envelint.derive.operations import unique_ids
from envelint.docs.operation import REQUEST_LINE
from tests.factories import derive_from_repo

REPO = Path(__file__).resolve().parents[1]
TREE = "fixtures/docs/operations"


@pytest.fixture(scope="module")
def operations() -> dict[str, ApiOperation]:
    derived = derive_from_repo(TREE)
    return {operation.id: operation for operation in derived.operations}


def test_every_page_with_a_request_line_is_an_operation(operations):
    assert sorted(operations) == [
        "bucket-acl-get",
        "gizmo-export",
        "gizmo-list",
        "gizmo-reboot",
        "gizmo-start",
        "objects-list",
        "part-upload",
        "querying-gizmo-details",  # no label: the title, slugged
        "renaming-a-gizmo-delete",
        "renaming-a-gizmo-put",
    ]


def test_every_uri_line_of_a_page_is_a_template_of_one_operation(operations):
    start = operations["gizmo-start"]
    assert start.method == "POST"
    assert start.templates == (
        "/v2/{project_id}/gizmos/{gizmo_id}/action",
        "/v2.1/{project_id}/gizmos/{gizmo_id}/action",
    )
    assert start.path_params == ("project_id", "gizmo_id")
    assert (start.page, start.line) == (f"{TREE}/gizmos/starting_a_gizmo.rst", 16)


def test_rfc6570_query_is_split_from_the_path(operations):
    listing = operations["gizmo-list"]
    assert listing.templates == ("/v2/{project_id}/gizmos",)
    assert listing.query_params[:2] == ("limit", "marker")


def test_the_request_table_of_a_get_lists_query_parameters(operations):
    listing = operations["gizmo-list"]
    assert listing.query_params == ("limit", "marker", "color")
    assert listing.request_keys == ()


def test_path_and_method_fields_with_a_query_string(operations):
    details = operations["querying-gizmo-details"]
    assert (details.method, details.templates) == ("GET", ("/v1.0/gizmos/{gizmo_id}/details",))
    assert details.query_params == ("fields", "verbose")


def test_example_blocks_in_the_uri_section_are_not_templates(operations):
    assert operations["gizmo-export"].templates == (
        "/v1/{project_id}/gizmos/{gizmo_id}.{format}",
        "/v1/{project_id}/gizmos/latest.json",
    )


def test_http_request_syntax_blocks(operations):
    acl = operations["bucket-acl-get"]
    assert (acl.method, acl.templates, acl.query_flags) == ("GET", ("/",), ("acl",))
    part = operations["part-upload"]
    assert part.templates == ("/{ObjectName}",)  # the placeholder segment is a variable
    assert part.query_params == ("partNumber", "uploadId")
    assert operations["objects-list"].query_flags == ()


def test_status_codes_take_the_pages_bodies_and_204_has_none(operations):
    assert operations["gizmo-list"].responses == (
        ResponseSpec(200, "normal", "gizmos/listing_gizmos.normal", ("X-Total",)),
        ResponseSpec(204, "normal", None, ("X-Total",)),
    )


def test_a_response_section_saying_none_is_a_response_without_body(operations):
    assert operations["gizmo-start"].responses == (
        ResponseSpec(202, "normal", None),
        ResponseSpec(404, "abnormal", None),
    )
    assert operations["gizmo-export"].responses == (ResponseSpec(None, "normal", None),)


def test_a_referral_to_a_shared_response_page_is_followed(operations):
    reboot = operations["gizmo-reboot"]
    assert reboot.schema_ids == ("gizmos/rebooting_a_gizmo.normal",)


def test_response_headers_documented_in_a_table(operations):
    assert operations["bucket-acl-get"].responses == (
        ResponseSpec(None, "normal", None, ("x-request-id",)),
    )


def test_request_body_top_keys_from_the_request_table(operations):
    assert operations["gizmo-start"].request_keys == ("os-start",)
    assert operations["gizmo-reboot"].request_keys == ("reboot",)  # not its nested "type"
    assert operations["gizmo-reboot"].required_request_keys == ("reboot",)


def test_ids_are_unique_and_stable(operations):
    again = derive_catalog([REPO / TREE]).operations
    assert sorted(operation.id for operation in again) == sorted(operations)


def test_request_body_top_keys_from_the_request_example_when_no_table(operations):
    assert operations["renaming-a-gizmo-put"].request_keys == ("name", "description")


def test_a_page_with_two_methods_gives_two_operations(operations):
    assert operations["renaming-a-gizmo-put"].templates == ("/v2/{project_id}/gizmos/{gizmo_id}",)
    assert operations["renaming-a-gizmo-delete"].templates == (
        "/v2/{project_id}/gizmos/{gizmo_id}/name",
    )


def test_ids_made_unique_in_order():
    same = [ApiOperation("x", "GET", ("/a",)), ApiOperation("x", "GET", ("/b",))]
    assert [op.id for op in unique_ids([*same, ApiOperation("x", "GET", ("/c",))])] == [
        "x",
        "x-2",
        "x-3",
    ]


def test_status_codes_listed_as_paragraphs_of_a_status_section(operations):
    assert operations["querying-gizmo-details"].responses == (
        ResponseSpec(200, "normal", "gizmos/querying_gizmo_details.normal"),
        ResponseSpec(404, "abnormal", None),  # the page documents no error body
    )


def test_a_query_expression_with_spaces_after_its_commas_is_one_uri():
    line = "GET /v3/grants{?role.id,user.id, scope.OS-INHERIT:inherited_to,include_subtree}"
    match = REQUEST_LINE.match(line)
    assert match is not None
    assert match.group("uri") == line.removeprefix("GET ")
