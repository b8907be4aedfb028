"""Reading JSON Lines access logs: method, URL, status and bodies under configurable names."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from envelint.captures import access_log, jsonl_file
from envelint.captures.access_log import AccessLogFields
from tests.conftest import FIXTURES

LOG = FIXTURES / "captures" / "access-log.jsonl"
GATEWAY = FIXTURES / "captures" / "gateway" / "access.jsonl"
NESTED = AccessLogFields.configured(
    {"method": "req.verb", "url": "req.path", "status": "res.code", "body": "res.payload",
     "request-body": "req.payload"}
)  # fmt: skip


def read(path, fields: AccessLogFields = access_log.DEFAULT_FIELDS):
    return list(jsonl_file.read_stream(path.name, path.open("rb"), fields))


def line_of(path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


def test_common_gateway_names_are_recognised_without_configuration():
    first = read(LOG)[0]
    assert (first.method, first.url, first.status) == (
        "GET",
        "/v2/projects/p1/widgets?limit=2",
        200,
    )


def test_a_body_logged_as_a_json_string_is_decoded():
    assert json.loads(read(LOG)[0].data) == [{"id": 5, "labels": {"team": "blue"}}]


def test_a_string_body_positions_point_through_its_escapes_into_the_line():
    first = read(LOG)[0]
    offset = first.text.index("5")
    line, column = first.position(offset)
    assert (line, line_of(LOG, 1)[column - 1 : column + 2]) == (1, "5, ")


def test_a_body_logged_as_an_object_is_its_own_text():
    second = read(LOG)[1]
    assert second.text == '{"error_code": "WGT.0400", "error_msg": 7}'


def test_an_object_body_positions_are_its_columns_in_the_line():
    second = read(LOG)[1]
    line, column = second.position(second.text.index("7"))
    assert (line, line_of(LOG, 2)[column - 1 :]) == (2, "7}}")


def test_the_excerpt_is_the_line_the_user_has():
    second = read(LOG)[1]
    assert second.excerpt(0) == line_of(LOG, 2)


def test_a_record_without_a_body_gives_no_payload():
    assert [payload.line for payload in read(LOG)] == [1, 2, 3, 4, 5]


def test_a_request_body_logged_as_a_string_is_read_as_json():
    assert read(LOG)[4].request_body == {"start": {"mode": "cold"}}


def test_configured_dotted_names_reach_nested_members():
    first, second = read(GATEWAY, NESTED)
    assert (first.method, first.url, first.status) == ("GET", "/v2/projects/p1/widgets", 400)
    assert second.request_body == {"start": {}}


def test_a_member_named_with_dots_is_taken_before_the_path():
    line = b'{"req.verb": "PUT", "req": {"verb": "GET", "path": "/x"}, "res": {"payload": {}}}\n'
    [payload] = access_log.read_stream("x.jsonl", [line], NESTED)
    assert payload.method == "PUT"


def test_a_status_logged_as_a_string_is_a_number():
    line = b'{"method": "GET", "url": "/x", "status": "404", "body": {}}'
    [payload] = access_log.read_stream("x.jsonl", [line], access_log.DEFAULT_FIELDS)
    assert payload.status == 404


def test_a_log_of_bare_bodies_is_not_an_access_log():
    lines = [b'{"job_id": "j1"}\n', b'{"job_id": "j2", "url": "/x"}\n']
    assert [payload.data for payload in jsonl_file.read_stream("x.jsonl", lines)] == [
        b'{"job_id": "j1"}',
        b'{"job_id": "j2", "url": "/x"}',
    ]


def test_a_line_of_an_access_log_that_is_not_a_record_is_a_body_of_its_own():
    lines = [b'{"method": "GET", "url": "/x", "body": {}}\n', b'{"method": GET}\n']
    payloads = list(jsonl_file.read_stream("x.jsonl", lines))
    assert (payloads[1].data, payloads[1].method, payloads[1].line) == (b'{"method": GET}', None, 2)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1))
def test_every_character_of_a_string_body_points_at_its_own_or_its_escape(body):
    line = json.dumps({"method": "GET", "url": "/x", "body": body}, ensure_ascii=False)
    [payload] = access_log.read_stream("x.jsonl", [line.encode("utf-8", "surrogatepass")],
                                       access_log.DEFAULT_FIELDS)  # fmt: skip
    for offset, char in enumerate(payload.text):
        _, column = payload.position(offset)
        assert line[column - 1] in (char, "\\") or char == "\ufffd"
