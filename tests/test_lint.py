"""`envelint lint`: the documentation's own examples checked against its own tables."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from envelint.commands.main import cli
from envelint.docs import read_page
from envelint.docs.examples import find_examples
from tests.conftest import CORPUS, FIXTURES, SEEDS, require_shared
from tests.factories import builtin_engine
from tests.helpers import run_cli

GIZMOS = FIXTURES / "lint" / "source" / "apis"


def lint(*args: str):
    return run_cli("lint", "--format", "json", *args)


def located(result) -> list[tuple]:
    return [
        (f["code"], f["path"].rsplit("/", 1)[-1], f["line"], f["column"], f["pointer"], f["schema"])
        for f in json.loads(result.output)["findings"]
    ]


def test_examples_are_checked_against_their_status_tables():
    result = lint(str(GIZMOS / "creating_a_gizmo.rst"))
    assert result.exit_code == 1
    assert located(result) == [
        ("S001", "creating_a_gizmo.rst", 61, 16, "/size", "apis/creating_a_gizmo.status-200"),
        ("S003", "creating_a_gizmo.rst", 62, 8, "/sizeUnit", "apis/creating_a_gizmo.status-200"),
        ("J001", "creating_a_gizmo.rst", 73, 37, None, "apis/creating_a_gizmo.status-400"),
    ]


def test_request_examples_and_xml_are_not_checked():
    page = read_page(GIZMOS / "creating_a_gizmo.rst")
    assert [example.line for example in find_examples(page)] == [59, 71, 80]
    page = read_page(GIZMOS / "deleting_a_gizmo.rst")
    assert [example.line for example in find_examples(page)] == [31, 43]


def test_status_given_before_a_literal_block_classifies_it():
    [first, _] = find_examples(read_page(GIZMOS / "deleting_a_gizmo.rst"))
    assert (first.kind, first.status) == ("status", 200)


def test_status_line_inside_the_block_is_stripped(tmp_path):
    page = tmp_path / "page.rst"
    page.write_text(
        "Page\n====\n\nExample Response\n----------------\n\n::\n\n"
        '   HTTP/1.1 404 Not Found\n   Content-Type: application/json\n\n   {"a": 1}\n'
    )
    [example] = find_examples(read_page(page))
    assert (example.status, example.line, example.column, example.text) == (404, 12, 4, '{"a": 1}')


def test_disable_comment_silences_the_next_block_and_unused_ones_are_reported():
    result = lint(str(GIZMOS / "deleting_a_gizmo.rst"))
    assert located(result) == [
        ("J001", "deleting_a_gizmo.rst", 32, 18, None, "apis/deleting_a_gizmo.normal"),
        ("U001", "deleting_a_gizmo.rst", 39, 1, None, None),
    ]


@pytest.mark.parametrize("page", ["starting_a_widget.rst", "renaming_a_gadget.rst"])
def test_a_single_page_resolves_links_across_its_tree(page):
    # Both pages link to tables on other pages; the tree's conf.py marks where the tree starts.
    tree = FIXTURES / "docs" / "tree"
    single = located(lint(str(tree / "apis" / page)))
    wanted = [f for f in located(lint(str(tree))) if f[1] == page]
    assert "D001" not in [f[0] for f in single]
    assert single == wanted


def test_table_defects_are_doc_rules():
    codes = [f[0] for f in located(lint(str(FIXTURES / "docs" / "tree")))]
    assert {"D002", "D004", "D006"} <= set(codes)


def test_seed_examples_are_reported_where_they_stand(seeds):
    result = lint(str(SEEDS))
    got = [(f[1], f[2], f[3]) for f in located(result) if f[0] == "J001"]
    assert got == [
        ("000_cb33e2b5c92bfef4.txt", 64, 44),
        ("000_cb33e2b5c92bfef4.txt", 64, 48),
        ("001_0dac224359cf292a.txt", 77, 44),
        ("001_0dac224359cf292a.txt", 77, 48),
        ("004_99702e14f02197f5.txt", 62, 44),
    ]


def test_missing_docs_is_exit_two():
    result = CliRunner().invoke(cli, ["lint", "no/such/docs"])
    assert result.exit_code == 2
    assert "no/such/docs: no such file or directory" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("tree", ["elastic-cloud-server", "cloud-container-engine",
                                  "identity-access-management"])  # fmt: skip
def test_corpus_trees_lint_without_crashing(tree):
    root = require_shared(CORPUS / tree / "api-ref")
    result = CliRunner().invoke(cli, ["lint", "--format", "json", str(root)])
    assert result.exit_code in (0, 1), result.output[-500:]
    assert json.loads(result.output)["summary"]["payloads"] > 50


def test_a_response_label_wins_over_a_sentence_about_a_request(tmp_path):
    page = tmp_path / "page.rst"
    page.write_text(
        "Page\n====\n\nResponse Parameters\n-------------------\n\n-  Example response\n\n"
        "   The following is a sample request for obtaining a token.\n\n"
        "   .. code-block::\n\n"
        "      Token information stored in the response body:\n      {\n"
        '          "token": "x",\n      }\n'
    )
    [example] = find_examples(read_page(page))
    # the caption ending in ":" is the body's head, not text before it: the body starts at "{"
    assert (example.line, example.text.splitlines()[0]) == (14, "{")


def test_an_unrecoverable_document_gets_only_syntax_findings():
    from envelint.captures.payload import Payload

    engine = builtin_engine()
    payload = Payload("x.json", b'    "kind": "Cluster",\n    "job_id": 5\n}')
    assert {finding.code for finding in engine.check(payload)} == {"J001"}


def test_an_error_envelope_gets_the_abnormal_schema_whatever_its_label():
    from envelint.catalog.store import CatalogEntry
    from envelint.docs.examples import Example
    from envelint.pipeline.lint import schema_for_example

    normal = CatalogEntry("p.normal", "p.normal.json", "normal")
    abnormal = CatalogEntry("p.abnormal", "p.abnormal.json", "abnormal")
    example = Example("{}", 1, 1, "normal", None, 1, 1, envelope=("error",))
    assert schema_for_example(example, [normal, abnormal], lambda _: frozenset()) == "p.abnormal"
    assert schema_for_example(example, [normal], lambda _: frozenset()) is None
    documented = schema_for_example(example, [normal], lambda _: frozenset({"error"}))
    assert documented == "p.normal"
