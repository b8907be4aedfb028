"""Which code blocks are example responses: the page's conventions, read in their order."""

from __future__ import annotations

import json

from envelint.docs import read_page
from envelint.docs.examples import find_examples
from tests.conftest import FIXTURES
from tests.helpers import run_cli

PAGES = FIXTURES / "docs" / "examples"


def examples_of(name: str) -> list[tuple[int, str, int | None]]:
    return [(e.line, e.kind, e.status) for e in find_examples(read_page(PAGES / name))]


def test_a_status_marker_makes_the_next_block_a_response_whatever_its_description_says():
    # "Request for starting the widget submitted." describes the status; it labels nothing.
    assert examples_of("status_marked_examples.rst")[0] == (31, "status", 200)


def test_numbered_examples_under_a_status_marker_are_responses_with_its_status():
    assert examples_of("status_marked_examples.rst")[1:] == [
        (43, "status", 400),
        (52, "status", 400),
    ]


def test_the_list_item_holding_a_block_says_whether_it_is_a_request():
    # "-  Request example" holds "-  Creating a large widget with the normal settings".
    assert [line for line, _, _ in examples_of("listed_examples.rst")] == [42, 50]


def test_a_response_list_item_gives_its_sub_items_kind():
    assert [kind for _, kind, _ in examples_of("listed_examples.rst")] == ["normal", "abnormal"]


def test_requests_are_not_responses_for_their_words_labels_or_links():
    # a request line under "normal" and "error" words, "**Strategic Merge Patch request**",
    # a step whose link reads "Example response", "Example response 2" holding a request line
    assert examples_of("request_labels.rst") == [(50, "normal", None)]


def test_a_head_that_is_not_json_announces_no_json_body():
    # binary content, a multipart body; the JSON one after them is still read
    assert examples_of("binary_bodies.rst") == [(42, "status", 200)]


def test_status_and_error_code_tables_are_not_lint_targets():
    result = run_cli("lint", "--format", "json", str(PAGES / "status_codes_appendix.rst"))
    findings = json.loads(result.output)["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("D002", 26)]


def lint_findings(name: str) -> list[tuple[str, int, str | None]]:
    result = run_cli("lint", "--format", "json", "--exit-zero", str(PAGES / name))
    return [(f["code"], f["line"], f["schema"]) for f in json.loads(result.output)["findings"]]


def test_an_error_envelope_after_or_is_not_checked_against_the_success_table():
    # "-  Example response", a success body, "or", {"error": {...}}; no abnormal table
    [success, error] = find_examples(read_page(PAGES / "error_alternative.rst"))
    assert (success.envelope, error.envelope) == ((), ("error",))
    assert lint_findings("error_alternative.rst") == []


def test_error_members_the_success_table_documents_are_checked_against_it():
    # a 200 body of error_code and error_msg, both rows of the 200 table
    assert lint_findings("success_error_members.rst") == [
        ("S006", 38, "examples/success_error_members.status-200")
    ]


def test_captions_and_headers_separate_the_bodies_of_one_block():
    page = read_page(PAGES / "captioned_bodies.rst")
    assert [(e.line, e.text.splitlines()[0]) for e in find_examples(page)] == [
        (27, "{"),
        (33, "{"),
        (49, "{"),
    ]


def test_each_captioned_body_gets_its_own_syntax_findings():
    # a trailing comma in the second alternative, a missing comma after the token's headers
    found = [(code, line) for code, line, _ in lint_findings("captioned_bodies.rst")]
    assert [f for f in found if f[0] == "J001"] == [("J001", 35), ("J001", 51)]


def test_end_of_line_annotations_in_a_tutorial_are_not_syntax_problems():
    [example] = find_examples(read_page(PAGES / "annotated_tutorial.rst"))
    assert "//" not in example.text
    assert lint_findings("annotated_tutorial.rst") == []


def test_an_excerpt_s_elision_marks_are_left_out_content_not_defects():
    # lines of "......" and a "..." member: no J001 for them, no S002 for the members they
    # leave out ("total", "name"); a missing comma in the same body is still reported
    findings = [(code, line) for code, line, _ in lint_findings("partial_listing.rst")]
    assert findings == [("J001", 64), ("S003", 65)]


def test_a_status_marker_before_a_table_labels_the_table_not_a_later_example():
    # Table 1 (the body), "**Status code: 400**" Table 2, "**Status code: 500**" Table 3, then
    # one "Example response": a success body, no status of its own.
    assert examples_of("tables_by_status_one_example.rst") == [(57, "normal", None)]
    assert lint_findings("tables_by_status_one_example.rst") == []
