"""`catalog:` and `docs:` in the configuration: what `validate` (and so the pre-commit hook)
checks payloads against, relative to the configuration file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.helpers import run_cli

TREE = FIXTURES / "docs" / "tree"
TRAFFIC = FIXTURES / "captures" / "widgets" / "traffic.http"
ENVELOPES = FIXTURES / "catalogs" / "envelopes"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A documentation repository: docs/api-ref, captures/, and the working folder in
    captures/ (so that paths in the configuration must be read from the file's folder)."""
    shutil.copytree(TREE, tmp_path / "docs" / "api-ref")
    (tmp_path / "captures").mkdir()
    shutil.copy(TRAFFIC, tmp_path / "captures" / "traffic.http")
    monkeypatch.chdir(tmp_path / "captures")
    return tmp_path


def codes(result) -> list[tuple[str, str, str]]:
    return [(f["code"], f["pointer"], f["schema"]) for f in json.loads(result.output)["findings"]]


def test_docs_key_checks_captures_against_the_projects_own_documentation(project: Path):
    (project / ".envelint.yaml").write_text("docs: docs/api-ref\n")

    result = run_cli("validate", "traffic.http", "--format", "json")

    assert result.exit_code == 1
    assert codes(result) == [
        ("S001", "/error_msg", "apis/listing_widgets.status-400"),
        ("E007", "", None),  # an undocumented status: nothing checked against a guess
        ("E006", "", None),
    ]


def test_catalog_key_names_a_built_catalog(project: Path):
    shutil.copytree(ENVELOPES, project / "contract")
    (project / ".envelint.yaml").write_text("catalog: contract\n")
    (project / "captures" / "job.json").write_text('{"job_id": 5}\n')

    result = run_cli("validate", "job.json", "--format", "json")

    assert [(f["code"], f["schema"]) for f in json.loads(result.output)["findings"]] == [
        ("S001", "jobs.normal")
    ]


def test_command_line_catalog_wins_over_the_configuration(project: Path):
    (project / ".envelint.yaml").write_text("docs: docs/api-ref\n")
    (project / "captures" / "job.json").write_text('{"job_id": 5}\n')

    result = run_cli("validate", "job.json", "--catalog", str(ENVELOPES), "--format", "json")

    assert [f["schema"] for f in json.loads(result.output)["findings"]] == ["jobs.normal"]


def test_missing_folder_is_one_error_line_naming_the_configuration(project: Path):
    (project / ".envelint.yaml").write_text("docs: no-such-folder\n")

    result = run_cli("validate", "traffic.http")

    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"envelint: error: {project / '.envelint.yaml'}: docs: no such folder: "
        f"{project / 'no-such-folder'}"
    )


def test_catalog_and_docs_together_are_a_configuration_error(project: Path):
    (project / ".envelint.yaml").write_text("catalog: contract\ndocs: docs/api-ref\n")

    result = run_cli("validate", "traffic.http")

    assert result.exit_code == 2
    assert "give catalog (a built catalog folder) or docs" in result.stderr
    assert result.stderr.count("\n") == 1
