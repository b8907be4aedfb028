"""Sample operation pages of the tuning references and check their derived response schema
against the page's own response tables and example response, field by field.

    .venv/bin/python tools/fidelity_sample.py [--size 30] [--seed 26] [--corpus DIR]

The sample: every operation page (a method line) with a response table and a derived
normal/2xx schema, in reference and path order, then ``random.Random(seed).sample``. A page
matches when every row of its response-side parameter tables is a property somewhere in the
schema, and every key of its JSON example response sits at the same place (names, nesting,
arrays) in the schema. Prints one line per page: page, yes/no, the first causes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ERROR_KEYS = {"error", "error_code", "error_msg", "errCode", "errMsg", "code", "message"}
TUNING = [
    "cloud-container-engine",
    "elastic-cloud-server",
    "identity-access-management",
    "data-warehouse-service",
    "function-graph",
    "key-management-service",
    "load-balancer",
    "mapreduce-service",
    "modelarts",
    "object-storage-service",
    "scalable-file-service",
    "simple-message-notification",
]


def schema_names(schema: Any, found: set[str]) -> None:
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            found.add(name)
            schema_names(sub, found)
        for key in ("items", "additionalProperties"):
            schema_names(schema.get(key), found)


def example_misses(value: Any, schema: Any, path: str, misses: list[str]) -> None:
    if not isinstance(schema, dict) or schema.get("additionalProperties") not in (None, False):
        return
    if isinstance(value, dict):
        properties = schema.get("properties")
        if properties is None:
            return  # a bare object: nothing said about its fields
        for key, sub in value.items():
            if key not in properties:
                misses.append(f"example {path}/{key} not in schema")
            else:
                example_misses(sub, properties[key], f"{path}/{key}", misses)
    elif isinstance(value, list) and schema.get("type") == "array":
        for item in value[:3]:
            example_misses(item, schema.get("items"), f"{path}/0", misses)
    elif isinstance(value, list) and schema.get("type") not in (None, "array"):
        misses.append(f"example {path} is an array, schema says {schema.get('type')}")


def response_examples(page: Any) -> list[Any]:
    found = []
    for code in page.code_blocks:
        section = (code.section or "").lower()
        if "response" not in section or "example" not in section:
            continue
        try:
            value = json.loads(code.text)
        except ValueError:
            continue
        if not (isinstance(value, dict) and ERROR_KEYS & set(value)):
            found.append(value)  # an error body is checked against no success schema
    return found


def _success_kind(kind: str | None) -> bool:
    return kind == "normal" or (kind or "").startswith("status-2")


def flat_fields(schema: Any, pointer: str = "", required: bool = False) -> list[str]:
    """One line a field: its pointer (``[]`` for array items, ``{*}`` for a map's values), type,
    whether the schema requires it, and the documentation row it was derived from."""
    lines = []
    if not isinstance(schema, dict):
        return lines
    wanted = set(schema.get("required", ()))
    for name, sub in schema.get("properties", {}).items():
        where = f"{pointer}/{name}"
        kind = sub.get("type", "any") if isinstance(sub, dict) else "any"
        doc = sub.get("x-doc", {}) if isinstance(sub, dict) else {}
        row = f"{doc.get('line')} ({doc.get('table')})" if doc else "-"
        mark = "required" if name in wanted else "optional"
        lines.append(f"{where}\t{json.dumps(kind)}\t{mark}\t{row}")
        lines += flat_fields(sub, where)
    for key, suffix in (("items", "[]"), ("additionalProperties", "{*}")):
        sub = schema.get(key)
        if isinstance(sub, dict):
            if "type" in sub:  # the items' or the map values' own type is a field to judge too
                doc = sub.get("x-doc", {})
                row = f"{doc.get('line')} ({doc.get('table')})" if doc else "-"
                lines.append(f"{pointer}{suffix}\t{json.dumps(sub['type'])}\t-\t{row}")
            lines += flat_fields(sub, pointer + suffix)
    return lines


def write_fields(target: Path, schema: Any) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    kind = json.dumps(schema.get("type", "any")) if isinstance(schema, dict) else "any"
    header = f"(the body)\t{kind}\t-\t-"
    target.write_text("\n".join([header, *flat_fields(schema)]) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=30)
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument(
        "--references", nargs="*", help="folders of --corpus to sample (default: the tuning set)"
    )
    parser.add_argument(
        "--dump", type=Path, help="write each sampled page's schema, one field a line, here"
    )
    args = parser.parse_args()
    from envelint.common.paths import display_path
    from envelint.derive.builder import SchemaBuilder
    from envelint.derive.derivation import derive_catalog, has_response_table
    from envelint.derive.index import DocIndex, PlacedTable
    from envelint.derive.issues import IssueLog

    population = []
    for name in args.references or TUNING:
        derived = derive_catalog([args.corpus / name / "api-ref" / "source"])
        pages = list(derived.pages.values())
        builder = SchemaBuilder(DocIndex(pages), lambda page: display_path(page.path), IssueLog())
        by_page: dict[str, dict[str, Any]] = {}
        for entry in derived.entries:
            if entry.kind == "normal" or (entry.status or 0) // 100 == 2:
                by_page.setdefault(entry.page, derived.schemas[entry.id])
        for page in sorted(pages, key=lambda page: page.path):
            shown = display_path(page.path)
            if page.operation and shown in by_page and has_response_table(page, builder):
                population.append((name, page, by_page[shown], builder))
    sample = random.Random(args.seed).sample(population, min(args.size, len(population)))
    matched = 0
    for name, page, schema, builder in sample:
        names: set[str] = set()
        schema_names(schema, names)
        misses = []
        for table in page.tables:
            params = builder.param_table(PlacedTable(page, table))
            if params is None or not _success_kind(params.kind):
                continue
            misses += [f"row {p.name} not in schema" for p in params.params if p.name not in names]
        for example in response_examples(page):
            example_misses(example, schema, "", misses)
        matched += not misses
        short = page.path.split("/api-ref/source/")[-1]
        if args.dump:
            write_fields(args.dump / name / (short.replace("/", "__") + ".fields.txt"), schema)
        print(f"{name}/{short}\t{'yes' if not misses else 'no'}\t{'; '.join(misses[:3])}")
    print(f"matched {matched}/{len(sample)} (population {len(population)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
