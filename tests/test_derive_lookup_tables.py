"""Tables that look like parameter tables and are not (fixtures/docs/lookup_tables), and
bracket generics in Type cells ("Array[String]", "List[Tag]", "[Long]")."""

from __future__ import annotations

from pathlib import Path

import pytest

from envelint.derive import derive_catalog
from tests.factories import derive_from_repo
from tests.helpers import run_cli

REPO = Path(__file__).resolve().parents[1]
PAGES = "fixtures/docs/lookup_tables"
STRING = {"type": "string"}


@pytest.fixture(scope="module")
def derived():
    return derive_from_repo(PAGES)


@pytest.fixture(scope="module")
def fields(derived):
    return derived.schemas["querying_a_queue.normal"]["properties"]


def test_a_lookup_table_whose_type_column_holds_categories_gives_no_unknown_type(derived):
    unknown = [issue for issue in derived.issues if issue.kind == "unknown-type"]
    assert unknown == []


def test_only_the_operation_tables_give_schemas(derived):
    assert list(derived.schemas) == ["querying_a_queue.normal", "querying_a_queue.status-400"]


@pytest.mark.parametrize("name", ["cidr_blocks", "owners"])
def test_array_in_square_brackets_is_an_array_of_the_item(fields, name):
    assert fields[name]["type"] == "array"
    assert fields[name]["items"] == STRING


def test_a_bare_bracketed_type_is_an_array_of_it(fields):
    assert fields["job_ids"]["items"] == {"type": "integer"}


def test_a_bracketed_structure_follows_its_table(fields):
    assert set(fields["tags"]["items"]["properties"]) == {"key", "value"}


def test_a_bracketed_map_is_a_map_of_its_value(fields):
    assert fields["labels"]["additionalProperties"] == {"type": "integer"}


def test_lint_reports_nothing_on_these_pages(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("lint", PAGES, "--no-cache")
    assert result.exit_code == 0, result.stdout
    assert "No findings" in result.stdout


def test_the_codes_an_error_code_table_lists_give_the_form_of_every_schema(derived):
    for schema in derived.schemas.values():
        form = schema["x-error-code-form"]
        assert form["examples"] == ["118400063", "QUE.4001"]
        assert form["pattern"] == "^(?:[0-9]{9,}|[Qq][Uu][Ee]\\.[0-9]{4,})$"


def test_a_code_of_a_listed_shape_is_no_error_code_finding(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("lint", PAGES, "--no-cache", "--select", "E004")
    assert "No findings" in result.stdout


def test_structure_names_no_table_explains_leave_a_parameter_table(tmp_path):
    page = tmp_path / "p.rst"
    page.write_text(
        "Response\n========\n\n.. table:: **Table 1** Response parameters\n\n"
        "   ========= ========= ===========\n"
        "   Parameter Type      Description\n"
        "   ========= ========= ===========\n"
        "   billing   FooInfo   Billing.\n"
        "   volume    BarInfo   Volume.\n"
        "   name      String    Name.\n"
        "   ========= ========= ===========\n"
    )
    derived = derive_catalog([page])
    unknown = sorted(issue.subject for issue in derived.issues if issue.kind == "unknown-type")
    assert unknown == ["BarInfo", "FooInfo"]
