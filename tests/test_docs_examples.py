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
