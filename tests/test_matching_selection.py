"""Choosing the documented response a payload is checked against (``catalog.matching``): the
HTTP context decides, an undocumented operation or status stops there, and a choice the body's
shape made says so."""

from __future__ import annotations

from typing import Any

from envelint.captures.payload import Payload
from envelint.catalog.matching import UNDOCUMENTED_OPERATION, UNDOCUMENTED_STATUS, Selector
from envelint.catalog.store import Catalog, CatalogEntry, Operation

LIST = Operation("GET", "/v2/{project_id}/widgets")
ACTION = Operation("POST", "/v2/{project_id}/widgets/{widget_id}/action")


def entry(entry_id: str, operation: Operation | None, kind: str, status: int | None = None):
    return CatalogEntry(entry_id, f"{entry_id}.json", kind, status, operation, f"{entry_id}.rst")


ENTRIES = [
    entry("apis/list.status-200", LIST, "status", 200),
    entry("apis/list.status-400", LIST, "status", 400),
    entry("apis/start.normal", ACTION, "normal"),
    entry("apis/stop.normal", ACTION, "normal"),
    entry("common/jobs.normal", None, "normal"),
]
PROPERTIES = {
    "apis/list.status-200": ["widgets"],
    "apis/list.status-400": ["error_code", "error_msg"],
    "apis/start.normal": ["job_id"],
    "apis/stop.normal": ["job_id", "stopped"],
    "common/jobs.normal": ["job_id"],
}
SELECTOR = Selector(Catalog.in_memory(ENTRIES, {}), lambda schema_id: PROPERTIES.get(schema_id, []))


def select(value: Any, **context: Any):
    return SELECTOR.select(Payload(source="t.http", data=b"{}", **context), value)


def test_a_documented_status_gets_its_own_response_from_the_context():
    selection = select({"job_id": "j"}, method="GET", url="/v2/p/widgets", status=200)
    assert (selection.entry.id, selection.how) == ("apis/list.status-200", "http")


def test_an_undocumented_operation_is_checked_against_nothing():
    selection = select({"job_id": "j"}, method="DELETE", url="/v2/p/widgets", status=200)
    assert (selection.entry, selection.notes) == (None, (UNDOCUMENTED_OPERATION,))


def test_an_undocumented_status_is_checked_against_nothing():
    selection = select({"error_code": "x"}, method="GET", url="/v2/p/widgets", status=404)
    assert (selection.entry, selection.notes) == (None, (UNDOCUMENTED_STATUS,))


def test_an_undocumented_status_still_names_the_operation_it_matched():
    selection = select({"error_code": "x"}, method="GET", url="/v2/p/widgets", status=404)
    against = selection.checked_against()
    assert (against.operation, against.page, against.schema) == (
        "GET /v2/{project_id}/widgets",
        "apis/list.status-200.rst",
        None,
    )


def test_a_bare_body_is_chosen_by_shape_and_says_so():
    selection = select({"job_id": "j"})
    assert selection.how == "shape"
    assert selection.guess_note().startswith(" (schema chosen by shape: ")


def test_a_choice_the_context_made_adds_nothing_to_messages():
    selection = select({"widgets": []}, method="GET", url="/v2/p/widgets", status=200)
    assert selection.guess_note() == ""


def test_a_shared_uri_names_the_candidates_it_chose_among():
    url = "/v2/p/widgets/w1/action"
    selection = select({"job_id": "j", "stopped": True}, method="POST", url=url, status=200)
    assert (selection.entry.id, selection.how) == ("apis/stop.normal", "shape")
    against = selection.checked_against()
    assert against.candidates == (
        "POST /v2/{project_id}/widgets/{widget_id}/action (apis/start.normal)",
        "POST /v2/{project_id}/widgets/{widget_id}/action (apis/stop.normal)",
    )
    assert "of 2 candidates: start.normal, stop.normal" in selection.guess_note()


def test_the_selection_names_operation_page_and_schema():
    selection = select({"widgets": []}, method="GET", url="/v2/p/widgets", status=200)
    against = selection.checked_against()
    assert (against.operation, against.page, against.schema) == (
        "GET /v2/{project_id}/widgets",
        "apis/list.status-200.rst",
        "apis/list.status-200",
    )
