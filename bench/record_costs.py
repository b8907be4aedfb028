"""What one record costs, step by step, in one process pinned to one core.

    /work/main/.venv/bin/python bench/record_costs.py [--records N] [--repetitions R]

For valid small envelopes (``envelopes.py``) and valid ~4 KB server responses (``servers.py``,
with a catalog derived into a temporary folder): the time per record of ``orjson.loads``, of
the compiled jsonschema-rs validator's ``is_valid`` (the schema envelint picks for the
record's shape), of the placeholder-mark scan and ``is_valid`` without E003 (what a text of
512 bytes or more that the scan clears costs instead), and of the duplicate-key check
(``envelint.rules.json_syntax.may_have_duplicate_keys``).
For each kind of bad envelope (``envelopes.BAD_KINDS``): ``Engine.check_fully`` and rendering
its findings as text.

Each figure is the median over R timed loops over the same N records (the spread is the fastest
and slowest loop), with the garbage collector off while a loop runs. The loop's own cost (a
Python call per record) is included in each figure, and timed alone as the "empty step" row.
The records are made with the
harness's seed, so two runs time the same records. The server catalog is derived from the
corpus's ECS details query when ``--corpus`` holds it, else from ``synthetic_page.py``.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import envelopes
import locate
import make_data
import measure
import orjson
import servers

from envelint.captures.payload import Payload
from envelint.catalog.store import builtin_catalog_dir, load_catalog
from envelint.engine.engine import Engine
from envelint.report.text_format import render_findings
from envelint.rules.envelope import may_hold_placeholder
from envelint.rules.json_syntax import may_have_duplicate_keys


@dataclass(frozen=True)
class Cost:
    records: str  # which records, e.g. "small envelope" or "bad: wrong-type"
    step: str
    median_us: float  # per record
    fastest_us: float
    slowest_us: float


@dataclass(frozen=True)
class Record:
    data: bytes
    value: object
    validator: object  # the compiled validator of the schema picked for the record
    plain_validator: object  # the same without E003, for a text with no placeholder mark


def loop_us(step: Callable[[object], object], items: Sequence, repetitions: int) -> list[float]:
    """Microseconds per item of each of ``repetitions`` loops of ``step`` over ``items``."""
    per_item = []
    for _ in range(repetitions):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            for item in items:
                step(item)
            elapsed = time.perf_counter() - started
        finally:
            gc.enable()
        per_item.append(elapsed / len(items) * 1e6)
    return per_item


def cost(records: str, step: str, timings: list[float]) -> Cost:
    return Cost(records, step, statistics.median(timings), min(timings), max(timings))


# -- valid records: parse, validate, duplicate keys ----------------------------------------------


def valid_records(engine: Engine, texts: list[bytes]) -> list[Record]:
    records = []
    for data in texts:
        value = orjson.loads(data)
        entry = engine.selector.by_shape(value).entry
        if entry is None:
            raise SystemExit(f"no schema picked for a valid record: {data[:80]!r}")
        plain = engine.validator_for(entry.id, cleared=True)
        records.append(Record(data, value, engine.validator_for(entry.id), plain))
    return records


def valid_costs(label: str, records: list[Record], repetitions: int) -> list[Cost]:
    loads = orjson.loads
    return [
        cost(label, "empty step (the loop alone)", loop_us(lambda r: None, records, repetitions)),
        cost(label, "orjson.loads", loop_us(lambda r: loads(r.data), records, repetitions)),
        cost(
            label,
            "jsonschema-rs is_valid (compiled)",
            loop_us(lambda r: r.validator.is_valid(r.value), records, repetitions),
        ),
        cost(
            label,
            "placeholder-mark scan",
            loop_us(lambda r: may_hold_placeholder(r.data), records, repetitions),
        ),
        cost(
            label,
            "jsonschema-rs is_valid without E003",
            loop_us(lambda r: r.plain_validator.is_valid(r.value), records, repetitions),
        ),
        cost(
            label,
            "duplicate-key check",
            loop_us(lambda r: may_have_duplicate_keys(r.data, r.value), records, repetitions),
        ),
    ]


def small_envelopes(count: int) -> list[bytes]:
    rng = random.Random(make_data.SEED)
    return [envelopes.valid_envelope(rng).encode() for _ in range(count)]


def server_responses(count: int, folder: Path, corpus: Path) -> tuple[Engine, list[bytes]]:
    """Valid server responses, and an engine on the catalog they follow (derived in ``folder``)."""
    os.environ["ENVELINT_CACHE_DIR"] = str(folder / "cache")  # not .envelint_cache/ here
    catalog, schema = servers.catalog_and_schema(
        locate.envelint_command(), folder / "catalog", corpus
    )
    maker = servers.ServerMaker(schema, make_data.SEED)
    bodies = [orjson.dumps(maker.valid()) for _ in range(count)]
    return Engine(load_catalog(catalog.folder)), bodies


# -- bad envelopes: the full check and its text -------------------------------------------------


def bad_costs(engine: Engine, count: int, repetitions: int) -> list[Cost]:
    costs = []
    for kind, make in envelopes.BAD_KINDS.items():
        rng = random.Random(make_data.SEED)
        texts = [make(rng).encode() for _ in range(count)]
        timings = []
        for _ in range(repetitions):  # new Payloads each time: they cache their text
            payloads = [Payload("bad.jsonl", data, line=n) for n, data in enumerate(texts, 1)]
            timings += loop_us(lambda p: render_findings(engine.check_fully(p), False), payloads, 1)
        costs.append(cost(f"bad: {kind}", "check_fully + text", timings))
    return costs


# -- output -------------------------------------------------------------------------------------


def table(costs: list[Cost]) -> str:
    lines = [
        "| records | step | us per record (median) | fastest - slowest |",
        "|---|---|---:|---:|",
    ]
    lines += [
        f"| {c.records} | {c.step} | {c.median_us:.2f} | {c.fastest_us:.2f} - {c.slowest_us:.2f} |"
        for c in costs
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=2000, help="records of each kind")
    parser.add_argument("--repetitions", type=int, default=5, help="timed loops per figure")
    parser.add_argument("--corpus", type=Path, default=locate.DEFAULT_CORPUS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    core = measure.pin_to_one_core()
    builtin = Engine(load_catalog(builtin_catalog_dir()))
    with tempfile.TemporaryDirectory(prefix="envelint-record-costs-") as folder:
        server_engine, bodies = server_responses(args.records, Path(folder), args.corpus)
        mean_server_bytes = sum(map(len, bodies)) / len(bodies)
        costs = [
            *valid_costs(
                "small envelope",
                valid_records(builtin, small_envelopes(args.records)),
                args.repetitions,
            ),
            *valid_costs(
                f"server response (~{mean_server_bytes / 1024:.1f} KB)",
                valid_records(server_engine, bodies),
                args.repetitions,
            ),
            *bad_costs(builtin, args.records, args.repetitions),
        ]
    print(
        f"Per-record costs: medians of {args.repetitions} loops over {args.records:,} records"
        f" each, gc off while timing, {'on cpu ' + str(core) if core is not None else 'unpinned'};"
        f" Python {platform.python_version()}, {platform.machine()}.\n"
    )
    print(table(costs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
