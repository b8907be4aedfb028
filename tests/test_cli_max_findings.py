"""``--max-findings N``: at most N findings reported per rule and operation (the schema checked
against, for bare bodies); the rest are counted, and the summary says how many were not
reported."""

from __future__ import annotations

import json

from tests.conftest import FIXTURES
from tests.helpers import run_cli

# Seven S001 (four on the normal schema, three on the abnormal one) and two S003.
LOG = str(FIXTURES / "captures" / "repeated-failures.jsonl")


def json_report(*args: str) -> dict:
    return json.loads(run_cli("validate", "--format", "json", *args, LOG).output)


def test_at_most_n_findings_are_reported_per_rule_and_schema():
    report = json_report("--max-findings", "2")
    reported = [(f["code"], f["line"]) for f in report["findings"]]
    assert reported == [("S001", 1), ("S001", 2), ("S001", 3), ("S003", 5), ("S001", 6),
                        ("S003", 9)]  # fmt: skip


def test_the_summary_counts_every_finding_and_says_how_many_were_not_reported():
    summary = json_report("--max-findings", "2")["summary"]
    assert summary["findings"] == 9
    assert summary["by_code"] == {"S001": 7, "S003": 2}
    assert (summary["max_findings"], summary["unreported"]) == (2, 3)


def test_without_the_option_the_summary_is_as_before():
    summary = json_report()["summary"]
    assert "max_findings" not in summary and "unreported" not in summary


def test_the_text_summary_says_how_many_findings_are_not_shown():
    result = run_cli("validate", "--max-findings", "2", LOG)
    assert result.exit_code == 1
    assert result.output.endswith(
        "Found 9 findings (7 errors, 2 warnings, 0 infos) in 9 payloads from 1 file.\n"
        "3 of them not shown: at most 2 per rule and operation (--max-findings).\n"
    )


def test_unreported_findings_still_fail_the_run():
    result = run_cli("validate", "--max-findings", "0", "--format", "json", LOG)
    assert result.exit_code == 1
    assert json.loads(result.output)["findings"] == []


def test_kept_reports_are_capped_as_a_streamed_one(tmp_path):
    streamed, kept = tmp_path / "streamed.json", tmp_path / "kept.json"
    run_cli("validate", "--max-findings", "2", "--format", "json", "--output", str(streamed), LOG)
    run_cli("validate", "--max-findings", "2", "--format", "json", "--output", str(kept),
            "--format", "text", "--output", str(tmp_path / "kept.txt"), LOG)  # fmt: skip
    assert kept.read_bytes() == streamed.read_bytes()


def test_two_jobs_report_what_one_job_reports():
    assert json_report("--max-findings", "2", "--jobs", "2") == json_report("--max-findings", "2")


def test_a_negative_cap_is_a_usage_error():
    result = run_cli("validate", "--max-findings", "-1", LOG)
    assert result.exit_code == 2
    assert "--max-findings" in result.output


def test_lint_reports_are_capped_too():
    tree = str(FIXTURES / "lint" / "source")
    args = ("lint", tree, "--no-cache", "--format", "json", "--exit-zero", "--max-findings", "0")
    report = json.loads(run_cli(*args).output)
    assert report["findings"] == []
    assert (report["summary"]["findings"], report["summary"]["unreported"]) == (5, 5)
