"""A JSON Lines log of 10,000 ECS responses with known bad lines, through `envelint validate`:
every finding's code, pointer, line and column."""

from __future__ import annotations

import json

from click.testing import CliRunner

from envelint.commands.main import cli
from tests.conftest import FIXTURES
from tests.helpers import run_cli


def expected_findings(defect: str, text: str, line: int) -> list[tuple]:
    """What each kind of broken line must give: (code, pointer, line, column)."""
    column = {needle: text.index(needle) + 1 for needle in ("400", "XXX", '"ff', "null")
              if needle in text}  # fmt: skip
    return {
        "code-as-integer": [("S001", "/error/code", line, column.get("400"))],
        "placeholder": [("J001", None, line, column.get("XXX"))],
        "truncated": [("J001", None, line, column.get('"ff'))],  # the brackets left open follow
        "null-job-id": [("S006", "/job_id", line, column.get("null"))],
        "jobid-typo": [("E002", "", line, 1)],
    }[defect]


def test_every_bad_line_is_found_where_it_is(ecs_log):
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(ecs_log.path)])
    report = json.loads(result.output)
    found = [(f["code"], f["pointer"], f["line"], f["column"]) for f in report["findings"]]
    expected = [
        finding
        for line, defect in sorted(ecs_log.broken.items())
        for finding in expected_findings(defect, ecs_log.defects[defect], line)
    ]
    assert found == expected
    assert report["summary"]["payloads"] == 10_000
    assert result.exit_code == 1


def test_long_records_get_the_findings_of_short_ones():
    """Records over 512 bytes skip E003's regex when no placeholder mark is in the text and try
    re-encoding before counting colons: placeholders however spelled, and duplicate keys in a
    compact record, are still found."""
    log = FIXTURES / "captures" / "long-records.jsonl"
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(log)])
    report = json.loads(result.output)
    found = [(f["line"], f["code"], f["pointer"]) for f in report["findings"]]
    assert found == [
        (2, "E003", "/error/message"),  # "XXX"
        (3, "E003", "/error/message"),  # "\u2026", an escaped ellipsis
        (4, "E003", "/error/message"),  # "\u0058XX", an escaped X
        (5, "E003", "/error/code"),  # "Ecs.xxxx"
        (6, "J002", None),  # a compact record with "message" twice
    ]
    assert report["summary"]["payloads"] == 7


def test_a_line_of_vertical_tab_is_not_json(tmp_path):
    log = tmp_path / "log.jsonl"
    log.write_bytes(b'{"job_id": "ff80808288d41e1b018990260955686a"}\n\x0b\n\n')
    result = run_cli("validate", "--format", "json", str(log))
    report = json.loads(result.stdout)
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("J001", 2)]
    assert report["summary"]["payloads"] == 2
