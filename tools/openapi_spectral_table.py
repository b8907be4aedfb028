"""Spectral's warnings on each reference's OpenAPI export, counted per reference and kind: the
table of docs/openapi.md. Spectral is the one the slow tests install
(``~/.cache/envelint-tests``), or give its command with ``--spectral``.

    .venv/bin/python tools/openapi_spectral_table.py ../shared/corpus/*/
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from envelint.pipeline.export import export_openapi

DEFAULT_SPECTRAL = Path.home() / ".cache" / "envelint-tests" / "node_modules" / ".bin" / "spectral"
SEVERITIES = {0: "error", 1: "warning", 2: "info", 3: "hint"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("references", nargs="+")
    parser.add_argument("--spectral", default=str(DEFAULT_SPECTRAL))
    arguments = parser.parse_args()
    rows: dict[str, Counter[str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        ruleset = Path(folder) / ".spectral.yaml"
        ruleset.write_text('extends: ["spectral:oas"]\n')
        for reference in arguments.references:
            name = Path(reference.rstrip("/")).name
            target = Path(folder) / f"{name}.yaml"
            export_openapi([reference], str(target), title=None, version="0")
            run = subprocess.run(
                [arguments.spectral, "lint", "-r", str(ruleset), "-f", "json", "-q", str(target)],
                capture_output=True,
                text=True,
            )
            items = json.loads(run.stdout or "[]")
            rows[name] = Counter(
                f"{item['code']} ({SEVERITIES[item['severity']]})" for item in items
            )
    kinds = sorted(set().union(*rows.values()))
    print("| reference | " + " | ".join(f"`{kind}`" for kind in kinds) + " |")
    print("|---|" + "---:|" * len(kinds))
    for name, counts in rows.items():
        print(f"| {name} | " + " | ".join(str(counts[kind]) for kind in kinds) + " |")
    totals = sum(rows.values(), Counter())
    print("| **all** | " + " | ".join(str(totals[kind]) for kind in kinds) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
