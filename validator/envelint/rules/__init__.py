"""The rule catalog: one module per family, every rule registered under a stable code.

A rule module declares everything the rest of envelint needs (see ``envelint.rules.base.rule``
and ``envelint.rules.contract``); nothing outside this package names a rule's code.
"""

from __future__ import annotations

from envelint.rules import docs, envelope, json_syntax, meta, schema  # noqa: F401 (registers)
from envelint.rules.base import REGISTRY, Rule
from envelint.rules.custom import CUSTOM_PREFIX


def all_rules() -> list[Rule]:
    return [REGISTRY[code] for code in sorted(REGISTRY, key=_code_order)]


def payload_rules() -> list[Rule]:
    """The rules the engine runs on payloads (the docs family runs on pages)."""
    return [rule for rule in all_rules() if rule.family != "docs"]


def doc_rules() -> list[Rule]:
    return [rule for rule in all_rules() if rule.family == "docs"]


def _code_order(code: str) -> tuple[int, str]:
    families = "JSEDXU"
    return (families.index(code[0]) if code[0] in families else len(families), code)


def find_rule(code_or_name: str) -> Rule | None:
    wanted = code_or_name.strip()
    for item in REGISTRY.values():
        if wanted.upper() == item.code or wanted.lower() in (item.name, *item.aliases):
            return item
    return None


def rule_for_issue(kind: str) -> Rule | None:
    """The documentation rule that reports derivation issues of ``kind`` ("structure-missing")."""
    code = docs.ISSUE_RULES.get(kind)
    return REGISTRY[code] if code else None


def rule_with_role(role: str) -> Rule:
    """The rule that plays ``role`` (one of the roles of ``envelint.rules.contract``)."""
    return next(rule for rule in REGISTRY.values() if rule.role == role)


def default_selection() -> tuple[str, ...]:
    """The code prefixes selected when a configuration selects nothing: every family with a
    rule selected by default, and the custom rules."""
    prefixes = (rule.code[0] for rule in all_rules() if rule.selected_by_default)
    return (*dict.fromkeys(prefixes), CUSTOM_PREFIX)
