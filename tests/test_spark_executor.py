"""What a Spark executor runs, without Spark (pyarrow only): the catalog shipped as data in its
own order, one engine per worker and catalog, records grouped into runs of consecutive lines,
and a batch's findings identical to the CLI's."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES, require_module
from tests.helpers import run_cli

pa = require_module("pyarrow", "spark")

from envelint.api import Contract  # noqa: E402
from envelint.common.paths import display_path  # noqa: E402
from envelint.config.settings import Settings  # noqa: E402
from envelint.spark import executor  # noqa: E402

TREE = FIXTURES / "docs" / "tree"
LOG = FIXTURES / "captures" / "access-log.jsonl"


@pytest.fixture(scope="module")
def catalog():
    return Contract.derived([str(TREE)], Settings(), use_cache=False).catalog


def batch_of(lines: list[str], source: str = display_path(LOG)) -> pa.RecordBatch:
    numbers = list(range(1, len(lines) + 1))
    return pa.RecordBatch.from_pydict(
        {"record": lines, "source": [source] * len(lines), "line": numbers}
    )


def test_the_shipped_catalog_keeps_its_order_and_schemas(catalog):
    shipped = executor.ship(catalog, Settings())
    again = executor.catalog_from_data(shipped.catalog)
    assert [op.id for op in again.operations] == [op.id for op in catalog.operations]
    assert [entry.id for entry in again.entries] == [entry.id for entry in catalog.entries]
    assert all(again.schema(e.id) == catalog.schema(e.id) for e in catalog.entries)


def test_a_worker_builds_one_engine_per_catalog(catalog):
    shipped = executor.ship(catalog, Settings())
    assert executor.engine_for(shipped) is executor.engine_for(shipped)


def test_records_go_in_runs_of_consecutive_lines_and_long_ones_are_cut():
    runs = list(executor._runs(["a", "b", "c", "xxxxx"], ["f", "f", "g", "g"], [1, 2, 1, 5], 3))
    assert runs == [("f", 1, [b"a", b"b"]), ("g", 1, [b"c"]), ("g", 5, [b"xxxx"])]


def test_a_batch_gives_the_cli_findings(catalog):
    shipped = executor.ship(catalog, Settings())
    rows = executor.check_batch(
        batch_of(LOG.read_text().splitlines()), executor.engine_for(shipped)
    )
    findings = [row for row in rows.to_pylist() if row["kind"] == executor.FINDING]
    cli = run_cli("check", str(TREE), str(LOG), "--format", "json")
    expected = json.loads(cli.output)["findings"]
    names = [name for name, _ in executor.FINDING_FIELDS]
    assert [{name: row[name] for name in names} for row in findings] == expected
