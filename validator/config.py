"""Settings: which rules run, at which severity, and how strict the schemas are."""

from __future__ import annotations

from dataclasses import dataclass, field

from validator.findings import Severity
from validator.rules.base import Rule

DEFAULT_MAX_DEPTH = 1024  # the depth orjson accepts, so both paths agree


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: ["J", "S", "E", "D"])
    ignore: list[str] = field(default_factory=list)
    severities: dict[str, Severity] = field(default_factory=dict)
    undocumented: str = "on"  # "on" (S003 reports) or "off" (extra fields allowed)
    required: str = "documented"  # "documented" or "all" (every documented field is required)
    fail_on: Severity = Severity.ERROR
    schema_map: dict[str, str] = field(default_factory=dict)  # path glob -> schema id
    max_depth: int = DEFAULT_MAX_DEPTH

    def enabled(self, rule: Rule) -> bool:
        if rule.code == "S003" and self.undocumented == "off":
            return False
        return _matches(rule.code, self.select) and not _matches(rule.code, self.ignore)

    def severity_of(self, rule: Rule) -> Severity:
        return self.severities.get(rule.code, rule.severity)


def _matches(code: str, patterns: list[str]) -> bool:
    return any(code.startswith(pattern.upper()) for pattern in patterns)
