"""Hostile payload bytes through ``envelint validate``: always findings, never a crash or hang.

Small inputs are files in fixtures/hostile/; big ones are generated under tmp_path.
"""

from __future__ import annotations

import json
import random
import time

import pytest

from tests.factories import write_file
from tests.test_hostile_support import HOSTILE, codes_of, hostile, id_form_config, invoke, report_of


def test_empty_file_is_not_json():
    [finding] = report_of(hostile("empty.json"))["findings"]
    assert finding["code"] == "J001"
    assert "empty" in finding["message"]


def test_whitespace_only_is_not_json():
    [finding] = report_of(hostile("whitespace.json"))["findings"]
    assert finding["code"] == "J001"
    assert "no JSON value" in finding["message"]


def test_invalid_utf8_is_bad_encoding_at_its_column():
    report = report_of(hostile("invalid-utf8.json"))
    [bad] = [finding for finding in report["findings"] if finding["code"] == "J004"]
    assert "0xFF" in bad["message"]
    assert (bad["line"], bad["column"]) == (1, 29)


def test_overlong_utf8_sequence_is_bad_encoding():
    assert "J004" in codes_of(report_of(hostile("overlong-utf8.json")))


def test_utf8_byte_order_mark_is_reported_once():
    assert codes_of(report_of(hostile("bom.json"))) == ["J004"]


@pytest.mark.parametrize("name", ["utf16-le.json", "utf16-be.json"])
def test_utf16_with_byte_order_mark_is_one_encoding_finding(name):
    # The body is decoded as UTF-16 so that the envelope is still checked (it is valid here).
    report = report_of(hostile(name))
    assert codes_of(report) == ["J004"]
    assert "UTF-16" in report["findings"][0]["message"]


def test_utf16_cut_in_the_middle_of_a_character_still_gives_findings():
    codes = codes_of(report_of(hostile("utf16-le-odd.json")))
    assert "J004" in codes


def test_nul_bytes_are_located():
    findings = report_of(hostile("nul-bytes.json"))["findings"]
    assert [(f["code"], f["column"]) for f in findings] == [("J001", 19), ("J001", 46)]
    assert "U+0000" in findings[0]["message"]


def test_nan_and_infinity_are_non_standard_numbers():
    report = report_of(hostile("nan-infinity.json"))
    messages = [f["message"] for f in report["findings"] if f["code"] == "J003"]
    assert messages == [
        "NaN is not a JSON number",
        "Infinity is not a JSON number",
        "-Infinity is not a JSON number",
    ]


def test_duplicate_keys_are_reported():
    [finding] = report_of(hostile("duplicate-keys.json"))["findings"]
    assert finding["code"] == "J002"
    assert (finding["line"], finding["column"]) == (1, 48)


def test_truncated_file_says_where_the_text_ends():
    findings = report_of(hostile("truncated.json"))["findings"]
    messages = [f["message"] for f in findings if f["code"] == "J001"]
    # one defect (the file was cut), one finding: the open brackets follow from the open string
    assert messages == ['string not closed: no closing " before the end of the text']


def test_png_header_named_json_is_not_json():
    codes = codes_of(report_of(hostile("png-header.json")))
    assert "J001" in codes and "J004" in codes


def test_random_bytes_give_findings(tmp_path):
    path = write_file(tmp_path, "random.json", random.Random(8259).randbytes(64 * 1024))
    codes = codes_of(report_of(str(path)))
    assert "J004" in codes


def test_binary_file_without_capture_extension_is_read_when_named(tmp_path):
    path = write_file(tmp_path, "image.png", (HOSTILE / "png-header.json").read_bytes())
    assert "J001" in codes_of(report_of(str(path)))


def test_binary_on_standard_input_gives_findings():
    data = random.Random(4627).randbytes(4096)
    assert "J004" in codes_of(report_of("-", input=data))


def test_a_million_levels_of_nesting_are_cut_at_the_limit(tmp_path):
    path = write_file(tmp_path, "deep.json", "[" * 1_000_000 + "]" * 1_000_000)
    started = time.perf_counter()
    report = report_of(str(path))
    assert time.perf_counter() - started < 10
    [deep] = [f for f in report["findings"] if f["code"] == "J005"]
    assert deep["column"] == 1025


def test_a_million_open_brackets_never_closed(tmp_path):
    path = write_file(tmp_path, "open.json", "[" * 1_000_000)
    codes = codes_of(report_of(str(path)))
    assert "J005" in codes and "J001" in codes


def test_a_million_nested_objects(tmp_path):
    path = write_file(tmp_path, "objects.json", '{"a":' * 1_000_000 + "1" + "}" * 1_000_000)
    assert "J005" in codes_of(report_of(str(path)))


def test_nesting_inside_a_string_is_only_a_string(tmp_path):
    path = write_file(tmp_path, "brackets-in-string.json", '{"job_id": "' + "[{" * 500_000 + '"}')
    assert codes_of(report_of(str(path), "--config", id_form_config(tmp_path))) == ["E005"]


def test_a_ten_megabyte_string_is_checked_and_quoted_short(tmp_path):
    path = write_file(
        tmp_path,
        "long-string.json",
        '{"error": {"message": "' + "m" * 10_000_000 + '", "code": 5}}',
    )
    result = invoke("validate", "--format", "text", str(path))
    assert result.exit_code == 1
    assert "S001" in result.stdout
    assert len(result.stdout) < 10_000  # excerpts are cut round the column


def test_an_integer_of_a_hundred_thousand_digits(tmp_path):
    path = write_file(tmp_path, "big-integer.json", '{"job_id": ' + "9" * 100_000 + "}")
    report = report_of(str(path))
    assert codes_of(report) == ["S001"]
    assert len(report["findings"][0]["message"]) < 200


def test_a_hundred_thousand_digits_where_a_number_belongs(tmp_path):
    path = write_file(
        tmp_path,
        "big-code.json",
        '{"error": {"message": "x", "code": "Ecs.0005", "n": 1' + "0" * 100_000 + "}}",
    )
    assert "S003" in codes_of(report_of(str(path)))


def test_a_float_beyond_double_range(tmp_path):
    path = write_file(tmp_path, "huge-float.json", '{"job_id": 1e999999}')
    assert codes_of(report_of(str(path))) == ["S001"]


@pytest.mark.slow
def test_many_errors_on_one_long_line(tmp_path):
    path = write_file(tmp_path, "many-errors.json", "[" + '{"a": XXX},' * 20_000 + "]")
    result = invoke("validate", "--format", "text", str(path))
    assert result.exit_code == 1
    assert "J001" in result.stdout


COUNTERS = HOSTILE / "docs" / "counters.rst"
DIGITS = "1" + "0" * 4400  # past Python's 4,300-digit limit on converting text to int


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(f'{{"total": {DIGITS}}}', id="4401-digit integer"),
        pytest.param(f'{{"total": -{DIGITS}}}', id="negative 4401-digit integer"),
        pytest.param('{"total": 1e400}', id="integer written past a double"),
        pytest.param(f'{{"rate": {DIGITS}.5}}', id="number of 4401 digits"),
        pytest.param('{"rate": -1e400}', id="number past a double"),
        pytest.param(f'{{"total": {DIGITS}, "label": "x"}}', id="beside another member"),
    ],
)
def test_numbers_too_big_to_hold_keep_their_type(tmp_path, body):
    path = write_file(tmp_path, "counters.json", body)
    result = invoke("check", str(COUNTERS), str(path), "--format", "json")
    assert result.exit_code == 0, result.stdout


def test_a_number_too_big_to_hold_where_a_string_belongs(tmp_path):
    path = write_file(tmp_path, "counters.json", '{"label": 1e400}')
    result = invoke("check", str(COUNTERS), str(path), "--format", "json")
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["code"] == "S001"
    assert "(over 4,300 digits)" in finding["message"]
    assert len(finding["message"]) < 200


@pytest.mark.parametrize(
    ("member", "code", "what"),
    [('"a": 1', "J002", "49 more duplicate keys"), ('"a{n}": XXX', "J001", "50 more defects")],
    ids=["duplicate keys", "syntax defects"],
)
def test_problems_past_the_first_hundred_are_counted_not_dropped(tmp_path, member, code, what):
    members = ", ".join(member.format(n=n) for n in range(150))
    path = write_file(tmp_path, "many.json", "{" + members + "}")
    findings = [f for f in report_of(str(path))["findings"] if f["code"] == code]
    assert len(findings) == 101  # a hundred listed, then one that counts the rest
    [summary] = [f for f in findings if "not reported" in f["message"]]
    assert summary["message"].startswith(what)


def test_standard_input_past_the_size_limit_is_read_no_further(tmp_path):
    # /dev/zero or a runaway pipe: read up to --max-size and no further, then one J006.
    report = report_of("--max-size", "1000", "-", input=b"\0" * 100_000)
    assert codes_of(report) == ["J006"]
    assert "more than 1,000 bytes" in report["findings"][0]["message"]


def test_a_json_file_past_the_size_limit_is_one_j006(tmp_path):
    path = write_file(tmp_path, "big.json", '{"job_id": "' + "a" * 5000 + '"}')
    report = report_of("--max-size", "1000", str(path))
    assert codes_of(report) == ["J006"]


@pytest.mark.parametrize("from_stdin", [False, True], ids=["file", "standard input"])
def test_a_json_lines_line_past_the_size_limit_is_read_no_further(tmp_path, from_stdin):
    data = b'{"job_id": "' + b"a" * 200_000 + b'"}\n{"job_id": 5}\n'
    if from_stdin:
        report = report_of("--max-size", "1000", "--input-format", "jsonl", "-", input=data)
    else:
        report = report_of("--max-size", "1000", str(write_file(tmp_path, "log.jsonl", data)))
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("J006", 1), ("S001", 2)]
    assert "more than 1,000 bytes" in report["findings"][0]["message"]
