"""Deriving schemas from a real reference, cold and from the cache; linting each corpus tree.

The issue's targets: the whole elastic-cloud-server reference derived in at most 3 s cold on one
core, and an unchanged re-run in at most 0.5 s through the content-hash cache. "Cold" means
``--no-cache`` (nothing derived before); the page cache and the bytecode are warm, as for every
benchmark here. "Warm" uses a cache folder (``$ENVELINT_CACHE_DIR``) emptied when the benchmarks
are built and filled by one untimed run before the timed ones. ``envelint lint`` on each corpus
tree runs from a warm cache too (a folder of its own), for the record: it has no target.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from model import BUILD_EXIT_CODES, LINT_EXIT_CODES, Benchmark, Contender, wall_at_most

REFERENCE = "elastic-cloud-server"
COLD_SECONDS = 3.0
WARM_SECONDS = 0.5
COLD = "build --no-cache (cold)"
WARM = "build (warm cache)"


def corpus_trees(corpus: Path) -> dict[str, Path]:
    """The corpus's reference trees by product name (``<product>/api-ref``)."""
    if not corpus.is_dir():
        return {}
    return {tree.parent.name: tree for tree in sorted(corpus.glob("*/api-ref")) if tree.is_dir()}


def derivation_benchmarks(
    corpus: Path, envelint: list[str], scratch: Path
) -> tuple[list[Benchmark], list[str]]:
    """The benchmarks, and a message for each one skipped for want of the corpus."""
    trees = corpus_trees(corpus)
    found, skipped = [], []
    if REFERENCE in trees:
        found.append(_build_benchmark(trees[REFERENCE], envelint, scratch))
    else:
        skipped.append(
            f"derive-{REFERENCE}: {corpus / REFERENCE / 'api-ref'} is absent (pass --corpus DIR)"
        )
    if trees:
        found.append(_lint_benchmark(trees, envelint, scratch))
    else:
        skipped.append(f"lint-corpus: no <product>/api-ref tree in {corpus}")
    return found, skipped


def _build_benchmark(tree: Path, envelint: list[str], scratch: Path) -> Benchmark:
    env = {"ENVELINT_CACHE_DIR": str(_fresh_folder(scratch / "derive-cache"))}
    build = [*envelint, "schemas", "build", str(tree), "--out"]
    warm = [*build, str(scratch / "schemas-warm")]
    return Benchmark(
        name=f"derive-{REFERENCE}",
        description=(
            f"`envelint schemas build {tree} --out DIR`, with `--no-cache` (cold) and from a"
            f" warm cache: {_page_count(tree)} pages"
        ),
        payloads=_page_count(tree),
        contenders=[
            Contender(
                COLD,
                [[*build, str(scratch / "schemas-cold"), "--no-cache"]],
                exit_codes=BUILD_EXIT_CODES,
                env=env,
            ),
            Contender(WARM, [warm], exit_codes=BUILD_EXIT_CODES, env=env, setup=[warm]),
        ],
        targets=[wall_at_most(COLD_SECONDS, COLD), wall_at_most(WARM_SECONDS, WARM)],
        group="derivation",
        ratios=((COLD, WARM),),
    )


def _lint_benchmark(trees: dict[str, Path], envelint: list[str], scratch: Path) -> Benchmark:
    env = {"ENVELINT_CACHE_DIR": str(_fresh_folder(scratch / "lint-cache"))}
    contenders = []
    for product, tree in trees.items():
        command = [*envelint, "lint", str(tree)]
        contenders.append(
            Contender(
                f"lint {product}",
                [command],
                exit_codes=LINT_EXIT_CODES,
                tool="envelint",
                env=env,
                setup=[command],
            )
        )
    return Benchmark(
        name="lint-corpus",
        description=(
            "`envelint lint TREE` on each corpus tree, warm cache: "
            + ", ".join(f"{product} ({_page_count(tree)} pages)" for product, tree in trees.items())
        ),
        payloads=sum(_page_count(tree) for tree in trees.values()),
        contenders=contenders,
        group="derivation",
        ratios=(),
    )


def _page_count(tree: Path) -> int:
    return sum(1 for _ in tree.rglob("*.rst"))


def _fresh_folder(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
