"""The rule catalog as text and JSON: `envelint rules`, `rules explain`, and the README."""

from __future__ import annotations

import json

from envelint.common.errors import EnvelintError
from envelint.rules import all_rules, find_rule


def rules_as_text() -> str:
    rows = [
        f"{rule.code}  {rule.name:<24} {rule.severity.label:<8} {rule.summary}"
        for rule in all_rules()
    ]
    return "\n".join(rows) + "\n"


def rules_as_json() -> str:
    data = [
        {
            "code": rule.code,
            "name": rule.name,
            "aliases": list(rule.aliases),
            "family": rule.family,
            "severity": rule.severity.label,
            "summary": rule.summary,
            "description": rule.description,
        }
        for rule in all_rules()
    ]
    return json.dumps(data, indent=2) + "\n"


def rules_as_markdown() -> str:
    """The README's rule reference: a table, then each rule's documentation."""
    lines = ["| code | name | severity | summary |", "|---|---|---|---|"]
    lines += [
        f"| [{rule.code}](#{rule.code.lower()}-{rule.name}) | {rule.name} | "
        f"{rule.severity.label} | {rule.summary} |"
        for rule in all_rules()
    ]
    for rule in all_rules():
        heading = f"#### {rule.code} {rule.name}"
        lines += ["", heading, "", f"*{rule.severity.label}*. {rule.summary}"]
        if rule.description:
            lines += ["", rule.description]
    return "\n".join(lines) + "\n"


def explain(code_or_name: str) -> str:
    rule = find_rule(code_or_name)
    if rule is None:
        codes = ", ".join(item.code for item in all_rules())
        raise EnvelintError(f"no rule {code_or_name!r} (known: {codes})")
    heading = f"{rule.code} {rule.name} ({rule.severity.label})"
    return f"{heading}\n{'=' * len(heading)}\n\n{rule.documentation}\n"
