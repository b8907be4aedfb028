"""Make the benchmark data sets, deterministically, in a folder outside the repository.

    /work/main/.venv/bin/python bench/make_data.py [--out /tmp/envelint-bench] [--quick]

Writes (sizes for the full run; ``--quick`` divides them by ten):

- ``envelopes-100000.jsonl``, ``envelopes-1000000.jsonl``: small envelopes, 4% bad (the first is
  the head of the second); ``envelopes-valid-*.jsonl``: the same sizes with nothing bad.
- ``envelopes-bad-20000.jsonl``: small envelopes that are all bad (the same size with
  ``--quick``: its cost is read per payload, and fewer would leave mostly start-up).
- ``servers-100000.jsonl``: ~4 KB server responses, 1% bad, and ``catalog-servers/``, the catalog
  derived from the page that documents them.
- ``files-10000/``: one small envelope per file, pretty-printed, 4% bad (pre-commit's view).
- ``one.json``: one small valid envelope.
- ``envelope-schema.json``: for check-jsonschema, the schemas envelint's fast path uses for the
  envelopes, joined with if/then/else on the envelope's shape.
- ``manifest.json``: what was made, with which parameters, and how many bad payloads of each kind.

A data set whose parameters are unchanged is not made again.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import envelopes
import locate
import orjson
import servers

GENERATOR_VERSION = 1
SEED = 20240601
ENVELOPE_BAD_RATE = 0.04
SERVER_BAD_RATE = 0.01
SERVER_POOL = 2048  # distinct valid server bodies; lines draw from them at random
SANITY_LINES = 2000
BAD_LOG_LINES = 20_000


@dataclass(frozen=True)
class Sizes:
    envelopes: tuple[int, ...]
    servers: int
    files: int


FULL = Sizes(envelopes=(100_000, 1_000_000), servers=100_000, files=10_000)
QUICK = Sizes(envelopes=(10_000, 100_000), servers=10_000, files=1_000)


class DataMaker:
    def __init__(self, folder: Path, sizes: Sizes, envelint: list[str], corpus: Path | None):
        self.folder = folder
        self.sizes = sizes
        self.envelint = envelint
        self.corpus = corpus
        self.manifest_path = folder / "manifest.json"
        self.manifest = self._old_manifest()

    def _old_manifest(self) -> dict:
        try:
            manifest = json.loads(self.manifest_path.read_text())
        except (OSError, ValueError):
            return {"datasets": {}}
        return manifest if manifest.get("generator") == GENERATOR_VERSION else {"datasets": {}}

    def make_all(self, force: bool = False) -> dict:
        self.folder.mkdir(parents=True, exist_ok=True)
        steps = {
            "envelopes": (self._envelope_spec(), self._make_envelopes),
            "bad-envelopes": ({"count": BAD_LOG_LINES, "bad_rate": 1.0}, self._make_bad_envelopes),
            "files": ({"count": self.sizes.files, "bad_rate": ENVELOPE_BAD_RATE}, self._make_files),
            "one": ({}, self._make_one),
            "envelope-schema": ({}, self._make_envelope_schema),
            "servers": (self._server_spec(), self._make_servers),
        }
        for name, (spec, make) in steps.items():
            self._ensure(name, {"seed": SEED, **spec}, make, force)
        self.manifest["generator"] = GENERATOR_VERSION
        self.manifest["folder"] = str(self.folder)
        self.manifest_path.write_text(json.dumps(self.manifest, indent=2) + "\n")
        return self.manifest

    def _ensure(self, name: str, spec: dict, make, force: bool) -> None:
        old = self.manifest["datasets"].get(name)
        outputs = (old or {}).get("outputs", [])
        present = bool(outputs) and all((self.folder / path).exists() for path in outputs)
        if not force and old and old.get("spec") == spec and present:
            return
        started = time.perf_counter()
        print(f"making {name} ...", file=sys.stderr, flush=True)
        result = make()
        result["seconds"] = round(time.perf_counter() - started, 1)
        self.manifest["datasets"][name] = {"spec": spec, **result}
        # Written after every step, so an interrupted run keeps what it finished.
        self.manifest_path.write_text(json.dumps(self.manifest, indent=2) + "\n")

    # -- small envelopes ---------------------------------------------------------------------

    def _envelope_spec(self) -> dict:
        return {"sizes": list(self.sizes.envelopes), "bad_rate": ENVELOPE_BAD_RATE}

    def _make_envelopes(self) -> dict:
        outputs, details = [], {}
        for label, bad_rate in (("envelopes", ENVELOPE_BAD_RATE), ("envelopes-valid", 0.0)):
            logs = self._write_envelope_logs(label, bad_rate, self.sizes.envelopes)
            for count, written in logs.items():
                name = f"{label}-{count}.jsonl"
                outputs.append(name)
                details[name] = written
        head = self.folder / "envelopes-valid-sample.jsonl"
        with open(self.folder / f"envelopes-valid-{min(self.sizes.envelopes)}.jsonl", "rb") as log:
            head.write_bytes(b"".join(log.readline() for _ in range(SANITY_LINES)))
        outputs.append(head.name)
        sanity = self._sanity(["validate", head.name])
        return {"outputs": outputs, "files": details, "sanity": sanity}

    def _write_envelope_logs(
        self, label: str, bad_rate: float, sizes: tuple[int, ...]
    ) -> dict[int, dict]:
        """``{label}-{size}.jsonl`` for each size, written in one pass: each smaller log is the
        head of the larger ones. Returns each log's summary by size."""
        counts = sorted(sizes)
        kinds: Counter[str] = Counter()
        written: dict[int, dict] = {}
        total_bytes = 0
        with contextlib.ExitStack() as stack:
            streams = {
                count: stack.enter_context(open(self.folder / f"{label}-{count}.jsonl", "wb"))
                for count in counts
            }
            source = envelopes.envelopes(SEED, bad_rate)
            for number in range(1, counts[-1] + 1):
                envelope = next(source)
                line = (envelope.text + "\n").encode()
                total_bytes += len(line)
                if envelope.bad_kind:
                    kinds[envelope.bad_kind] += 1
                for count, stream in streams.items():
                    if number <= count:
                        stream.write(line)
                if number in streams:
                    written[number] = _log_summary(number, total_bytes, kinds)
        return written

    def _make_bad_envelopes(self) -> dict:
        name = f"envelopes-bad-{BAD_LOG_LINES}.jsonl"
        written = self._write_envelope_logs("envelopes-bad", 1.0, (BAD_LOG_LINES,))
        return {"outputs": [name], "files": {name: written[BAD_LOG_LINES]}}

    # -- pre-commit files ---------------------------------------------------------------------

    def _make_files(self) -> dict:
        count = self.sizes.files
        folder = self.folder / f"files-{count}"
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.json"):
            old.unlink()
        kinds: Counter[str] = Counter()
        source = envelopes.envelopes(SEED + 1, ENVELOPE_BAD_RATE)
        for number in range(count):
            envelope = next(source)
            text = envelope.text
            if envelope.bad_kind:
                kinds[envelope.bad_kind] += 1
            else:  # committed files are pretty-printed, like the documentation's examples
                text = json.dumps(json.loads(text), indent=4, ensure_ascii=False)
            (folder / f"payload-{number:05d}.json").write_text(text + "\n", encoding="utf-8")
        return {
            "outputs": [folder.name],
            "count": count,
            "bad": sum(kinds.values()),
            "bad_kinds": dict(sorted(kinds.items())),
        }

    def _make_one(self) -> dict:
        (self.folder / "one.json").write_text('{"job_id": "ff80808288d41e1b018990260955686a"}\n')
        return {"outputs": ["one.json"]}

    def _make_envelope_schema(self) -> dict:
        schema, chosen = equivalent_envelope_schema()
        (self.folder / "envelope-schema.json").write_bytes(orjson.dumps(schema))
        return {"outputs": ["envelope-schema.json"], "schemas": chosen}

    # -- server responses ---------------------------------------------------------------------

    def _server_spec(self) -> dict:
        return {"count": self.sizes.servers, "bad_rate": SERVER_BAD_RATE, "pool": SERVER_POOL}

    def _make_servers(self) -> dict:
        catalog_dir = self.folder / "catalog-servers"
        catalog, schema = servers.catalog_and_schema(self.envelint, catalog_dir, self.corpus)
        count = self.sizes.servers
        name = f"servers-{count}.jsonl"
        summary = _write_server_log(self.folder / name, schema, count)
        valid_sample = self.folder / "servers-valid-sample.jsonl"
        _write_server_log(valid_sample, schema, SANITY_LINES // 10, bad_rate=0.0)
        sanity = self._sanity(["validate", "--catalog", catalog_dir.name, valid_sample.name])
        return {
            "outputs": [name, catalog_dir.name, valid_sample.name],
            "catalog": {**asdict(catalog), "folder": catalog_dir.name},
            "files": {name: summary},
            "sanity": sanity,
        }

    def _sanity(self, arguments: list[str]) -> dict:
        """envelint on data made valid: it must find nothing (else the data set is wrong)."""
        command = [*self.envelint, *arguments, "--format", "json"]
        done = subprocess.run(command, cwd=self.folder, capture_output=True)
        try:
            summary = json.loads(done.stdout)["summary"]
        except (ValueError, KeyError):
            summary = {"error": done.stderr.decode(errors="replace").strip()[-300:]}
        ok = done.returncode == 0 and summary.get("findings") == 0
        if not ok:
            print(f"warning: envelint found something in valid data: {summary}", file=sys.stderr)
        return {"ok": ok, "summary": summary}


def _log_summary(count: int, size: int, kinds: Counter) -> dict:
    return {
        "lines": count,
        "bytes": size,
        "mean_line_bytes": round(size / count, 1),
        "bad": sum(kinds.values()),
        "bad_kinds": dict(sorted(kinds.items())),
    }


def _write_server_log(path: Path, schema: dict, count: int, bad_rate: float = SERVER_BAD_RATE):
    maker = servers.ServerMaker(schema, SEED)
    pool = [orjson.dumps(maker.valid()) for _ in range(min(SERVER_POOL, count))]
    kinds: Counter[str] = Counter()
    size = 0
    with open(path, "wb") as stream:
        for _ in range(count):
            if maker.rng.random() < bad_rate:
                kind = maker.rng.choice(maker.BAD_KINDS)
                kinds[kind] += 1
                body = maker.bad(kind)
            else:
                body = maker.rng.choice(pool)
            stream.write(body + b"\n")
            size += len(body) + 1
    return _log_summary(count, size, kinds)


def equivalent_envelope_schema() -> tuple[dict, dict[str, str]]:
    """One schema for check-jsonschema that accepts what envelint's fast path accepts.

    envelint picks a schema per payload by its shape; check-jsonschema takes one schema file, so
    the picks are joined with if/then/else: an ``error`` member, else an ``order_id``, else a job.
    """
    from envelint.captures.payload import Payload
    from envelint.catalog.store import builtin_catalog_dir, load_catalog
    from envelint.engine.engine import Engine

    engine = Engine(load_catalog(builtin_catalog_dir()))
    samples = {
        "abnormal": '{"error": {"message": "Quota exceeded.", "code": "Ecs.0005"}}',
        "order": '{"order_id": "CS1809131459IGC24", "job_id": "ff80808288d41e1b018990260955686a"}',
        "jobs": '{"job_id": "ff80808288d41e1b018990260955686a"}',
    }
    chosen, parts = {}, {}
    for shape, text in samples.items():
        payload = Payload(source="sample.json", data=text.encode())
        selection = engine.select(payload, json.loads(text))
        chosen[shape] = selection.entry.id
        part = dict(engine.schema_for(selection.entry.id))
        part.pop("$schema", None)
        parts[shape] = part
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "if": {"required": ["error"]},
        "then": parts["abnormal"],
        "else": {"if": {"required": ["order_id"]}, "then": parts["order"], "else": parts["jobs"]},
    }
    return schema, chosen


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=locate.DEFAULT_DATA_DIR, help="data folder")
    parser.add_argument("--quick", action="store_true", help="sizes divided by ten")
    parser.add_argument("--force", action="store_true", help="make everything again")
    parser.add_argument("--envelint", help="envelint command (default: beside this Python)")
    parser.add_argument("--corpus", type=Path, default=locate.DEFAULT_CORPUS)
    return parser.parse_args(argv)


def data_folder(out: Path, quick: bool) -> Path:
    """Full and quick data sets live side by side, so that neither remakes the other."""
    return out / ("quick" if quick else "full")


def make_data(out: Path, quick: bool, envelint: list[str], corpus: Path | None, force=False):
    """Make (or reuse) every data set in ``data_folder(out, quick)``; return the manifest."""
    locate.refuse_repo_folder(out)
    out = data_folder(out, quick)
    corpus = corpus if corpus is not None and corpus.is_dir() else None
    maker = DataMaker(out, QUICK if quick else FULL, envelint, corpus)
    return maker.make_all(force=force)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    manifest = make_data(args.out, args.quick, locate.envelint_command(args.envelint), args.corpus,
                         force=args.force)  # fmt: skip
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
