"""Shared test helpers: where the fixtures and ../shared live, the CI rule for shared data, and
an environment of envelint's own for every test."""

from __future__ import annotations

import importlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
ECS_LOG_GENERATOR = FIXTURES / "captures" / "generate_ecs_log.py"


def require_shared(path: Path) -> Path:
    """``path`` under ../shared: skipped when absent, but a failure when CI=true."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing, and CI=true requires it")
        pytest.skip(f"{path} is not here")
    return path


def require_module(name: str, extra: str) -> ModuleType:
    """The module ``name`` of the ``extra`` optional dependencies: the test module is skipped
    when it is not installed, but fails when CI=true (.ci/run installs every extra)."""
    if importlib.util.find_spec(name) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is missing, and CI=true requires it (pip install -e '.[{extra}]')")
        pytest.skip(
            f"{name} is not installed (pip install -e '.[{extra}]')", allow_module_level=True
        )
    return importlib.import_module(name)


@pytest.fixture(autouse=True)
def envelint_cache(tmp_path_factory, monkeypatch) -> Path:
    """Every test runs as on a developer's machine, whatever the shell running pytest has set:
    no GitHub Actions (which changes the default report format), no debug tracebacks, and a
    derivation cache of its own, never ``.envelint_cache/`` in the working folder."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("ENVELINT_DEBUG", raising=False)
    cache = tmp_path_factory.mktemp("envelint-cache")
    monkeypatch.setenv("ENVELINT_CACHE_DIR", str(cache))
    return cache


@pytest.fixture(scope="session")
def seeds() -> Path:
    return require_shared(SEEDS)


def load_ecs_log_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_ecs_log", ECS_LOG_GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class EcsLog:
    path: Path
    broken: dict[int, str]  # line number -> the name of the defect written there
    defects: dict[str, str]  # defect name -> the broken line's text


@pytest.fixture(scope="session")
def ecs_log(tmp_path_factory) -> EcsLog:
    """The JSON Lines log of 10,000 ECS responses with known bad lines, written once."""
    generator = load_ecs_log_generator()
    path = tmp_path_factory.mktemp("ecs-log") / "ecs-jobs.jsonl"
    return EcsLog(path, generator.generate(path), generator.DEFECTS)
