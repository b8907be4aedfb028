"""Write a gateway access log over the ECS and IAM references: mostly documented exchanges that
pass, a few percent of varied failures. The same bytes for the same arguments.

    python bench/gateway_log.py OUT_DIR [--lines 250000] [--failure-rate 0.03]

OUT_DIR gets ``docs/ecs`` and ``docs/iam`` (copies of the two references' api-ref folders from
../shared/corpus: ``envelint check`` takes one documentation folder) and ``gateway.jsonl``.

How: every documented (operation, response) gets one exchange made from its schemas (an
instance of the response schema, and of the request schema where the page documents one, which
tells shared URIs apart); each is checked once with envelint, and only those that pass are the
log's clean traffic (the report says how many operations have one). Each line is then one of
them, or, at ``--failure-rate``, a failure of one kind in turn (``FAILURES``): a wrong type, a
required field left out, a null, a number written as a string, a body cut short, a status the page
does not list, or a request to an undocumented path. Bodies are logged as JSON strings, as most
gateways do.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
REFERENCES = {"ecs": "elastic-cloud-server", "iam": "identity-access-management"}
MAX_DEPTH = 6
ERROR_SHARE = 0.1  # of the clean traffic: documented error responses
START = 1_772_438_400  # 2026-03-02T08:00:00Z


@dataclass
class Template:
    """One documented exchange that envelint passes."""

    operation: str
    method: str
    uri: str
    status: int | None
    body: Any  # None: the response has no body
    request_body: Any
    required: tuple[str, ...]  # the body's required top-level keys


def instance(schema: dict[str, Any], rng: random.Random, depth: int = 0) -> Any:
    """A value the schema describes: its first enum value or example, else one made by type."""
    if schema.get("enum"):
        return schema["enum"][0]
    if schema.get("examples"):
        return schema["examples"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        if depth >= MAX_DEPTH:
            return {}
        properties = schema.get("properties", {})
        return {name: instance(sub, rng, depth + 1) for name, sub in properties.items()}
    if kind == "array":
        items = schema.get("items")
        return (
            [instance(items, rng, depth + 1)]
            if isinstance(items, dict) and depth < MAX_DEPTH
            else []
        )
    if kind == "integer":
        return rng.randint(1, 100)
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    fmt = schema.get("x-format")
    if fmt == "uuid":
        return str(uuid.UUID(int=rng.getrandbits(128)))
    if fmt in ("date-time", "datetime"):
        return "2026-03-02T08:00:00Z"
    return "text"


def filled(template: str, rng: random.Random) -> str:
    """A request path for a URI template: each variable a realistic id."""
    out, rest = [], template
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, _, rest = after.partition("}")
        out.append(before)
        out.append(rng.getrandbits(128).to_bytes(16, "big").hex() if "project" in name
                   else str(uuid.UUID(int=rng.getrandbits(128))))  # fmt: skip
    out.append(rest)
    return "".join(out)


def status_of(response: Any) -> int:
    if response.status is not None:
        return int(response.status)
    return 200 if response.kind == "normal" else 400


def candidate_templates(catalog: Any, rng: random.Random) -> list[Template]:
    """One made-up exchange per documented (operation, response)."""
    templates = []
    for operation in catalog.operations:
        request = None
        if operation.request is not None and operation.request.body:
            request = instance(catalog.schema(operation.request.body), rng)
        for response in operation.responses:
            schema = catalog.schema(response.schema) if response.schema else None
            body = instance(schema, rng) if schema is not None else None
            required = tuple(schema.get("required", ())) if schema else ()
            templates.append(Template(operation.id, operation.method, operation.templates[0],
                                      status_of(response), body, request, required))  # fmt: skip
    return templates


def passing(templates: list[Template], docs: Path, out: Path, rng: random.Random) -> list[Template]:
    """The templates whose log line ``envelint check`` passes (request side included)."""
    trial = out / "candidates.jsonl"
    with open(trial, "w", encoding="utf-8") as log:
        for number, t in enumerate(templates):
            url = filled(t.uri, rng)
            log.write(record(number, t.method, url, t.status, t.body, t.request_body) + "\n")
    command = [sys.executable, "-m", "envelint", "check", str(docs), str(trial), "--format",
               "json", "--exit-zero", "-q"]  # fmt: skip
    report = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)
    failing = {finding["line"] for finding in report["findings"]}
    trial.unlink()
    return [t for number, t in enumerate(templates, start=1) if number not in failing]


def _first_leaf(value: Any, want: Callable[[Any], bool]) -> list[Any] | None:
    """The path (keys and indexes) to the first leaf ``want`` accepts."""
    if isinstance(value, dict):
        for key, item in value.items():
            if want(item):
                return [key]
            found = _first_leaf(item, want)
            if found is not None:
                return [key, *found]
    elif isinstance(value, list) and value:
        if want(value[0]):
            return [0]
        found = _first_leaf(value[0], want)
        if found is not None:
            return [0, *found]
    return None


def _set(value: Any, path: list[Any], new: Any) -> Any:
    copied = json.loads(json.dumps(value))
    holder = copied
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = new
    return copied


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def wrong_type(t: Template, rng: random.Random) -> tuple[int | None, str, Any] | None:
    path = _first_leaf(t.body, _is_string)
    return None if path is None else (t.status, t.uri, json.dumps(_set(t.body, path, 12345)))


def missing_required(t: Template, rng: random.Random) -> tuple[int | None, str, Any] | None:
    if not t.required or not isinstance(t.body, dict):
        return None
    body = {key: value for key, value in t.body.items() if key != t.required[0]}
    return t.status, t.uri, json.dumps(body)


def null_value(t: Template, rng: random.Random) -> tuple[int | None, str, Any] | None:
    path = _first_leaf(t.body, lambda v: isinstance(v, (str, int)) and not isinstance(v, bool))
    return None if path is None else (t.status, t.uri, json.dumps(_set(t.body, path, None)))


def number_as_string(t: Template, rng: random.Random) -> tuple[int | None, str, Any] | None:
    path = _first_leaf(t.body, lambda v: isinstance(v, int) and not isinstance(v, bool))
    return None if path is None else (t.status, t.uri, json.dumps(_set(t.body, path, "12")))


def cut_short(t: Template, rng: random.Random) -> tuple[int | None, str, Any] | None:
    if t.body is None:
        return None
    text = json.dumps(t.body)
    return t.status, t.uri, text[: max(1, len(text) // 2)]


def undocumented_status(t: Template, rng: random.Random) -> tuple[int | None, str, Any] | None:
    return 502, t.uri, json.dumps({"error_code": "APIG.0502", "error_msg": "Bad gateway"})


def undocumented_path(t: Template, rng: random.Random) -> tuple[int | None, str, Any] | None:
    uri = "/v2/{project_id}/" + rng.choice(["widgets", "quotas-preview", "tags-beta"]) + "/{id}"
    return 200, uri, json.dumps({"id": str(uuid.UUID(int=rng.getrandbits(128)))})


FAILURES: dict[str, Callable[[Template, random.Random], tuple[int | None, str, Any] | None]] = {
    "wrong-type": wrong_type,
    "missing-required": missing_required,
    "null-value": null_value,
    "number-as-string": number_as_string,
    "cut-short": cut_short,
    "undocumented-status": undocumented_status,
    "undocumented-path": undocumented_path,
}


def record(number: int, method: str, url: str, status: int | None, body: Any, request: Any) -> str:
    minutes, seconds = divmod(number % 86_400, 60)
    fields: dict[str, Any] = {
        "time": f"2026-03-02T{minutes // 60 % 24:02d}:{minutes % 60:02d}:{seconds:02d}Z",
        "request_method": method,
        "request_uri": url,
        "status": status,
    }
    if request is not None:
        fields["request_body"] = json.dumps(request)
    if body is not None:
        fields["response_body"] = body if isinstance(body, str) else json.dumps(body)
    return json.dumps(fields)


def copy_docs(out: Path) -> Path:
    docs = out / "docs"
    for name, reference in REFERENCES.items():
        target = docs / name
        if not target.exists():
            shutil.copytree(CORPUS / reference / "api-ref", target)
    return docs


def generate(out: Path, lines: int, failure_rate: float, seed: int = 22) -> dict[str, Any]:
    sys.path.insert(0, str(REPO / "validator"))
    from envelint.api import Contract

    out.mkdir(parents=True, exist_ok=True)
    docs = copy_docs(out)
    rng = random.Random(seed)
    catalog = Contract.from_docs(docs).catalog
    templates = passing(candidate_templates(catalog, rng), docs, out, rng)
    successes = [t for t in templates if t.status is None or t.status < 400]
    errors = [t for t in templates if t not in successes]
    bodied = [t for t in templates if t.body is not None]
    kinds = list(FAILURES)
    failures: Counter[str] = Counter()
    every = round(1 / failure_rate) if failure_rate else 0
    with open(out / "gateway.jsonl", "w", encoding="utf-8", newline="\n") as log:
        for number in range(lines):
            pool = errors if errors and rng.random() < ERROR_SHARE else successes
            t = pool[rng.randrange(len(pool))]
            made = None
            if every and number % every == every - 1:
                kind = kinds[(number // every) % len(kinds)]
                for _ in range(1000):  # a template the failure applies to (one with a body)
                    t = bodied[rng.randrange(len(bodied))]
                    made = FAILURES[kind](t, rng)
                    if made is not None:
                        break
                else:
                    raise SystemExit(f"no template takes the failure {kind}")
                failures[kind] += 1
            status, uri, body = made if made is not None else (t.status, t.uri, t.body)
            log.write(
                record(number, t.method, filled(uri, rng), status, body, t.request_body) + "\n"
            )
    exercised = len({t.operation for t in templates})
    return {
        "lines": lines,
        "operations": len(catalog.operations),
        "operations_with_clean_traffic": exercised,
        "clean_templates": len(templates),
        "failures": dict(sorted(failures.items())),
        "failure_lines": sum(failures.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lines", type=int, default=250_000)
    parser.add_argument("--failure-rate", type=float, default=0.03)
    args = parser.parse_args()
    print(json.dumps(generate(args.out, args.lines, args.failure_rate), indent=2))


if __name__ == "__main__":
    main()
