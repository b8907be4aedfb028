"""Matching requests to operations with every corpus reference loaded: microseconds per match.

Every reference of the corpus is derived (through the content-hash cache, so a second run is
quick) and all their operations go into one ``OperationIndex``. The requests are made from the
documentation itself: each template of each operation with its variables filled in
(``{project_id}`` -> ``p0123456789abcdef``), as an absolute URL with a query string, in a fixed
shuffled order. Printed: the number of operations and templates, the time to build the index,
the median and the least wall time and the median CPU time of ``--repetitions`` timed passes over
all requests (microseconds per match, for ``match_operations`` and for the older ``match`` that
returns schema entries; on a shared machine the least is the pass least disturbed), and how many
requests matched their own operation among the candidates (a sanity figure, not a target).

    .venv/bin/python bench/matching.py [--corpus DIR] [--repetitions N] [--per-reference]

``--per-reference`` also routes each reference's requests (every documented query parameter
given) through an index of that reference alone and counts those matched to exactly their own
operation: without a body, and with a body holding the operation's documented request keys
(what tells operations sharing a URI apart).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from locate import DEFAULT_CORPUS

from envelint.catalog.operations import OperationIndex
from envelint.catalog.store import ApiOperation, CatalogEntry
from envelint.derive.cache import derive_cached

VARIABLE = re.compile(r"\{([^{}/]*)\}")
HOST = "https://api.example.com"
Request = tuple[str, str, ApiOperation]


def load(corpus: Path) -> tuple[list[CatalogEntry], list[ApiOperation]]:
    entries: list[CatalogEntry] = []
    operations: list[ApiOperation] = []
    for tree in sorted(corpus.glob("*/api-ref/source")):
        derived = derive_cached([str(tree)])
        entries.extend(derived.entries)
        operations.extend(derived.operations)
    return entries, operations


def requests_for(operations: list[ApiOperation], every_parameter: bool = False) -> list[Request]:
    """A request per template, its query the flags and ``limit=10``, or (``every_parameter``)
    the flags and every documented query parameter."""
    made = []
    for operation in operations:
        for template in operation.templates:
            path = VARIABLE.sub(lambda found: _value(found.group(1)), template)
            given = [f"{name}=1" for name in operation.query_params] if every_parameter else []
            query = "&".join([*operation.query_flags, *(given or ["limit=10"])])
            made.append((operation.method, f"{HOST}{path}?{query}", operation))
    random.Random(7).shuffle(made)
    return made


def _value(name: str) -> str:
    """A concrete value for a variable: never a word a literal segment could be."""
    return f"x{zlib.crc32(name.encode()):08x}"


def per_match_us(
    match: Callable[[str, str], object], requests: list[Request], repetitions: int
) -> tuple[float, float, float]:
    """Microseconds per match over ``repetitions`` passes over all requests: (median wall,
    least wall, median CPU time of the process)."""
    walls, cpus = [], []
    for _ in range(repetitions):
        started, started_cpu = time.perf_counter(), time.process_time()
        for method, url, _operation in requests:
            match(method, url)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - started_cpu)
    scale = 1e6 / len(requests)
    return (
        statistics.median(walls) * scale,
        min(walls) * scale,
        statistics.median(cpus) * scale,
    )


def exact_matches(corpus: Path) -> list[tuple[str, int, int, int]]:
    """Per reference: requests, matched to exactly their own operation without a body, and
    with a body made of the operation's request keys."""
    rows = []
    for tree in sorted(corpus.glob("*/api-ref/source")):
        derived = derive_cached([str(tree)])
        index = OperationIndex(derived.entries, derived.operations)
        requests = requests_for(derived.operations, every_parameter=True)
        alone = with_body = 0
        for method, url, operation in requests:
            found = index.match_operations(method, url)
            alone += len(found) == 1 and found[0].operation is operation
            body = dict.fromkeys(operation.request_keys, {}) or None
            found = index.match_operations(method, url, body)
            with_body += len(found) == 1 and found[0].operation is operation
        rows.append((tree.parents[1].name, len(requests), alone, with_body))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repetitions", type=int, default=7)
    parser.add_argument("--per-reference", action="store_true")
    arguments = parser.parse_args()
    if not arguments.corpus.is_dir():
        print(f"{arguments.corpus}: no such folder", file=sys.stderr)
        return 2
    entries, operations = load(arguments.corpus)
    started = time.perf_counter()
    index = OperationIndex(entries, operations)
    built_ms = (time.perf_counter() - started) * 1e3
    requests = requests_for(operations)
    own = sum(
        1
        for method, url, operation in requests
        if any(found.operation is operation for found in index.match_operations(method, url))
    )
    templates = sum(len(operation.templates) for operation in operations)
    print(f"operations: {len(operations)}, templates: {templates}, requests: {len(requests)}")
    print(f"index built in {built_ms:.1f} ms")
    for name, match in (("match_operations", index.match_operations), ("match", index.match)):
        median, least, cpu = per_match_us(match, requests, arguments.repetitions)
        print(
            f"{name}: {median:.2f} us per match (median wall of passes), "
            f"least {least:.2f} us, median CPU {cpu:.2f} us"
        )
    print(f"own operation among the candidates: {own}/{len(requests)}")
    if arguments.per_reference:
        rows = exact_matches(arguments.corpus)
        print("reference: requests, exactly their own operation without a body, with a body")
        for name, total, alone, with_body in rows:
            print(f"  {name}: {total}, {alone}, {with_body}")
        totals = [sum(row[column] for row in rows) for column in (1, 2, 3)]
        print(f"  all: {totals[0]}, {totals[1]}, {totals[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
