"""Check a DataFrame of exchanges with envelint: the findings as a DataFrame with the JSON
report's fields, and the exchanges counted per operation and status.

``check_exchanges`` takes a frame with a column for each part of an exchange (method, URL,
status, request body, response body: ``ExchangeColumns``); ``check_records`` takes access-log
lines as they were written (``lines.numbered_lines`` reads them from JSON Lines files). Either
way each record goes through the pipeline's access-log path in an executor (``executor``): the
catalog is built once on the driver and broadcast as data, each Python worker compiles its
validators once, and records travel in Arrow batches (``mapInArrow``), never one call per row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema

from envelint.captures.access_log import AccessLogFields
from envelint.catalog.store import Catalog
from envelint.config.settings import Settings
from envelint.spark.executor import (
    COUNT_FIELDS,
    EXCHANGES,
    FINDING,
    FINDING_FIELDS,
    LINE,
    OUTPUT_SCHEMA,
    RECORD,
    SOURCE,
    Shipped,
    check_batches,
    ship,
)

EXAMPLES_KEPT = 3  # URLs kept per unmatched group, as ``report.coverage`` keeps them
# The names a record made from a frame's columns gives each part (``check_exchanges``).
RECORD_FIELDS = AccessLogFields(
    method=("method",),
    url=("url",),
    status=("status",),
    body=("response_body",),
    request_body=("request_body",),
)


@dataclass(frozen=True)
class ExchangeColumns:
    """The frame's column for each part of an exchange; ``request_body``, ``source`` and
    ``line`` may be None (no request bodies; every record from ``default_source``; no line
    numbers: each record's row id stands for one)."""

    method: str = "method"
    url: str = "url"
    status: str = "status"
    response_body: str = "response_body"
    request_body: str | None = "request_body"
    source: str | None = None
    line: str | None = None

    @classmethod
    def found_in(cls, columns: list[str], fields: AccessLogFields) -> ExchangeColumns:
        """For each part, the first of the configuration's access-log names (``access-log:``,
        else the common gateways' names) that is a column; top-level names only."""
        present = set(columns)

        def first(names: tuple[str, ...]) -> str | None:
            return next((name for name in names if name in present), None)

        chosen = {
            "method": first(fields.method),
            "url": first(fields.url),
            "status": first(fields.status),
            "response_body": first(fields.body),
        }
        missing = [part for part, name in chosen.items() if name is None]
        if missing:
            raise ValueError(
                f"no column for {', '.join(missing)} among {', '.join(columns)} "
                "(name them in the configuration's access-log: section)"
            )
        return cls(**chosen, request_body=first(fields.request_body))  # type: ignore[arg-type]


@dataclass(frozen=True)
class CheckedExchanges:
    """The output rows of a check (lazy: cache ``rows`` to read both views from one pass)."""

    rows: DataFrame
    shipped_bytes: int  # the catalog and settings broadcast to the executors

    @property
    def findings(self) -> DataFrame:
        """One row per finding, with the JSON report's fields."""
        names = [name for name, _ in FINDING_FIELDS]
        return self.rows.where(F.col("kind") == FINDING).select(*names)

    @property
    def counts(self) -> DataFrame:
        """Exchanges per (operation, status), per unmatched (method, path), and without a
        request line (every key null): how many, and how many had findings."""
        keys = ["count_operation", "count_status", "count_method", "count_path"]
        grouped = self.rows.where(F.col("kind") == EXCHANGES).groupBy(*keys)
        counted = grouped.agg(
            F.sum("exchanges").alias("exchanges"),
            F.sum("with_findings").alias("with_findings"),
            F.slice(F.flatten(F.collect_list("examples")), 1, EXAMPLES_KEPT).alias("examples"),
        )
        return counted.select(
            *(F.col(key).alias(key.removeprefix("count_")) for key in keys),
            "exchanges",
            "with_findings",
            "examples",
        )


def check_exchanges(
    frame: DataFrame,
    catalog: Catalog,
    settings: Settings,
    columns: ExchangeColumns | None = None,
    default_source: str = "exchanges",
) -> CheckedExchanges:
    """Check a frame of exchanges, one per row. Positions in findings point into the record
    made of the row (``{"method": ..., "url": ..., "status": ..., "request_body": ...,
    "response_body": ...}``, as Spark's ``to_json`` writes it); bodies may be JSON text or
    structs."""
    columns = columns or ExchangeColumns.found_in(frame.columns, settings.access_log)
    parts: list[Column] = [
        F.col(columns.method).alias("method"),
        F.col(columns.url).alias("url"),
        F.col(columns.status).alias("status"),
        F.col(columns.response_body).alias("response_body"),
    ]
    if columns.request_body is not None:
        parts.append(F.col(columns.request_body).alias("request_body"))
    source = F.col(columns.source) if columns.source else F.lit(default_source)
    line = F.col(columns.line) if columns.line else F.monotonically_increasing_id() + 1
    records = frame.select(
        F.to_json(F.struct(*parts)).alias(RECORD),
        source.cast("string").alias(SOURCE),
        line.cast("long").alias(LINE),
    )
    return check_records(records, catalog, replace(settings, access_log=RECORD_FIELDS))


def check_records(records: DataFrame, catalog: Catalog, settings: Settings) -> CheckedExchanges:
    """Check access-log records: a frame of ``record`` (the line's text), ``source`` (the file
    as findings name it) and ``line`` (its line number), read under ``settings.access_log``."""
    shipped = ship(catalog, settings)
    spark = SparkSession.getActiveSession() or records.sparkSession
    broadcast = spark.sparkContext.broadcast(shipped)

    def check(batches):  # type: ignore[no-untyped-def]
        value: Shipped = broadcast.value
        return check_batches(batches, value)

    rows = records.select(RECORD, SOURCE, LINE).mapInArrow(check, from_arrow_schema(OUTPUT_SCHEMA))
    return CheckedExchanges(rows, shipped.size)


__all__ = [
    "COUNT_FIELDS",
    "CheckedExchanges",
    "ExchangeColumns",
    "check_exchanges",
    "check_records",
]
