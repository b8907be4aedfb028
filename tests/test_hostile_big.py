"""A 200 MB single-line JSON payload, generated under tmp_path, through a real ``envelint``.

Each test measures the wall time and the peak resident memory of the process and prints them
(``pytest -s`` shows them). The slowest shapes run only with ENVELINT_SLOW_TESTS=1:

    ENVELINT_SLOW_TESTS=1 .venv/bin/python -m pytest tests/test_hostile_big.py -s -q
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.test_hostile_support import id_form_config, run_envelint

pytestmark = pytest.mark.slow

SIZE = 200 * 1024 * 1024
slow = pytest.mark.skipif(
    os.environ.get("ENVELINT_SLOW_TESTS") != "1", reason="set ENVELINT_SLOW_TESTS=1 to run"
)


def write_single_line(path: Path, prefix: bytes, item: bytes, suffix: bytes) -> Path:
    """``prefix`` + ``item`` repeated up to 200 MB + ``suffix``, on one line."""
    count = (SIZE - len(prefix) - len(suffix)) // len(item)
    with open(path, "wb") as out:
        out.write(prefix)
        out.write(item * count)
        out.write(suffix)
    return path


def measured(tmp_path: Path, payload: Path, label: str, *options: str):
    outcome = run_envelint(
        "validate", "--format", "json", "--output", str(tmp_path / "report.json"), *options,
        str(payload), tmp_path=tmp_path,
    )  # fmt: skip
    print(f"\n{label}: {outcome.seconds:.1f} s, peak RSS {outcome.peak_rss_mb:.0f} MB")
    report = json.loads((tmp_path / "report.json").read_text())
    return outcome, report


def test_valid_200_mb_payload_takes_the_fast_path(tmp_path):
    path = write_single_line(
        tmp_path / "big.json", b'{"error": {"message": "', b"m", b'", "code": "Ecs.0005"}}'
    )
    outcome, report = measured(tmp_path, path, "200 MB valid")
    assert outcome.exit_code == 0 and report["findings"] == []
    assert outcome.seconds < 30
    assert outcome.peak_rss_mb < 4 * 200  # measured: about 1 s and 630 MB


def test_200_mb_string_with_a_finding_takes_the_full_path(tmp_path):
    path = write_single_line(tmp_path / "big.json", b'{"job_id": "', b"a", b'"}')
    config = id_form_config(tmp_path)  # job_id held to 32 hex digits: the string breaks it
    outcome, report = measured(tmp_path, path, "200 MB string, one finding", "--config", config)
    assert [finding["code"] for finding in report["findings"]] == ["E005"]
    assert outcome.seconds < 60
    assert outcome.peak_rss_mb < 12 * 200  # measured: about 4 s and 1.9 GB


@slow
def test_200_mb_of_small_objects_in_an_array(tmp_path):
    item = b'{"job_id":"ff80808288d41e1b018990260955686a"},'
    path = write_single_line(tmp_path / "big.json", b"[", item, item[:-1] + b"]")
    outcome, report = measured(tmp_path, path, "200 MB, 4.5 million objects")
    assert [finding["code"] for finding in report["findings"]] == ["E002"]
    assert outcome.seconds < 120  # measured: about 5 s and 2 GB


@slow
def test_200_mb_of_numbers(tmp_path):
    path = write_single_line(
        tmp_path / "big.json", b'{"job_id": "x", "data": [', b"1234567,", b"1]}"
    )
    outcome, report = measured(tmp_path, path, "200 MB, 26 million numbers")
    # "x" is no documented id form, so no E005 (E005 holds only documented or configured forms)
    assert {finding["code"] for finding in report["findings"]} == {"S003"}
    assert outcome.seconds < 300  # measured: about 14 s and 4.2 GB


@slow
def test_200_mb_with_one_syntax_error_at_the_end(tmp_path):
    item = b'{"job_id":"ff80808288d41e1b018990260955686a"},'
    path = write_single_line(tmp_path / "big.json", b"[", item, b"]")  # a trailing comma
    outcome, report = measured(tmp_path, path, "200 MB, trailing comma at the end")
    assert "J001" in {finding["code"] for finding in report["findings"]}
    assert outcome.seconds < 600  # measured: about 30 s and 3.2 GB (was 58 s and 4.7 GB)


def test_too_many_items_is_decided_before_the_payload_is_read(tmp_path):
    # 10 million one-byte items (20 MB) over --max-items: counted in the text, never parsed.
    # Read as values they took about 825 MB (the fast path's orjson, then the full path).
    path = tmp_path / "items.json"
    path.write_bytes(b'{"job_id": [' + b",".join([b"1"] * 10_000_000) + b"]}")
    outcome, report = measured(tmp_path, path, "10 million items", "--max-items", "1000000")
    assert [finding["code"] for finding in report["findings"]] == ["J007"]
    assert "10,000,001 values" in report["findings"][0]["message"]
    assert outcome.peak_rss_mb < 200  # measured: about 100 MB


def test_a_failing_payload_of_ten_million_items_stays_within_a_small_multiple_of_its_size(
    tmp_path,
):
    # 10 million one-byte items (20 MB) under the default limits, the array where a string is
    # documented: each schema error used to copy the whole array (peak 830 MB, 41 times the
    # payload); long arrays are validated a slice at a time (engine/long_arrays.py).
    path = tmp_path / "items.json"
    path.write_bytes(b'{"job_id": [' + b",".join([b"1"] * 10_000_000) + b"]}")
    size_mb = path.stat().st_size / 1e6
    outcome, report = measured(tmp_path, path, "10 million items, failing")
    assert [(f["code"], f["pointer"]) for f in report["findings"]] == [("S001", "/job_id")]
    assert outcome.peak_rss_mb < 20 * size_mb  # measured: about 300 MB, 15 times
