"""Reports for a big run (issue 22's measurement): a generated gateway log over the ECS and IAM
references (bench/gateway_log.py) checked once per format; each report's size and time, the
SARIF log's result count and validity, the coverage's operations, and how long the HTML report
takes to open in headless Chromium (navigation to its list rendered, ``body[data-ready]``).

    python bench/reports_at_scale.py [--dir /tmp/envelint-gateway] [--lines 250000]
        [--failure-rate 0.03] [--formats json,sarif,junit,html] [--no-coverage]

The log and the reports go to ``--dir`` (never into the repository); the log is made once and
reused. Prints a Markdown table and writes ``results.json`` there. Needs ../shared/corpus,
Debian's chromium and Playwright (the test extras).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import gateway_log  # noqa: E402

FORMATS = ("json", "sarif", "junit", "html")
OPENS = 3  # times the HTML report is opened; the median is reported


def envelint(*args: str) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "envelint", *args], capture_output=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"envelint {' '.join(args)}: {done.stderr.decode()}")
    return time.perf_counter() - started, done


def open_in_chromium(report: Path) -> list[float]:
    """Seconds from navigation to the rendered list, each time in a fresh profile."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, FLAGS

    seconds = []
    with sync_playwright() as playwright:
        for _ in range(OPENS):
            with tempfile.TemporaryDirectory() as profile:
                context = playwright.chromium.launch_persistent_context(
                    profile, executable_path=CHROMIUM, args=FLAGS, headless=True
                )
                page = context.new_page()
                started = time.perf_counter()
                page.goto(report.as_uri(), timeout=120_000)
                page.wait_for_selector("body[data-ready=true]", timeout=120_000)
                seconds.append(time.perf_counter() - started)
                context.close()
    return seconds


def filter_in_chromium(report: Path) -> float:
    """Seconds to filter the list by the first rule and render it (a user's first click)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, FLAGS

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True
        )
        page = context.new_page()
        page.goto(report.as_uri(), timeout=120_000)
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        return float(
            page.evaluate(
                """() => { const s = document.getElementById('f-rule');
                s.selectedIndex = 1; const t = performance.now();
                s.dispatchEvent(new Event('change')); return (performance.now() - t) / 1000; }"""
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/envelint-gateway"))
    parser.add_argument("--lines", type=int, default=250_000)
    parser.add_argument("--failure-rate", type=float, default=0.03)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--no-coverage", action="store_true")
    args = parser.parse_args()
    formats = args.formats.split(",")
    folder: Path = args.dir
    log, docs = folder / "gateway.jsonl", folder / "docs"
    made_with = folder / "log.json"  # what the log was made with, and what it holds
    wanted = {"lines": args.lines, "failure_rate": args.failure_rate}
    if (
        not log.exists()
        or not made_with.exists()
        or json.loads(made_with.read_text())["made"] != wanted
    ):
        made = gateway_log.generate(folder, args.lines, args.failure_rate)
        made_with.write_text(json.dumps({"made": wanted, "holds": made}))
    held = json.loads(made_with.read_text())["holds"]
    results: dict[str, Any] = {"log": {"bytes": log.stat().st_size, **wanted, **held}}
    warm = folder / "warm.json"  # derive once: the cache serves the timed runs
    envelint("check", str(docs), str(log), "--format", "json", "--output", str(warm))
    for name in formats:
        out = folder / f"report.{name}"
        seconds, _ = envelint("check", str(docs), str(log), "--format", name, "--output", str(out))
        results[name] = {"seconds": round(seconds, 2), "bytes": out.stat().st_size}
    report = json.loads(warm.read_text())
    results["findings"] = report["summary"]["findings"]
    results["by_code"] = report["summary"]["by_code"]
    if "sarif" in formats:
        results["sarif"].update(sarif_figures(folder / "report.sarif"))
    if not args.no_coverage:
        results["coverage"] = coverage_figures(docs, log)
    if "html" in formats:
        opens = open_in_chromium(folder / "report.html")
        results["html"]["open_seconds"] = [round(s, 2) for s in opens]
        results["html"]["open_median"] = round(statistics.median(opens), 2)
        results["html"]["filter_seconds"] = round(filter_in_chromium(folder / "report.html"), 3)
    (folder / "results.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


def sarif_figures(path: Path) -> dict[str, Any]:
    import jsonschema

    sarif = json.loads(path.read_text())
    schema = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    grouping = run.get("properties", {}).get("grouping")
    return {"results": len(run["results"]), "valid": True, "grouping": grouping}


def coverage_figures(docs: Path, log: Path) -> dict[str, Any]:
    seconds, done = envelint("coverage", str(docs), str(log), "--format", "json")
    coverage = json.loads(done.stdout)
    listed = {op["operation"] for op in coverage["operations"]}
    return {"seconds": round(seconds, 2), **coverage["summary"], "operations_listed": len(listed)}


if __name__ == "__main__":
    main()
