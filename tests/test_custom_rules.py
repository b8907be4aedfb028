"""Declarative custom rules: each kind of check, the pointer wildcards, and patterns that cannot
hang the run."""

from __future__ import annotations

import time

from envelint.common.findings import Severity
from envelint.jsontext.model import UNKNOWN
from envelint.rules.custom import CustomRule, check_custom


def custom(given: str, message: str | None = None, **then: object) -> CustomRule:
    checks = {key.replace("_", "-"): value for key, value in then.items()}
    return CustomRule("X001", "test-rule", given, checks, message, Severity.WARNING)


def violations(value: object, rule: CustomRule) -> list[tuple[str, str]]:
    return list(check_custom(value, rule))


def test_type_mismatch() -> None:
    rule = custom("/error/code", type="string")

    assert violations({"error": {"code": 5}}, rule) == [
        ("/error/code", "expected string, found integer")
    ]


def test_type_list_accepts_any_of_them() -> None:
    rule = custom("/a", type=["string", "null"])

    assert violations({"a": None}, rule) == []


def test_number_accepts_integers_but_not_booleans() -> None:
    rule = custom("/*", type="number")

    assert violations({"a": 1, "b": 1.5, "c": True}, rule) == [
        ("/c", "expected number, found boolean")
    ]


def test_integer_accepts_a_whole_float() -> None:
    assert violations({"a": 2.0}, custom("/a", type="integer")) == []


def test_pattern_mismatch() -> None:
    rule = custom("/error/code", pattern="^[A-Z][a-z]+\\.[0-9]{4}$")

    assert violations({"error": {"code": "ecs-5"}}, rule) == [
        ("/error/code", "\"ecs-5\" does not match '^[A-Z][a-z]+\\.[0-9]{4}$'")
    ]


def test_pattern_match() -> None:
    rule = custom("/error/code", pattern="^[A-Z][a-z]+\\.[0-9]{4}$")

    assert violations({"error": {"code": "Ecs.0005"}}, rule) == []


def test_pattern_is_searched_not_anchored() -> None:
    assert violations({"a": "xx-42-yy"}, custom("/a", pattern="[0-9]+")) == []


def test_pattern_leaves_non_strings_to_type() -> None:
    assert violations({"a": 5}, custom("/a", pattern="^x$")) == []


def test_evil_pattern_finishes_quickly() -> None:
    rule = custom("/a", pattern="^(a+)+$")
    started = time.perf_counter()

    found = violations({"a": "a" * 50 + "!"}, rule)

    assert len(found) == 1 and time.perf_counter() - started < 0.1


def test_enum() -> None:
    rule = custom("/status", enum=["RUNNING", "DONE"])

    assert violations({"status": "running"}, rule) == [
        ("/status", '"running" is not one of "RUNNING", "DONE"')
    ]


def test_enum_does_not_confuse_true_with_1() -> None:
    assert violations({"a": True}, custom("/a", enum=[1])) == [("/a", "true is not one of 1")]


def test_enum_treats_1_and_1_0_alike() -> None:
    assert violations({"a": 1.0}, custom("/a", enum=[1])) == []


def test_required_member_missing() -> None:
    rule = custom("/error/details", required=True)

    assert violations({"error": {"code": "x"}}, rule) == [("/error", "missing 'details'")]


def test_required_checks_only_where_the_parent_exists() -> None:
    assert violations({"job_id": "x"}, custom("/error/details", required=True)) == []


def test_required_under_a_wildcard_checks_every_item() -> None:
    rule = custom("/servers/*/id", required=True)

    assert violations({"servers": [{"id": "a"}, {"name": "b"}]}, rule) == [
        ("/servers/1", "missing 'id'")
    ]


def test_forbidden_member_present() -> None:
    rule = custom("/error/stack", forbidden=True)

    assert violations({"error": {"stack": "..."}}, rule) == [
        ("/error/stack", "'stack' must not be present")
    ]


def test_forbidden_member_absent() -> None:
    assert violations({"error": {}}, custom("/error/stack", forbidden=True)) == []


def test_min_length_of_a_string() -> None:
    assert violations({"a": "ab"}, custom("/a", min_length=3)) == [
        ("/a", "has 2 characters, expected at least 3")
    ]


def test_max_length_of_an_array() -> None:
    assert violations({"a": [1, 2, 3]}, custom("/a", max_length=2)) == [
        ("/a", "has 3 items, expected at most 2")
    ]


def test_lengths_count_characters_not_bytes() -> None:
    assert violations({"a": "ééé"}, custom("/a", max_length=3)) == []


def test_wildcard_matches_keys_and_indexes() -> None:
    rule = custom("/*/*/id", type="string")
    value = {"servers": [{"id": 1}], "volumes": {"v": {"id": 2}}}

    assert [pointer for pointer, _ in violations(value, rule)] == [
        "/servers/0/id",
        "/volumes/v/id",
    ]


def test_numeric_token_indexes_an_array() -> None:
    assert violations({"a": ["x", 5]}, custom("/a/1", type="string")) == [
        ("/a/1", "expected string, found integer")
    ]


def test_escaped_tokens_and_pointers() -> None:
    rule = custom("/a~1b/c~0d", type="string")

    assert violations({"a/b": {"c~d": 1}}, rule) == [
        ("/a~1b/c~0d", "expected string, found integer")
    ]


def test_empty_pointer_is_the_whole_payload() -> None:
    assert violations([], custom("", type="object")) == [("", "expected object, found array")]


def test_message_replaces_the_generated_one() -> None:
    rule = custom("/error/code", "error codes look like Ecs.0005", type="string")

    assert violations({"error": {"code": 5}}, rule) == [
        ("/error/code", "error codes look like Ecs.0005")
    ]


def test_unreadable_values_are_left_to_the_json_rules() -> None:
    assert violations({"error": {"code": UNKNOWN}}, custom("/error/code", type="string")) == []


def test_checks_are_compiled_once() -> None:
    rule = custom("/a", pattern="^x$", type="string")
    compiled = rule.value_checks

    violations({"a": "y"}, rule)

    assert rule.value_checks is compiled and len(compiled) == 2


def test_large_integers_are_shown() -> None:
    assert violations({"a": 2**80}, custom("/a", enum=[1])) == [
        ("/a", "1208925819614629174706176 is not one of 1")
    ]


def test_required_name_says_nothing_about_arrays() -> None:
    assert violations({"error": ["x"]}, custom("/error/code", required=True)) == []


def test_required_index_needs_that_many_items() -> None:
    assert violations({"a": ["x"]}, custom("/a/1", required=True)) == [("/a", "missing '1'")]


def test_required_wildcard_needs_one_member() -> None:
    assert violations({"a": {}}, custom("/a/*", required=True)) == [("/a", "missing any member")]


def test_summary_is_the_message_or_the_checks() -> None:
    assert custom("/a", type="string").summary == '/a must pass {"type":"string"}'
