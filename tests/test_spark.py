"""envelint in Spark (local[2], the slow tier): the job's findings are the CLI's, as sets of JSON
report items, on a generated gateway log of 200,000 lines and on a bad line, an unknown operation
and a huge body; a DataFrame of exchanges by columns; bad input is one error line and exit 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import CORPUS, FIXTURES, REPO, require_module, require_shared
from tests.helpers import run_cli

require_module("pyspark", "spark")
pytestmark = pytest.mark.slow

TREE = FIXTURES / "docs" / "tree"
LOG = FIXTURES / "captures" / "access-log.jsonl"


@pytest.fixture(scope="module")
def spark():
    """One SparkSession for the module: its workers run this interpreter's envelint."""
    from pyspark.sql import SparkSession

    if shutil.which("java") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("java is missing, and CI=true requires it (.ci/run installs it)")
        pytest.skip("no java here")

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("envelint-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    yield session
    session.stop()


def run_job(*args: str) -> tuple[int, str]:
    from envelint.spark.job import main

    result = CliRunner().invoke(main, [*args, "--master", "local[2]"])
    return result.exit_code, result.output


def items(findings: list[dict]) -> set[str]:
    return {json.dumps(finding, sort_keys=True) for finding in findings}


def job_findings(out: Path) -> list[dict]:
    return [
        json.loads(line)
        for part in sorted((out / "findings").glob("*.json"))
        for line in part.read_text(encoding="utf-8").splitlines()
    ]


def cli_findings(docs: Path, log: Path, *options: str) -> list[dict]:
    result = run_cli("check", str(docs), str(log), "--format", "json", "--exit-zero", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["findings"]


def test_a_bad_line_an_unknown_operation_and_a_huge_body_as_in_the_cli(spark, tmp_path):
    huge = {"request_method": "GET", "request_uri": "/v2/projects/p1/widgets", "status": 200}
    huge["response_body"] = json.dumps([{"id": "w", "name": "x" * 5000}])
    log = tmp_path / "access.jsonl"
    lines = LOG.read_text(encoding="utf-8").splitlines()
    log.write_text("\n".join([*lines, "this is not a record", "", json.dumps(huge)]) + "\n")

    code, output = run_job(
        str(log), "--docs", str(TREE), "--output", str(tmp_path / "out"),
        "--output-format", "jsonl", "--max-size", "2000",
    )  # fmt: skip

    expected = cli_findings(TREE, log, "--max-size", "2000")
    assert code == 1, output
    assert {f["code"] for f in expected} >= {"J001", "J006", "E006"}
    assert items(job_findings(tmp_path / "out")) == items(expected)


def test_the_job_writes_parquet_counts_and_the_coverage_summary(spark, tmp_path):
    code, output = run_job(str(LOG), "--docs", str(TREE), "--output", str(tmp_path), "--exit-zero")

    assert code == 0, output
    findings = spark.read.parquet(str(tmp_path / "findings")).collect()
    assert sorted((row["code"], row["line"]) for row in findings) == [
        ("E006", 3), ("E007", 4), ("S001", 1), ("S001", 2),
    ]  # fmt: skip
    counts = spark.read.parquet(str(tmp_path / "counts")).collect()
    assert sum(row["exchanges"] for row in counts) == len(LOG.read_text().splitlines())
    coverage = json.loads((tmp_path / "coverage.json").read_text())
    expected = run_cli("coverage", str(TREE), str(LOG), "--format", "json")
    assert coverage["summary"] == json.loads(expected.output)["summary"]


def body_text(record: dict) -> str | None:
    """The logged response body as JSON text (some logs write the object itself)."""
    body = record.get("response_body")
    return body if body is None or isinstance(body, str) else json.dumps(body)


def test_a_frame_of_exchanges_by_columns_gives_the_cli_findings_codes(spark):
    from envelint.api import Contract
    from envelint.config.settings import Settings
    from envelint.spark.exchanges import check_exchanges

    records = [json.loads(line) for line in LOG.read_text(encoding="utf-8").splitlines()]
    rows = [(r["request_method"], r["request_uri"], r["status"], body_text(r)) for r in records]
    frame = spark.createDataFrame(rows, "verb string, uri string, code int, body string")
    settings = Settings()
    settings.access_log = settings.access_log.configured(
        {"method": "verb", "url": "uri", "status": "code", "body": "body"}
    )
    catalog = Contract.derived([str(TREE)], settings).catalog

    checked = check_exchanges(frame, catalog, settings)

    got = sorted(
        (row["code"], row["pointer"], row["operation"]) for row in checked.findings.collect()
    )
    expected = sorted((f["code"], f["pointer"], f["operation"]) for f in cli_findings(TREE, LOG))
    assert got == expected
    assert checked.shipped_bytes < 100_000


def test_the_job_reads_parquet_exchanges_by_the_configured_names(spark, tmp_path):
    records = [json.loads(line) for line in LOG.read_text(encoding="utf-8").splitlines()]
    rows = [(r["request_method"], r["request_uri"], r["status"], body_text(r)) for r in records]
    schema = "request_method string, request_uri string, status int, response_body string"
    spark.createDataFrame(rows, schema).write.parquet(str(tmp_path / "log.parquet"))

    code, output = run_job(
        str(tmp_path / "log.parquet"), "--docs", str(TREE), "--output", str(tmp_path / "out"),
        "--output-format", "jsonl", "--exit-zero",
    )  # fmt: skip

    assert code == 0, output
    got = sorted((f["code"], f["pointer"], f["operation"]) for f in job_findings(tmp_path / "out"))
    expected = sorted((f["code"], f["pointer"], f["operation"]) for f in cli_findings(TREE, LOG))
    assert got == expected


def test_parquet_without_a_method_column_is_one_error_line(spark, tmp_path):
    spark.createDataFrame([("x",)], "other string").write.parquet(str(tmp_path / "log.parquet"))

    code, output = run_job(
        str(tmp_path / "log.parquet"), "--docs", str(TREE), "--output", str(tmp_path)
    )

    assert code == 2
    assert output.startswith("envelint.spark: error: no column for method, url, status")
    assert len(output.strip().splitlines()) == 1


def test_bad_input_is_one_error_line_and_exit_2(spark, tmp_path):
    code, output = run_job(
        str(tmp_path / "missing.jsonl"), "--docs", str(TREE), "--output", str(tmp_path)
    )
    assert code == 2
    assert output.strip().splitlines() == [
        f"envelint.spark: error: no such file or folder: {tmp_path / 'missing.jsonl'}"
    ]


def test_a_200000_line_gateway_log_gives_the_cli_findings(spark, tmp_path):
    require_shared(CORPUS)
    generator = str(REPO / "bench" / "gateway_log.py")
    command = [sys.executable, generator, str(tmp_path), "--lines", "200000"]
    subprocess.run(command, check=True, capture_output=True)
    log, docs = tmp_path / "gateway.jsonl", tmp_path / "docs"

    code, output = run_job(
        str(log), "--docs", str(docs), "--output", str(tmp_path / "out"),
        "--output-format", "jsonl", "--exit-zero",
    )  # fmt: skip

    assert code == 0, output
    expected = cli_findings(docs, log)
    assert len(expected) > 1000
    assert items(job_findings(tmp_path / "out")) == items(expected)
