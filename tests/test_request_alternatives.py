"""Request-side conventions of issue 17 read from what introduces a table, not its caption:
alternative body tables each introduced by a list item (or short paragraph, or subsection
title) naming its case, examples whose list item names their case; and request headers
(``X-Auth-Token``, ``Content-Type``) listed in a URI parameter table beside ``project_id``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from envelint.derive.derivation import derive_catalog
from envelint.pipeline.request_cases import chosen_case
from tests.helpers import run_cli

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "docs" / "request_alternatives"
NOTEBOOK = PAGES / "creating_a_notebook.rst"


@pytest.fixture(scope="module")
def derived() -> Any:
    return derive_catalog([PAGES])


def lint_json(path: Path) -> list[dict[str, Any]]:
    result = run_cli("lint", "--no-cache", "--format", "json", str(path))
    findings: list[dict[str, Any]] = json.loads(result.output)["findings"]
    return findings


def codes(findings: list[dict[str, Any]]) -> list[tuple[str, int, str]]:
    return [(f["code"], f["line"], f["message"]) for f in findings]


def _notebook(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = NOTEBOOK.read_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    page = tmp_path / NOTEBOOK.name
    page.write_text(text)
    return page


# -- 1. alternative body tables introduced by list items ----------------------------------------


def test_body_tables_each_introduced_by_a_case_are_alternatives(derived):
    body = derived.schemas["creating_a_notebook.request"]
    assert list(body["properties"]) == [
        "name",
        "template_id",
        "labels",
        "archive_url",
        "runtime",
        "source_notebook_id",
    ]
    assert body["required"] == ["name"]  # the one field every case requires
    cases = [derived.schemas[f"creating_a_notebook.request.case-{n}"] for n in (1, 2, 3)]
    assert [case["required"] for case in cases] == [
        ["name", "template_id"],
        ["name", "archive_url"],
        ["name", "source_notebook_id", "runtime"],
    ]
    assert cases[1]["x-case"] == (
        "Parameters for creating a notebook using an archive in a storage bucket"
    )
    assert "key" in cases[0]["properties"]["labels"]["items"]["properties"]  # Table 1: nested


def test_an_example_of_each_case_gives_no_finding():
    assert lint_json(NOTEBOOK) == []


def test_an_example_naming_its_case_is_held_to_that_cases_mandatory_fields(tmp_path):
    page = _notebook(
        tmp_path,
        ('"source_notebook_id": "nb-1",\n        "runtime": "py3"', '"source_notebook_id": "nb-1"'),
    )
    findings = lint_json(page)
    assert [(f["code"], f["line"]) for f in findings] == [("S002", 105)]
    assert "`runtime`" in findings[0]["message"]


def test_an_example_naming_its_case_gets_s003_for_another_cases_field(tmp_path):
    page = _notebook(
        tmp_path,
        ('"archive_url": "lab:nb.tar",', '"archive_url": "lab:nb.tar", "template_id": "t",'),
    )
    assert [(f["code"], f["pointer"]) for f in lint_json(page)] == [("S003", "/template_id")]


def test_an_example_naming_no_case_is_checked_against_every_alternative(tmp_path):
    page = _notebook(
        tmp_path,
        (
            "Creating a notebook copy using an existing notebook\n\n   .. code",
            "Example\n\n   .. code",
        ),
        (
            '"runtime": "py3"\n      }\n\nExample Response',
            '"extra": 1\n      }\n\nExample Response',
        ),
    )
    findings = lint_json(page)
    # name (every case requires it) is there; only a key no alternative documents is reported
    assert [(f["code"], f["pointer"]) for f in findings] == [("S003", "/extra")]


def test_tables_in_subsections_titled_by_their_cases_are_alternatives(tmp_path):
    page = _notebook(
        tmp_path,
        (
            "-  Parameters for creating a notebook from a template\n",
            "From a Template\n~~~~~~~~~~~~~~~\n\n"
            "Parameters for creating a notebook from a template\n",
        ),
        (
            "-  Parameters for creating a notebook using an archive in a storage bucket\n",
            "When an Archive Is Used\n~~~~~~~~~~~~~~~~~~~~~~~\n",
        ),
        (
            "-  Parameters for creating a notebook copy using an existing notebook\n",
            "When an Existing Notebook Is Copied\n~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n",
        ),
    )
    assert lint_json(page) == []
    body = derive_catalog([tmp_path]).schemas["creating_a_notebook.request"]
    assert body["required"] == ["name"] and "source_notebook_id" in body["properties"]


def test_a_single_introduced_table_after_an_unlabelled_body_is_no_alternative(tmp_path):
    # The first table says no case: the later ones, though each names one, are not its
    # alternatives (the body's own label does not say it is one case of several).
    _notebook(
        tmp_path, ("-  Parameters for creating a notebook from a template\n", "-  Request body\n")
    )
    body = derive_catalog([tmp_path]).schemas["creating_a_notebook.request"]
    assert list(body["properties"]) == ["name", "template_id", "labels"]


@pytest.mark.parametrize(
    ("label", "chosen"),
    [
        ("Creating a system image using a data disk (ID: 1f2e)", 2),
        ("Creating a data image using a data disk of a server", 0),
        ("Creating an image using a file in a bucket", 1),
        ("Creating a disk image", None),  # every case says it
    ],
)
def test_a_word_fewer_cases_say_counts_more(label, chosen):
    labels = [
        "Parameters for creating a system or data disk image from a server",
        "Parameters for creating an image using a file uploaded to a bucket",
        "Parameters for creating a system disk image using a data disk",
    ]
    # the third case says no word the first two do not: only weighting tells it apart
    assert chosen_case(label, labels) == chosen


# -- 2. header rows in the URI parameter table ---------------------------------------------------


def test_header_rows_of_a_uri_table_are_headers_not_query_parameters(derived):
    operation = next(op for op in derived.operations if "quota-policy" in op.templates[0])
    request = operation.request
    assert set(request.headers["properties"]) == {"X-Auth-Token", "Content-Type"}
    assert request.query is None
    assert set(request.path["properties"]) == {"project_id"}


def test_a_row_said_to_travel_in_the_header_is_one_but_not_a_row_that_mentions_a_header(derived):
    operation = next(op for op in derived.operations if "quota-usage" in op.templates[0])
    assert operation.request is not None and operation.request.headers is not None
    assert set(operation.request.headers["properties"]) == {"x-auth-token", "signature"}
    assert operation.request.query is not None
    assert set(operation.request.query["properties"]) == {"resource", "wait"}


def test_a_request_line_without_the_header_rows_gives_no_s002():
    assert lint_json(PAGES / "setting_a_quota_policy.rst") == []


def test_other_uri_rows_not_in_the_path_are_still_mandatory_query_parameters():
    findings = lint_json(PAGES / "querying_quota_usage.rst")
    assert [(f["code"], f["line"]) for f in findings] == [("S002", 36)]
    assert "`resource`" in findings[0]["message"]  # not x-auth-token, nor the header signature


# -- 3. a field another row says cannot be specified in some case --------------------------------


def test_a_field_another_row_says_cannot_be_specified_is_not_required(derived):
    body = derived.schemas["attaching_a_volume.request"]
    assert body["required"] == ["device"]
    assert lint_json(PAGES / "attaching_a_volume.rst") == []


def test_the_other_mandatory_fields_stay_required(tmp_path):
    text = (PAGES / "attaching_a_volume.rst").read_text()
    page = tmp_path / "attaching_a_volume.rst"
    page.write_text(text.replace('"device": "/dev/vdb",', ""))
    findings = lint_json(page)
    assert [f["code"] for f in findings] == ["S002"]
    assert "`device`" in findings[0]["message"]
