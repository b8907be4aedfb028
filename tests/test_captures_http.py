"""Reading raw HTTP responses and curl -i / curl -v output."""

from __future__ import annotations

import json

from envelint.captures import http_file
from tests.conftest import FIXTURES

CAPTURES = FIXTURES / "captures"
ACTION_URL = (
    "https://ecs.eu-de.otc.t-systems.com/v1/0504e0a4c5f04ed8a2a3b8b3a3a6e0f1/cloudservers/action"
)


def read_fixture(name: str):
    """The payloads that hold a response body."""
    payloads = http_file.read(name, (CAPTURES / name).read_bytes())
    return [payload for payload in payloads if not payload.request_only]


def read_text(text: str):
    return [p for p in http_file.read("x.http", text.encode()) if not p.request_only]


def file_at(name: str, line: int, column: int) -> str:
    return (CAPTURES / name).read_text(encoding="utf-8").splitlines()[line - 1][column - 1 :]


def test_curl_i_output_gives_the_body_and_status():
    [payload] = read_fixture("curl-i-create-ecs.txt")
    assert json.loads(payload.data)["job_id"] == "ff80808288d41e1b018990260955686a"
    assert (payload.status, payload.method, payload.url) == (200, None, None)


def test_curl_i_body_position():
    [payload] = read_fixture("curl-i-create-ecs.txt")
    assert (payload.line, payload.column) == (10, 1)
    line, column = payload.position(payload.text.index('"serverIds"'))
    assert file_at("curl-i-create-ecs.txt", line, column).startswith('"serverIds":[')


def test_curl_v_output_gives_body_method_url_and_status():
    [payload] = read_fixture("curl-v-start-ecss.txt")
    assert (payload.method, payload.url, payload.status) == ("POST", ACTION_URL, 400)
    assert json.loads(payload.data) == {
        "error": {
            "message": "Invalid parameter values. Contact customer service.",
            "code": "Ecs.0005",
        }
    }


def test_curl_v_closing_note_is_cut_from_the_body():
    [payload] = read_fixture("curl-v-start-ecss.txt")
    assert payload.data.endswith(b"    }\n}")


def test_curl_v_closing_connection_note_is_cut_from_the_body():
    [payload] = read_text('< HTTP/1.1 200 OK\n<\n{"job_id": "a1"}* Closing connection 0\n')
    assert payload.data == b'{"job_id": "a1"}'


def test_a_body_that_mentions_curl_notes_keeps_them():
    body = '{"note": "see * Closing connection 0", "host": "* Connection #0 to host x left intact"}'
    [payload] = read_text(f"HTTP/1.1 200 OK\n\n{body}\n")
    assert payload.data == body.encode()


def test_curl_v_body_position():
    [payload] = read_fixture("curl-v-start-ecss.txt")
    assert payload.line == 41
    line, column = payload.position(payload.text.index('"Ecs.0005"'))
    assert (line, column) == (44, 17)
    assert file_at("curl-v-start-ecss.txt", line, column).startswith('"Ecs.0005"')


def test_two_raw_responses_in_one_file():
    first, second = read_fixture("two-responses.http")
    assert (first.status, first.line) == (200, 6)
    assert first.data == b'{\n    "job_id": "ff80808288d41e1b0189902a7f7b6a02"\n}'
    assert (second.status, second.line) == (404, 15)
    assert json.loads(second.data)["error"]["code"] == "Ecs.0114"


def test_raw_response_position_inside_the_second_body():
    _, second = read_fixture("two-responses.http")
    line, column = second.position(second.text.index('"Ecs.0114"'))
    assert file_at("two-responses.http", line, column) == '"Ecs.0114"}}'


def test_raw_exchange_takes_method_and_url_from_the_request():
    [payload] = read_text(
        "POST /v1/p1/cloudservers/delete HTTP/1.1\n"
        "Host: ecs.example.com\n"
        "Content-Type: application/json\n"
        "\n"
        '{"servers": [{"id": "s1"}]}\n'
        "\n"
        "HTTP/1.1 200 OK\n"
        "\n"
        '{"job_id": "j1"}\n'
    )
    assert (payload.method, payload.url) == (
        "POST",
        "http://ecs.example.com/v1/p1/cloudservers/delete",
    )
    assert (payload.data, payload.line) == (b'{"job_id": "j1"}', 9)


def test_each_response_takes_the_request_before_it():
    first, second = read_text(
        "> GET /v1/p1/cloudservers/s1 HTTP/1.1\n> Host: h\n>\n< HTTP/1.1 200 OK\n<\n"
        '{"server": {}}\n'
        "> POST /v1/p1/cloudservers/action HTTP/1.1\n> Host: h\n>\n< HTTP/1.1 202 Accepted\n<\n"
        '{"job_id": "j1"}\n'
    )
    assert (first.method, first.url) == ("GET", "http://h/v1/p1/cloudservers/s1")
    assert (second.method, second.url, second.status) == (
        "POST",
        "http://h/v1/p1/cloudservers/action",
        202,
    )


def test_responses_without_a_body_give_no_payload():
    payloads = read_text(
        "HTTP/1.1 100 Continue\n\nHTTP/1.1 204 No Content\nDate: x\n\n"
        'HTTP/2 200 \nContent-Type: application/json\n\n{"job_id": "j1"}'
    )
    assert [(p.status, p.data) for p in payloads] == [(200, b'{"job_id": "j1"}')]


def test_crlf_body_keeps_its_bytes_but_not_the_final_line_ending():
    [payload] = read_text('HTTP/1.1 200 OK\r\n\r\n{\r\n  "job_id": "j1"\r\n}\r\n')
    assert payload.data == b'{\r\n  "job_id": "j1"\r\n}'
    assert payload.position(payload.text.index('"job_id"')) == (4, 3)


def test_chatter_inside_a_body_is_left_out_and_positions_follow_the_file():
    text = (
        "< HTTP/1.1 200 OK\n"
        "< Content-Type: application/json\n"
        "<\n"
        "{\n"
        '  "job_id":\n'
        "{ [12 bytes data]\n"
        '  "j1"\n'
        "}\n"
    )
    [payload] = read_text(text)
    assert payload.data == b'{\n  "job_id":\n  "j1"\n}'
    assert payload.position(payload.text.index('"j1"')) == (7, 3)
    assert payload.position(payload.text.index("}")) == (8, 1)


def test_progress_meter_is_chatter():
    [payload] = read_text(
        "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
        "                                 Dload  Upload   Total   Spent    Left  Speed\n"
        "HTTP/1.1 200 OK\n\n"
        '{"job_id": "j1"}\n'
        "100    16  100    16    0     0    123      0 --:--:-- --:--:-- --:--:--   124\n"
    )
    assert payload.data == b'{"job_id": "j1"}'


def test_no_status_line_means_no_payload():
    assert read_text('{"job_id": "j1"}\n') == []


def test_curl_v_transcript_gives_the_request_body_shown_after_the_request_head():
    [payload] = read_fixture("curl-v-stop-server.txt")
    assert payload.request_body == {"createImage": {"name": "web-01-backup"}}
    assert (payload.method, payload.status, payload.line) == ("POST", 400, 34)


def test_curl_v_data_note_in_place_of_the_request_body_gives_none():
    [payload] = read_fixture("curl-v-start-ecss.txt")
    assert payload.request_body is None


def test_raw_exchange_gives_the_request_body_after_the_request_head():
    [payload] = read_text(
        "POST /v2/p/servers/s/action HTTP/1.1\nHost: ecs.example.com\n\n"
        '{"os-start": {}}\n\nHTTP/1.1 400 Bad Request\n\n{"error": {}}\n'
    )
    assert payload.request_body == {"os-start": {}}


def test_a_request_body_that_is_not_json_gives_none():
    [payload] = read_text(
        'POST /upload HTTP/1.1\n\nname=web-01\n\nHTTP/1.1 200 OK\n\n{"ok": true}\n'
    )
    assert payload.request_body is None


def test_a_body_less_final_response_gives_its_request_to_check():
    payloads = list(http_file.read("x", (CAPTURES / "curl-v-stop-server.txt").read_bytes()))
    only = [payload for payload in payloads if payload.request_only]
    assert [(p.status, p.method, p.request_at, p.data) for p in only] == [
        (202, "POST", (6, 1), b"")
    ]
    assert only[0].request is not None and b"os-stop" in only[0].request.data


def test_an_interim_response_gives_nothing():
    text = "POST /a HTTP/1.1\n\n{}\n\nHTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\n\n{}\n"
    payloads = list(http_file.read("x.http", text.encode()))
    assert [(p.status, p.request_only) for p in payloads] == [(200, False)]
