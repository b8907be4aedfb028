"""Finding capture files in folders and reading each with the right reader."""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from envelint.captures.discover import capture_files, read_captures, read_payloads
from envelint.common.errors import EnvelintError
from envelint.common.paths import display_path, suffix_of
from tests.conftest import FIXTURES
from tests.factories import write_file
from tests.helpers import shown_as

CAPTURES = FIXTURES / "captures"


@pytest.fixture
def folder(tmp_path):
    for name in ["ecs-console.har", "ecs-jobs.yaml", "two-responses.http", "curl-i-create-ecs.txt"]:
        shutil.copy(CAPTURES / name, tmp_path / name)
    (tmp_path / "log.ndjson").write_text('{"job_id": "a"}\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.json").write_text('{"job_id": "b"}')
    (tmp_path / "sub" / "more.jsonl").write_text('{"job_id": "c"}\n')
    (tmp_path / "sub" / "other.yml").write_text("job_id: d\n")
    (tmp_path / ".envelint.yaml").write_text("rules: {}\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.json").write_text("{}")
    return tmp_path


def test_folders_yield_every_capture_extension(folder):
    names = [path.removeprefix(str(folder) + "/") for path in capture_files([str(folder)])]
    assert names == [
        "curl-i-create-ecs.txt",
        "ecs-console.har",
        "ecs-jobs.yaml",
        "log.ndjson",
        "sub/more.jsonl",
        "sub/one.json",
        "sub/other.yml",
        "two-responses.http",
    ]


def test_a_named_file_is_read_whatever_its_extension(folder):
    path = str(folder / "curl-i-create-ecs.txt")
    assert list(capture_files([path])) == [path]
    [payload] = read_payloads(path)
    assert payload.status == 200


def test_a_missing_path_is_an_error():
    with pytest.raises(EnvelintError, match="no such file"):
        list(capture_files(["/no/such/capture.har"]))


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("ecs-console.har", 9),
        ("ecs-jobs.yaml", 2),
        ("two-responses.http", 2),
        ("curl-v-start-ecss.txt", 1),
    ],
)
def test_read_payloads_dispatches_by_format(name, count):
    payloads = list(read_payloads(str(CAPTURES / name)))
    assert len(payloads) == count
    assert {p.source for p in payloads} == {shown_as(CAPTURES / name)}


def test_a_har_saved_as_json_is_read_as_a_har(tmp_path):
    path = tmp_path / "session.json"
    shutil.copy(CAPTURES / "ecs-console.har", path)
    assert len(list(read_payloads(str(path)))) == 9


def test_a_jsonl_file_without_the_extension_is_sniffed(tmp_path):
    path = write_file(tmp_path, "log.txt", b'{"job_id": "a"}\n{"job_id": "b"}\n{"job_id": "c"}')
    assert [p.line for p in read_payloads(str(path))] == [1, 2, 3]


def test_input_format_forces_the_reader(tmp_path):
    path = write_file(tmp_path, "capture.json", '{"job_id": "a"}\n{"job_id": "b"}\n')
    assert len(list(read_payloads(str(path)))) == 1
    assert len(list(read_payloads(str(path), input_format="jsonl"))) == 2


def test_unreadable_file_is_an_error(tmp_path):
    with pytest.raises(EnvelintError, match="cannot read"):
        list(read_payloads(str(tmp_path)))


def test_standard_input_is_sniffed(monkeypatch):
    data = (CAPTURES / "two-responses.http").read_bytes()
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))
    payloads = list(read_payloads("-"))
    assert [(p.source, p.status) for p in payloads] == [("<stdin>", 200), ("<stdin>", 404)]


def test_standard_input_jsonl_is_streamed_across_the_sniff(monkeypatch):
    lines = [b'{"job_id": "%05d"}\n' % number for number in range(2000)]  # ~40 kB, > one sniff
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(b"".join(lines))))
    payloads = list(read_payloads("-"))
    assert [p.data + b"\n" for p in payloads] == lines
    assert payloads[-1].line == 2000


def test_skipped_har_entries_come_after_the_payloads():
    path = str(CAPTURES / "ecs-console.har")
    skipped = [p for p in read_captures(path) if p.skipped_reason]
    assert [payload.line for payload in skipped] == [89, 606, 668, 798, 863]
    assert {payload.source for payload in skipped} == {shown_as(CAPTURES / "ecs-console.har")}


def test_other_formats_have_no_skipped_entries():
    payloads = list(read_captures(str(CAPTURES / "two-responses.http")))
    assert [payload.skipped_reason for payload in payloads] == [None, None]


NAME_PARTS = st.lists(
    st.sampled_from(["a", "b.json", ".", "..", "", ".x", "c.JSONL", "d.", "..json", "...jsonl"])
)


@given(NAME_PARTS, st.booleans())
def test_names_are_printed_and_typed_as_pathlib_would(parts, absolute):
    path = ("/" if absolute else "") + "/".join(parts)
    if not path:
        return
    resolved = Path(os.path.abspath(path))
    if resolved.is_relative_to(Path.cwd()):
        assert display_path(path) == resolved.relative_to(Path.cwd()).as_posix()
    else:
        assert display_path(path) == Path(path).as_posix()
    if parts and parts[-1] not in ("", ".", ".."):  # a file's name (Path drops a last ".")
        assert suffix_of(path) == Path(path).suffix.lower()


def test_a_txt_capture_gives_the_same_payloads_in_a_folder_as_named(folder):
    named = str(folder / "curl-i-create-ecs.txt")
    from_folder = [
        payload
        for path in capture_files([str(folder)])
        if path.endswith(".txt")
        for payload in read_payloads(path)
    ]
    assert from_folder == list(read_payloads(named))
    assert [payload.status for payload in from_folder] == [200]
