"""envelint.derive on fixtures/docs: exact schemas, catalog entries and documentation issues."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from envelint.derive import DocIssue, derive_catalog
from tests.factories import derive_from_repo

REPO = Path(__file__).resolve().parents[1]
DIALECT = "https://json-schema.org/draft/2020-12/schema"
LEGACY = "fixtures/docs/legacy_tasks.rst"
STAGE_ONE_PAGES = [
    "fixtures/docs/legacy_tasks.rst",
    "fixtures/docs/order_result.rst",
    "fixtures/docs/snapshot_jobs.rst",
]


@pytest.fixture(scope="module")
def derived():
    return derive_from_repo(*STAGE_ONE_PAGES, "fixtures/docs/defects")


def field(kind: str | None, description: str, page: str, line: int, table: str | None, **extra):
    schema = {"type": kind} if kind else {}
    schema.update(extra)
    schema["description"] = description
    schema["x-doc"] = {"path": f"fixtures/docs/{page}", "line": line, "table": table}
    schema["x-doc"].update(PAGES[page])
    return schema


# Each page's title, and its name on the published site where it says (``:original_name:``).
PAGES = {
    "legacy_tasks.rst": {"page": "Legacy Task Responses"},
    "order_result.rst": {
        "page": "Order Result Response",
        "original_name": "example_order_result.html",
    },
    "snapshot_jobs.rst": {
        "page": "Snapshot Job Responses",
        "original_name": "example_snapshot_jobs.html",
    },
}


def test_catalog_entries(derived):
    ids = [(entry.id, entry.file, entry.kind, entry.page) for entry in derived.entries]
    assert ids[:2] == [
        ("legacy_tasks.normal", "legacy_tasks.normal.json", "normal", LEGACY),
        ("legacy_tasks.abnormal", "legacy_tasks.abnormal.json", "abnormal", LEGACY),
    ]
    assert ids[-1] == (
        "tree_nodes.normal",
        "tree_nodes.normal.json",
        "normal",
        "fixtures/docs/defects/tree_nodes.rst",
    )
    assert len(ids) == 7
    assert {entry.title for entry in derived.entries if entry.id.startswith("order_result")} == {
        "Order Result Response"
    }
    assert all(entry.status is None and entry.operation is None for entry in derived.entries)


def test_normal_response_with_enum_and_map(derived):
    page, table = "order_result.rst", "Table 1 Normal response"
    assert derived.schemas["order_result.normal"] == {
        "$schema": DIALECT,
        "title": "Order Result Response: normal response",
        "type": "object",
        "properties": {
            "order_id": field("string", "Names the order that was placed.", page, 16, table),
            "state": field(
                "string",
                "Tells where the order stands. PENDING: the order waits for payment. "
                "PAID: the order is paid.",
                page,
                18,
                table,
                enum=["PENDING", "PAID"],
            ),
            "labels": field(
                "object",
                "Free labels attached to the order.",
                page,
                23,
                table,
                additionalProperties={"type": "string"},
            ),
        },
    }


def test_dictionary_data_structure_follows_its_ref(derived):
    page, caption = "order_result.rst", "Table 3 error data structure"
    assert derived.schemas["order_result.abnormal"]["properties"] == {
        "error": field(
            "object",
            "Describes the failure. For details, see Table 3.",
            "order_result.rst",
            34,
            "Table 2 Abnormal response",
            properties={
                "message": field("string", "Says what went wrong.", page, 44, caption),
                "code": field(
                    "string", "Gives the failure code, such as ORD.0001.", page, 45, caption
                ),
            },
        )
    }


def test_ref_link_and_caption_only_nesting(derived):
    page = "snapshot_jobs.rst"
    fault, hints = "Table 1 fault field structure", "Table 2 hints field description"
    assert derived.schemas["snapshot_jobs.abnormal"] == {
        "$schema": DIALECT,
        "title": "Snapshot Job Responses: abnormal response",
        "type": "object",
        "properties": {
            "fault": field(
                "object",
                "Describes what went wrong. Its fields are in Table 1.",
                page,
                23,
                None,
                properties={
                    "reason": field(
                        "string", "Explains the fault in plain words.", page, 33, fault
                    ),
                    "code": field("string", "Gives the fault code.", page, 35, fault),
                    "hints": field(
                        "array",
                        "Lists hints for fixing the fault. Each hint names a step and a field.",
                        page,
                        37,
                        fault,
                        items={
                            "type": "object",
                            "properties": {
                                "step": field(
                                    "integer", "Says which step to retry.", page, 47, hints
                                ),
                                "field": field(
                                    "string", "Names the field to correct.", page, 48, hints
                                ),
                            },
                        },
                    ),
                },
            )
        },
    }


def test_anchor_link_and_optional_notes_make_nothing_required(derived):
    page = "legacy_tasks.rst"
    error, details = "Table 1 error field structure", "Table 2 details field description"
    schema = derived.schemas["legacy_tasks.abnormal"]
    assert schema["properties"]["error"] == field(
        "object",
        "Describes the failure. For details, see Table 1.",
        page,
        21,
        None,
        properties={
            "message": field("string", "Says what failed.", page, 31, error),
            "code": field("string", "Gives the failure code.", page, 33, error),
            "details": field(
                "array",
                "Lists the failed sub-steps. This field is optional.",
                page,
                35,
                error,
                items={
                    "type": "object",
                    "properties": {
                        "message": field(
                            "string",
                            "Says which sub-step failed. This field is optional.",
                            page,
                            47,
                            details,
                        ),
                        "code": field(
                            "string", "Gives the sub-step failure code.", page, 51, details
                        ),
                    },
                },
            ),
        },
    )
    assert "required" not in schema


def test_cycles_stop_at_a_bare_object(derived):
    node = derived.schemas["tree_nodes.normal"]["properties"]["node"]
    assert node["properties"]["parent"]["type"] == "object"
    assert "properties" not in node["properties"]["parent"]
    leaf = node["properties"]["children"]["items"]
    assert "properties" not in leaf["properties"]["back"]


def test_unknown_type_leaves_the_field_unconstrained(derived):
    size = derived.schemas["tree_nodes.normal"]["properties"]["size"]
    assert "type" not in size and size["x-doc"]["line"] == 20


def test_a_dash_type_cell_is_untyped_not_unknown(derived):
    # "-" is these docs' mark for a cell that does not apply, in any column ("is not used
    # currently and is left unspecified"): no type is said, as in an empty cell; no D002.
    node = derived.schemas["tree_nodes.normal"]["properties"]["node"]
    leaf = node["properties"]["children"]["items"]
    weight = leaf["properties"]["weight"]
    assert "type" not in weight and weight["x-doc"]["line"] == 52


def test_documentation_issues(derived):
    path = "fixtures/docs/defects/tree_nodes.rst"
    found = [(issue.kind, issue.path, issue.line, issue.column) for issue in derived.issues]
    assert found == [
        ("unresolved-reference", path, 18, 76),
        ("unknown-type", path, 20, 18),
        ("duplicate-parameter", path, 22, 6),
        ("structure-missing", path, 24, 18),
        ("structure-missing", path, 26, 18),
        ("malformed-header", path, 61, 27),
    ]
    assert all(isinstance(issue, DocIssue) and issue.message for issue in derived.issues)


def test_issue_messages_say_what_was_expected_and_found(derived):
    by_line = {issue.line: issue for issue in derived.issues}
    assert by_line[20].message == (
        'expected a type such as String, Integer, Boolean, Object or Array of X, found "Sting"'
    )
    assert "ConfigSpec" in by_line[24].message and "Table 7" in by_line[26].message
    assert by_line[18].hint


def test_statistics(derived):
    assert derived.stats == {
        "pages": 4,
        "operation_pages": 0,
        "operation_pages_with_response_table": 0,
        "operation_pages_with_schema": 0,
        "schemas": 7,
        "links_resolved": 7,
        "links_unresolved": 1,
        "unknown_types": 1,
        "operations": 0,
        "request_body_schemas": 0,
    }


def test_no_additional_properties_false_anywhere(derived):
    text = json.dumps(derived.schemas)
    assert '"additionalProperties": false' not in text


def test_a_single_file_is_keyed_by_its_stem(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    derived = derive_catalog([Path("fixtures/docs/order_result.rst")])
    ids = [entry.id for entry in derived.entries]
    assert ids == ["order_result.normal", "order_result.abnormal"]


def test_a_path_outside_the_working_directory_is_kept_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    given = str(REPO / "fixtures/docs/order_result.rst")
    derived = derive_catalog([given])
    assert derived.entries[0].page == given
    order_id = derived.schemas["order_result.normal"]["properties"]["order_id"]
    assert order_id["x-doc"]["path"] == given


def test_missing_path_is_an_error():
    with pytest.raises(FileNotFoundError):
        derive_catalog(["no/such/folder"])


@pytest.mark.slow
def test_output_does_not_depend_on_hash_seed():
    script = (
        "import json; from envelint.derive import derive_catalog; "
        "c = derive_catalog(['fixtures/docs']); "
        "print(json.dumps([c.schemas, [e.id for e in c.entries], [i.message for i in c.issues]]))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
