"""``envelint lint`` checks example requests against the request body schema, with the same
rules as responses; every such finding says it is about the request."""

from __future__ import annotations

import json
from pathlib import Path

from envelint.docs import read_page
from envelint.docs.examples import (
    JSON_BODY,
    NO_BODY,
    SHELL_COMMAND,
    XML_BODY,
    find_request_examples,
    request_blocks,
)
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


LINES = REQUESTS.parent / "request_lines" / "querying_widget_colors.rst"


def request_line_findings() -> list[tuple[object, ...]]:
    result = run_cli("lint", "--no-cache", "--format", "json", str(LINES))
    findings = json.loads(result.output)["findings"]
    return [(f["code"], f["line"], f["column"], f["side"], f["doc"]["line"]) for f in findings]


def test_an_example_request_line_is_checked_against_the_parameter_tables():
    assert request_line_findings() == [
        ("S001", 61, 7, "request", 29),
        ("S004", 61, 7, "request", 25),
        ("S002", 67, 7, "request", 25),
        ("S004", 73, 7, "request", 25),
        ("S004", 99, 7, "request", 25),
    ]


def test_a_curl_commands_url_is_checked_too():
    blocks = request_blocks(read_page(LINES))
    assert (blocks[3].holds, blocks[3].method) == (SHELL_COMMAND, "GET")
    assert ("S004", 73, 7, "request", 25) in request_line_findings()


def test_empty_values_and_indexed_keys_are_not_findings():
    lines = {line for _, line, *_ in request_line_findings()}
    assert not lines & {85, 91}  # "?shade=&limit=", "?shade.0=dark"


def test_of_several_request_lines_the_one_with_the_query_is_checked():
    assert ("S004", 99, 7, "request", 25) in request_line_findings()


def test_placeholders_in_an_example_request_line_are_not_values():
    assert 55 not in {line for _, line, *_ in request_line_findings()}


def test_side_response_leaves_out_the_request_lines():
    result = run_cli("lint", "--no-cache", "--side", "response", "--format", "json", str(LINES))
    assert json.loads(result.output)["findings"] == []


def test_every_example_request_block_says_what_it_holds():
    blocks = request_blocks(read_page(LINES))
    assert [(block.line, block.holds) for block in blocks] == [
        (55, NO_BODY),
        (61, NO_BODY),
        (67, NO_BODY),
        (73, SHELL_COMMAND),
        (79, XML_BODY),
        (85, NO_BODY),
        (91, NO_BODY),
        (99, NO_BODY),
    ]
    assert (blocks[0].method, blocks[4].method) == ("GET", None)


def test_a_json_request_block_holds_a_json_body():
    blocks = request_blocks(read_page(REQUESTS / "creating_a_widget.rst"))
    assert {block.holds for block in blocks} == {JSON_BODY}


def test_a_sole_array_element_row_makes_the_request_body_an_array():
    page = REQUESTS.parent / "request_lines" / "reporting_widget_events.rst"
    result = run_cli("lint", "--no-cache", "--format", "json", str(page))
    findings = json.loads(result.output)["findings"]
    # S002 comes from the "Mandatory (Yes/No)" column, read as the Mandatory column
    assert [(f["code"], f["pointer"], f["side"]) for f in findings] == [
        ("S002", "/1", "request"),
        ("S001", "/1/severity", "request"),
    ]


def test_a_disable_comment_silences_a_request_line_finding(tmp_path):
    text = LINES.read_text().replace(
        "-  Querying without the mandatory shade\n",
        "-  Querying without the mandatory shade\n\n   .. envelint: disable=S002\n",
    )
    page = tmp_path / LINES.name
    page.write_text(text)
    result = run_cli("lint", "--no-cache", "--format", "json", str(page))
    codes = [f["code"] for f in json.loads(result.output)["findings"]]
    assert codes == ["S001", "S004", "S004", "S004"]
