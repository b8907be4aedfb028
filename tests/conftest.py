"""Shared test helpers: where the fixtures and ../shared live, and the CI rule for shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"


def require_shared(path: Path) -> Path:
    """``path`` under ../shared: skipped when absent, but a failure when CI=true."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing, and CI=true requires it")
        pytest.skip(f"{path} is not here")
    return path


@pytest.fixture
def seeds() -> Path:
    return require_shared(SEEDS)


@pytest.fixture
def corpus() -> Path:
    return require_shared(CORPUS)
