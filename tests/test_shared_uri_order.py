"""Operations that share a URI are tried in page and line order, from the docs as from a built
catalog (which stores them by id): both pick the same response and cite the same page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli

REPO = Path(__file__).resolve().parents[1]
DOCS = "fixtures/docs/shared_uri"
CAPTURE = "fixtures/captures/shared_uri_widgets.har"


def findings(*args: str) -> list[tuple[str, str, str]]:
    result = run_cli(*args, "--format", "json")
    report = json.loads(result.output)
    return [(f["code"], f["message"], f["doc"]["page"]) for f in report["findings"]]


def test_a_built_catalog_picks_the_same_shared_uri_response_as_the_docs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    built = run_cli("schemas", "build", DOCS, "--out", str(tmp_path))
    assert built.exit_code == 0, built.output

    from_docs = findings("check", DOCS, CAPTURE, "--no-cache")
    from_catalog = findings("validate", "--catalog", str(tmp_path), CAPTURE)

    assert from_catalog == from_docs
    [(code, message, page)] = from_docs
    assert (code, page) == ("S001", "Zeta: Listing Widgets")
    assert "where the documentation says Integer" in message
