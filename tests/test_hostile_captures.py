"""Hostile captures: HAR with odd entries, YAML that attacks its loader, odd HTTP and JSONL."""

from __future__ import annotations

import json
import linecache
import os
import random

import pytest

from envelint.captures import discover, har_file
from envelint.captures.payload import Payload
from tests.factories import write_file
from tests.test_hostile_support import (
    HOSTILE,
    codes_of,
    hostile,
    id_form_config,
    invoke,
    report_of,
    unreadable_line,
)

# -- HAR -------------------------------------------------------------------------------------


def test_har_with_odd_entries_gives_a_finding_for_each():
    report = report_of(hostile("odd-entries.har"))
    skipped = [f["message"] for f in report["findings"] if f["code"] == "E008"]
    reasons = [message.split("skipped: ", 1)[1] for message in skipped]
    assert reasons.count("the entry is not an object") == 4
    for reason in [
        "response.content.text is not valid base64",
        "response.status is not a number: '200'",
        "response.status is not a number: True",
        "response.status is not a number: 1000.0",
        "no response.content.text",
        "the response has no content",
        "not a JSON response (content type image/png)",
        "unsupported content encoding 'gzip'",
        "no response was received (status 0)",
    ]:
        assert reason in reasons
    assert report["summary"]["payloads"] == 16


def test_har_entries_that_are_not_objects_are_located():
    report = report_of(hostile("odd-entries.har"))
    located = [
        (f["line"], f["column"]) for f in report["findings"] if "not an object" in f["message"]
    ]
    assert located == [(23, 3), (23, 7), (23, 11), (23, 17)]


def test_har_body_that_is_html_is_not_json():
    report = report_of(hostile("odd-entries.har"))
    [html] = [f for f in report["findings"] if "<html>" in f["message"]]
    assert (html["code"], html["line"]) == ("J001", 3)


def test_har_body_with_nul_and_lone_surrogate_escapes():
    report = report_of(hostile("odd-entries.har"))
    assert any(f["code"] == "S001" and f["line"] == 9 for f in report["findings"])


def test_har_without_entries_list_is_a_finding_on_it():
    assert "no log.entries list" in unreadable_line(invoke("validate", hostile("not-a-har.har")))


def test_har_that_is_not_json_is_a_finding_on_it(tmp_path):
    path = write_file(tmp_path, "broken.har", b'{"log": {"entries": [{"response": ')
    assert "not a valid HAR file" in unreadable_line(invoke("validate", str(path)))


def test_har_nested_too_deeply_is_a_finding_on_it(tmp_path):
    path = write_file(
        tmp_path, "deep.har", '{"log": {"entries": [' + "[" * 100_000 + "]" * 100_000 + "]}}"
    )
    assert "nested too deeply" in unreadable_line(invoke("validate", str(path)))


def test_har_of_random_bytes_is_a_finding_on_it(tmp_path):
    path = write_file(tmp_path, "random.har", random.Random(1).randbytes(2048))
    assert unreadable_line(invoke("validate", str(path)))


def test_har_entry_reader_yields_payloads_and_skipped_entries_in_order():
    kinds = [
        type(result).__name__
        for result in har_file.entries("odd.har", (HOSTILE / "odd-entries.har").read_bytes())
    ]
    assert kinds[:2] == ["Payload", "SkippedEntry"]
    assert len(kinds) == 16


def test_read_captures_gives_skipped_entries_from_one_read():
    payloads = list(discover.read_captures(hostile("odd-entries.har")))
    skipped = [payload for payload in payloads if payload.skipped_reason]
    assert len(payloads) == 16 and len(skipped) == 14
    assert skipped[0].excerpt(0).lstrip().startswith('{"request": {"method": "GET"')


def test_har_on_standard_input_reports_its_skipped_entries():
    report = report_of("-", input=(HOSTILE / "odd-entries.har").read_bytes())
    assert codes_of(report).count("E008") == 14


# -- YAML ------------------------------------------------------------------------------------


def test_yaml_alias_bomb_is_refused_quickly():
    line = unreadable_line(invoke("validate", hostile("alias-bomb.yaml")))
    assert "alias bomb" in line


def test_yaml_python_tags_are_data_and_never_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = report_of(hostile("python-tags.yaml"))
    assert not (tmp_path / "hostile-tag-ran.txt").exists()
    assert report["summary"]["payloads"] == 5
    assert "S001" in codes_of(report)


def test_yaml_recursive_merge_is_a_finding_on_it():
    assert "recursive YAML alias" in unreadable_line(
        invoke("validate", hostile("recursive-merge.yaml"))
    )


def test_yaml_nested_too_deeply_is_a_finding_on_it(tmp_path):
    path = write_file(tmp_path, "deep.yaml", "job_id: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert "YAML" in unreadable_line(invoke("validate", str(path)))


def test_yaml_of_random_bytes_ends_cleanly(tmp_path):
    path = write_file(tmp_path, "random.yaml", random.Random(2).randbytes(2048))
    invoke("validate", str(path))


def test_yaml_hex_integer_too_long_to_print_stays_a_string(tmp_path):
    path = write_file(tmp_path, "hex.yaml", "job_id: 0x" + "f" * 20_000 + "\n")
    assert codes_of(report_of(str(path), "--config", id_form_config(tmp_path))) == ["E005"]


# -- raw HTTP and JSON Lines -----------------------------------------------------------------


def test_http_capture_with_binary_body(tmp_path):
    path = write_file(
        tmp_path,
        "binary.http",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n" + bytes(range(256)),
    )
    assert "J004" in codes_of(report_of(str(path)))


def test_http_capture_of_headers_only(tmp_path):
    path = write_file(tmp_path, "headers.http", b"HTTP/1.1 204 No Content\r\nServer: x\r\n\r\n")
    assert report_of(str(path))["summary"]["payloads"] == 0


def test_jsonl_with_blank_binary_and_broken_lines(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_bytes(
        b'{"job_id": "ff80808288d41e1b018990260955686a"}\n\n   \r\n\xff\xfe\x00\n{"job_id": \n'
    )
    report = report_of(str(path))
    assert report["summary"]["payloads"] == 3
    lines = sorted({f["line"] for f in report["findings"]})
    assert lines == [4, 5]


def test_jsonl_with_one_huge_line(tmp_path):
    path = tmp_path / "log.jsonl"
    line = b'{"job_id": "' + b"a" * 5_000_000 + b'"}\n'
    path.write_bytes(line + b'{"job_id": "ff80808288d41e1b018990260955686a"}\n')
    assert codes_of(report_of(str(path), "--config", id_form_config(tmp_path))) == ["E005"]


# -- payload excerpts ------------------------------------------------------------------------


def test_findings_on_one_line_share_one_excerpt():
    payload = Payload(source="x.json", data=b"[" + b"1," * 100_000 + b"]")
    assert payload.excerpt(5) is payload.excerpt(100_000)


def test_excerpt_of_a_pipe_is_not_read_again(tmp_path, monkeypatch):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    pipe = tmp_path / "pipe.har"
    os.mkfifo(pipe)
    payload = Payload(source=str(pipe), data=b"{}", locate=lambda offset: (3, 1))
    reads = []
    with monkeypatch.context() as patched:
        # Opening the pipe to read line 3 would wait forever: note the attempt instead.
        patched.setattr(linecache, "getline", lambda *args: reads.append(args) or "")
        excerpt = payload.excerpt(0)
    assert reads == []
    assert excerpt == ""


# -- hostile values on their way to the report ----------------------------------------------


def test_lone_surrogate_escape_in_a_payload():
    # {"job_id": "\ud800"} is JSON by the grammar of RFC 8259 (section 8.2 allows it).
    report = report_of(hostile("lone-surrogate.json"))
    assert "S001" not in codes_of(report)


def test_report_with_a_lone_surrogate_key_reaches_standard_output(tmp_path):
    path = write_file(tmp_path, "key.json", b'{"\\udc00": 1}')
    result = invoke("validate", "--format", "json", str(path))
    assert result.exit_code == 1


def test_messages_quote_long_values_short(tmp_path):
    path = write_file(tmp_path, "long-id.json", '{"job_id": "' + "a" * 1_000_000 + '"}')
    [finding] = report_of(str(path), "--config", id_form_config(tmp_path))["findings"]
    assert len(json.dumps(finding)) < 2_000
