"""Which configuration file is read: --config, then .envelint.yaml upward, then pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from envelint.common.errors import EnvelintError
from envelint.config.loader import find_config, load_settings
from envelint.config.settings import Settings

ENVELINT_TABLE = '[tool.envelint]\nignore = ["S006"]\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path/project/sub, with the working folder in sub."""
    sub = tmp_path / "project" / "sub"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    return tmp_path / "project"


def test_explicit_config_is_read(project: Path) -> None:
    (project / "mine.yaml").write_text("ignore: [S006]\n")
    (project / ".envelint.yaml").write_text("ignore: [J001]\n")

    settings = load_settings(str(project / "mine.yaml"), project)

    assert settings.ignore == ["S006"]


def test_explicit_config_that_does_not_exist_is_an_error(project: Path) -> None:
    with pytest.raises(EnvelintError) as error:
        load_settings("missing.yaml", project)

    assert str(error.value) == "missing.yaml: configuration file not found"


def test_explicit_folder_is_not_a_configuration_file(project: Path) -> None:
    with pytest.raises(EnvelintError) as error:
        load_settings(str(project), project)

    assert str(error.value) == f"{project}: configuration file not found"


def test_nearest_envelint_yaml_upward_is_found(project: Path) -> None:
    (project / ".envelint.yaml").write_text("ignore: [S006]\n")

    assert find_config(None, project / "sub") == (project / ".envelint.yaml").resolve()


def test_envelint_yml_is_found_too(project: Path) -> None:
    (project / ".envelint.yml").write_text("ignore: [S006]\n")

    assert find_config(None, project / "sub") == (project / ".envelint.yml").resolve()


def test_the_nearer_yaml_file_wins(project: Path) -> None:
    (project / ".envelint.yaml").write_text("ignore: [S006]\n")
    (project / "sub" / ".envelint.yaml").write_text("ignore: [J001]\n")

    assert load_settings(None, project / "sub").ignore == ["J001"]


def test_a_checked_file_starts_the_search_in_its_folder(project: Path) -> None:
    (project / "sub" / ".envelint.yaml").write_text("ignore: [J001]\n")
    payload = project / "sub" / "payload.json"
    payload.write_text("{}")

    assert find_config(None, payload) == (project / "sub" / ".envelint.yaml").resolve()


def test_the_nearer_pyproject_wins_over_a_yaml_file_further_up(project: Path) -> None:
    (project / ".envelint.yaml").write_text("ignore: [S006]\n")
    (project / "sub" / "pyproject.toml").write_text(ENVELINT_TABLE)

    assert find_config(None, project / "sub") == (project / "sub" / "pyproject.toml").resolve()


def test_in_one_folder_the_yaml_file_comes_before_pyproject(project: Path) -> None:
    (project / "sub" / ".envelint.yaml").write_text("ignore: [J001]\n")
    (project / "sub" / "pyproject.toml").write_text(ENVELINT_TABLE)

    assert find_config(None, project / "sub") == (project / "sub" / ".envelint.yaml").resolve()


def test_pyproject_with_envelint_table_is_found(project: Path) -> None:
    (project / "pyproject.toml").write_text(ENVELINT_TABLE)

    assert load_settings(None, project / "sub").ignore == ["S006"]


def test_pyproject_without_envelint_table_is_passed_over(project: Path) -> None:
    (project / "pyproject.toml").write_text(ENVELINT_TABLE)
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "envelint-docs"\n')

    assert find_config(None, project / "sub") == (project / "pyproject.toml").resolve()


def test_no_configuration_gives_the_defaults(project: Path) -> None:
    assert load_settings(None, project / "sub") == Settings()


def test_discovered_file_is_named_relative_to_the_working_folder(project: Path) -> None:
    (project / "sub" / ".envelint.yaml").write_text("ignore: [S006]\n")

    assert load_settings(None, project / "sub").source == ".envelint.yaml"


def test_discovered_file_outside_the_working_folder_is_named_in_full(project: Path) -> None:
    (project / ".envelint.yaml").write_text("ignore: [S006]\n")

    settings = load_settings(None, project / "sub")

    assert settings.source == str((project / ".envelint.yaml").resolve())


def test_globs_are_relative_to_the_configuration_folder(project: Path) -> None:
    (project / ".envelint.yaml").write_text("ignore: [S006]\n")

    assert load_settings(None, project / "sub").root == project.resolve()
