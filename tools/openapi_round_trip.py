"""Round trip through OpenAPI: export a reference, read the export back as a catalog, and check
the reference's own example responses against both catalogs. Prints, per reference, how many
examples were checked and how many gave different findings (code, position, pointer, message,
documentation row); the differences with ``--details``.

    .venv/bin/python tools/openapi_round_trip.py ../shared/corpus/*/ [--details]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from envelint.captures.payload import Payload
from envelint.catalog.openapi_source import load_openapi_catalog
from envelint.catalog.store import Catalog, CatalogEntry
from envelint.common.findings import Finding
from envelint.common.paths import display_path
from envelint.config.settings import Settings
from envelint.derive.cache import derive_cached, page_cache
from envelint.docs.examples import find_examples
from envelint.export.openapi import schema_names
from envelint.pipeline.export import export_openapi
from envelint.pipeline.lint import schema_for_example
from envelint.pipeline.validate import EnginePerSettings


@dataclass
class RoundTrip:
    reference: str
    examples: int = 0
    findings: int = 0  # found against the derived catalog
    differing: list[str] = field(default_factory=list)


def compared(finding: Finding) -> tuple[object, ...]:
    """What must agree: the row's page is named relative to the docs root in an export."""
    doc = finding.doc
    row = (Path(doc.path).name, doc.line, doc.table) if doc else None
    return (finding.code, finding.line, finding.column, finding.pointer, finding.message, row)


def round_trip(reference: str, work: Path) -> RoundTrip:
    derived = derive_cached([reference])
    exported = work / (Path(reference).name + ".yaml")
    export_openapi([reference], str(exported), title=None, version="0")
    catalogs = (
        Catalog.in_memory(derived.entries, derived.schemas, derived.operations),
        load_openapi_catalog(exported),
    )
    engines = [EnginePerSettings(catalog).get(Settings()) for catalog in catalogs]
    names = schema_names([entry.id for entry in derived.entries])
    by_page: dict[str, list[CatalogEntry]] = defaultdict(list)
    for entry in derived.entries:
        by_page[entry.page or ""].append(entry)
    pages = page_cache([reference], True)
    result = RoundTrip(Path(reference).name)
    for shown, entries in sorted(by_page.items()):
        for example in find_examples(pages.read(Path(shown))):
            schema_id = schema_for_example(example, entries)
            if schema_id is None:
                continue
            result.examples += 1
            found = []
            for engine, chosen in zip(engines, (schema_id, names[schema_id]), strict=True):
                payload = Payload(
                    source=display_path(shown),
                    data=example.text.encode("utf-8", errors="surrogatepass"),
                    line=example.line,
                    column=example.column,
                    schema_id=chosen,
                    doc_example=True,
                )
                found.append(sorted(map(compared, engine.check(payload)), key=repr))
            result.findings += len(found[0])
            if found[0] != found[1]:
                result.differing.append(f"{shown}:{example.line}: {found[0]} != {found[1]}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("references", nargs="+")
    parser.add_argument("--details", action="store_true")
    arguments = parser.parse_args()
    print(
        "| reference | examples checked | findings (derived catalog) | same findings | different |"
    )
    print("|---|---:|---:|---:|---:|")
    totals = [0, 0, 0]
    with tempfile.TemporaryDirectory() as folder:
        for reference in arguments.references:
            result = round_trip(reference.rstrip("/"), Path(folder))
            same = result.examples - len(result.differing)
            totals[0] += result.examples
            totals[1] += same
            totals[2] += result.findings
            print(
                f"| {result.reference} | {result.examples} | {result.findings} | {same} "
                f"| {len(result.differing)} |"
            )
            if arguments.details:
                for line in result.differing:
                    print("    " + line[:600], file=sys.stderr)
    print(f"| **all** | {totals[0]} | {totals[2]} | {totals[1]} | {totals[0] - totals[1]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
