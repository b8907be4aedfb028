"""Reading YAML captures: one JSON payload per document, positions back in the YAML."""

from __future__ import annotations

import json
import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from envelint.captures import yaml_file
from envelint.common.errors import EnvelintError
from tests.conftest import FIXTURES
from tests.strategies import json_values

JOBS = FIXTURES / "captures" / "ecs-jobs.yaml"


def read_fixture():
    return list(yaml_file.read("ecs-jobs.yaml", JOBS.read_bytes()))


def read_text(text: str):
    return list(yaml_file.read("x.yaml", text.encode()))


def only_value(text: str):
    [payload] = read_text(text)
    return json.loads(payload.data)


def file_at(line: int, column: int) -> str:
    return JOBS.read_text(encoding="utf-8").splitlines()[line - 1][column - 1 :]


def test_each_document_is_a_payload_written_as_json():
    first, second = read_fixture()
    assert json.loads(first.data) == {"job_id": "ff80808288d41e1b01899031e2f36c15"}
    quota = "Insufficient ECS quota. Contact customer service to increase quota."
    assert json.loads(second.data) == {
        "error": {
            "message": quota,
            "code": "Ecs.0001",
            "details": [{"message": quota, "code": 400}],
        }
    }
    assert (first.method, first.url, first.status) == (None, None, None)


def test_payload_starts_where_the_document_content_starts():
    first, second = read_fixture()
    assert (first.line, first.column) == (4, 1)
    assert (second.line, second.column) == (7, 1)


def test_value_offsets_map_to_the_yaml_node():
    _, second = read_fixture()
    line, column = second.position(second.text.index("400"))
    assert (line, column) == (12, 13)
    assert file_at(line, column).startswith("400  #")
    line, column = second.position(second.text.index('"Ecs.0001"'))
    assert file_at(line, column) == "Ecs.0001"


def test_key_offsets_map_to_the_yaml_key():
    _, second = read_fixture()
    line, column = second.position(second.text.index('"details"'))
    assert file_at(line, column) == "details:"


def test_an_alias_maps_to_its_anchor():
    _, second = read_fixture()
    last_message = second.text.rindex("Insufficient")
    line, column = second.position(last_message)
    assert file_at(line, column).startswith('"Insufficient ECS quota.')
    assert line == 8


def test_offsets_inside_a_value_map_to_the_value_start():
    first, _ = read_fixture()
    start = first.text.index('"ff8080')
    assert first.position(start + 10) == first.position(start) == (4, 9)


def test_scalars_resolve_as_yaml_does():
    value = only_value(
        "a: 42\nb: '42'\nc: yes\nd: ~\ne: 1.50\nf: 0x1F\ng: 2024-05-14\nh: .5\ni: 1_000\n"
    )
    assert value == {
        "a": 42, "b": "42", "c": True, "d": None, "e": 1.5,
        "f": 31, "g": "2024-05-14", "h": 0.5, "i": 1000,
    }  # fmt: skip


def test_json_numbers_keep_their_text():
    [payload] = read_text("code: 1.50\n")
    assert payload.text == '{\n  "code": 1.50\n}'


def test_nan_and_infinity_are_written_as_javascript_does():
    [payload] = read_text("a: .nan\nb: -.inf\n")
    assert payload.text == '{\n  "a": NaN,\n  "b": -Infinity\n}'


def test_keys_are_their_text():
    assert only_value("200: ok\nyes: no\n~: x\n") == {"200": "ok", "yes": False, "~": "x"}


def test_merge_keys_are_applied_and_own_keys_win():
    value = only_value(
        "base: &base {message: m, code: Ecs.0001}\nerror:\n  <<: *base\n  code: Ecs.0005\n"
    )
    assert value["error"] == {"message": "m", "code": "Ecs.0005"}


def test_positions_skip_anchors_and_tags():
    text = "a: &anchor !!str 12\nb: !custom\n  [1]\n"
    [payload] = read_text(text)
    assert payload.position(payload.text.index('"12"')) == (1, 18)
    assert payload.position(payload.text.index("[")) == (3, 3)


def test_keys_written_twice_stay_twice():
    [payload] = read_text("job_id: a\njob_id: b\n")
    assert payload.text.count('"job_id"') == 2


def test_custom_tags_are_never_constructed(tmp_path):
    target = tmp_path / "created-by-yaml"
    value = only_value(
        f"a: !!python/object/apply:os.mkdir ['{target}']\n"
        "b: !custom 12\n"
        "c: !!python/object:envelint.common.errors.EnvelintError {message: x}\n"
    )
    assert not target.exists()
    assert value == {"a": [str(target)], "b": "12", "c": {"message": "x"}}


def test_binary_and_timestamp_tags_stay_text():
    assert only_value("a: !!binary aGk=\nb: 2024-05-14T09:12:44Z\n") == {
        "a": "aGk=",
        "b": "2024-05-14T09:12:44Z",
    }


def test_trailing_document_separator_is_not_a_payload():
    assert len(read_text("job_id: a\n---\n")) == 1


def test_an_explicit_null_document_is_a_payload():
    [payload] = read_text("--- null\n")
    assert payload.text == "null"


def test_syntax_error_is_an_error_with_its_position():
    with pytest.raises(EnvelintError, match=r"^x\.yaml:2:10: not valid YAML: mapping values"):
        read_text("error:\n  code: a: b\n")


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    started = time.perf_counter()
    with pytest.raises(EnvelintError, match="alias bomb"):
        read_text("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 5


def test_merge_chain_stays_small():
    lines = ["k0: &k0 {a: 1, b: 2}"]
    lines += [f"k{n}: &k{n} {{<<: [*k{n - 1}, *k{n - 1}]}}" for n in range(1, 40)]
    [payload] = read_text("\n".join(lines) + "\n")
    assert json.loads(payload.data)["k39"] == {"a": 1, "b": 2}


def test_recursive_alias_is_refused():
    with pytest.raises(EnvelintError, match="recursive YAML alias"):
        read_text("a: &a [1, *a]\n")


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(json_values(strings=st.text(max_size=8)))  # YAML has no lone surrogates
def test_what_yaml_dumps_reads_back_as_the_same_json(value):
    [payload] = read_text(yaml.safe_dump(value))
    assert json.loads(payload.data) == value


def test_an_anchor_without_value_stays_on_its_line():
    [payload] = read_text("a: &x\nb: 1\n")
    assert payload.position(payload.text.index("null")) == (1, 4)


def test_a_byte_order_mark_is_not_a_column():
    [payload] = list(yaml_file.read("x.yaml", "\ufeffcode: 400\n".encode()))
    assert payload.position(payload.text.index("400")) == (1, 7)


def test_crlf_line_endings():
    [payload] = read_text("error:\r\n  code: &c 400\r\n")
    assert payload.position(payload.text.index("400")) == (2, 12)
