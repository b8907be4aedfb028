"""envelint.docs: pages read into DocPage, with exact source positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from envelint.catalog.store import Operation
from envelint.config.settings import Settings
from envelint.derive import page_cache
from envelint.docs import Link, read_page
from envelint.pipeline import lint
from tests.helpers import spy

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "docs"


@pytest.fixture(scope="module")
def jobs():
    return read_page(DOCS / "snapshot_jobs.rst")


@pytest.fixture(scope="module")
def legacy():
    return read_page(DOCS / "legacy_tasks.rst")


@pytest.fixture(scope="module")
def order():
    return read_page(DOCS / "order_result.rst")


def test_title_and_page_label(jobs):
    assert jobs.title == "Snapshot Job Responses"
    assert jobs.labels == ["example_snapshot_jobs"]


def test_page_without_label_or_operation(legacy):
    assert legacy.labels == []
    assert legacy.operation is None


def test_sections_with_title_lines(order):
    found = [(section.title, section.level, section.line) for section in order.sections]
    assert found == [
        ("Order Result Response", 1, 5),
        ("Normal Response", 2, 8),
        ("Abnormal Response", 2, 26),
        ("Example Response", 2, 49),
    ]


def test_grid_table_rows_carry_their_first_line(jobs):
    normal = jobs.tables[0]
    assert normal.style == "grid"
    assert (normal.line, normal.column, normal.end_line) == (10, 4, 16)
    assert normal.header == ["Parameter", "Type", "Description"]
    assert normal.header_line == 11
    assert [(row.line, row.cells[0]) for row in normal.rows] == [
        (13, "snapshot_id"),
        (15, "queued"),
    ]


def test_multi_line_cell_is_joined_as_plain_text(jobs):
    hints = jobs.tables[2].rows[2]
    assert hints.line == 37
    assert hints.cells == [
        "hints",
        "Array of objects",
        "Lists hints for fixing the fault. Each hint names a step and a field.",
    ]


def test_simple_table_rows(jobs):
    table = jobs.tables[3]
    assert table.style == "simple"
    assert (table.line, table.column, table.header_line) == (44, 7, 45)
    assert [(row.line, row.cells) for row in table.rows] == [
        (47, ["step", "Integer", "Says which step to retry."]),
        (48, ["field", "String", "Names the field to correct."]),
    ]


def test_simple_table_continuation_line_joins_its_row(order):
    error = order.tables[2]
    assert [row.line for row in error.rows] == [44, 45]
    assert error.rows[1].cells[2] == "Gives the failure code, such as ORD.0001."


def test_caption_is_plain_text(jobs):
    table = jobs.tables[2]
    assert table.caption == "Table 1 fault field structure"
    assert table.caption_line == 28


def test_label_before_table(jobs):
    assert jobs.tables[2].labels == ["example_fault_table"]
    assert jobs.tables[3].labels == []


def test_upper_case_label_at_another_indentation(legacy):
    assert [table.labels for table in legacy.tables] == [
        ["LEGACYTASKStablenormal01"],
        ["LEGACYTASKStableabnormal01"],
        ["LEGACYTASKStableerror01"],
        ["LEGACYTASKStabledetails01"],
    ]


def test_ref_link_in_cell(jobs):
    links = jobs.tables[1].rows[0].links
    assert links[2] == [
        Link(kind="ref", text="Table 1", target="example_fault_table", line=23, column=72)
    ]


def test_anchor_link_in_cell(legacy):
    links = legacy.tables[1].rows[0].links[2]
    assert links == [
        Link(kind="anchor", text="Table 1", target="legacytaskstableerror01", line=21, column=67)
    ]


def test_table_context_is_the_text_before_it(jobs):
    normal, abnormal, fault, hints = jobs.tables
    assert normal.context == ["Normal response description", "Snapshot Job Responses"]
    assert abnormal.heading == "Abnormal response description"
    assert hints.context[0] == "Abnormal response description"
    assert hints.section == "Snapshot Job Responses"


def test_code_block_position_and_context(jobs):
    first, second = jobs.code_blocks
    assert (first.line, first.column, first.language) == (57, 7, None)
    assert first.context == "Normal response"
    assert first.section == "Snapshot Job Responses"
    assert first.text.splitlines()[0] == "{"
    assert (second.line, second.column, second.language) == (66, 7, "json")
    assert second.context == "Abnormal response"


def test_code_block_text_keeps_the_file_lines(legacy):
    block = legacy.code_blocks[0]
    assert block.line == 60
    assert block.text == ('{ \n    "error": {"message": "disk busy", "code": "TASK.0007"}\n} ')


def test_literal_block_after_double_colon(order):
    normal, abnormal = order.code_blocks
    assert (normal.line, normal.column, normal.language) == (56, 7, None)
    assert normal.context == "Normal response"
    assert normal.section == "Example Response"
    assert (abnormal.line, abnormal.context) == (66, "Abnormal response")


def test_operation_from_uri_section():
    text = "Stop\n====\n\nURI\n---\n\nPOST /v1/{project_id}/servers/action\n"
    page = read_page("stop.rst", text=text)
    assert page.operation == Operation("POST", "/v1/{project_id}/servers/action")


def test_operation_from_path_and_method_lines():
    text = (
        "Get Token\n=========\n\nURI\n---\n\n-  URI format\n\n   PATH: /v3/auth/tokens\n\n"
        "   Method: POST\n"
    )
    page = read_page("token.rst", text=text)
    assert page.operation == Operation("POST", "/v3/auth/tokens")


def test_operation_ignores_example_requests():
    text = (
        "Stop\n====\n\nExample Request\n---------------\n\n"
        "POST https://{endpoint}/v1/123/servers/action\n"
    )
    assert read_page("stop.rst", text=text).operation is None


def test_docutils_stays_silent(capsys):
    read_page("broken.rst", text="Title\n=====\n\n.. unknown-directive::\n\n   `unclosed\n")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


# -- a lint run reads each page once -------------------------------------------------------------


def pages_lint_reads(monkeypatch, use_cache: bool) -> list[str]:
    """The pages a lint of the fixture tree reads itself, beyond what the derivation read."""
    read = spy(monkeypatch, page_cache, "read_page")
    lint.lint_docs(lint.LintRequest([str(DOCS / "tree")], Settings(), use_cache))
    return [args[0] for args in read]


def test_a_cold_lint_reuses_the_pages_the_derivation_read(monkeypatch):
    assert pages_lint_reads(monkeypatch, use_cache=False) == []


def test_a_lint_from_the_derivation_cache_takes_the_pages_from_the_page_cache(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("ENVELINT_CACHE_DIR", str(tmp_path))
    assert pages_lint_reads(monkeypatch, use_cache=True) != []  # fills both caches
    assert pages_lint_reads(monkeypatch, use_cache=True) == []


def test_a_page_reads_the_same_whatever_was_read_before_it():
    # the parser keeps docutils' state machine from one page to the next (docs/rst/parser.py)
    first = read_page(DOCS / "legacy_tasks.rst")
    read_page(DOCS / "snapshot_jobs.rst")
    read_page(DOCS / "order_result.rst")
    assert read_page(DOCS / "legacy_tasks.rst") == first


def test_a_page_after_one_with_an_overlong_line_reads_the_same(tmp_path):
    long_page = tmp_path / "long.rst"
    long_page.write_text("Title\n=====\n\n" + "x" * 20_000 + "\n")
    before = read_page(DOCS / "order_result.rst")
    read_page(long_page)
    assert read_page(DOCS / "order_result.rst") == before
