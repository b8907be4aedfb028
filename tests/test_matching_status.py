"""The HTTP context decides the documented response, and a status decides it within the
operation: never another operation's response, never a guess by the body's shape."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURES
from tests.helpers import run_cli

DOCS = FIXTURES / "docs" / "operations"
ERROR_BODY = '{"error_code": "GZ.404", "error_msg": "no such gizmo"}'


def findings(tmp_path: Path, operation: str, status: int, body: str = ERROR_BODY) -> list[dict]:
    capture = tmp_path / "body.json"
    capture.write_text(body)
    args = ["--operation", operation, "--status", str(status), "--format", "json"]
    result = run_cli("check", str(DOCS), str(capture), *args)
    return json.loads(result.output)["findings"]


def test_a_listed_status_with_no_body_table_has_nothing_to_check(tmp_path):
    # the page lists 200 and 404, and documents a body for 200 only
    assert findings(tmp_path, "GET /v1.0/gizmos/{gizmo_id}/details", 404) == []


def test_an_unlisted_status_is_e007_naming_the_listed_ones_and_nothing_else(tmp_path):
    [finding] = findings(tmp_path, "GET /v2/{project_id}/gizmos", 418)
    assert finding["code"] == "E007"
    assert "(the page lists 200, 204)" in finding["message"]


def test_an_unlisted_status_names_the_operation_and_page_it_matched(tmp_path):
    [finding] = findings(tmp_path, "GET /v2/{project_id}/gizmos", 418)
    assert (finding["operation"], finding["schema"]) == ("GET /v2/{project_id}/gizmos", None)
    assert finding["page"].endswith("gizmos/listing_gizmos.rst")


def test_an_error_on_a_page_with_no_error_response_is_not_checked_against_another_page(tmp_path):
    # the page lists 200 and 204; another page of the tree documents an error body
    assert [f["code"] for f in findings(tmp_path, "GET /v2/{project_id}/gizmos", 500)] == ["E007"]


def test_a_request_body_that_picks_an_operation_without_a_body_table_is_documented(tmp_path):
    capture = tmp_path / "start.http"
    capture.write_text(
        "> POST /v2/p1/gizmos/g1/action HTTP/1.1\n> Host: x\n"
        "> Content-Type: application/json\n>\n"
        '{"os-start": {}}\n'
        "< HTTP/1.1 202 Accepted\n< Content-Type: application/json\n<\n"
        '{"job_id": "x"}\n'
    )
    result = run_cli("check", str(DOCS), str(capture), "--format", "json")
    assert json.loads(result.output)["findings"] == []
