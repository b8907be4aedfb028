"""``envelint lint`` checks example requests against the request body schema, with the same
rules as responses; every such finding says it is about the request."""

from __future__ import annotations

import json
from pathlib import Path

from envelint.docs import read_page
from envelint.docs.examples import find_request_examples
from tests.helpers import run_cli

REQUESTS = Path(__file__).resolve().parents[1] / "fixtures" / "docs" / "requests"


def lint_json(name: str) -> list[dict[str, object]]:
    result = run_cli("lint", "--no-cache", "--format", "json", str(REQUESTS / name))
    findings: list[dict[str, object]] = json.loads(result.output)["findings"]
    return findings


def test_a_request_example_missing_a_mandatory_field_is_s002():
    findings = [f for f in lint_json("deleting_widgets.rst") if f["code"] == "S002"]
    assert [(f["line"], f["side"], f["pointer"]) for f in findings] == [(51, "request", "")]
    doc = findings[0]["doc"]
    assert isinstance(doc, dict)
    assert (doc["line"], doc["table"]) == (21, "Table 1 Request parameters")


def test_a_request_example_that_is_not_json_is_j001():
    [finding] = [f for f in lint_json("deleting_widgets.rst") if f["code"] == "J001"]
    assert (finding["line"], finding["column"], finding["side"]) == (38, 22, "request")


def test_request_findings_are_marked_in_the_message():
    findings = lint_json("creating_a_widget.rst")
    assert {f["side"] for f in findings} == {"request"}
    assert all(str(f["message"]).startswith("request body: ") for f in findings)
    assert sorted((f["code"], f["pointer"]) for f in findings) == [
        ("S001", "/count"),
        ("S001", "/widget/tags/1"),
        ("S002", "/widget"),
    ]


def test_text_output_shows_the_request_marker():
    result = run_cli("lint", "--no-cache", str(REQUESTS / "creating_a_widget.rst"))
    assert "S002 error request body: `widget` (/widget) has no `name`" in result.output


def test_request_lines_and_headers_are_not_part_of_the_body():
    page = read_page(REQUESTS / "deleting_widgets.rst")
    bodies = [example.text.strip() for example in find_request_examples(page)]
    assert bodies[0].startswith("{") and '"ids"' in bodies[0]


def test_a_shell_command_is_not_a_request_body():
    page = read_page(REQUESTS / "deleting_widgets.rst")
    assert [example.line for example in find_request_examples(page)] == [36, 51]


def test_a_page_with_a_request_body_and_no_response_body_is_not_asked_for_an_example():
    assert not [f for f in lint_json("deleting_widgets.rst") if f["code"] == "D006"]


def test_a_request_to_another_api_is_not_checked_against_this_page():
    findings = lint_json("moving_a_widget.rst")
    assert not [f for f in findings if f["line"] < 35]  # step 1 reserves a shelf elsewhere


def test_a_bare_url_before_the_body_is_its_request_line():
    findings = lint_json("moving_a_widget.rst")
    assert [(f["code"], f["line"], f["pointer"]) for f in findings if 35 <= f["line"] < 45] == [
        ("S001", 44, "/shelf")
    ]


def test_a_request_line_without_a_leading_slash_and_a_varied_path_is_still_this_page():
    findings = lint_json("moving_a_widget.rst")
    assert [(f["code"], f["line"]) for f in findings if 45 <= f["line"] < 55] == [("S002", 53)]


def test_a_request_line_whose_url_holds_a_space_is_still_the_head():
    findings = lint_json("moving_a_widget.rst")
    assert not [f for f in findings if 55 < f["line"] < 66]


def test_a_bare_path_before_the_body_is_its_head():
    findings = lint_json("moving_a_widget.rst")
    assert [(f["code"], f["line"]) for f in findings if f["line"] >= 66] == [("S001", 73)]


def test_the_marker_keeps_a_long_message_within_the_limit():
    from envelint.common.findings import Finding, Severity
    from envelint.engine.engine import with_side
    from envelint.rules.base import MESSAGE_LIMIT

    long = Finding("S003", "undocumented-property", Severity.WARNING, "x" * MESSAGE_LIMIT, "p")
    [marked] = with_side([long], "request")
    assert len(marked.message) == MESSAGE_LIMIT and marked.message.startswith("request body: ")
