"""`envelint check DOCS LOG.jsonl` on access logs, and `--operation`/`--status` for bare bodies:
each payload meets the operation its request names, and an undocumented one stops at E006/E007."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CORPUS, FIXTURES, REPO, require_shared
from tests.helpers import run_cli

TREE = FIXTURES / "docs" / "tree"
LOG = FIXTURES / "captures" / "access-log.jsonl"
GATEWAY = FIXTURES / "captures" / "gateway" / "access.jsonl"


def findings(*args: str) -> list[tuple]:
    result = run_cli("check", str(TREE), *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return [
        (f["code"], f["line"], f["pointer"], f["operation"])
        for f in json.loads(result.output)["findings"]
    ]


def test_an_access_log_is_checked_record_by_record_against_each_operation():
    assert findings(str(LOG)) == [
        ("S001", 1, "/0/id", "GET /v2/projects/{project_id}/widgets"),
        ("S001", 2, "/error_msg", "GET /v2/projects/{project_id}/widgets"),
        ("E006", 3, "", None),
        ("E007", 4, "", "GET /v2/projects/{project_id}/widgets"),  # no schema, its operation
    ]


def test_an_access_log_finding_points_into_the_logged_line():
    result = run_cli("check", str(TREE), str(LOG), "--format", "json")
    second = json.loads(result.output)["findings"][1]
    line = LOG.read_text(encoding="utf-8").splitlines()[1]
    assert line[second["column"] - 1 :] == "7}}"


def test_the_configuration_names_a_gateway_s_nested_fields():
    assert findings(str(GATEWAY)) == [
        ("S001", 1, "/error_msg", "GET /v2/projects/{project_id}/widgets"),
        ("S001", 2, "/job_id", "POST /v1/{project_id}/widgets/{widget_id}/start"),
    ]


def test_an_access_log_on_standard_input_is_read_alike():
    result = run_cli("check", str(TREE), "-", "--format", "json", input=LOG.read_bytes())
    codes = [f["code"] for f in json.loads(result.output)["findings"]]
    assert codes == ["S001", "S001", "E006", "E007"]


def test_an_operation_given_on_the_command_line_chooses_a_bare_body_s_response(tmp_path):
    body = tmp_path / "body.json"
    body.write_text('{"error_code": "WGT.0400", "error_msg": 7}')
    options = ["--operation", "GET /v2/projects/{project_id}/widgets", "--status", "400"]
    assert findings(str(body), *options) == [
        ("S001", 1, "/error_msg", "GET /v2/projects/{project_id}/widgets")
    ]


def test_a_status_the_operation_does_not_document_stops_at_e007(tmp_path):
    body = tmp_path / "body.json"
    body.write_text('{"error_code": "WGT.0404", "error_msg": 7}')
    options = ["--operation", "GET /v2/projects/p1/widgets", "--status", "404"]
    assert findings(str(body), *options) == [
        ("E007", 1, "", "GET /v2/projects/{project_id}/widgets")
    ]


def test_a_malformed_operation_is_one_error_line():
    result = run_cli("check", str(TREE), str(LOG), "--operation", "/v2/widgets")
    assert result.exit_code == 2
    assert "--operation '/v2/widgets': expected a method and a path" in result.output


def test_an_unknown_access_log_setting_is_a_configuration_error(tmp_path):
    (tmp_path / ".envelint.yaml").write_text("access-log:\n  verb: method\n")
    log = tmp_path / "a.jsonl"
    log.write_bytes(LOG.read_bytes())
    result = run_cli("check", str(TREE), str(log))
    assert result.exit_code == 2
    assert ".envelint.yaml:2:" in result.output


@pytest.mark.slow
def test_the_readme_s_access_log_example_gives_the_output_it_shows(tmp_path, monkeypatch):
    require_shared(CORPUS / "elastic-cloud-server")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    log = readme.split("$ cat gateway.jsonl\n", 1)[1].split("$ envelint", 1)[0]
    command, shown = readme.split("$ envelint check ", 1)[1].split("\n", 1)
    (tmp_path / "shared").symlink_to(CORPUS.parent)  # "../shared" from the working folder
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    (tmp_path / "work" / "gateway.jsonl").write_text(log, encoding="utf-8")
    result = run_cli("check", *command.split(), "--format", "text")
    assert result.output == shown.split("```", 1)[0]


def test_an_operation_against_a_catalog_without_operations_is_one_error_line(tmp_path):
    body = tmp_path / "body.json"
    body.write_text('{"job_id": "j"}')
    result = run_cli("validate", str(body), "--operation", "GET /v1/jobs")
    assert result.exit_code == 2
    assert "the catalog documents no operation" in result.output
