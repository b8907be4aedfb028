"""``validate`` and ``check`` check a captured request's body against the request body schema
of the operation its method and URL match: HAR (also when the response has no body), raw HTTP
and access logs with a request body field."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "fixtures" / "docs" / "requests"
CAPTURES = ROOT / "fixtures" / "captures" / "requests"


def request_findings(name: str) -> list[dict[str, object]]:
    result = run_cli("check", "--no-cache", "--format", "json", str(DOCS), str(CAPTURES / name))
    findings: list[dict[str, object]] = json.loads(result.output)["findings"]
    return [finding for finding in findings if finding["side"] == "request"]


def summary(findings: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(f["code"], f["line"], f["column"], f["pointer"]) for f in findings]


def test_a_har_request_body_is_checked_against_its_operation():
    findings = request_findings("widgets.har")
    assert summary(findings) == [("S002", 14, 35, "/widget"), ("S001", 27, 97, "/force")]
    assert findings[0]["operation"] == "POST /v1/{project_id}/workshops/{workshop_id}/widgets"
    assert findings[0]["schema"] == "creating_a_widget.request"
    assert str(findings[0]["message"]).startswith("request body: ")


def test_a_request_is_checked_when_its_response_has_no_body():
    findings = request_findings("widgets.har")
    assert findings[1]["operation"] == "POST /v1/{project_id}/widgets/batch-delete"


def test_a_raw_http_request_body_is_checked_at_its_lines():
    assert summary(request_findings("create-widget.http")) == [("S001", 7, 12, "/count")]


def test_an_access_log_request_body_field_is_checked_in_its_line():
    assert summary(request_findings("widgets-access.jsonl")) == [
        ("S001", 1, 132, "/widget/tags/0"),
        ("S002", 2, 89, ""),
    ]


def test_a_request_that_matches_no_operation_is_not_checked(tmp_path):
    capture = tmp_path / "other.jsonl"
    record = {"method": "POST", "url": "/v9/elsewhere", "request_body": {"x": 1}, "body": {}}
    capture.write_text(json.dumps(record) + "\n")
    result = run_cli("check", "--no-cache", "--format", "json", str(DOCS), str(capture))
    assert not [f for f in json.loads(result.output)["findings"] if f["side"] == "request"]


def har_with_request(tmp_path: Path, post_data: dict[str, object]) -> Path:
    entry = {
        "request": {
            "method": "POST",
            "url": "https://widgets.example.com/v1/p1/widgets/batch-delete",
            "postData": post_data,
        },
        "response": {"status": 204, "content": {"mimeType": "", "text": ""}},
    }
    path = tmp_path / "form.har"
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": [entry]}}, indent=1))
    return path


def side_findings(capture: Path) -> list[dict[str, object]]:
    result = run_cli("check", "--no-cache", "--format", "json", str(DOCS), str(capture))
    return [f for f in json.loads(result.output)["findings"] if f["side"] == "request"]


def test_a_form_request_body_is_not_checked_as_json(tmp_path):
    form = {"mimeType": "application/x-www-form-urlencoded", "text": "ids=w-1&force=true"}
    assert side_findings(har_with_request(tmp_path, form)) == []


def test_a_request_body_without_a_media_type_is_checked_when_it_opens_like_json(tmp_path):
    body = {"text": '{"force": true}'}
    assert [f["code"] for f in side_findings(har_with_request(tmp_path, body))] == ["S002"]


def test_a_raw_http_request_with_an_xml_body_is_not_checked(tmp_path):
    capture = tmp_path / "xml.http"
    capture.write_bytes(
        b"POST /v1/p1/widgets/batch-delete HTTP/1.1\r\nHost: w.example.com\r\n\r\n"
        b"<Delete><Id>w-1</Id></Delete>\r\n\r\nHTTP/1.1 200 OK\r\n"
        b"Content-Type: application/json\r\n\r\n{}\r\n"
    )
    assert side_findings(capture) == []


def test_the_readme_har_is_checked_on_both_sides():
    result = run_cli(
        "check", "--no-cache", "--format", "json", str(DOCS), str(CAPTURES / "widgets.har")
    )
    sides = {(f["side"], f["code"], f["line"]) for f in json.loads(result.output)["findings"]}
    assert {("request", "S002", 14), ("response", "S001", 19)} <= sides


def paint_har(tmp_path: Path, query: str) -> Path:
    entry = {
        "request": {
            "method": "PUT",
            "url": f"https://w.example.com/v1/p1/widgets/w-1/paint{query}",
        },
        "response": {"status": 204, "content": {"mimeType": "", "text": ""}},
    }
    path = tmp_path / "paint.har"
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": [entry]}}, indent=1))
    return path


def parameter_findings(capture: Path) -> list[tuple[object, ...]]:
    return [
        (f["code"], f["line"], f["column"], str(f["message"]).split(" is ")[0], f["doc"]["line"])  # type: ignore[index]
        for f in side_findings(capture)
    ]


def test_a_query_value_outside_the_documented_list_is_s004_at_the_url(tmp_path):
    assert parameter_findings(paint_har(tmp_path, "?finish=shiny")) == [
        ("S004", 8, 14, "request: query parameter `finish`", 27)
    ]


def test_a_query_value_not_of_its_type_is_s001(tmp_path):
    found = parameter_findings(paint_har(tmp_path, "?finish=matte&coats=two"))
    assert found == [("S001", 8, 14, "request: query parameter `coats`", 31)]


def test_a_mandatory_query_parameter_missing_from_the_url_is_s002(tmp_path):
    [finding] = side_findings(paint_har(tmp_path, "?coats=2"))
    assert finding["code"] == "S002" and "`finish`" in str(finding["message"])


def test_documented_query_values_give_nothing(tmp_path):
    assert side_findings(paint_har(tmp_path, "?finish=gloss&coats=3")) == []


def test_a_raw_http_request_line_locates_its_parameters(tmp_path):
    capture = tmp_path / "paint.http"
    capture.write_bytes(
        b"\r\nPUT /v1/p1/widgets/w-1/paint?finish=shiny HTTP/1.1\r\nHost: w.example.com\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}\r\n"
    )
    assert [(f["code"], f["line"], f["column"]) for f in side_findings(capture)] == [("S004", 2, 1)]


def test_a_raw_http_request_is_checked_when_its_response_has_no_body(tmp_path):
    capture = tmp_path / "delete.http"
    capture.write_bytes(
        b"POST /v1/p1/widgets/batch-delete HTTP/1.1\r\nHost: w.example.com\r\n"
        b'Content-Type: application/json\r\n\r\n{"force": true}\r\n\r\n'
        b"HTTP/1.1 204 No Content\r\n\r\n"
    )
    result = run_cli("check", "--no-cache", "--format", "json", str(DOCS), str(capture))
    report = json.loads(result.output)
    assert [(f["code"], f["line"], f["side"]) for f in report["findings"]] == [
        ("S002", 5, "request")
    ]
    assert report["summary"]["payloads"] == 0  # the response has no body to count


def test_an_interim_100_continue_does_not_check_the_request_twice(tmp_path):
    capture = tmp_path / "continue.http"
    capture.write_bytes(
        b"POST /v1/p1/widgets/batch-delete HTTP/1.1\r\nHost: w.example.com\r\n\r\n"
        b'{"force": true}\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n'
    )
    assert [f["code"] for f in side_findings(capture)] == ["S002"]


def test_an_empty_query_value_is_left_alone(tmp_path):
    assert side_findings(paint_har(tmp_path, "?finish=&coats=")) == []


def test_an_indexed_query_key_stands_for_its_parameter(tmp_path):
    assert side_findings(paint_har(tmp_path, "?finish.0=gloss")) == []


def test_a_placeholder_for_the_whole_query_pair_stands_for_its_parameter(tmp_path):
    assert side_findings(paint_har(tmp_path, "?{finish}")) == []
