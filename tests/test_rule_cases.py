"""Every rule's failing and passing cases, as data: one YAML file per rule in tests/rules/.

Each case also checks the two paths agree: the fast path accepts a payload exactly when the full
path finds nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from envelint.captures.payload import Payload
from envelint.catalog.store import builtin_catalog_dir, load_catalog
from envelint.config.settings import Settings
from envelint.engine.engine import Engine
from envelint.pipeline.lint import LintRequest, lint_docs
from envelint.rules import all_rules
from envelint.rules.base import MESSAGE_LIMIT
from tests.conftest import REPO

CASES_DIR = Path(__file__).parent / "rules"


def _load_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}: {case['name']}")


def _payload_bytes(case: dict) -> bytes:
    if "payload_hex" in case:
        return bytes.fromhex(case["payload_hex"])
    if "payload_repeat" in case:
        repeat = case["payload_repeat"]
        return (
            repeat["text"] * repeat["times"] + repeat["suffix_text"] * repeat["suffix_times"]
        ).encode()
    return case["payload"].encode()


_ENGINES: dict[tuple, Engine] = {}


def engine_for(case: dict) -> Engine:
    """The built-in catalog, or a small one under fixtures/catalogs/; ``settings`` override
    the defaults (limits for the J005-J007 cases, ``rule_options`` for a rule's options)."""
    catalog_dir = case.get("catalog")
    overrides = case.get("settings", {})
    key = (catalog_dir, json.dumps(overrides, sort_keys=True))
    if key not in _ENGINES:
        root = REPO / catalog_dir if catalog_dir else builtin_catalog_dir()
        _ENGINES[key] = Engine(load_catalog(root), Settings(**overrides))
    return _ENGINES[key]


def test_every_rule_has_cases():
    codes_with_cases = {path.stem for path in CASES_DIR.glob("*.yaml")}
    missing = [rule.code for rule in all_rules() if rule.code not in codes_with_cases]
    assert missing == []


@pytest.mark.parametrize(("code", "case"), list(_load_cases()))
def test_rule_case(code: str, case: dict, tmp_path, monkeypatch):
    if "page" in case:
        _check_page_case(code, case, tmp_path, monkeypatch)
        return
    engine = engine_for(case)
    http = case.get("http", {})
    payload = Payload(
        source="case.json",
        data=_payload_bytes(case),
        schema_id=case.get("schema"),
        method=http.get("method"),
        url=http.get("url"),
        status=http.get("status"),
        skipped_reason=case.get("skipped_reason"),
        unreadable=case.get("unreadable"),
        line=case.get("line", 1),
        column=case.get("column", 1),
    )
    not_read = payload.skipped_reason or payload.unreadable
    findings = engine.check(payload) if not_read else engine.check_fully(payload)
    found = [finding for finding in findings if finding.code == code]
    expected = case["expect"]
    assert len(found) == len(expected), [f.to_dict() for f in findings]
    for finding, expectation in zip(found, expected, strict=True):
        _assert_matches(finding, expectation)
    if not not_read:
        assert engine._passes_fast_path(payload) == (findings == [])
        if b"\n" not in payload.data and not http:  # as a record of a JSON Lines log
            assert engine.line_checker(payload.schema_id)(payload.data + b"\n") == (findings == [])
        if not http:  # as a .json file
            assert engine.accepts_file(payload.data, payload.schema_id) == (findings == [])


def _assert_matches(finding, expectation: dict) -> None:
    # every finding's first line is short enough to read (rules.base.MESSAGE_LIMIT)
    assert len(finding.message.split("\n", 1)[0]) <= MESSAGE_LIMIT, finding.message
    for key, want in expectation.items():
        if key == "message_contains":
            assert want in finding.message, finding.message
        elif key == "hint_contains":
            assert finding.hint and want in finding.hint, finding.hint
        elif key == "doc_line":
            assert finding.doc is not None and finding.doc.line == want, finding.doc
        elif key == "severity":
            assert finding.severity.label == want
        else:
            assert getattr(finding, key) == want, (key, finding.to_dict())


def _check_page_case(code: str, case: dict, tmp_path, monkeypatch) -> None:
    """A documentation rule's case: an RST page linted on its own."""
    monkeypatch.setenv("ENVELINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.rst").write_text(case["page"], encoding="utf-8")
    report = lint_docs(LintRequest(["page.rst"], Settings(), use_cache=False))
    found = [finding for finding in report.findings if finding.code == code]
    assert len(found) == len(case["expect"]), [f.to_dict() for f in report.findings]
    for finding, expectation in zip(found, case["expect"], strict=True):
        _assert_matches(finding, expectation)
