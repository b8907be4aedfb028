"""A "Request parameters" table whose rows the request line writes in its query, with a value
(``name=NewName``) or as a bare key (``?rename``), lists query parameters, not a request body."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_cli

REPO = Path(__file__).resolve().parents[1]


def test_a_query_flag_row_makes_no_request_body(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    built = run_cli("schemas", "build", "fixtures/docs/query_flags", "--out", str(tmp_path))
    assert built.exit_code == 0, built.output
    assert sorted(path.name for path in tmp_path.rglob("*.request.json")) == []
