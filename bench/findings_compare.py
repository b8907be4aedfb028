"""Do two envelint runs report the same findings? Their JSON reports' ``findings`` lists compared.

The first report is the reference. Another is "identical" (same findings, same order), "same
findings, other order", or "different": then the findings found in only one of the two are
counted, paired by where they point (path, line, column, code), and the fields that differ
between the pairs are counted, with one pair shown as an example.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

IDENTICAL = "identical"
REORDERED = "same findings, other order"
DIFFERENT = "different"


def compare(reports: dict[str, Path]) -> dict:
    names = list(reports)
    reference = _findings(reports[names[0]])
    others = {name: _compare_one(reference, _findings(reports[name])) for name in names[1:]}
    return {"reference": names[0], "reference_findings": len(reference), "others": others}


def _findings(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["findings"]


def _compare_one(reference: list[dict], other: list[dict]) -> dict:
    found = {"findings": len(other)}
    if other == reference:
        return {"verdict": IDENTICAL, **found}
    only_reference, only_other = _differences(reference, other)
    if not only_reference and not only_other:
        return {"verdict": REORDERED, **found}
    return {
        "verdict": DIFFERENT,
        **found,
        "only_in_reference": len(only_reference),
        "only_in_other": len(only_other),
        **_pair_up(only_reference, only_other),
    }


def _differences(reference: list[dict], other: list[dict]) -> tuple[list[dict], list[dict]]:
    def keys(findings):
        return Counter(json.dumps(finding, sort_keys=True) for finding in findings)

    left, right = keys(reference), keys(other)
    only_left = [json.loads(text) for text in (left - right).elements()]
    only_right = [json.loads(text) for text in (right - left).elements()]
    return only_left, only_right


def _where(finding: dict) -> tuple:
    return tuple(finding.get(key) for key in ("path", "line", "column", "code"))


def _pair_up(only_reference: list[dict], only_other: list[dict]) -> dict:
    others = {_where(finding): finding for finding in only_other}
    fields: Counter[str] = Counter()
    example = None
    for finding in only_reference:
        twin = others.get(_where(finding))
        if twin is None:
            fields["(no finding at the same place)"] += 1
            continue
        differing = sorted(key for key in finding.keys() | twin.keys()
                           if finding.get(key) != twin.get(key))  # fmt: skip
        fields.update(differing)
        if example is None:
            example = {"reference": finding, "other": twin, "fields": differing}
    return {"differing_fields": dict(fields.most_common()), "example": example}


def summary_line(agreement: dict) -> str:
    """One sentence per compared run, for the Markdown output."""
    reference = agreement["reference"]
    parts = []
    for name, found in agreement["others"].items():
        text = (
            f"`{name}` vs `{reference}`: {found['verdict']}"
            f" ({found['findings']:,} vs {agreement['reference_findings']:,} findings)"
        )
        if found["verdict"] == DIFFERENT:
            text += _difference_text(found)
        parts.append(text)
    return "Findings compared (JSON reports): " + "; ".join(parts) + "."


def _difference_text(found: dict) -> str:
    fields = ", ".join(f"{field} {count:,}" for field, count in found["differing_fields"].items())
    text = f": {found['only_in_reference']:,} findings differ (fields: {fields})"
    example = found.get("example")
    if example and "message" in example["fields"]:
        text += (
            f"; e.g. line {example['reference'].get('line')}:"
            f' "{example["reference"]["message"]}" vs "{example["other"]["message"]}"'
        )
    return text
