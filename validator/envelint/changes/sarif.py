"""``envelint diff --format sarif``: a SARIF 2.1.0 log of the changes, for code scanning.

One rule per registered change kind (``C001`` ...), its level ``error`` (breaking), ``warning``
(potentially breaking) or ``note``; one result per change, located on the head page's row (the
base page's when the head has none), the base row as a related location. Paths are the pages'
paths in the repository (a revision's name dropped) under ``%SRCROOT%``.
``partialFingerprints`` hash the kind, the operation, the status or request part and the
pointer, never a line, so an alert keeps its identity while the page around it moves. No
timestamp: the same changes give the same bytes."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from envelint import __version__
from envelint.changes.kinds import ChangeKind, all_kinds
from envelint.changes.model import Change, cited_location
from envelint.report.sarif_format import SARIF_SCHEMA_URI, SOURCE_ROOT, SOURCE_ROOT_BASE

LEVELS = {"breaking": "error", "potentially-breaking": "warning", "non-breaking": "note"}
FINGERPRINT_KEY = "envelint-diff/v1"


def as_sarif(changes: list[Change], base: str, head: str) -> str:
    kinds = all_kinds()
    index = {kind.code: number for number, kind in enumerate(kinds)}
    run = {
        "tool": {
            "driver": {
                "name": "envelint diff",
                "version": __version__,
                "rules": [_rule(kind) for kind in kinds],
            }
        },
        "originalUriBaseIds": SOURCE_ROOT_BASE,
        "properties": {"base": base, "head": head},
        "results": [_result(change, index[change.code]) for change in changes],
    }
    log = {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(kind: ChangeKind) -> dict[str, Any]:
    description = " ".join((kind.detect.__doc__ or kind.name).split())
    example = f"Base:\n\n{_indented(kind.example_base)}\n\nHead:\n\n{_indented(kind.example_head)}"
    return {
        "id": kind.code,
        "name": kind.name,
        "shortDescription": {"text": kind.summary or kind.name},
        "fullDescription": {"text": description},
        "help": {
            "text": f"{description}\n\n{example}",
            "markdown": f"**{kind.code} {kind.name}** ({kind.level.label}): {description}"
            f"\n\n{example}",
        },
        "defaultConfiguration": {"level": LEVELS[kind.level.label]},
        "properties": {"level": kind.level.label, "scope": kind.scope},
    }


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def _result(change: Change, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": change.code,
        "ruleIndex": rule_index,
        "level": LEVELS[change.level],
        "message": {"text": f"{change.operation}: {change.message}"},
    }
    main = _location(change.head_at) or _location(change.base_at)
    if main is not None:
        result["locations"] = [main]
    if change.head_at and change.base_at:
        related = _location(change.base_at)
        if related is not None:
            related.update(id=1, message={"text": "the base version's row"})
            result["relatedLocations"] = [related]
    material = "\x1f".join((change.code, change.operation_id, change.status, change.pointer))
    digest = hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    result["partialFingerprints"] = {FINGERPRINT_KEY: digest}
    result["properties"] = {
        "level": change.level,
        "operation": change.operation,
        "status": change.status,
        "pointer": change.pointer,
    }
    return result


def _location(at: str | None) -> dict[str, Any] | None:
    where = cited_location(at)
    if where is None:
        return None
    path, line = where
    physical: dict[str, Any] = {
        "artifactLocation": {
            "uri": quote(path.replace("\\", "/"), safe="/"),
            "uriBaseId": SOURCE_ROOT,
        }
    }
    if line:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}
