"""envelint.derive.context: which response a text (and so a table) documents."""

from __future__ import annotations

import pytest

from envelint.derive.context import classify, table_kind
from envelint.docs import DocTable
from tests.factories import empty_table


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Normal response description", "normal"),
        ("Abnormal response description", "abnormal"),
        ("Response", "normal"),
        ("Response Parameters", "normal"),
        ("Parameters in the response body", "normal"),
        ("Table 2 describes the response parameters.", "normal"),
        ("Response to a successful request", "normal"),
        ("Returned Values", "normal"),
        ("Response for a failed request", "abnormal"),
        ("Example response (request failed)", "abnormal"),
        ("Status code: 200", "status-200"),
        ("Status code: 404", "status-404"),
        ("Parameters in the response header", "other"),
        ("Request parameters", "other"),
        ("URI", "other"),
        ("Example Responses", "other"),
        ("Status Codes", "other"),
        ("Error Codes", "other"),
        ("Table 3 server field description", None),
        ("users", None),
    ],
)
def test_classify(text, kind):
    assert classify(text) == kind


def table(caption=None, context=(), section=None) -> DocTable:
    return empty_table(caption, section=section, context=list(context))


def test_the_nearest_text_that_says_something_decides():
    nested = table("Table 2 error field structure", ["Abnormal response", "Normal response"])
    assert table_kind(nested) == "abnormal"


def test_a_status_marker_in_the_section_makes_a_status_response():
    body = table(
        "Table 3 Response body parameters",
        ["Status code: 201", "Response Parameters", "Creating a Thing"],
        section="Response Parameters",
    )
    assert table_kind(body) == "status-201"


def test_a_status_marker_in_an_earlier_section_does_not_count():
    body = table("Table 3 Response parameters", ["Response", "Page"], section="Response")
    assert table_kind(body) == "normal"


def test_a_section_about_something_else_holds_no_response():
    example = table(None, ["Status code: 201", "Example Responses"], section="Example Responses")
    assert table_kind(example) == "other"


def test_nothing_said_is_none():
    assert (
        table_kind(table("Table 5 V2Job", ["Data Structures"], section="Data Structures")) is None
    )
