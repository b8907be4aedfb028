"""Results: what each tool flagged, the JSON document, and the Markdown tables made from it."""

from __future__ import annotations

import re
from collections import Counter

import findings_compare
import model
from measure import MB

_ENVELINT_FINDING = re.compile(r"^(\S[^:\n]*):(\d+):\d+: ([A-Z]+\d{3}) ", re.M)
_ENVELINT_SUMMARY = re.compile(r" in (\d+) payloads? from \d+ files?", re.M)
_CHECK_JSONSCHEMA_FILE = re.compile(r"(?:Failed to parse |^\s+)(\S+?\.json)(?:::|$)", re.M)


def flagged(tool: str, output: str) -> dict:
    """What ``tool`` reported, read from its output: how many payloads it flagged."""
    if tool == "envelint":
        findings = _ENVELINT_FINDING.findall(output)
        return {
            "payloads_flagged": len({(path, line) for path, line, _ in findings}),
            "findings": len(findings),
            "by_code": dict(sorted(Counter(code for _, _, code in findings).items())),
            "payloads_seen": sum(int(count) for count in _ENVELINT_SUMMARY.findall(output)),
        }
    return {"payloads_flagged": len(set(_CHECK_JSONSCHEMA_FILE.findall(output)))}


# -- the JSON document ------------------------------------------------------------------------


def results(
    outcomes, imports: dict, environment: dict, manifest: dict, skipped: list[str] | None = None
) -> dict:
    return {
        "environment": environment,
        "benchmarks": [
            _benchmark_result(outcome, environment.get("pinned_cpu") is not None)
            for outcome in outcomes
        ],
        "memory": _memory(outcomes),
        "imports": imports,
        "skipped": skipped or [],
        "datasets": manifest,
    }


def _benchmark_result(outcome, pinning: bool) -> dict:
    benchmark, summaries, failed = outcome.benchmark, outcome.summaries, outcome.failed
    contenders = {}
    for name, summary in summaries.items():
        contender = next(c for c in benchmark.contenders if c.name == name)
        contenders[name] = {
            "failed": failed.get(name),  # None, or why its runs do not count
            "pinned": pinning and contender.pinned,
            "wall_s": round(summary.wall, 4),
            "cpu_s": round(summary.cpu, 4),
            "peak_rss_mb": round(summary.peak_rss_kb / MB, 1),
            "wall_per_payload_us": round(summary.wall / benchmark.payloads * 1e6, 2),
            "runs": summary.runs,
            "walls_s": list(summary.walls),
            "exit_codes": [list(codes) for codes in summary.exit_codes],
            "commands": len(contender.commands),
        }
    return {
        "name": benchmark.name,
        "group": benchmark.group,
        "description": benchmark.description,
        "payloads": benchmark.payloads,
        "made_bad": benchmark.made_bad,
        "contenders": contenders,
        "ratios": _ratios(summaries, benchmark.ratios),
        "targets": [
            {"target": target.text, "met": target.verdict(summaries, failed)}
            for target in benchmark.targets
        ],
        "flagged": outcome.flagged,
        "agreement": outcome.agreement,
    }


def _ratios(summaries, pairs) -> dict:
    found = {}
    for top, bottom in pairs:
        wall = model.ratio(summaries, top, bottom)
        cpu = model.ratio(summaries, top, bottom, of="cpu")
        if wall is not None and cpu is not None:
            found[f"{top}/{bottom}"] = {"wall": round(wall, 2), "cpu": round(cpu, 2)}
    return found


def _memory(outcomes) -> dict:
    """envelint's peak RSS by log size, for the mixed and the all-valid logs."""
    by_kind: dict[str, dict[int, float]] = {"mixed": {}, "valid": {}}
    for outcome in outcomes:
        kind = outcome.benchmark.memory_kind
        if kind is None or "envelint" in outcome.failed:
            continue
        rss = outcome.summaries["envelint"].peak_rss_kb / MB
        by_kind[kind][outcome.benchmark.payloads] = round(rss, 1)
    memory = {}
    for kind, sizes in by_kind.items():
        if len(sizes) >= 2:
            small, large = min(sizes), max(sizes)
            memory[kind] = {
                "peak_rss_mb": {str(size): sizes[size] for size in sorted(sizes)},
                "growth_large_over_small": round(sizes[large] / sizes[small], 2),
                "mb_per_100k_payloads": round(
                    (sizes[large] - sizes[small]) / (large - small) * 100_000, 2
                ),
            }
    return memory


# -- Markdown -----------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def markdown(results: dict) -> str:
    env = results["environment"]
    benchmarks = results["benchmarks"]
    sections = [
        [_header(env)],
        _speed_lines(benchmarks),
        _schema_floor_lines(benchmarks),
        _per_payload_lines(benchmarks),
    ]
    for group, title in (("parallel", "--jobs"), ("derivation", "derivation and lint")):
        chosen = [item for item in benchmarks if item["group"] == group]
        if chosen:
            sections.append(_contender_lines(chosen, title, env["pinned_cpu"]))
    if results["memory"]:
        sections.append(_memory_lines(results["memory"]))
    sections += [_import_lines(results["imports"]), _verdict_lines(benchmarks)]
    sections.append(_failure_lines(benchmarks))
    if env.get("check_jsonschema") is None:
        sections.append(["check-jsonschema was not found: its comparison was skipped."])
    sections += [[f"Skipped: {text}."] for text in results.get("skipped", [])]
    return "\n\n".join("\n".join(lines) for lines in sections if lines) + "\n"


def _header(env: dict) -> str:
    pinning = (
        f"every process pinned to cpu {env['pinned_cpu']} unless marked unpinned"
        if env["pinned_cpu"] is not None
        else "no process pinned"
    )
    return (
        f"envelint benchmarks: medians of {env['repetitions']} runs, {pinning};"
        f" {env['cpu_model']}, {env['cpus']} CPUs, Python {env['python']}, load average "
        f"{env['load_average_at_start']} at start, {env['load_average_at_end']} at end; "
        f"{env['envelint']} at commit {env['git_commit']} "
        f"({env['git_dirty_files']} files changed in the work tree); run took {env['seconds']} s."
    )


def _speed_lines(benchmarks: list[dict]) -> list[str]:
    rows = [_speed_row(item) for item in benchmarks if item["group"] in ("speed", "memory")]
    if not rows:
        return []
    return [
        "| benchmark | payloads | floor | envelint | envelint / floor (wall, cpu)"
        " | check-jsonschema | cj / envelint | envelint peak RSS | target | met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
        *rows,
    ]


def _wall_of(item: dict, name: str) -> str:
    """A contender's median wall time in a benchmark's row, "-" when it did not run there."""
    contenders = item["contenders"]
    return _wall_text(contenders[name]) if name in contenders else "-"


def _speed_row(item: dict) -> str:
    contenders = item["contenders"]

    def pair(key):
        ratio = item["ratios"].get(key)
        return f"{ratio['wall']:.2f}x, {ratio['cpu']:.2f}x" if ratio else "-"

    cj_ratio = item["ratios"].get("check-jsonschema/envelint")
    cj_text = f"{cj_ratio['wall']:.1f}x" if cj_ratio else "-"
    targets = "; ".join(target["target"] for target in item["targets"]) or "-"
    met = "; ".join("yes" if target["met"] else "**NO**" for target in item["targets"]) or "-"
    rss = contenders.get("envelint", {}).get("peak_rss_mb")
    return (
        f"| {item['name']} | {item['payloads']:,} | {_wall_of(item, 'floor')}"
        f" | {_wall_of(item, 'envelint')} | {pair('envelint/floor')}"
        f" | {_wall_of(item, 'check-jsonschema')}"
        f" | {cj_text} | {rss} MB | {targets} | {met} |"
    )


def _wall_text(contender: dict) -> str:
    """The median wall time, marked when the contender's runs do not count."""
    wall = _seconds(contender["wall_s"])
    return f"{wall} **FAILED**" if contender.get("failed") else wall


def _per_payload_lines(benchmarks: list[dict]) -> list[str]:
    """Benchmarks read per payload: each contender's wall time over the payloads, in us."""
    chosen = [item for item in benchmarks if item["group"] == "per-payload"]
    if not chosen:
        return []
    lines = [
        "| per payload | payloads | floor | envelint | floor per payload | envelint per payload"
        " | envelint - floor, per payload (wall, cpu) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for item in chosen:
        floor, envelint = item["contenders"]["floor"], item["contenders"]["envelint"]
        wall = (envelint["wall_s"] - floor["wall_s"]) / item["payloads"] * 1e6
        cpu = (envelint["cpu_s"] - floor["cpu_s"]) / item["payloads"] * 1e6
        lines.append(
            f"| {item['name']} | {item['payloads']:,} | {_wall_text(floor)}"
            f" | {_wall_text(envelint)} | {floor['wall_per_payload_us']:.1f} us"
            f" | {envelint['wall_per_payload_us']:.1f} us | {wall:.1f} us, {cpu:.1f} us |"
        )
    return lines


def _schema_floor_lines(benchmarks: list[dict]) -> list[str]:
    """Where envelint stands between the floor and a bare schema check (the is_valid loop)."""
    chosen = [item for item in benchmarks if model.SCHEMA_FLOOR in item["contenders"]]
    if not chosen:
        return []
    loop = model.SCHEMA_FLOOR
    return [
        f"| schema check alone | payloads | floor | {loop} | envelint"
        f" | {loop} / floor | envelint / {loop} | envelint / floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *(_schema_floor_row(item) for item in chosen),
    ]


def _schema_floor_row(item: dict) -> str:
    ratios, loop = item["ratios"], model.SCHEMA_FLOOR

    def times(top: str, bottom: str) -> str:
        ratio = ratios.get(f"{top}/{bottom}")
        return f"{ratio['wall']:.2f}x" if ratio else "-"

    return (
        f"| {item['name']} | {item['payloads']:,} | {_wall_of(item, 'floor')}"
        f" | {_wall_of(item, loop)} | {_wall_of(item, 'envelint')} | {times(loop, 'floor')}"
        f" | {times('envelint', loop)} | {times('envelint', 'floor')} |"
    )


def _contender_lines(benchmarks: list[dict], title: str, pinned_cpu: int | None) -> list[str]:
    """One row per contender, then each benchmark's ratios, targets and findings comparison."""
    lines = [
        f"| {title} | contender | cores | wall | cpu | peak RSS | findings |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for item in benchmarks:
        for name, found in item["contenders"].items():
            cores = f"1 (cpu {pinned_cpu})" if found["pinned"] else "all (unpinned)"
            lines.append(
                f"| {item['name']} | `{name}` | {cores} | {_wall_text(found)}"
                f" | {_seconds(found['cpu_s'])} | {found['peak_rss_mb']} MB"
                f" | {_findings_text(item['flagged'].get(name, {}))} |"
            )
    lines.append("")
    for item in benchmarks:
        lines.append(f"- {item['name']}: {item['description']}.")
        for key, ratio in item["ratios"].items():
            top, bottom = key.split("/", 1)
            lines.append(
                f"  - `{top}` / `{bottom}`: {ratio['wall']:.2f}x wall, {ratio['cpu']:.2f}x cpu"
            )
        for target in item["targets"]:
            verdict = "met" if target["met"] else "**NOT met**"
            lines.append(f"  - target {target['target']}: {verdict}")
        if item.get("agreement"):
            lines.append(f"  - {_agreement_text(item['agreement'])}")
    return lines


def _findings_text(flagged: dict) -> str:
    if not flagged.get("payloads_seen"):
        return "-"
    return f"{flagged['findings']:,} in {flagged['payloads_seen']:,} payloads"


def _agreement_text(agreement: dict) -> str:
    if "error" in agreement:
        return f"findings not compared: {agreement['error']}"
    return findings_compare.summary_line(agreement)


def _memory_lines(memory: dict) -> list[str]:
    lines = ["| envelint peak RSS | " + " | ".join(["log", "by size", "growth", "per 100k"]) + " |"]
    lines.append("|---|---|---|---:|---:|")
    for kind, found in memory.items():
        sizes = ", ".join(f"{int(size):,}: {mb} MB" for size, mb in found["peak_rss_mb"].items())
        lines.append(
            f"| {kind} | {'4% bad' if kind == 'mixed' else 'all valid'} | {sizes}"
            f" | {found['growth_large_over_small']}x | {found['mb_per_100k_payloads']} MB |"
        )
    lines.append("")
    lines.append("Target: peak RSS constant in the number of payloads (growth 1.0x).")
    return lines


def _import_lines(imports: dict) -> list[str]:
    lines = ["| import profile | total | by top-level package (self time) |", "|---|---:|---|"]
    for name, found in imports.items():
        packages = ", ".join(f"{package} {ms} ms" for package, ms in found["by_package_ms"].items())
        lines.append(f"| `{name}` | {found['total_ms']} ms | {packages} |")
    return lines


def _verdict_lines(benchmarks: list[dict]) -> list[str]:
    chosen = [item for item in benchmarks if item["made_bad"] is not None]
    if not chosen:
        return []
    lines = [
        "| verdicts | payloads | made bad | envelint flagged | envelint saw | check-jsonschema"
        " flagged |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for item in chosen:
        envelint = item["flagged"].get("envelint", {})
        cj = item["flagged"].get("check-jsonschema", {})
        lines.append(
            f"| {item['name']} | {item['payloads']:,} | {item['made_bad']:,}"
            f" | {envelint.get('payloads_flagged', '-')} | {envelint.get('payloads_seen', '-')}"
            f" | {cj.get('payloads_flagged', '-')} |"
        )
    lines.append("")
    lines.append(
        '"made bad" counts every deliberately broken payload, including the missing-field kind'
        " that the seed tables allow (they mark no field mandatory), so envelint flags fewer."
    )
    return lines


def _failure_lines(benchmarks: list[dict]) -> list[str]:
    lines = [
        f"- {item['name']}: `{name}` **FAILED**: {found['failed']}; no target involving it is met."
        for item in benchmarks
        for name, found in item["contenders"].items()
        if found.get("failed")
    ]
    return ["Failed contenders (their times measure nothing):", "", *lines] if lines else []
