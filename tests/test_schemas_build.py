"""`envelint schemas build`: the committed catalog is exactly what the seeds derive to."""

from __future__ import annotations

import json

from click.testing import CliRunner

from envelint.commands.main import cli
from tests.conftest import FIXTURES, REPO
from tests.helpers import run_cli


def build(*args: str):
    return run_cli("schemas", "build", *args)


def test_committed_schemas_are_the_seeds_derived(seeds, monkeypatch):
    monkeypatch.chdir(REPO)
    result = build("../shared/seeds", "--out", "schemas", "--check")
    assert result.exit_code == 0, result.output
    assert "is up to date" in result.output


def test_build_writes_schemas_and_index(tmp_path):
    result = build(str(FIXTURES / "docs"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert index["envelint_catalog"] == 2
    for entry in index["schemas"]:
        schema = json.loads((tmp_path / "out" / entry["file"]).read_text())
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_rebuild_is_byte_identical(tmp_path):
    out = tmp_path / "out"
    build(str(FIXTURES / "docs"), "--out", str(out))
    first = {path.name: path.read_bytes() for path in out.rglob("*.json")}
    build(str(FIXTURES / "docs"), "--out", str(out))
    assert {path.name: path.read_bytes() for path in out.rglob("*.json")} == first


def test_check_names_what_differs_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    build(str(FIXTURES / "docs"), "--out", str(out))
    schema = next(path for path in out.rglob("*.json") if path.name != "index.json")
    schema.write_text(schema.read_text().replace('"title"', '"titel"'))
    stale = out / "stale.json"
    stale.write_text("{}")
    index = out / "index.json"
    data = json.loads(index.read_text())
    data["schemas"].append({"id": "stale", "file": "stale.json", "kind": "normal"})
    index.write_text(json.dumps(data))
    before = {path: path.read_bytes() for path in out.rglob("*.json")}
    result = build(str(FIXTURES / "docs"), "--out", str(out), "--check")
    assert result.exit_code == 1
    assert f"out of date: {schema}" in result.output
    assert f"stale: {stale}" in result.output
    assert {path: path.read_bytes() for path in out.rglob("*.json")} == before


def test_build_removes_only_files_its_index_listed(tmp_path):
    out = tmp_path / "out"
    build(str(FIXTURES / "docs"), "--out", str(out))
    notes = out / "notes.json"
    notes.write_text("{}")
    build(str(FIXTURES / "docs"), "--out", str(out))
    assert notes.exists()


def test_build_refuses_a_folder_that_is_no_catalog(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "data.json").write_text("{}")
    result = CliRunner().invoke(
        cli, ["schemas", "build", str(FIXTURES / "docs"), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "holds no index.json" in result.output


def test_check_on_a_missing_folder_exits_one(tmp_path):
    result = build(str(FIXTURES / "docs"), "--out", str(tmp_path / "none"), "--check")
    assert result.exit_code == 1
    assert "missing:" in result.output


def test_each_documentation_issue_is_named_by_the_code_lint_gives_it(tmp_path):
    result = CliRunner().invoke(
        cli,
        ["schemas", "build", str(FIXTURES / "docs" / "defects"), "--out", str(tmp_path / "o")],
    )
    warnings = result.stderr.splitlines()
    assert any(": D002 unknown-type: " in line and '"Sting"' in line for line in warnings)
    assert any(": D005 structure-missing: " in line for line in warnings)
    assert any(": D001 unresolved-table-reference: " in line for line in warnings)


def test_every_kind_of_documentation_issue_has_a_lint_rule():
    from envelint.derive import issues
    from envelint.rules import rule_for_issue

    kinds = [value for name, value in vars(issues).items() if name.isupper()]
    assert kinds and all(rule_for_issue(kind) is not None for kind in kinds)
