"""Run ``envelint lint`` over each real reference in the corpus and print what it found.

Usage: ``.venv/bin/python tools/lint_corpus.py [--corpus DIR] [--cache] [--reports DIR]
[--sample-errors N [--seed S]]``

Each tree is linted by the command line (``--format json``), as a user would run it, so the
wall time includes start-up and schema derivation (``--no-cache`` unless ``--cache``). Per tree
and in total: pages checked, examples checked, findings per rule code, and wall time. Trees are
taken in name order; ``--reports DIR`` keeps each tree's JSON report as ``DIR/<tree>.json``.
``--sample-errors N`` then draws N of all the trees' error findings at random (``--seed``,
default 2026), for judging precision by hand: the same corpus and envelint give the same sample.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
ENVELINT = [sys.executable, "-c", "from envelint.commands.main import main; main()"]


@dataclass
class TreeResult:
    name: str
    pages: int = 0
    examples: int = 0
    by_code: Counter = field(default_factory=Counter)
    by_severity: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def corpus_trees(corpus: Path) -> list[tuple[str, Path]]:
    """Each tree of the corpus (its ``api-ref`` folder when it has one), in name order."""
    trees = []
    for folder in sorted(path for path in corpus.iterdir() if path.is_dir()):
        docs = folder / "api-ref"
        trees.append((folder.name, docs if docs.is_dir() else folder))
    return trees


def lint_tree(name: str, docs: Path, use_cache: bool) -> tuple[TreeResult, dict]:
    command = [*ENVELINT, "lint", str(docs), "--format", "json", "--exit-zero"]
    if not use_cache:
        command.append("--no-cache")
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        failure = f"envelint lint {docs} exited {completed.returncode}: {completed.stderr}"
        raise RuntimeError(failure)
    report = json.loads(completed.stdout)
    summary = report["summary"]
    result = TreeResult(name, summary["files"], summary["payloads"], seconds=seconds)
    result.by_code.update(finding["code"] for finding in report["findings"])
    result.by_severity.update(finding["severity"] for finding in report["findings"])
    return result, report


def sample_errors(findings: list[tuple[str, dict]], size: int, seed: int) -> list[tuple[str, dict]]:
    """``size`` error findings drawn from ``findings`` (in report order), shown sorted."""
    errors = [(tree, finding) for tree, finding in findings if finding["severity"] == "error"]
    drawn = random.Random(seed).sample(errors, min(size, len(errors)))
    return sorted(drawn, key=lambda item: (item[0], item[1]["path"], item[1]["line"]))


def format_sampled(finding: dict, corpus: Path) -> str:
    where = f"{_shown(finding['path'], corpus)}:{finding['line']}:{finding['column']}"
    doc = finding.get("doc") or {}
    table = f" ({doc['table']})" if doc and doc["table"] else ""
    cited = f"\n    row {_shown(doc['path'], corpus)}:{doc['line']}{table}" if doc else ""
    return f"{where}  {finding['code']}  {finding['message']}{cited}"


def _shown(path: str, corpus: Path) -> str:
    """A path relative to the corpus folder, when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(corpus.resolve()))
    except ValueError:
        return path


def total_of(results: list[TreeResult]) -> TreeResult:
    total = TreeResult("total")
    for result in results:
        total.pages += result.pages
        total.examples += result.examples
        total.by_code.update(result.by_code)
        total.by_severity.update(result.by_severity)
        total.seconds += result.seconds
    return total


def format_result(result: TreeResult) -> str:
    severities = ", ".join(
        f"{result.by_severity[level]} {level}s" for level in ("error", "warning", "info")
    )
    lines = [
        f"{result.name}",
        f"  pages checked     {result.pages}",
        f"  examples checked  {result.examples}",
        f"  findings          {sum(result.by_code.values())} ({severities})",
    ]
    lines.extend(f"    {code}  {count:5d}" for code, count in sorted(result.by_code.items()))
    lines.append(f"  wall time         {result.seconds:.2f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder")
    parser.add_argument("--cache", action="store_true", help="reuse envelint's derivation cache")
    parser.add_argument("--reports", type=Path, help="keep each tree's JSON report here")
    parser.add_argument("--sample-errors", type=int, default=0, metavar="N", help="draw N errors")
    parser.add_argument("--seed", type=int, default=2026, help="seed of --sample-errors")
    options = parser.parse_args(argv)
    if not options.corpus.is_dir():
        print(f"lint_corpus: {options.corpus}: no such folder", file=sys.stderr)
        return 2
    results = []
    findings = []
    for name, docs in corpus_trees(options.corpus):
        try:
            result, report = lint_tree(name, docs, options.cache)
        except RuntimeError as error:
            print(f"lint_corpus: {error}", file=sys.stderr)
            return 2
        results.append(result)
        findings.extend((name, finding) for finding in report["findings"])
        print(format_result(result), flush=True)
        if options.reports:
            options.reports.mkdir(parents=True, exist_ok=True)
            text = json.dumps(report, indent=1, sort_keys=True)
            (options.reports / f"{name}.json").write_text(text, encoding="utf-8")
    print(format_result(total_of(results)))
    if options.sample_errors:
        sample = sample_errors(findings, options.sample_errors, options.seed)
        print(f"\n{len(sample)} error findings drawn with random.Random({options.seed})")
        for _tree, finding in sample:
            print(format_sampled(finding, options.corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
