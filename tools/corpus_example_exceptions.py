"""Write the list of corpus examples that are valid JSON yet contradict their own page's schema.

Each entry is a documentation defect the tool finds (or a misreading, to be fixed): the test
tests/test_corpus_examples.py compares the list with tests/data/corpus_example_exceptions.json,
so any change shows. Regenerate after a deliberate change:

    python tools/corpus_example_exceptions.py > tests/data/corpus_example_exceptions.json
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TREES = ("cloud-container-engine", "elastic-cloud-server", "identity-access-management")
SCHEMA_CODES = {"S001", "S002", "S003", "S004", "S005"}


def exceptions(corpus: Path) -> dict[str, list[str]]:
    from envelint.config.settings import Settings
    from envelint.pipeline.lint import LintRequest, lint_docs

    found: dict[str, list[str]] = {}
    for tree in TREES:
        root = corpus / tree / "api-ref"
        report = lint_docs(LintRequest([str(root)], Settings(select=["J", "S"]), use_cache=False))
        # example responses only: example requests are measured in docs/precision.md
        responses = [f for f in report.findings if f.side != "request"]
        broken = {(f.path, f.schema) for f in responses if f.code.startswith("J")}
        rows = {
            f"{Path(f.path).relative_to(root).as_posix()}:{f.line}:{f.column} {f.code} {f.pointer}"
            for f in responses
            if f.code in SCHEMA_CODES and (f.path, f.schema) not in broken
        }
        found[tree] = sorted(rows)
    return found


if __name__ == "__main__":
    os.chdir(REPO)
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "corpus"
    print(json.dumps(exceptions(corpus), indent=1))
