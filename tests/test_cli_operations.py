"""``envelint operations DOCS...`` end to end."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_cli

REPO = Path(__file__).resolve().parents[1]
TREE = REPO / "fixtures" / "docs" / "operations"


def test_text_lists_one_line_per_operation_then_a_count(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("operations", "--no-cache", "fixtures/docs/operations")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == "10 operations"
    assert (
        "fixtures/docs/operations/gizmos/listing_gizmos.rst:11: "
        "GET /v2/{project_id}/gizmos{?limit,marker,color} [200 204] gizmo-list"
    ) in lines
    assert (
        "fixtures/docs/operations/buckets/getting_a_bucket_acl.rst:11: "
        "GET /?acl [normal, no body] bucket-acl-get"
    ) in lines


def test_json_holds_every_field(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("operations", "--format", "json", "--no-cache", "fixtures/docs/operations")
    assert result.exit_code == 0, result.output
    found = {item["id"]: item for item in json.loads(result.output)["operations"]}
    start = found["gizmo-start"]
    assert start["templates"] == [
        "/v2/{project_id}/gizmos/{gizmo_id}/action",
        "/v2.1/{project_id}/gizmos/{gizmo_id}/action",
    ]
    assert start["responses"][0] == {"status": 202, "kind": "normal", "schema": None, "headers": []}
    assert start["request_keys"] == ["os-start"]


def test_a_missing_folder_is_one_line_and_exit_2(tmp_path):
    result = run_cli("operations", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "no such documentation file or folder" in result.output


def test_a_bad_format_is_a_usage_error():
    result = run_cli("operations", "--format", "xml", str(TREE))
    assert result.exit_code == 2
