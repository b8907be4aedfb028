"""A JSON Lines log of 10,000 ECS responses with known bad lines, through `envelint validate`:
every finding's code, pointer, line and column."""

from __future__ import annotations

import importlib.util
import json

import pytest
from click.testing import CliRunner

from tests.conftest import FIXTURES
from validator.cli import cli

GENERATOR = FIXTURES / "captures" / "generate_ecs_log.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("generate_ecs_log", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def expected_findings(defect: str, text: str, line: int) -> list[tuple]:
    """What each kind of broken line must give: (code, pointer, line, column)."""
    column = {needle: text.index(needle) + 1 for needle in ("400", "XXX", '"ff', "null")
              if needle in text}  # fmt: skip
    return {
        "code-as-integer": [("S001", "/error/code", line, column.get("400"))],
        "placeholder": [("J001", None, line, column.get("XXX"))],
        "truncated": [("J001", None, line, column.get('"ff')), ("J001", None, line, len(text) + 1)],
        "null-job-id": [("S006", "/job_id", line, column.get("null"))],
        "jobid-typo": [("E002", "", line, 1)],
    }[defect]


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    generator = load_generator()
    path = tmp_path_factory.mktemp("log") / "ecs.jsonl"
    return path, generator.generate(path), generator.DEFECTS


def test_every_bad_line_is_found_where_it_is(log):
    path, broken, defects = log
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(path)])
    report = json.loads(result.output)
    found = [(f["code"], f["pointer"], f["line"], f["column"]) for f in report["findings"]]
    expected = [
        finding
        for line, defect in sorted(broken.items())
        for finding in expected_findings(defect, defects[defect], line)
    ]
    assert found == expected
    assert report["summary"]["payloads"] == 10_000
    assert result.exit_code == 1
