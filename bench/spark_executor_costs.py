"""What one Spark executor pays, without Spark: the catalog shipped (bytes), the engine built
from it, the first batch (validators compiled as records meet them) against the same batch
again, the per-record time against parsing alone, and a profile of the per-record work.

    python bench/spark_executor_costs.py DATA_DIR [--records 20000] [--profile 5000]

DATA_DIR is what ``bench/gateway_log.py`` wrote (``docs/`` and ``gateway.jsonl``).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import itertools
import os
import pstats
import time
import zlib
from pathlib import Path

import orjson
import pyarrow as pa

from envelint.api import Contract
from envelint.config.settings import Settings
from envelint.spark import executor


def seconds(function, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def parse_only(lines: list[str]) -> None:
    for line in lines:
        body = orjson.loads(line).get("response_body")
        if isinstance(body, str):
            with contextlib.suppress(orjson.JSONDecodeError):
                orjson.loads(body)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--profile", type=int, default=5_000)
    args = parser.parse_args()
    settings = Settings()
    catalog = Contract.derived([str(args.data / "docs")], settings).catalog
    with (args.data / "gateway.jsonl").open(encoding="utf-8") as log:
        lines = [line.rstrip("\n") for line in itertools.islice(log, args.records)]
    batch = pa.RecordBatch.from_pydict(
        {"record": lines, "source": ["log"] * len(lines), "line": list(range(1, len(lines) + 1))}
    )
    shipped = executor.ship(catalog, settings)
    print(f"load average {os.getloadavg()[0]:.1f}")
    as_json = len(zlib.decompress(shipped.catalog))
    print(f"catalog shipped: {len(shipped.catalog):,} bytes compressed, {as_json:,} as JSON; "
          f"settings {len(shipped.settings):,}")  # fmt: skip
    build, engine = seconds(executor.engine_for, shipped)
    first, _ = seconds(executor.check_batch, batch, engine)
    again, _ = seconds(executor.check_batch, batch, engine)
    parse, _ = seconds(parse_only, lines)
    print(f"engine built in {build:.2f} s; {len(lines):,} records: first {first:.1f} s, "
          f"again {again:.1f} s ({again / len(lines) * 1e6:.0f} us a record; parsing alone "
          f"{parse / len(lines) * 1e6:.0f} us)")  # fmt: skip
    profile = cProfile.Profile()
    profile.runcall(executor.check_batch, batch.slice(0, args.profile), engine)
    pstats.Stats(profile).sort_stats("cumtime").print_stats(20)


if __name__ == "__main__":
    main()
