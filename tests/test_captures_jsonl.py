"""Reading JSON Lines logs: one payload a line, streamed, with its line number."""

from __future__ import annotations

import io
import tracemalloc

from envelint.captures import jsonl_file
from envelint.captures.discover import read_payloads
from tests.conftest import load_ecs_log_generator


def test_one_payload_per_non_blank_line_with_its_number():
    data = b'{"job_id": "a"}\n\n   \n{"job_id": "b"}\r\n{"job_id": "c"}'
    payloads = list(jsonl_file.read("log.jsonl", data))
    assert [(p.line, p.data) for p in payloads] == [
        (1, b'{"job_id": "a"}'),
        (4, b'{"job_id": "b"}'),
        (5, b'{"job_id": "c"}'),
    ]


def test_a_line_of_form_feed_or_vertical_tab_is_not_blank():
    # JSON's white space is space, tab, CR and LF; bytes.strip() also drops \x0b and \x0c.
    data = b"\x0b\n\x0c\n \t\n"
    assert [p.line for p in jsonl_file.read("log.jsonl", data)] == [1, 2]


def test_leading_spaces_stay_in_the_body_so_columns_are_the_file_columns():
    [payload] = jsonl_file.read("log.jsonl", b'\n  {"code": 400}\n')
    assert payload.position(payload.text.index("400")) == (2, 12)


def test_read_stream_is_lazy():
    def lines():
        yield b'{"job_id": "a"}\n'
        yield b'{"job_id": "b"}\n'
        raise AssertionError("read past what was asked for")

    stream = jsonl_file.read_stream("log.jsonl", lines())
    assert next(stream).line == 1
    assert next(stream).line == 2


def test_the_generated_log_is_deterministic(tmp_path, ecs_log):
    again = tmp_path / "again.jsonl"
    load_ecs_log_generator().generate(again)
    assert again.read_bytes() == ecs_log.path.read_bytes()


def test_ten_thousand_responses_become_ten_thousand_payloads(ecs_log):
    assert sum(1 for _ in read_payloads(str(ecs_log.path))) == 10_000


def test_known_bad_lines_keep_their_line_numbers(ecs_log):
    broken = ecs_log.broken
    found = {p.line: p.data for p in read_payloads(str(ecs_log.path)) if p.line in broken}
    assert len(broken) == 10
    assert found == {line: ecs_log.defects[name].encode() for line, name in broken.items()}


def test_positions_in_a_bad_line(ecs_log):
    path = ecs_log.path
    line = next(number for number, name in ecs_log.broken.items() if name == "code-as-integer")
    payload = next(p for p in read_payloads(str(path)) if p.line == line)
    assert payload.position(payload.text.index("400")) == (line, 49)
    assert path.read_text().splitlines()[line - 1][48:].startswith("400}}")


def test_reading_a_long_log_holds_one_line_at_a_time(ecs_log):
    path = ecs_log.path
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_payloads(str(path)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 10_000
    assert peak < path.stat().st_size / 4  # the file is ~520 kB


def test_bounded_lines_give_the_lines_the_file_gives():
    data = b'{"a": 1}\n\n{"b": 2}\r\nlast'
    assert list(jsonl_file.bounded_lines(io.BytesIO(data), 100)) == list(io.BytesIO(data))


def test_a_line_past_the_limit_is_cut_and_the_next_line_keeps_its_number():
    data = b"short\n" + b"x" * 1000 + b"\nafter\n"
    lines = list(jsonl_file.bounded_lines(io.BytesIO(data), 10))
    assert lines == [b"short\n", b"x" * 11, b"after\n"]


def test_bounded_lines_start_with_what_was_already_read():
    stream = io.BytesIO(b'2}\n{"c": 3}\n')
    assert list(jsonl_file.bounded_lines(stream, 100, head=b'{"b": ')) == [
        b'{"b": 2}\n',
        b'{"c": 3}\n',
    ]
