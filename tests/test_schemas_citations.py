"""A built catalog cites the documentation relative to the root given to `schemas build`, with
the page's title and its published name: the same bytes wherever the tree is built from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from envelint.docs.dialects import read_page
from tests.conftest import FIXTURES
from tests.helpers import run_cli

TREE = FIXTURES / "docs" / "tree"


def build(docs: Path, out: Path) -> dict[str, bytes]:
    result = run_cli("schemas", "build", str(docs), "--out", str(out), "--no-cache")
    assert result.exit_code == 0, result.output
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def citations(node: object) -> list[dict]:
    if isinstance(node, dict):
        found = [node["x-doc"]] if isinstance(node.get("x-doc"), dict) else []
        return found + [c for value in node.values() for c in citations(value)]
    if isinstance(node, list):
        return [c for item in node for c in citations(item)]
    return []


def test_catalogs_built_from_two_absolute_locations_are_byte_identical(tmp_path: Path):
    first, second = tmp_path / "a" / "docs", tmp_path / "elsewhere" / "deeper" / "docs"
    shutil.copytree(TREE, first)
    shutil.copytree(TREE, second)

    built = [build(first, tmp_path / "out-a"), build(second, tmp_path / "out-b")]

    assert built[0] == built[1]
    assert len(built[0]) > 2


def test_citations_are_relative_to_the_documentation_root(tmp_path: Path):
    shutil.copytree(TREE, tmp_path / "docs")
    files = build(tmp_path / "docs", tmp_path / "out")

    schema = json.loads(files["common/widget_jobs.abnormal.json"])
    [message, code] = [c for c in citations(schema) if c["table"] and "error" in c["table"]]
    assert message["path"] == "common/widget_jobs.rst"
    assert (message["page"], message["original_name"]) == (
        "Widget Job Responses",
        "example_widget_jobs.html",
    )
    index = json.loads(files["index.json"])
    pages = {entry["page"] for entry in index["schemas"]}
    pages |= {operation["page"] for operation in index.get("operations", [])}
    assert pages and all(not page.startswith(("/", "..")) for page in pages)
    assert "common/widget_jobs.rst" in pages


def test_a_page_without_original_name_is_cited_by_title_alone(tmp_path: Path):
    page = tmp_path / "docs" / "jobs.rst"
    page.parent.mkdir()
    text = (TREE / "common" / "widget_jobs.rst").read_text().split("\n", 2)[2]  # no field list
    page.write_text(text)

    files = build(tmp_path / "docs", tmp_path / "out")

    schemas = [json.loads(data) for name, data in files.items() if name != "index.json"]
    cited = [citation for schema in schemas for citation in citations(schema)]
    assert cited and all(c["page"] == "Widget Job Responses" for c in cited)
    assert all("original_name" not in c for c in cited)


def test_the_page_model_reads_original_name_from_the_leading_field_list():
    assert (
        read_page(TREE / "common" / "widget_jobs.rst").original_name == "example_widget_jobs.html"
    )


def test_a_field_after_the_title_is_not_the_pages_name(tmp_path: Path):
    page = tmp_path / "p.rst"
    page.write_text("Title\n=====\n\n:original_name: not-this.html\n")

    assert read_page(page).original_name is None


def test_text_report_names_the_page_of_the_row(tmp_path: Path, monkeypatch):
    shutil.copytree(TREE, tmp_path / "docs")
    build(tmp_path / "docs", tmp_path / "catalog")
    (tmp_path / "x.json").write_text('{"error": {"message": "no", "code": 7}}\n')
    monkeypatch.chdir(tmp_path)

    result = run_cli(
        "validate", "--catalog", "catalog", "--schema", "common/widget_jobs.abnormal", "x.json"
    )

    assert (
        "  = documented at common/widget_jobs.rst:33 (Table 1 error field structure), "
        'page "Widget Job Responses" (example_widget_jobs.html)'
    ) in result.stdout
