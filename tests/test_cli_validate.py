"""`envelint validate` end to end, through the command line."""

from __future__ import annotations

import json

from click.testing import CliRunner

from envelint.commands.main import cli
from tests.conftest import FIXTURES
from tests.factories import write_file
from tests.helpers import run_cli, shown_as

PAYLOADS = FIXTURES / "payloads"


def test_valid_payloads_exit_zero():
    result = run_cli("validate", str(PAYLOADS / "valid"))
    assert result.exit_code == 0
    assert "No findings in 4 payloads from 4 files." in result.output


def test_seed_example_reports_both_problems_with_line_and_column():
    path = PAYLOADS / "invalid" / "seed-jobs-abnormal.json"
    result = run_cli("validate", "--format", "text", str(path))
    assert result.exit_code == 1
    path = shown_as(path)
    assert f"{path}:2:38: J001 error " in result.output
    assert f"{path}:2:42: J001 error " in result.output


def test_text_output_has_excerpt_and_caret():
    path = (PAYLOADS / "invalid" / "seed-order-abnormal.json").as_posix()
    lines = run_cli("validate", "--format", "text", path).output.splitlines()
    assert lines[2] == '    2 |     "error": {"message": "", "code": XXX}'
    assert lines[3] == "      |                                      ^^^"


def test_text_output_names_the_response_a_payload_was_checked_against():
    path = (PAYLOADS / "invalid" / "seed-order-abnormal.json").as_posix()
    lines = run_cli("validate", "--format", "text", path).output.splitlines()
    assert lines[0] == (
        f"{shown_as(PAYLOADS)}/invalid/seed-order-abnormal.json: checked against schema "
        "000_cb33e2b5c92bfef4.abnormal, documented in "
        "000_cb33e2b5c92bfef4.txt, chosen by the body's shape"
    )


def test_type_mismatch_cites_the_documentation_row():
    path = str(PAYLOADS / "invalid" / "code-as-integer.json")
    report = json.loads(run_cli("validate", "--format", "json", path).output)
    [finding] = report["findings"]
    assert finding["code"] == "S001"
    assert finding["pointer"] == "/error/code"
    assert finding["doc"]["line"] == 33
    assert finding["doc"]["path"].endswith("000_cb33e2b5c92bfef4.txt")
    assert finding["doc"]["table"] == "Table 1 error field structure"


def test_json_report_shape():
    path = str(PAYLOADS / "invalid" / "seed-jobs-abnormal.json")
    report = json.loads(run_cli("validate", "--format", "json", path).output)
    assert set(report) == {"tool", "findings", "summary"}
    assert report["tool"]["name"] == "envelint"
    assert set(report["findings"][0]) == {
        "code", "rule", "severity", "message", "path", "line", "column", "end_line",
        "end_column", "pointer", "schema", "doc", "hint", "side", "operation", "page",
        "selection", "candidates",
    }  # fmt: skip
    assert report["findings"][0]["side"] == "response"
    assert report["summary"] == {"files": 1, "payloads": 1, "findings": 2, "by_code": {"J001": 2}}


def test_forced_schema_overrides_the_envelope_shape():
    path = str(PAYLOADS / "valid" / "error-with-details.json")
    result = run_cli(
        "validate", "--schema", "004_99702e14f02197f5.normal", "--format", "json", path
    )
    assert result.exit_code == 0  # S003 is a warning
    [finding] = json.loads(result.output)["findings"]
    assert (finding["code"], finding["pointer"]) == ("S003", "/error")


def test_every_documented_field_required_with_config(tmp_path):
    (tmp_path / ".envelint.yaml").write_text("required: all\n")
    payload = write_file(
        tmp_path, "x.json", '{"error": {"message": "Invalid request.", "details": []}}'
    )
    result = run_cli("validate", "--format", "json", str(payload))
    codes = [finding["code"] for finding in json.loads(result.output)["findings"]]
    assert codes == ["S002"]


def test_stdin_is_read_with_dash():
    result = run_cli("validate", "--format", "json", "-", input=b'{"error": {"message": "x"}}')
    report = json.loads(result.output)
    assert report["summary"]["payloads"] == 1
    assert result.exit_code == 0


def test_info_findings_fail_only_with_fail_on_info():
    path = str(PAYLOADS / "invalid" / "null-job-id.json")
    assert run_cli("validate", path).exit_code == 0
    assert run_cli("validate", "--fail-on", "info", path).exit_code == 1


def test_exit_zero_overrides_findings():
    path = str(PAYLOADS / "invalid" / "code-as-integer.json")
    assert run_cli("validate", "--exit-zero", path).exit_code == 0


def test_ignore_drops_a_rule():
    path = str(PAYLOADS / "invalid" / "code-as-integer.json")
    result = run_cli("validate", "--ignore", "S001", path)
    assert result.exit_code == 0


def test_output_file_receives_the_report(tmp_path):
    target = tmp_path / "report.json"
    path = str(PAYLOADS / "invalid" / "ambiguous.json")
    result = run_cli("validate", "--format", "json", "--output", str(target), path)
    assert result.exit_code == 1
    assert result.output == ""
    assert json.loads(target.read_text())["findings"][0]["code"] == "E001"


def test_missing_file_is_one_line_and_exit_two():
    result = CliRunner().invoke(cli, ["validate", "no-such-file.json"])
    assert result.exit_code == 2
    assert result.output.strip() == "envelint: error: no-such-file.json: no such file or directory"


def test_unknown_schema_id_is_exit_two():
    path = str(PAYLOADS / "valid" / "jobs-normal.json")
    result = CliRunner().invoke(cli, ["validate", "--schema", "nope", path])
    assert result.exit_code == 2
    assert result.output.startswith("envelint: error: unknown schema id 'nope'")


def test_missing_catalog_is_exit_two(tmp_path):
    path = str(PAYLOADS / "valid" / "jobs-normal.json")
    result = CliRunner().invoke(cli, ["validate", "--catalog", str(tmp_path), path])
    assert result.exit_code == 2
    assert "index.json is missing" in result.output


def test_unknown_option_is_usage_error():
    result = CliRunner().invoke(cli, ["validate", "--bogus", "x.json"])
    assert result.exit_code == 2


def test_second_format_and_output_pair(tmp_path):
    sarif = tmp_path / "envelint.sarif"
    path = str(PAYLOADS / "invalid" / "code-as-integer.json")
    result = run_cli(
        "validate", "--format", "sarif", "--output", str(sarif), "--format", "text", path
    )
    assert result.exit_code == 1
    assert ":1:36: S001 error" in result.output
    assert json.loads(sarif.read_text())["runs"][0]["results"][0]["ruleId"] == "S001"


def test_two_reports_on_stdout_is_a_usage_error():
    path = str(PAYLOADS / "valid" / "jobs-normal.json")
    result = CliRunner().invoke(cli, ["validate", "--format", "json", "--format", "text", path])
    assert result.exit_code == 2
    assert "only one report can go to standard output" in result.output


def test_statistics_count_findings_per_rule():
    result = run_cli("validate", "--format", "text", "--statistics", str(PAYLOADS / "invalid"))
    assert "      3  J001 payload-not-json\n      1  J002 duplicate-key\n" in result.output


def test_streamed_text_is_the_same_as_the_text_report(tmp_path):
    log = tmp_path / "log.jsonl"
    good = '{"job_id": "ff80808288d41e1b018990260955686a"}'
    bad = ['{"job_id": XXX}', '{"error": {"message": "x", "code": 400}}', '{"job_id": null}']
    log.write_text("\n".join(bad[n % 3] if n % 7 == 0 else good for n in range(300)) + "\n")
    streamed = run_cli("validate", "--format", "text", str(log))  # printed as found
    target = tmp_path / "report.txt"
    run_cli("validate", "--format", "text", "--output", str(target), str(log))  # kept, then written
    assert streamed.output == target.read_text()
    assert "Found 43 findings" in streamed.output


def test_limit_flags_turn_a_huge_payload_into_a_finding():
    path = str(PAYLOADS / "valid" / "order-normal.json")
    result = run_cli("validate", "--format", "json", "--max-size", "16", path)
    [finding] = json.loads(result.output)["findings"]
    assert (finding["code"], result.exit_code) == ("J006", 1)
    result = run_cli("validate", "--format", "json", "--max-items", "1", path)
    assert [f["code"] for f in json.loads(result.output)["findings"]] == ["J007"]


def test_a_usage_error_is_one_line_naming_the_command_s_help():
    result = run_cli("schemas", "build", "fixtures/docs")
    assert result.exit_code == 2
    assert result.stderr == (
        "envelint: error: Missing option '--out'. (see 'envelint schemas build --help')\n"
    )
