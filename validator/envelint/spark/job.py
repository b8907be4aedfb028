"""``python -m envelint.spark``: check access logs in Spark, with the CLI's configuration and rule
selection, and write the findings (Parquet or JSON Lines) and the coverage summary.

    python -m envelint.spark LOGS... --docs DOCS --output OUT [--input-format jsonl|parquet]
        [--output-format parquet|jsonl] [--config FILE] [--select CODES] [--ignore CODES]
        [--master local[2]]

Also runs under ``spark-submit`` (``--master`` then comes from it). OUT gets ``findings/`` (one
row per finding, the JSON report's fields), ``counts/`` (exchanges per operation and status) and
``coverage.json`` (``envelint coverage --format json``'s document). Exit 0, or 1 when a finding
is at ``--fail-on`` or above; bad input is one error line and exit 2.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from envelint.commands.options import limit_options, outside_links_option, settings_from
from envelint.common.errors import EnvelintError
from envelint.common.findings import Severity

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from envelint.catalog.store import Catalog
    from envelint.config.settings import Settings
    from envelint.spark.exchanges import CheckedExchanges

INPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".log": "jsonl", ".parquet": "parquet"}


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--output", "output_dir", required=True, help="Folder for findings/, counts/ and coverage.json."
)
@click.option("--docs", type=click.Path(exists=True), help="Derive the catalog from these docs.")
@click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(exists=True),
    help="A built catalog folder or OpenAPI document.",
)
@click.option(
    "--input-format",
    type=click.Choice(["jsonl", "parquet"]),
    help="Default: by the first path's suffix (a folder: jsonl).",
)
@click.option(
    "--output-format", type=click.Choice(["parquet", "jsonl"]), default="parquet", show_default=True
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Configuration file (default: the nearest one).",
)
@click.option("--select", multiple=True, metavar="CODES", help="Only these rule codes or prefixes.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rule codes or prefixes.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that makes the exit code 1 (default: error).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--master", help="Spark master (default: spark-submit's, else local[*]).")
@limit_options
@outside_links_option
def main(paths: tuple[str, ...], output_dir: str, **options: Any) -> None:  # noqa: D401
    """Check access logs (JSON Lines or Parquet) in Spark."""
    try:
        code = run(paths, output_dir, options)
    except (EnvelintError, OSError, ValueError) as error:
        click.echo(f"envelint.spark: error: {error}", err=True)
        code = 2
    except Exception as error:  # Spark's own errors (AnalysisException...): one line
        if os.environ.get("ENVELINT_DEBUG"):
            raise
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        click.echo(f"envelint.spark: error: {type(error).__name__}: {first}", err=True)
        code = 2
    sys.exit(code)


def run(paths: tuple[str, ...], output_dir: str, options: dict[str, Any]) -> int:
    for path in paths:
        if "://" not in path and not os.path.exists(path):
            raise EnvelintError(f"no such file or folder: {path}")
    local = tuple(path for path in paths if "://" not in path)
    settings = settings_from(options, local)
    input_format = options["input_format"] or _format_of(paths[0])
    catalog = _catalog(options, settings)
    spark = _session(options["master"])
    checked = _checked(spark, paths, input_format, catalog, settings)
    rows = checked.rows.persist()
    try:
        _write(checked.findings, Path(output_dir) / "findings", options["output_format"])
        counts = checked.counts
        _write(counts, Path(output_dir) / "counts", options["output_format"])
        coverage = _coverage(counts.collect(), catalog)
        (Path(output_dir) / "coverage.json").write_text(coverage, encoding="utf-8")
        severities: dict[str, int] = dict(checked.findings.groupBy("severity").count().collect())
    finally:
        rows.unpersist()
    total = sum(severities.values())
    shown = ", ".join(f"{n} {label}" for label, n in sorted(severities.items()))
    click.echo(f"envelint.spark: {total} findings ({shown or 'none'}) in {output_dir}", err=True)
    fail_on = settings.fail_on
    failing = any(Severity.parse(label) >= fail_on for label in severities)
    return 1 if failing and not options["exit_zero"] else 0


def _format_of(path: str) -> str:
    return INPUT_FORMATS.get(Path(path.rstrip("/")).suffix.lower(), "jsonl")


def _catalog(options: dict[str, Any], settings: Settings) -> Catalog:
    from envelint.api import Contract
    from envelint.catalog.store import is_openapi_path, load_catalog
    from envelint.commands.validate import configured_catalog

    if options["catalog_dir"]:
        return load_catalog(options["catalog_dir"])
    if options["docs"]:
        if is_openapi_path(options["docs"]):
            return load_catalog(options["docs"])
        return Contract.derived([options["docs"]], settings).catalog
    return configured_catalog(settings)


def _session(master: str | None) -> SparkSession:
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("envelint")
    if master is None or master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # this envelint in the workers
    if master:
        builder = builder.master(master)
    elif "SPARK_MASTER" not in os.environ and not os.environ.get("SPARK_ENV_LOADED"):
        builder = builder.master("local[*]")
    return builder.config("spark.ui.showConsoleProgress", "false").getOrCreate()


def _checked(
    spark: SparkSession,
    paths: tuple[str, ...],
    input_format: str,
    catalog: Catalog,
    settings: Settings,
) -> CheckedExchanges:
    from envelint.spark.exchanges import ExchangeColumns, check_exchanges, check_records
    from envelint.spark.lines import numbered_lines

    if input_format == "jsonl":
        return check_records(numbered_lines(spark, paths), catalog, settings)
    from pyspark.sql import functions as F

    frame = spark.read.parquet(*paths).withColumn("_source", F.col("_metadata.file_path"))
    columns = ExchangeColumns.found_in(frame.columns, settings.access_log)
    return check_exchanges(frame, catalog, settings, replace(columns, source="_source"))


def _write(frame: DataFrame, folder: Path, output_format: str) -> None:
    writer = frame.write.mode("overwrite")
    if output_format == "parquet":
        writer.parquet(str(folder))
    else:
        writer.option("ignoreNullFields", "false").json(str(folder))


def _coverage(rows: list[Any], catalog: Catalog) -> str:
    """``envelint coverage --format json``'s document, from the counted exchanges."""
    from envelint.report.coverage import (
        Counts,
        ExchangeTally,
        UnmatchedGroup,
        coverage_table,
        render_coverage,
    )

    tally = ExchangeTally()
    for row in rows:
        counts = Counts(row["exchanges"], row["with_findings"])
        if row["operation"] is not None:
            tally.exercised[(row["operation"], row["status"])] = counts
        elif row["method"] is not None:
            tally.unmatched[(row["method"], row["path"])] = UnmatchedGroup(
                counts, list(row["examples"])
            )
        else:
            tally.without_request += counts.exchanges
    if not catalog.operations:
        return json.dumps({"exchanges": sum(row["exchanges"] for row in rows)}) + "\n"
    return render_coverage(coverage_table(list(catalog.operations), tally), "json")
