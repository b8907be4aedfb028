"""``envelint diff BASE HEAD [-- DOCS_PATH]`` end to end: folders, catalogs, git revisions,
the output formats, ``--fail-on`` and bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_cli

REPO = Path(__file__).resolve().parents[1]
DIFF = REPO / "fixtures" / "diff"
REMOVED = "fixtures/diff/C111-response-field-removed"
ADDED = "fixtures/diff/C116-response-field-added"


def test_text_groups_by_operation_and_exits_1_on_a_breaking_change(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("diff", "fixtures/diff/base", REMOVED)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"fixtures/diff/base -> {REMOVED}",
        "GET /v2/{project_id}/gizmos/{gizmo_id} (gizmo-show)",
        '  breaking C111 response-field-removed: response field "/gizmo/name" was removed '
        "(base fixtures/diff/base/querying_a_gizmo.rst:31; "
        f"head {REMOVED}/querying_a_gizmo.rst:21)",
        "1 changes: 1 breaking, 0 potentially breaking, 0 non breaking",
    ]


def test_breaking_operations_come_first(tmp_path, monkeypatch):
    head = tmp_path / "head"
    shutil.copytree(DIFF / "C003-operation-added", head)
    shutil.copy(DIFF / "C111-response-field-removed" / "querying_a_gizmo.rst", head)
    result = run_cli("diff", str(DIFF / "base"), str(head), "--format", "json")
    codes = [change["code"] for change in json.loads(result.output)["changes"]]
    assert codes == ["C111", "C003"]


def test_non_breaking_changes_exit_0():
    assert run_cli("diff", str(DIFF / "base"), str(DIFF / ADDED.split("/")[-1])).exit_code == 0


@pytest.mark.parametrize(
    ("fail_on", "code"), [("breaking", 0), ("potentially-breaking", 1), ("none", 0)]
)
def test_fail_on_sets_the_threshold(fail_on, code):
    head = DIFF / "C115-response-enum-value-added"
    result = run_cli("diff", str(DIFF / "base"), str(head), "--fail-on", fail_on)
    assert result.exit_code == code, result.output


def test_json_holds_the_summary_and_every_field():
    result = run_cli(
        "diff", str(DIFF / "base"), str(DIFF / "C115-response-enum-value-added"), "--format", "json"
    )
    data = json.loads(result.output)
    assert data["summary"] == {"breaking": 0, "potentially-breaking": 1, "non-breaking": 0}
    (change,) = data["changes"]
    assert change["code"] == "C115"
    assert change["pointer"] == "/gizmo/status"
    assert change["operation_id"] == "gizmo-show"
    assert change["status"] == "200"
    assert change["base_at"].endswith("base/querying_a_gizmo.rst:35")


def test_markdown_is_a_table_per_level_with_non_breaking_folded():
    head = tmp = DIFF / "C101-success-status-removed"
    result = run_cli("diff", str(DIFF / "base"), str(tmp), "--format", "markdown")
    lines = result.output.splitlines()
    assert lines[0] == f"### envelint diff `{DIFF / 'base'}` → `{head}`"
    assert "#### breaking (1)" in lines
    assert "<details><summary>non breaking (1)</summary>" in lines
    assert any(
        line.startswith("| C101 | DELETE /v2/{project_id}/gizmos/{gizmo_id}") for line in lines
    )


def test_a_built_catalog_compares_like_its_documentation(tmp_path):
    catalog = tmp_path / "catalog"
    assert run_cli("schemas", "build", str(DIFF / "base"), "--out", str(catalog)).exit_code == 0
    result = run_cli(
        "diff", str(catalog), str(DIFF / "C111-response-field-removed"), "--format", "json"
    )
    (change,) = json.loads(result.output)["changes"]
    assert change["code"] == "C111"
    assert change["base_at"] == "querying_a_gizmo.rst:31"


# -- git revisions -----------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@e",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@e",
            "PATH": "/usr/bin:/bin",
        },
    )
    return done.stdout.strip()


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A repository whose ``main`` holds the base documentation under ``api-ref/source`` and
    whose ``topic`` branch removes a field."""
    repo = tmp_path / "repo"
    docs = repo / "api-ref" / "source"
    shutil.copytree(DIFF / "base", docs)
    _git(tmp_path, "init", "-q", "-b", "main", str(repo))
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "topic")
    shutil.copy(DIFF / "C111-response-field-removed" / "querying_a_gizmo.rst", docs)
    _git(repo, "commit", "-q", "-am", "remove a field")
    return repo


def test_revisions_are_read_from_git_objects_and_cited_as_rev_path(history, monkeypatch):
    monkeypatch.chdir(history)
    (history / "api-ref" / "source" / "querying_a_gizmo.rst").write_text("edited, uncommitted")
    result = run_cli("diff", "main", "topic", "--format", "json", "--", "api-ref/source")
    (change,) = json.loads(result.output)["changes"]
    assert change["base_at"] == "main:api-ref/source/querying_a_gizmo.rst:31"
    assert change["head_at"] == "topic:api-ref/source/querying_a_gizmo.rst:21"
    assert _git(history, "status", "--porcelain") == "M api-ref/source/querying_a_gizmo.rst"


def test_without_base_the_merge_base_with_the_default_branch_is_taken(history, monkeypatch):
    monkeypatch.chdir(history / "api-ref")
    result = run_cli("diff", "--format", "json", "--", "source")
    assert result.exit_code == 1, result.output
    assert [c["code"] for c in json.loads(result.output)["changes"]] == ["C111"]


def test_a_second_run_reuses_the_written_tree_and_the_derivation(history, monkeypatch):
    monkeypatch.chdir(history)
    first = run_cli("diff", "main", "topic", "--", "api-ref/source")
    from envelint.changes import versions

    def no_archive(*args):
        raise AssertionError("the tree was written again")

    monkeypatch.setattr(versions, "_extract", no_archive)
    assert run_cli("diff", "main", "topic", "--", "api-ref/source").output == first.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("nope", "topic", "--", "api-ref/source"), "nope: not a documentation folder, a catalog"),
        (("main", "topic", "--", "docs"), "main: has no folder docs"),
        (("main", "topic", "--", "a", "b"), "give at most BASE, HEAD and one DOCS_PATH"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(history, monkeypatch, args, said):
    monkeypatch.chdir(history)
    result = run_cli("diff", *args)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and said in result.output, result.output


def test_a_folder_without_pages_is_one_line_and_exit_2(tmp_path):
    result = run_cli("diff", str(tmp_path), str(DIFF / "base"))
    assert result.exit_code == 2
    assert "no documentation pages" in result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_heads_pages_that_are_the_bases_bytes_are_not_read_again(monkeypatch, tmp_path, jobs):
    from envelint.changes import pages

    log = tmp_path / "read.log"  # appended to by both processes with --jobs 2
    real = pages.read_page

    def logged(file: Any, *args: Any) -> Any:
        with log.open("a") as out:
            out.write(f"{Path(file).parent.name}/{Path(file).name}\n")
        return real(file, *args)

    monkeypatch.setattr(pages, "read_page", logged)
    result = run_cli(
        "diff", str(DIFF / "base"), str(DIFF / "C111-response-field-removed"), "--jobs", jobs
    )
    assert result.exit_code == 1, result.output
    assert sorted(log.read_text().splitlines()) == [
        "C111-response-field-removed/querying_a_gizmo.rst",
        "base/creating_a_gizmo.rst",
        "base/deleting_a_gizmo.rst",
        "base/querying_a_gizmo.rst",
    ]


def test_two_processes_find_what_one_finds(tmp_path):
    head = str(DIFF / "C111-response-field-removed")
    one = run_cli("diff", str(DIFF / "base"), head, "--jobs", "1", "--no-cache", "--format", "json")
    two = run_cli("diff", str(DIFF / "base"), head, "--jobs", "2", "--no-cache", "--format", "json")
    assert one.output == two.output and json.loads(two.output)["changes"]


def test_a_revision_without_pages_names_the_revisions_folder(history, monkeypatch):
    monkeypatch.chdir(history)
    (history / "notes").mkdir()
    (history / "notes" / "a.md").write_text("# not a page\n")
    _git(history, "add", ".")
    _git(history, "commit", "-q", "-m", "notes")
    result = run_cli("diff", "topic", "topic", "--", "notes")
    assert result.exit_code == 2
    assert result.output == (
        "envelint: error: topic: no documentation pages (.rst, .txt) in topic:notes\n"
    )


@pytest.mark.parametrize(
    ("cores", "load", "free"), [(2, 0.3, True), (2, 1.0, True), (2, 1.8, False), (1, 0.0, False)]
)
def test_by_default_two_processes_only_when_a_second_core_is_free(monkeypatch, cores, load, free):
    from envelint.changes import parallel

    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: set(range(cores)))
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (load, load, load))
    assert parallel.second_core_free() is free
