"""Reading HAR captures: bodies, request context, skipped entries and positions in the file."""

from __future__ import annotations

import base64
import json

import pytest

from envelint.captures import har_file
from envelint.common.errors import EnvelintError
from tests.conftest import FIXTURES

HAR = FIXTURES / "captures" / "ecs-console.har"
PROJECT = "https://ecs.eu-de.otc.t-systems.com/v1/0504e0a4c5f04ed8a2a3b8b3a3a6e0f1"


def payloads(data: bytes | None = None):
    return list(har_file.read("ecs-console.har", data if data is not None else HAR.read_bytes()))


def file_at(line: int, column: int) -> str:
    """The HAR file's text from (line, column) to the end of that line."""
    return HAR.read_text(encoding="utf-8").splitlines()[line - 1][column - 1 :]


def har_with(*entries: object) -> bytes:
    return json.dumps({"log": {"version": "1.2", "entries": list(entries)}}, indent=2).encode()


def json_entry(text: object, status: object = 200, **content: object) -> dict:
    return {
        "request": {"method": "POST", "url": PROJECT + "/cloudservers/action"},
        "response": {
            "status": status,
            "content": {"mimeType": "application/json", "text": text, **content},
        },
    }


def test_every_json_response_becomes_a_payload_with_its_request():
    found = [(p.method, p.url.removeprefix(PROJECT), p.status) for p in payloads()]
    assert found == [
        ("POST", "/cloudservers", 200),
        ("POST", "/cloudservers/delete", 200),
        ("POST", "/cloudservers/action", 400),
        ("POST", "/cloudservers/action", 200),
        ("POST", "/cloudservers/action", 500),
        ("POST", "/cloudservers/delete", 200),
        ("POST", "/cloudservers/hibernate", 200),
        ("POST", "/cloudservers", 422),
        ("POST", "/cloudservers/action", 400),
    ]


def test_bodies_are_the_decoded_strings():
    bodies = [p.text for p in payloads()]
    assert json.loads(bodies[0]) == {
        "job_id": "ff80808288d41e1b018990260955686a",
        "serverIds": ["b6c2e3a6-2a6b-4cf0-9a3e-5ae8f6a3c3b1"],
    }
    assert bodies[1] == '{"job_id":"ff80808288d41e1b0189902a7f7b6a02"}'
    assert (
        bodies[2]
        == '{"error": {"message": "Ungültige Anfrage: \\"os-start\\" fehlt", "code": 400}}'
    )
    assert bodies[4] == '{"error": {"message": "", "code": XXX}}'
    assert bodies[5] == '{"job_id": "ff808082'
    assert bodies[6] == '{"job_id": "ff80808288d41e1b01899040aa1c7d33"}'
    assert json.loads(bodies[7]) == {
        "error": {"message": "Flavor s3.large.2 is sold out.", "code": "Ecs.0039"}
    }
    assert bodies[8] == '{"error": {"message": "Insufficient ECS quota 🚀", "code": "Ecs.0001"}}'


def test_data_is_the_utf8_encoding_of_the_body():
    body = payloads()[2]
    assert body.data == body.text.encode("utf-8")
    assert "ü".encode() in body.data


def test_base64_body_is_decoded():
    assert payloads()[3].data == b'{"job_id": "ff80808288d41e1b01899031e2f36c15"}'


def test_base64_body_maps_every_offset_to_the_start_of_its_string():
    body = payloads()[3]
    assert body.position(0) == body.position(20) == (332, 22)
    assert file_at(332, 21).startswith('"eyJqb2JfaWQi')


def test_payload_line_and_column_are_where_the_body_starts_in_the_file():
    first = payloads()[0]
    assert (first.line, first.column) == (76, 22)
    assert file_at(76, 22).startswith("{\\n")


def test_source_line_is_the_har_file_line_without_its_line_ending():
    first = payloads(HAR.read_bytes().replace(b"\n", b"\r\n"))[0]
    assert first.source_line(76) == HAR.read_text(encoding="utf-8").splitlines()[75]
    assert first.source_line(10**6) == ""


def test_position_walks_over_escaped_newlines():
    body = payloads()[0]
    offset = body.text.index('"serverIds"')
    line, column = body.position(offset)
    assert line == 76
    assert file_at(line, column).startswith('\\"serverIds\\"')


def test_position_walks_over_a_unicode_escape():
    body = payloads()[2]
    line, column = body.position(body.text.index("ü"))
    assert file_at(line, column).startswith("\\u00fcltige")
    line, column = body.position(body.text.index("ltige"))
    assert file_at(line, column).startswith("ltige")


def test_position_walks_over_escaped_quotes():
    body = payloads()[2]
    line, column = body.position(body.text.index("400"))
    assert file_at(line, column).startswith("400}}")
    backslash = body.text.index('\\"os-start')  # the body holds \" : a backslash, a quote
    line, column = body.position(backslash)
    assert file_at(line, column).startswith('\\\\\\"os-start')
    line, column = body.position(backslash + 1)
    assert file_at(line, column).startswith('\\"os-start')


def test_a_surrogate_pair_escape_is_one_body_character():
    body = payloads()[8]
    line, column = body.position(body.text.index("🚀"))
    assert file_at(line, column).startswith("\\ud83d\\ude80")
    line, column = body.position(body.text.index('", "code"'))
    assert file_at(line, column).startswith('\\", \\"code\\"')


def test_the_offset_past_the_end_is_the_closing_quote():
    body = payloads()[1]
    line, column = body.position(len(body.text))
    assert file_at(line, column) == '"'


def test_non_json_and_odd_entries_are_listed_as_skipped():
    skipped = har_file.skipped_entries("ecs-console.har", HAR.read_bytes())
    assert [(entry.index, entry.reason) for entry in skipped] == [
        (1, "not a JSON response (content type text/html; charset=utf-8)"),
        (9, "not a JSON response (content type image/png)"),
        (10, "no response.content.text"),
        (12, "response.status is not a number: '200'"),
        (13, "the entry has no response"),
    ]


def test_skipped_entry_carries_what_is_known_and_where_the_entry_is():
    favicon = har_file.skipped_entries("ecs-console.har", HAR.read_bytes())[1]
    assert favicon.url == "https://console.otc.t-systems.com/favicon.ico"
    assert (favicon.method, favicon.status, favicon.mime_type) == ("GET", 200, "image/png")
    assert file_at(favicon.line, favicon.column) == "{"


@pytest.mark.parametrize(
    "entry",
    [
        "not an entry",
        {"request": {"method": "GET", "url": "/"}},
        {"response": None},
        {"response": {"status": 200}},
        {"response": {"status": 200, "content": None}},
        {"response": {"status": 0, "content": {"mimeType": "application/json", "text": "{}"}}},
        json_entry(None),
        json_entry(""),
        json_entry(42),
        json_entry("{}", status="200"),
        json_entry("{}", status=True),
        json_entry("{}", status=None),
        json_entry("{}", encoding="gzip"),
        json_entry("not base64!", encoding="base64"),
    ],
)
def test_odd_entries_are_skipped_without_raising(entry):
    data = har_with(entry)
    assert payloads(data) == []
    assert len(har_file.skipped_entries("x.har", data)) == 1


@pytest.mark.parametrize(
    "media_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "text/json",
        "application/problem+json",
    ],
)
def test_json_media_types(media_type):
    assert har_file.is_json_media_type(media_type)


@pytest.mark.parametrize("media_type", ["text/html", "application/jsonp", "text/plain", "", None])
def test_non_json_media_types(media_type):
    assert not har_file.is_json_media_type(media_type)


def test_content_type_header_stands_in_for_a_missing_mime_type():
    entry = json_entry('{"job_id": "x"}')
    del entry["response"]["content"]["mimeType"]
    entry["response"]["headers"] = [{"name": "Content-Type", "value": "application/json"}]
    [payload] = payloads(har_with(entry))
    assert payload.text == '{"job_id": "x"}'


def test_lone_surrogate_is_replaced_one_for_one():
    data = har_with(json_entry('{"message": "\ud800", "code": 1}'))
    [payload] = payloads(data)
    assert payload.text == '{"message": "\ufffd", "code": 1}'
    line, column = payload.position(payload.text.index("code"))
    assert data.decode().splitlines()[line - 1][column - 1 :].startswith('code\\"')


def test_base64_body_may_be_anything():
    png = base64.b64encode(b"\x89PNG").decode()
    [payload] = payloads(har_with(json_entry(png, encoding="base64")))
    assert payload.data == b"\x89PNG"


def test_broken_har_is_an_error_with_its_position():
    with pytest.raises(EnvelintError, match=r"^x\.har:3:1: not a valid HAR file"):
        list(har_file.read("x.har", b'{"log": {"entries": [\n{"request": {}},\n]}}'))


def test_json_without_log_entries_is_an_error():
    with pytest.raises(EnvelintError, match="no log.entries"):
        list(har_file.read("x.har", b'{"log": {"version": "1.2"}}'))


def test_deep_nesting_is_an_error_not_a_crash():
    with pytest.raises(EnvelintError, match="nested too deeply"):
        list(har_file.read("x.har", b'{"log": ' + b"[" * 5000 + b"]" * 5000 + b"}"))


def test_an_entry_carries_its_request_body_as_json():
    har = FIXTURES / "captures" / "ecs-console.har"
    payloads = list(har_file.read("ecs-console.har", har.read_bytes()))
    bodies = [payload.request_body for payload in payloads if payload.method == "POST"]
    assert {"server": {"name": "web-01", "flavorRef": "s3.large.2"}} in bodies
