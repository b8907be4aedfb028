"""Property-based hostility: any bytes, any JSON, mangled documentation pages (hypothesis).

Each property runs a modest number of examples here. For a long fuzzing run, raise them all:

    ENVELINT_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_hostile_properties.py -q

Acceptable outcomes: findings, or an EnvelintError (the CLI's one line, exit 2). Anything else
raised is a bug.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from validator.captures import discover, har_file, http_file, json_file, jsonl_file, yaml_file
from validator.captures.payload import Payload
from validator.catalog import builtin_catalog_dir, load_catalog
from validator.derive import derive_catalog
from validator.docs import read_page
from validator.engine import Engine
from validator.errors import EnvelintError
from validator.findings import Finding
from validator.jsontext.lenient import _Parser, parse_lenient
from validator.report import Report, render

REPO = Path(__file__).resolve().parents[1]
DOC_PAGES = sorted((REPO / "fixtures" / "docs").rglob("*.rst"))
FUZZ_EXAMPLES = int(os.environ.get("ENVELINT_FUZZ_EXAMPLES", "0"))
READERS = [json_file, jsonl_file, har_file, http_file, yaml_file]
SYNTAX = {"J001", "J003", "J004"}
FORMATS = ["text", "json", "sarif", "junit", "github"]
ENGINE = Engine(load_catalog(builtin_catalog_dir()))


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


# Strings with any code point, lone surrogates included (grammatical JSON, not UTF-8).
json_text = st.text(st.characters(exclude_categories=()), max_size=12)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**64, max_value=2**200)
    | st.floats(allow_nan=False, allow_infinity=False)
    | json_text,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(json_text, children, max_size=5)
    ),
    max_leaves=25,
)
json_space = st.text(st.sampled_from(" \t\n\r"), max_size=3)


@st.composite
def json_documents(draw) -> bytes:
    """Any JSON value, written with random whitespace, escaping and key order."""
    value = draw(json_values | st.fixed_dictionaries({"job_id": json_values}))
    options = {
        "indent": draw(st.sampled_from([None, 0, 2, "\t", "\r\n "])),
        "separators": (draw(json_space) + "," + draw(json_space), draw(json_space) + ":"),
        "sort_keys": draw(st.booleans()),
    }
    text = json.dumps(value, ensure_ascii=draw(st.booleans()), **options)
    if not text.isascii() and any("\ud800" <= char <= "\udfff" for char in text):
        text = json.dumps(value, ensure_ascii=True, **options)  # a lone surrogate as \uXXXX
    return (draw(json_space) + text + draw(json_space)).encode("utf-8")


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


# -- the engine ------------------------------------------------------------------------------


def check_with_engine(data: bytes) -> list[Finding]:
    """The findings of both paths (which must agree on the verdict), rendered in every format."""
    try:
        fast = ENGINE.check(Payload(source="capture.json", data=data))
        full = ENGINE.check_fully(Payload(source="capture.json", data=data))
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
@given(json_documents())
def test_valid_json_gets_no_syntax_finding_on_either_path(data):
    fast = ENGINE.check(Payload(source="capture.json", data=data))
    full = ENGINE.check_fully(Payload(source="capture.json", data=data))
    assert {finding.code for finding in fast} & SYNTAX == set()
    assert {finding.code for finding in full} & SYNTAX == set()


# -- containers read whole by the lenient parser ---------------------------------------------


@st.composite
def damaged_json(draw) -> bytes:
    """JSON with a few characters changed: valid containers beside broken ones."""
    data = bytearray(draw(json_documents()))
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        position = draw(st.integers(min_value=0, max_value=len(data)))
        piece = draw(st.sampled_from([b"", b"{", b"}", b"[", b"]", b",", b":", b'"', b"X", b"1"]))
        data[position : position + draw(st.integers(0, 1))] = piece
    return bytes(data)


@examples(500)
@given(json_documents() | damaged_json() | format_like, st.sampled_from([1000, 3, 1]))
@example(b'[{"a": 1}, {"a": 1, "a": [2]}, {"b": {"c": [3, 4]}} XXX]', 1000)
@example(b'{"a": [1, {"b": 2}], "a": {"c": 3}, "d": [[[]]]}', 3)
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
