"""`envelint coverage DOCS CAPTURES`: the documented operations x statuses against the traffic,
and the traffic that no operation documents, as text, JSON and Markdown."""

from __future__ import annotations

import json

from envelint.report.coverage import ExchangeTally, normalized_path
from tests.conftest import FIXTURES
from tests.helpers import run_cli

DOCS = FIXTURES / "docs" / "operations"
LOG = FIXTURES / "captures" / "coverage" / "gateway.jsonl"


def coverage_json(*args: str) -> dict:
    result = run_cli("coverage", str(DOCS), str(LOG), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def state_of(data: dict, operation: str, status: str) -> tuple[str, int, int]:
    (row,) = [r for r in data["operations"] if (r["operation"], r["status"]) == (operation, status)]
    return row["state"], row["exchanges"], row["with_findings"]


def test_a_status_with_a_failing_exchange_is_exercised_with_findings():
    assert state_of(coverage_json(), "gizmo-list", "200") == ("exercised with findings", 3, 2)


def test_a_clean_exchange_exercises_its_status():
    assert state_of(coverage_json(), "querying-gizmo-details", "200") == ("exercised", 1, 0)


def test_a_documented_status_no_exchange_reached_is_never_exercised():
    assert state_of(coverage_json(), "gizmo-list", "204") == ("never exercised", 0, 0)


def test_a_logged_exchange_without_a_body_exercises_its_status():
    assert state_of(coverage_json(), "gizmo-start", "202") == ("exercised", 1, 0)


def test_a_status_the_page_does_not_list_is_a_row_of_its_own():
    assert state_of(coverage_json(), "querying-gizmo-details", "500") == (
        "undocumented status", 1, 1,
    )  # fmt: skip


def test_every_documented_operation_is_listed_even_when_never_exercised():
    data = coverage_json()
    assert {row["operation"] for row in data["operations"]} >= {"bucket-acl-get", "gizmo-export"}
    assert data["summary"]["operations"] == 10
    assert data["summary"]["operations_exercised"] == 3


def test_undocumented_traffic_is_grouped_by_method_and_normalized_path():
    unmatched = [(u["method"], u["path"], u["exchanges"]) for u in coverage_json()["unmatched"]]
    assert unmatched == [
        ("GET", "/v3/{id}/widgets/{id}", 2),
        ("DELETE", "/v3/{id}/widgets/{id}", 1),
    ]


def test_the_text_table_states_each_row_and_sums_up():
    result = run_cli("coverage", str(DOCS), str(LOG))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["OPERATION", "METHOD", "URI", "STATUS"]
    assert any(line.split()[:5] == ["gizmo-list", "GET", "/v2/{project_id}/gizmos", "204", "never"]
               for line in lines)  # fmt: skip
    assert "GET     /v3/{id}/widgets/{id}" in result.output
    assert lines[-1].startswith("3 of 10 operations exercised")


def test_markdown_is_a_table_for_a_ci_summary():
    result = run_cli("coverage", str(DOCS), str(LOG), "--format", "markdown")
    assert (
        "| gizmo-list | GET | `/v2/{project_id}/gizmos` | 200 | exercised with findings | 3 | 2 |"
        in result.output
    )
    assert (
        "| GET | `/v3/{id}/widgets/{id}` | 2 | 2 | `/v3/0123456789/widgets/42` |" in result.output
    )


def test_the_table_is_written_to_output(tmp_path):
    out = tmp_path / "coverage.json"
    result = run_cli("coverage", str(DOCS), str(LOG), "--format", "json", "--output", str(out))
    assert result.exit_code == 0 and result.output == ""
    assert json.loads(out.read_text())["summary"]["operations"] == 10


def test_several_processes_count_the_same_coverage():
    assert coverage_json("--jobs", "2") == coverage_json()


def test_a_missing_capture_is_one_error_line():
    result = run_cli("coverage", str(DOCS), str(FIXTURES / "no-such.jsonl"))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("envelint: error:")


def test_ids_in_a_path_become_placeholders():
    assert normalized_path("https://h/v2/0123456789/servers/42?x=1") == "/v2/{id}/servers/{id}"
    assert normalized_path("/v1/p1/widgets/w1/start") == "/v1/p1/widgets/w1/start"
    uuid = "5d0c7b1e-8f1a-4c55-9b8e-2f6f4a1c9d00"
    assert normalized_path(f"/jobs/{uuid}") == "/jobs/{id}"


def test_tallies_of_two_workers_merge_to_the_tally_of_one():
    one, first, second = ExchangeTally(), ExchangeTally(), ExchangeTally()
    for tally, status in ((one, 200), (one, 404), (first, 200), (second, 404)):
        tally.record(["op"], "GET", "/x", status, status == 404)
    first.merge(second)
    assert first == one


def test_workers_given_a_file_each_merge_their_coverage(tmp_path):
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_bytes(LOG.read_bytes())
    args = ("coverage", str(DOCS), str(tmp_path), "--format", "json")
    one, two = run_cli(*args), run_cli(*args, "--jobs", "2")
    assert json.loads(two.output) == json.loads(one.output)
    assert state_of(json.loads(two.output), "gizmo-list", "200") == (
        "exercised with findings",
        6,
        4,
    )
