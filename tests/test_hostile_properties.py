"""Property-based hostility: any bytes, any JSON, generated HAR and HTTP captures, mangled
documentation pages (hypothesis).

Each property runs a modest number of examples here. For a long fuzzing run, raise them all:

    ENVELINT_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_hostile_properties.py -q

Acceptable outcomes: findings, or an EnvelintError (the CLI's one line, exit 2). Anything else
raised is a bug.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, find, given, settings
from hypothesis import strategies as st

from envelint.captures import (
    access_log,
    discover,
    har_file,
    http_file,
    json_file,
    jsonl_file,
    yaml_file,
)
from envelint.captures.payload import Payload
from envelint.common.errors import EnvelintError
from envelint.common.findings import Finding
from envelint.derive import derive_catalog
from envelint.docs import read_page
from envelint.jsontext.lenient import _Parser, parse_lenient
from envelint.report import Report, render
from tests.factories import builtin_engine, make_payload
from tests.strategies import json_documents, json_values, utf8_json

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
DOC_PAGES = sorted((REPO / "fixtures" / "docs").rglob("*.rst"))
FUZZ_EXAMPLES = int(os.environ.get("ENVELINT_FUZZ_EXAMPLES", "0"))
READERS = [json_file, jsonl_file, har_file, http_file, yaml_file, access_log]
SYNTAX = {"J001", "J003", "J004"}
FORMATS = ["text", "json", "sarif", "junit", "github"]
ENGINE = builtin_engine()


def examples(count: int):
    """``count`` examples in the suite, or ENVELINT_FUZZ_EXAMPLES when that is set."""
    return settings(
        max_examples=FUZZ_EXAMPLES or count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- inputs ----------------------------------------------------------------------------------

# Pieces of the formats envelint reads: random bytes alone rarely reach their deeper paths.
# fmt: off
PIECES = [
    b"{", b"}", b"[", b"]", b",", b":", b'"', b"'", b"\\", b"\n", b"\r\n", b" ", b"\t", b"\x00",
    b'"job_id"', b'"error"', b'"message"', b'"code"', b'"log"', b'"entries"', b'"response"',
    b'"request"', b'"content"', b'"text"', b'"status"', b'"mimeType"', b'"encoding"',
    b'"base64"', b'"application/json"', b'"headers"', b'"method"', b'"url"', b"200", b"0",
    b"-1.5e3", b"1e999", b"NaN", b"true", b"null", b"XXX", b"\\u0041", b"\\n", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\xc3\xa9", b"\xff", b"HTTP/1.1 200 OK\r\n", b"Content-Type: application/json",
    b"> GET /v1/jobs HTTP/1.1\n", b"< HTTP/1.1 400 Bad\n", b"* Connected to x (1.2.3.4) port 443",
    b"---\n", b"- ", b"job_id: ", b"&a ", b"*a", b"<<: ", b"!!python/object:os.system ",
    b"!custom ", b"? ", b"|\n", b"#", b"%YAML 1.1\n", b"...",
]
# fmt: on
format_like = st.lists(st.sampled_from(PIECES), max_size=60).map(b"".join)
any_bytes = st.one_of(st.binary(max_size=2000), format_like)


def json_payloads() -> st.SearchStrategy[bytes]:
    """Any JSON document as UTF-8, often an object with a ``job_id`` (a documented shape)."""
    values = json_values() | st.fixed_dictionaries({"job_id": json_values()})
    return json_documents(values).map(utf8_json)


# Captures that hold JSON responses, with what a reader must make of each response.
JSON_MEDIA_TYPES = ["application/json", "application/json; charset=UTF-8", "text/json",
                    "application/problem+json", "Application/JSON"]  # fmt: skip
OTHER_MEDIA_TYPES = ["text/html", "text/plain", "application/xml", "image/png"]
STATUSES = [200, 201, 202, 204, 400, 401, 404, 409, 500, 503]
HOST = "ecs.example.com"
url_paths = st.text("abcxyz0123-_/", max_size=12).map(lambda path: "/v1/" + path)
methods = st.sampled_from(["GET", "POST", "PUT", "DELETE"])
bodies = json_values(max_leaves=8)  # small: a capture holds several


@dataclass
class Response:
    """One response written into a generated capture."""

    method: str
    url: str
    status: int
    body: str  # JSON text, written as it is or (HAR) in base64
    is_payload: bool = True  # a JSON body with a status: a reader must give it as a payload
    base64: bool = False
    line: int = 0  # HTTP: the line where the body starts


@dataclass
class Capture:
    data: bytes
    responses: list[Response]
    ascii_only: bool = True  # HAR: every character beyond ASCII written as \uXXXX
    end_of_line: str = "\n"  # HTTP

    def payload_responses(self) -> list[Response]:
        return [response for response in self.responses if response.is_payload]


@st.composite
def har_entries(draw) -> tuple[dict, Response]:
    body = utf8_json(draw(json_documents(bodies))).decode("utf-8")
    method, url = draw(methods), "https://" + HOST + draw(url_paths)
    status = draw(st.sampled_from([*STATUSES, 0]))  # 0: no response was received
    media_type = draw(st.sampled_from(JSON_MEDIA_TYPES + OTHER_MEDIA_TYPES))
    encoded = draw(st.booleans())
    content = {"size": len(body), "mimeType": media_type, "text": body}
    if encoded:
        content.update(text=base64.b64encode(body.encode()).decode("ascii"), encoding="base64")
    if draw(st.booleans()):
        del content["mimeType"]  # given by the Content-Type header alone
    header = {"name": draw(st.sampled_from(["Content-Type", "content-type"])), "value": media_type}
    entry = {
        "startedDateTime": "2024-05-14T09:12:44.000Z",
        "request": {"method": method, "url": url, "headers": []},
        "response": {"status": status, "statusText": "", "headers": [header], "content": content},
    }
    is_payload = status != 0 and media_type in JSON_MEDIA_TYPES
    return entry, Response(method, url, status, body, is_payload, base64=encoded)


@st.composite
def har_captures(draw) -> Capture:
    entries, responses = [], []
    for entry, response in draw(st.lists(har_entries(), max_size=4)):
        entries.append(entry)
        responses.append(response)
    ascii_only = draw(st.booleans())
    har = {"log": {"version": "1.2", "creator": {"name": "test"}, "entries": entries}}
    indent = draw(st.sampled_from([None, 1, 2, "\t"]))
    text = json.dumps(har, indent=indent, ensure_ascii=ascii_only)
    return Capture(text.encode("utf-8"), responses, ascii_only)


@st.composite
def http_captures(draw) -> Capture:
    """Raw exchanges (``curl -i``) or ``curl -v`` output, with LF or CRLF line endings."""
    verbose = draw(st.booleans())
    port = draw(st.sampled_from([80, 443]))
    lines = [f"* Connected to {HOST} (192.0.2.1) port {port}"] if verbose else []
    scheme = "https" if verbose and port == 443 else "http"
    responses = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        method, path, status = draw(methods), draw(url_paths), draw(st.sampled_from(STATUSES))
        value, indent = draw(bodies), draw(st.sampled_from([None, 2]))
        text = json.dumps(value, indent=indent, ensure_ascii=draw(st.booleans()))
        body = utf8_json(text).decode("utf-8")
        request = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", ""]
        head = [f"HTTP/1.1 {status} Whatever", "Content-Type: application/json", ""]
        if verbose:
            request = [f"> {line}".rstrip() for line in request]
            head = [f"< {line}".rstrip() for line in head]
        lines += request + head
        url = f"{scheme}://{HOST}{path}"
        responses.append(Response(method, url, status, body, line=len(lines) + 1))
        lines += body.split("\n")
        lines.append(f"* Connection #0 to host {HOST} left intact" if verbose else "")
    end_of_line = draw(st.sampled_from(["\n", "\r\n"]))
    return Capture(end_of_line.join(lines).encode("utf-8"), responses, end_of_line=end_of_line)


# -- readers ---------------------------------------------------------------------------------


def check_payload(payload: Payload) -> None:
    assert isinstance(payload, Payload)
    assert isinstance(payload.data, bytes)
    text = payload.text
    for offset in {0, len(text) // 2, len(text), len(text) + 5}:
        line, column = payload.position(offset)
        assert line >= 1 and column >= 1
        assert isinstance(payload.excerpt(offset), str)


@examples(1000)
@given(any_bytes)
@example(b'{"log": {"entries": [[], 1, {"response": {"status": 200, "content": {}}}]}}')
@example(b"job_id: !!python/object/apply:os.system [true]\n")
@example(b"< HTTP/1.1 200 OK\n<\n{}\n* Connection #0 to host x left intact")
def test_every_reader_takes_any_bytes(data):
    for reader in READERS:
        try:
            payloads = list(reader.read("capture", data))
        except EnvelintError:
            continue
        for payload in payloads:
            check_payload(payload)


@examples(300)
@given(any_bytes)
def test_har_skipped_entries_take_any_bytes(data):
    try:
        skipped = har_file.skipped_entries("capture.har", data)
    except EnvelintError:
        return
    for entry in skipped:
        assert entry.reason and entry.line >= 1 and entry.column >= 1


@examples(300)
@given(any_bytes, st.sampled_from([".json", ".jsonl", ".har", ".yaml", ".http", ".txt", ""]))
def test_discover_reads_any_file(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "capture" + suffix)
        Path(path).write_bytes(data)
        for read in (discover.read_payloads, discover.read_captures):
            try:
                payloads = list(read(path))
            except EnvelintError:
                continue
            for payload in payloads:
                check_payload(payload)


# -- captures with JSON responses in them -----------------------------------------------------


def count_event(kind: str, count: int) -> None:
    """Shown by ``pytest --hypothesis-show-statistics``: how many payloads the examples held."""
    event(f"{kind}: {min(count, 3)}{'+' if count >= 3 else ''}")


@examples(100)
@given(har_captures())
def test_har_json_responses_become_payloads_with_their_request(capture):
    payloads = list(har_file.read("capture.har", capture.data))
    count_event("HAR payloads", len(payloads))
    assert [(p.method, p.url, p.status, p.data) for p in payloads] == [
        (r.method, r.url, r.status, r.body.encode("utf-8")) for r in capture.payload_responses()
    ]
    for payload in payloads:
        check_payload(payload)


@examples(100)
@given(har_captures())
def test_har_other_entries_are_skipped_where_they_start(capture):
    skipped = har_file.skipped_entries("capture.har", capture.data)
    count_event("HAR skipped entries", len(skipped))
    lines = capture.data.decode("utf-8").split("\n")
    assert [entry.index for entry in skipped] == [
        index for index, response in enumerate(capture.responses) if not response.is_payload
    ]
    for entry in skipped:
        assert entry.reason
        assert lines[entry.line - 1][entry.column - 1] == "{"


@examples(100)
@given(har_captures())
def test_har_body_positions_point_at_the_characters_that_encode_them(capture):
    lines = capture.data.decode("utf-8").split("\n")
    payloads = list(har_file.read("capture.har", capture.data))
    for payload, response in zip(payloads, capture.payload_responses(), strict=True):
        for offset, char in enumerate(payload.text):
            line, column = payload.position(offset)
            written = lines[line - 1][column - 1 :]
            if response.base64:  # no map into base64: every offset is the string's start
                assert written.startswith(base64.b64encode(response.body.encode())[:4].decode())
            else:
                assert written.startswith(json.dumps(char, ensure_ascii=capture.ascii_only)[1:-1])
            assert payload.excerpt(offset) == lines[line - 1]


@examples(100)
@given(http_captures())
def test_http_responses_become_payloads_with_their_request(capture):
    payloads = list(http_file.read("capture.http", capture.data))
    count_event("HTTP payloads", len(payloads))
    assert [(p.method, p.url, p.status, p.line, p.text) for p in payloads] == [
        (r.method, r.url, r.status, r.line, r.body.replace("\n", capture.end_of_line))
        for r in capture.responses
    ]
    for payload in payloads:
        check_payload(payload)


@examples(100)
@given(http_captures())
def test_http_body_positions_point_at_their_characters(capture):
    lines = capture.data.decode("utf-8").split("\n")
    for payload in http_file.read("capture.http", capture.data):
        for offset, char in enumerate(payload.text):
            line, column = payload.position(offset)
            if char not in "\r\n":
                assert lines[line - 1][column - 1] == char


def har_gives_payloads_with_a_base64_one(capture: Capture) -> bool:
    payloads = list(har_file.read("capture.har", capture.data))
    return len(payloads) >= 2 and any(r.base64 for r in capture.payload_responses())


def http_gives_payloads(capture: Capture) -> bool:
    return len(list(http_file.read("capture.http", capture.data))) >= 2


def test_the_generated_captures_hold_payloads():
    """The properties above would hold vacuously for captures that give no payload: ``find``
    raises unless some generated capture gives two or more."""
    find(har_captures(), har_gives_payloads_with_a_base64_one)
    find(http_captures(), http_gives_payloads)


# -- the engine ------------------------------------------------------------------------------


def check_with_engine(data: bytes) -> list[Finding]:
    """The findings of both paths (which must agree on the verdict), rendered in every format."""
    try:
        fast = ENGINE.check(make_payload(data, "capture.json"))
        full = ENGINE.check_fully(make_payload(data, "capture.json"))
    except EnvelintError:
        return []
    assert all(isinstance(finding, Finding) for finding in fast + full)
    assert (fast == []) == (full == [])
    report = Report(findings=full, files=1, payloads=1)
    for format_name in FORMATS:
        assert isinstance(render(format_name, report), str)
    return full


@examples(1000)
@given(any_bytes)
@example(b"[" * 5000)
@example(b'{"job_id": ' + b"9" * 5000 + b"}")
@example(b'\xff\xfe{\x00"\x00')
@example(b'{"job_id": "\\ud800", "\\udc00": [1]}')
def test_engine_takes_any_bytes(data):
    check_with_engine(data)


@examples(500)
@given(json_payloads())
def test_valid_json_gets_no_syntax_finding_on_either_path(data):
    fast = ENGINE.check(make_payload(data, "capture.json"))
    full = ENGINE.check_fully(make_payload(data, "capture.json"))
    assert {finding.code for finding in fast} & SYNTAX == set()
    assert {finding.code for finding in full} & SYNTAX == set()


# -- containers read whole by the lenient parser ---------------------------------------------


@st.composite
def damaged_json(draw) -> bytes:
    """JSON with a few characters changed: valid containers beside broken ones."""
    data = bytearray(draw(json_payloads()))
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        position = draw(st.integers(min_value=0, max_value=len(data)))
        piece = draw(st.sampled_from([b"", b"{", b"}", b"[", b"]", b",", b":", b'"', b"X", b"1"]))
        data[position : position + draw(st.integers(0, 1))] = piece
    return bytes(data)


@examples(500)
@given(json_payloads() | damaged_json() | format_like, st.sampled_from([1000, 3, 1]))
@example(b'[{"a": 1}, {"a": 1, "a": [2]}, {"b": {"c": [3, 4]}} XXX]', 1000)
@example(b'{"a": [1, {"b": 2}], "a": {"c": 3}, "d": [[[]]]}', 3)
@example(b'}"job_id":[null]}', 1000)  # a container read whole puts the parser back in step
@example(b'}"a":[]}', 1000)  # an empty one does not
def test_reading_containers_whole_matches_reading_token_by_token(data, max_depth):
    """Same problems, value and spans; the spans inside a container read whole are found on
    demand, and equal those recorded token by token."""
    text = data.decode("utf-8", errors="replace")
    quick = parse_lenient(text, max_depth=max_depth)
    full = _Parser(text, max_depth, 100, read_whole=False).parse()
    assert quick.problems == full.problems
    assert quick.omitted_problems == full.omitted_problems
    assert quick.unknown_pointers == full.unknown_pointers
    assert quick.value == full.value or quick.value != quick.value  # NaN is not itself
    for pointer, span in full.value_spans.items():
        assert quick.value_spans.get(pointer) == span
    for pointer, span in full.key_spans.items():
        assert quick.key_spans.get(pointer) == span
    assert set(quick.value_spans) == set(full.value_spans)
    assert quick.value_spans.get("/no/such/pointer") is None


# -- documentation pages ---------------------------------------------------------------------


@st.composite
def mangled_pages(draw) -> tuple[str, str]:
    """A documentation page with lines and characters deleted and duplicated at random."""
    page = draw(st.sampled_from(DOC_PAGES))
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        if not lines:
            break
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        line = lines[index]
        action = draw(st.sampled_from(["drop line", "double line", "drop char", "double char"]))
        if action == "drop line":
            del lines[index]
        elif action == "double line":
            lines.insert(index, line)
        elif line:
            at = draw(st.integers(min_value=0, max_value=len(line) - 1))
            lines[index] = line[:at] + line[at + (action == "drop char") :]
            if action == "double char":
                lines[index] = line[:at] + line[at] + line[at:]
    return page.name, "".join(lines)


@examples(150)
@given(mangled_pages())
def test_mangled_pages_read_and_derive_cleanly(named_page):
    name, text = named_page
    with contextlib.suppress(EnvelintError):
        read_page(name, text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        with contextlib.suppress(EnvelintError):
            derive_catalog([folder])


def test_the_doc_pages_are_there():
    assert len(DOC_PAGES) >= 4
