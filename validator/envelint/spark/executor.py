"""What each executor's Python worker runs: Arrow batches of access-log records in, Arrow batches
of findings and exchange counts out, through the pipeline's own access-log path
(``pipeline.validate.check_access_log``), so a record gives the findings ``envelint validate``
gives it on one machine.

The driver ships the catalog as data (its entries, operations and schemas as compressed JSON)
with the run's settings and their digest (``Shipped``). A worker builds its engine the first
time it meets a digest and keeps it for as long as the process lives (Spark reuses its Python
workers), so validators are compiled once per worker, not per batch or per row.

Imports neither pyspark nor pandas: pyarrow only, so it can be tested without a JVM.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pyarrow as pa

from envelint.catalog.store import ApiOperation, Catalog, CatalogEntry
from envelint.common.findings import Finding
from envelint.config.settings import Settings
from envelint.engine.engine import Engine
from envelint.pipeline.validate import check_access_log
from envelint.report import Report
from envelint.report.coverage import ExchangeTally

FINDING, EXCHANGES = "finding", "exchanges"  # the two kinds of output row

DOC_TYPE = pa.struct(
    [
        ("path", pa.string()),
        ("line", pa.int64()),
        ("table", pa.string()),
        ("page", pa.string()),
        ("original_name", pa.string()),
    ]
)
# The JSON report's fields of a finding (``Finding.to_dict``), in its order.
FINDING_FIELDS: list[tuple[str, pa.DataType]] = [
    ("code", pa.string()),
    ("rule", pa.string()),
    ("severity", pa.string()),
    ("message", pa.string()),
    ("path", pa.string()),
    ("line", pa.int64()),
    ("column", pa.int64()),
    ("end_line", pa.int64()),
    ("end_column", pa.int64()),
    ("pointer", pa.string()),
    ("schema", pa.string()),
    ("doc", DOC_TYPE),
    ("hint", pa.string()),
    ("side", pa.string()),
    ("operation", pa.string()),
    ("page", pa.string()),
    ("selection", pa.string()),
    ("candidates", pa.list_(pa.string())),
]
# Per-operation counts (``report.coverage.ExchangeTally``): a documented operation and status,
# or an unmatched (method, normalized path) with example URLs, or (all null) the exchanges
# without a request line.
COUNT_FIELDS: list[tuple[str, pa.DataType]] = [
    ("count_operation", pa.string()),
    ("count_status", pa.int64()),
    ("count_method", pa.string()),
    ("count_path", pa.string()),
    ("exchanges", pa.int64()),
    ("with_findings", pa.int64()),
    ("examples", pa.list_(pa.string())),
]
OUTPUT_SCHEMA = pa.schema([("kind", pa.string()), *FINDING_FIELDS, *COUNT_FIELDS])

# The input batch's columns (``exchanges.records_frame`` makes them).
RECORD, SOURCE, LINE = "record", "source", "line"


@dataclass(frozen=True)
class Shipped:
    """What the driver broadcasts: the catalog's files, the pickled settings, their digest."""

    digest: str
    catalog: bytes  # ``catalog_data``: zlib-compressed JSON
    settings: bytes

    @property
    def size(self) -> int:
        """Bytes shipped to each executor (the catalog and the settings)."""
        return len(self.catalog) + len(self.settings)


def ship(catalog: Catalog, settings: Settings) -> Shipped:
    """The catalog as data and the settings (for every record: no per-file configuration on
    a cluster), with a digest of both."""
    data = catalog_data(catalog)
    pickled = pickle.dumps(replace(settings, nearest=None, per_file=[]))
    return Shipped(hashlib.sha256(data + b"\0" + pickled).hexdigest(), data, pickled)


def catalog_data(catalog: Catalog) -> bytes:
    """The catalog's entries, operations and schemas, in the catalog's own order (which
    operation a shared URI matches first depends on it; a built catalog's index is sorted)."""
    document = {
        "entries": [entry.to_dict() for entry in catalog.entries],
        "operations": [operation.to_dict() for operation in catalog.operations],
        "schemas": {entry.id: catalog.schema(entry.id) for entry in catalog.entries},
    }
    return zlib.compress(json.dumps(document, ensure_ascii=False).encode(), 6)


def catalog_from_data(data: bytes) -> Catalog:
    """The catalog ``catalog_data`` wrote, in memory."""
    document = json.loads(zlib.decompress(data))
    entries = [CatalogEntry.from_dict(item) for item in document["entries"]]
    operations = [ApiOperation.from_dict(item) for item in document["operations"]]
    return Catalog.in_memory(entries, document["schemas"], operations)


_ENGINES: dict[str, Engine] = {}  # by digest: one per worker process and shipped catalog


def engine_for(shipped: Shipped) -> Engine:
    """This process's engine for ``shipped``, built (validators compiled) on first use."""
    engine = _ENGINES.get(shipped.digest)
    if engine is None:
        settings = pickle.loads(shipped.settings)  # noqa: S301 - the driver's own bytes
        engine = Engine(catalog_from_data(shipped.catalog), settings)
        _ENGINES[shipped.digest] = engine
    return engine


def check_batches(batches: Iterable[pa.RecordBatch], shipped: Shipped) -> Iterator[pa.RecordBatch]:
    """``mapInArrow``'s function: each batch of records checked, its findings and counts out."""
    engine = engine_for(shipped)
    for batch in batches:
        yield check_batch(batch, engine)


def check_batch(batch: pa.RecordBatch, engine: Engine) -> pa.RecordBatch:
    """One batch: each run of consecutive lines of one file through ``check_access_log``."""
    report = Report(findings=[])
    report.exchanges = ExchangeTally()
    limit = engine.settings.max_size
    records = batch.column(RECORD).to_pylist()
    sources = batch.column(SOURCE).to_pylist()
    numbers = batch.column(LINE).to_pylist()
    for source, first, lines in _runs(records, sources, numbers, limit):
        check_access_log(source, lines, engine, None, report, keep_units=False, first_line=first)
    return _output(report.findings, report.exchanges)


def _runs(
    records: list[str | None], sources: list[str], numbers: list[int], limit: int | None
) -> Iterator[tuple[str, int, list[bytes]]]:
    """(source, first line, lines) for each run of consecutive lines of one source; a line
    longer than ``limit`` bytes cut to ``limit + 1`` as the CLI's reader cuts it (J006)."""
    run: list[bytes] = []
    source, first = "", 0
    for record, at, number in zip(records, sources, numbers, strict=True):
        line = (record or "").encode("utf-8", "surrogatepass")
        if limit is not None and len(line) > limit:
            line = line[: limit + 1]
        if run and (at != source or number != first + len(run)):
            yield source, first, run
            run = []
        if not run:
            source, first = at, number
        run.append(line)
    if run:
        yield source, first, run


def _output(findings: list[Finding], tally: ExchangeTally) -> pa.RecordBatch:
    rows: list[dict[str, Any]] = [{"kind": FINDING, **finding.to_dict()} for finding in findings]
    for (operation, status), counts in tally.exercised.items():
        rows.append(
            _count_row(operation, status, None, None, counts.exchanges, counts.with_findings)
        )
    for (method, path), group in tally.unmatched.items():
        row = _count_row(
            None, None, method, path, group.counts.exchanges, group.counts.with_findings
        )
        row["examples"] = list(group.examples)
        rows.append(row)
    if tally.without_request:
        rows.append(_count_row(None, None, None, None, tally.without_request, 0))
    return pa.RecordBatch.from_pylist(rows, schema=OUTPUT_SCHEMA)


def _count_row(
    operation: str | None,
    status: int | None,
    method: str | None,
    path: str | None,
    exchanges: int,
    with_findings: int,
) -> dict[str, Any]:
    return {
        "kind": EXCHANGES,
        "count_operation": operation,
        "count_status": status,
        "count_method": method,
        "count_path": path,
        "exchanges": exchanges,
        "with_findings": with_findings,
        "examples": [],
    }
