"""Accepting findings: the ignore file and the baseline, through the command line."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from envelint.common.findings import Finding, Severity
from envelint.pipeline import suppression
from envelint.pipeline.suppression import apply_ignores, load_ignore_file
from tests.conftest import FIXTURES
from tests.factories import write_file
from tests.helpers import run_cli, spy

INVALID = FIXTURES / "payloads" / "invalid"


def codes(result) -> list[str]:
    return [finding["code"] for finding in json.loads(result.output)["findings"]]


def test_ignore_file_drops_a_rule_below_a_pointer(tmp_path, monkeypatch):
    shutil.copy(INVALID / "jobid-typo.json", tmp_path / "typo.json")
    (tmp_path / ".envelint-ignore.yaml").write_text(
        '- rule: undocumented-property\n  path: "*.json"\n  pointer: /jobid\n'
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "--format", "json", "typo.json")
    assert codes(result) == []


def test_unused_ignore_entry_is_reported_at_its_line(tmp_path, monkeypatch):
    shutil.copy(INVALID / "jobid-typo.json", tmp_path / "typo.json")
    write_file(
        tmp_path,
        "ignores.yaml",
        '- rule: S003\n  path: "*.json"\n- rule: S001\n  path: "legacy/*.json"\n',
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "--format", "json", "--ignore-file", "ignores.yaml", "typo.json")
    [finding] = json.loads(result.output)["findings"]
    assert (finding["code"], finding["path"], finding["line"]) == ("U001", "ignores.yaml", 3)


def test_ignore_file_with_an_unknown_key_is_exit_two(tmp_path):
    ignore = write_file(tmp_path, "ignores.yaml", '- rule: S003\n  path: "*.json"\n  reson: x\n')
    result = run_cli("validate", "--ignore-file", str(ignore), str(INVALID / "jobid-typo.json"))
    assert result.exit_code == 2
    assert "ignores.yaml:1: unknown key 'reson' (expected rule, path, pointer, reason)" in (
        result.output
    )


def test_ignore_entry_without_a_path_is_exit_two(tmp_path):
    ignore = write_file(
        tmp_path, "ignores.yaml", '- rule: S003\n  path: "*.json"\n- rule: S001\n  paht: "*.json"\n'
    )
    result = run_cli("validate", "--ignore-file", str(ignore), str(INVALID / "jobid-typo.json"))
    assert result.exit_code == 2
    assert "ignores.yaml:3: each entry needs 'rule' and 'path'" in result.output


def test_unused_ignore_entry_hints_at_the_ignore_file(tmp_path):
    ignore = write_file(tmp_path, "ignores.yaml", '- rule: S001\n  path: "legacy/*.json"\n')
    [finding] = apply_ignores([], load_ignore_file(ignore), str(ignore))
    assert finding.hint == "remove the entry from the ignore file"


def test_ignore_file_is_parsed_once(tmp_path, monkeypatch):
    ignore = write_file(tmp_path, "ignores.yaml", '- rule: S003\n  path: "*.json"\n')
    parses = spy(monkeypatch, yaml.SafeLoader, "get_single_node")
    load_ignore_file(ignore)
    assert len(parses) == 1


def test_ignore_entries_name_their_rule_when_loaded(tmp_path, monkeypatch):
    ignore = write_file(
        tmp_path, "ignores.yaml", '- rule: undocumented-property\n  path: "*.json"\n'
    )
    monkeypatch.chdir(tmp_path)  # globs are relative to the ignore file's folder
    entries = load_ignore_file(ignore)
    monkeypatch.setattr(suppression, "find_rule", lambda name: pytest.fail("looked up again"))
    finding = Finding("S003", "undocumented-property", Severity.ERROR, "x", "a.json", 1, 1)
    assert apply_ignores([finding], entries, str(ignore)) == []


def test_baseline_accepts_existing_findings(tmp_path):
    baseline = tmp_path / "baseline.json"
    first = run_cli("validate", "--write-baseline", str(baseline), str(INVALID))
    assert first.exit_code == 1
    second = run_cli("validate", "--format", "json", "--baseline", str(baseline), str(INVALID))
    assert second.exit_code == 0
    assert codes(second) == []


def test_baseline_counts_so_a_new_finding_still_fails(tmp_path):
    payload = write_file(tmp_path, "x.json", '{"error": {"message": "x", "code": 400}}')
    baseline = tmp_path / "baseline.json"
    run_cli("validate", "--write-baseline", str(baseline), str(payload))
    payload.write_text('{\n"error": {"message": 1,\n "code": 400}}')  # lines shift, one more
    result = run_cli("validate", "--format", "json", "--baseline", str(baseline), str(payload))
    assert result.exit_code == 1
    assert codes(result) == ["S001"]


def test_baseline_allowing_more_than_found_reports_unused(tmp_path):
    payload = write_file(tmp_path, "x.json", '{"error": {"message": "x", "code": 400}}')
    baseline = tmp_path / "baseline.json"
    run_cli("validate", "--write-baseline", str(baseline), str(payload))
    payload.write_text('{"error": {"message": "x", "code": "Ecs.0005"}}')
    result = run_cli("validate", "--format", "json", "--baseline", str(baseline), str(payload))
    assert codes(result) == ["U001"]
    assert result.exit_code == 0  # a warning


def test_broken_baseline_is_exit_two(tmp_path):
    baseline = write_file(tmp_path, "baseline.json", "[]")
    result = run_cli("validate", "--baseline", str(baseline), str(INVALID / "nan.json"))
    assert result.exit_code == 2
    assert "not an envelint baseline" in result.output
