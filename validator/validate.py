"""``envelint validate``: read capture files, check every payload, gather a report."""

from __future__ import annotations

from dataclasses import dataclass

from validator.captures.discover import capture_files, read_payloads
from validator.catalog import Catalog
from validator.config import Settings
from validator.engine import Engine
from validator.report import CheckedUnit, Report, RuleInfo
from validator.rules import all_rules


@dataclass
class ValidateRequest:
    paths: list[str]
    catalog: Catalog
    settings: Settings
    schema_id: str | None = None


def rule_infos() -> dict[str, RuleInfo]:
    return {
        rule.code: RuleInfo(rule.code, rule.name, rule.severity, rule.summary, rule.description)
        for rule in all_rules()
    }


def validate_captures(request: ValidateRequest) -> Report:
    engine = Engine(request.catalog, request.settings)
    findings = []
    units = []
    files = payloads = 0
    for path in capture_files(request.paths):
        files += 1
        for payload in read_payloads(path):
            payloads += 1
            if request.schema_id:
                payload.schema_id = request.schema_id
            findings.extend(engine.check(payload))
            units.append(
                CheckedUnit(payload.source, f"payload at line {payload.line}", payload.line)
            )
    return Report(
        findings=findings, files=files, payloads=payloads, units=units, rules=rule_infos()
    )
