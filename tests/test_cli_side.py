"""``--side request|response|both`` (default both) on lint, validate and check, and the
configuration's ``side:``: only the findings about the side asked for; a page's own findings
and an unreadable capture are about neither side and always reported."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "fixtures" / "docs" / "requests"
HAR = ROOT / "fixtures" / "captures" / "requests" / "widgets.har"


def sides(*args: str) -> set[object]:
    cache = ("--no-cache",) if args[0] != "validate" else ()
    result = run_cli(*args, *cache, "--format", "json")
    return {finding["side"] for finding in json.loads(result.output)["findings"]}


def test_check_reports_both_sides_by_default():
    assert sides("check", str(DOCS), str(HAR)) == {"request", "response"}


def test_check_side_request_reports_only_the_requests():
    assert sides("check", "--side", "request", str(DOCS), str(HAR)) == {"request"}


def test_check_side_response_reports_only_the_responses():
    assert sides("check", "--side", "response", str(DOCS), str(HAR)) == {"response"}


def test_validate_takes_side_too(tmp_path, monkeypatch):
    (tmp_path / ".envelint.yaml").write_text(f"docs: {DOCS}\n")
    (tmp_path / HAR.name).write_bytes(HAR.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert sides("validate", HAR.name) == {"request", "response"}
    assert sides("validate", "--side", "request", HAR.name) == {"request"}


def test_lint_side_response_leaves_out_the_example_requests():
    page = DOCS / "deleting_widgets.rst"
    assert "request" in sides("lint", str(page))
    assert "request" not in sides("lint", "--side", "response", str(page))


def test_lint_side_request_keeps_the_pages_own_findings():
    tree = ROOT / "fixtures" / "docs" / "examples"
    assert sides("lint", str(tree)) == {None, "request", "response"}
    assert sides("lint", "--side", "request", str(tree)) == {None, "request"}


def test_an_unreadable_capture_is_reported_whatever_the_side(tmp_path):
    broken = tmp_path / "broken.har"
    broken.write_text("{not json")
    result = run_cli("check", "--no-cache", "--side", "request", "--format", "json", str(DOCS),
                     str(broken))  # fmt: skip
    assert [f["code"] for f in json.loads(result.output)["findings"]] == ["J008"]


def test_the_configuration_side_applies_and_the_flag_wins(tmp_path, monkeypatch):
    (tmp_path / ".envelint.yaml").write_text("side: request\n")
    (tmp_path / HAR.name).write_bytes(HAR.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert sides("check", str(DOCS), HAR.name) == {"request"}
    assert sides("check", "--side", "both", str(DOCS), HAR.name) == {"request", "response"}


def test_an_unknown_side_in_the_configuration_is_one_error_line(tmp_path, monkeypatch):
    (tmp_path / ".envelint.yaml").write_text("side: requests\n")
    (tmp_path / HAR.name).write_bytes(HAR.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--no-cache", str(DOCS), HAR.name)
    assert result.exit_code == 2
    assert "request, response or both" in result.output
