"""`envelint check DOCS CAPTURES...`: the contract check a CI job runs."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from envelint.commands.main import cli
from envelint.derive import cache as derive_cache
from tests.conftest import CORPUS, FIXTURES, require_shared
from tests.helpers import run_cli

TREE = FIXTURES / "docs" / "tree"
TRAFFIC = FIXTURES / "captures" / "widgets" / "traffic.http"


def check(*args: str):
    return run_cli("check", *args, "--format", "json")


def findings(result, side: str | None = "response") -> list[tuple]:
    """The report's findings about ``side`` (None: every one)."""
    return [
        (f["code"], f["pointer"], f["line"], f["column"], f["schema"])
        for f in json.loads(result.output)["findings"]
        if side is None or f["side"] in (side, None)
    ]


def test_http_context_chooses_the_documented_response():
    result = check(str(TREE), str(TRAFFIC))
    assert result.exit_code == 1
    assert findings(result) == [
        ("S001", "/error_msg", 15, 41, "apis/listing_widgets.status-400"),
        ("E007", "", 23, 1, None),
        ("E006", "", 31, 1, None),
    ]


def test_type_mismatch_cites_the_row_of_the_status_table():
    result = check(str(TREE), str(TRAFFIC))
    doc = json.loads(result.output)["findings"][0]["doc"]
    assert doc["line"] == 91
    assert doc["table"] == "Table 6 Response body parameters"
    assert doc["path"].endswith("fixtures/docs/tree/apis/listing_widgets.rst")


def refuse_to_derive(monkeypatch) -> None:
    """From now on, a run that derives the catalog rather than reading the cache fails."""

    def derive_catalog(docs):
        raise AssertionError(f"derived {docs} again rather than reading the cache")

    monkeypatch.setattr(derive_cache, "derive_catalog", derive_catalog)


def test_second_run_uses_the_cache(envelint_cache, monkeypatch):
    first = check(str(TREE), str(TRAFFIC))
    assert list((envelint_cache / "derive").glob("*.json"))
    refuse_to_derive(monkeypatch)
    second = check(str(TREE), str(TRAFFIC))
    assert second.output == first.output


def test_changed_docs_are_derived_anew(tmp_path, envelint_cache):
    tree = tmp_path / "tree"
    shutil.copytree(TREE, tree)
    check(str(tree), str(TRAFFIC))
    page = tree / "apis" / "listing_widgets.rst"
    page.write_text(page.read_text().replace("The error message.", "The error text."))
    result = check(str(tree), str(TRAFFIC))
    assert len(list((envelint_cache / "derive").glob("*.json"))) == 2
    assert findings(result)[0][0] == "S001"


def test_missing_docs_is_a_usage_error():
    result = CliRunner().invoke(cli, ["check", "no-such-docs", str(TRAFFIC)])
    assert result.exit_code == 2


@pytest.mark.slow
def test_ecs_har_against_the_real_reference():
    ecs = require_shared(CORPUS / "elastic-cloud-server" / "api-ref")
    har = FIXTURES / "captures" / "ecs-console.har"
    result = check(str(ecs), str(har))
    assert result.exit_code == 1
    got = [(code, pointer, line, column) for code, pointer, line, column, _ in findings(result)]
    assert got == [
        ("E008", None, 89, 7),  # an HTML page in the capture, skipped
        ("S001", "/error/code", 267, 110),  # 400 with an integer code
        ("J001", None, 398, 64),  # XXX placeholder
        ("J001", None, 463, 35),  # a truncated body: the string (the brackets left open follow)
        ("E006", "", 528, 22),  # POST .../cloudservers/hibernate is not documented
        ("E008", None, 606, 7),
        ("E008", None, 668, 7),
        ("E008", None, 798, 7),
        ("E008", None, 863, 7),
    ]
    requests = {(code, line) for code, _, line, _, _ in findings(result, "request")}
    assert requests == {("S002", 55), ("S002", 572), ("S002", 894)}  # abridged create bodies


def test_each_json_finding_names_its_operation_page_and_choice():
    first = json.loads(check(str(TREE), str(TRAFFIC)).output)["findings"][0]
    assert first["operation"] == "GET /v2/projects/{project_id}/widgets"
    assert first["page"].endswith("fixtures/docs/tree/apis/listing_widgets.rst")
    assert (first["selection"], first["candidates"]) == ("http", [])


def test_each_sarif_result_names_its_operation_page_and_choice():
    result = run_cli("check", str(TREE), str(TRAFFIC), "--format", "sarif")
    properties = json.loads(result.output)["runs"][0]["results"][0]["properties"]
    assert properties["operation"] == "GET /v2/projects/{project_id}/widgets"
    assert properties["page"].endswith("fixtures/docs/tree/apis/listing_widgets.rst")
    assert properties["selection"] == "http"
