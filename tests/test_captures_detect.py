"""Recognising a capture's format: forced, by extension, or by its first bytes."""

from __future__ import annotations

import pytest

from envelint.captures.detect import SNIFF_SIZE, detect_format, sniff
from envelint.common.errors import EnvelintError
from tests.conftest import FIXTURES

CAPTURES = FIXTURES / "captures"


def head_of(name: str) -> bytes:
    return (CAPTURES / name).read_bytes()[:SNIFF_SIZE]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a.json", "json"),
        ("a.jsonl", "jsonl"),
        ("a.NDJSON", "jsonl"),
        ("a.har", "har"),
        ("a.yaml", "yaml"),
        ("a.yml", "yaml"),
        ("a.http", "http"),
    ],
)
def test_extension_decides(path, expected):
    assert detect_format(path, b'{"job_id": "x"}', None) == expected


def test_forced_format_wins_over_the_extension():
    assert detect_format("a.json", b'{"job_id": "x"}', "YAML") == "yaml"


def test_unknown_forced_format_is_an_error():
    with pytest.raises(EnvelintError, match="unknown input format 'xml'"):
        detect_format("a.json", b"", "xml")


def test_a_har_saved_as_json_is_a_har():
    assert detect_format("capture.json", head_of("ecs-console.har"), None) == "har"


def test_a_payload_with_a_log_member_is_not_a_har():
    assert detect_format("a.json", b'{"log": "rotated", "job_id": "x"}', None) == "json"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ecs-console.har", "har"),
        ("curl-i-create-ecs.txt", "http"),
        ("curl-v-start-ecss.txt", "http"),
        ("two-responses.http", "http"),
        ("ecs-jobs.yaml", "yaml"),
    ],
)
def test_fixtures_are_recognised_by_content(name, expected):
    assert detect_format("-", head_of(name), None) == expected
    assert detect_format("capture.txt", head_of(name), None) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'{\n  "job_id": "x"\n}\n', "json"),
        (b'\xef\xbb\xbf{"job_id": "x"}', "json"),
        (b'{"job_id": "a"}\n{"job_id": "b"}\n', "jsonl"),
        (b'{"job_id": "a"}\n{"job_id": "b"}', "jsonl"),
        (b'[{"job_id": "a"},\n {"job_id": "b"}]\n', "json"),
        (b"HTTP/2 202 \r\ncontent-type: application/json\r\n\r\n{}", "http"),
        (b"POST /v1/p/cloudservers HTTP/1.1\nHost: h\n", "http"),
        (b"*   Trying 80.158.25.40:443...\n", "http"),
        (b"---\njob_id: x\n", "yaml"),
        (b"# captured\nerror:\n  code: Ecs.0001\n", "yaml"),
        (b"job_id: x\n", "yaml"),
        (b"", "json"),
        (b"XXX", "json"),
    ],
)
def test_sniffing(head, expected):
    assert sniff(head) == expected


def test_a_jsonl_line_cut_by_the_sniff_does_not_count():
    head = b'{"job_id": "a"}\n' + b'{"job_id": "' + b"b" * SNIFF_SIZE
    assert sniff(head[:SNIFF_SIZE]) == "json"
    assert sniff(b'{"job_id": "a"}\n{"job_id": "b"}\n' + head[: SNIFF_SIZE - 32]) == "jsonl"
