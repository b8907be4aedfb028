"""Each rule module declares what the engine needs; nothing outside rules/ names a rule code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from envelint.rules import all_rules, contract, default_selection, payload_rules, rule_with_role
from envelint.rules.contract import DecidedBySchema, FoldedIntoSchema

PACKAGE = Path(__file__).resolve().parents[1] / "validator" / "envelint"
# The modules that used to write rule codes out; they now ask the rules package.
ASKING_MODULES = [
    *sorted((PACKAGE / "engine").glob("*.py")),
    *sorted((PACKAGE / "config").glob("*.py")),
    PACKAGE / "pipeline" / "lint.py",
    PACKAGE / "pipeline" / "suppression.py",
]
RULE_CODE = re.compile(r"\b[JSEDU][0-9]{3}\b")
ROLES = [
    value for name, value in vars(contract).items() if name.isupper() and isinstance(value, str)
]


def test_every_payload_rule_declares_its_fast_path_part():
    for rule in payload_rules():
        assert isinstance(rule.fast_path, contract.FastPathPart), rule.code


def test_a_folded_rule_is_one_the_full_path_can_read_back():
    """A folded constraint's errors are grouped under the rule's code: its trigger."""
    for rule in all_rules():
        if isinstance(rule.fast_path, FoldedIntoSchema):
            assert rule.code in rule.triggers


def test_a_rule_with_options_has_defaults_and_a_schema():
    for rule in all_rules():
        if rule.options is not None:
            assert rule.options_from(None) == rule.options.from_config({})
            assert rule.options.schema()["type"] == "object"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_played_by_exactly_one_rule(role):
    assert len([rule for rule in all_rules() if rule.role == role]) == 1
    assert rule_with_role(role).role == role


def test_the_default_selection_is_the_families_selected_by_default():
    assert default_selection() == ("J", "S", "E", "D", "X")


def test_most_rules_are_decided_by_the_schema():
    decided = [rule for rule in payload_rules() if isinstance(rule.fast_path, DecidedBySchema)]
    assert len(decided) > len(payload_rules()) / 2


def _string_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    constants = [node for node in ast.walk(tree) if isinstance(node, ast.Constant)]
    return [
        node.value
        for node in constants
        if isinstance(node.value, str) and id(node) not in docstrings
    ]


@pytest.mark.parametrize("path", ASKING_MODULES, ids=lambda path: path.name)
def test_no_rule_code_is_written_in_engine_config_or_pipeline_code(path):
    assert [text for text in _string_literals(path) if RULE_CODE.search(text)] == []
