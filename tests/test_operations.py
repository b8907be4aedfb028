"""Matching a request's method and URL to the documented operations."""

from __future__ import annotations

import pytest

from envelint.catalog.operations import OperationIndex, normalize_template, request_path
from envelint.catalog.store import CatalogEntry, Operation

HOST = "https://ecs.eu-de.otc.t-systems.com"
PROJECT = "0504e0a4c5f04ed8a2a3b8b3a3a6e0f1"


def entry(entry_id: str, method: str, uri: str, kind: str = "normal") -> CatalogEntry:
    return CatalogEntry(entry_id, f"{entry_id}.json", kind, operation=Operation(method, uri))


ENTRIES = [
    entry("create", "POST", "/v1/{project_id}/cloudservers"),
    entry("create-error", "POST", "/v1/{project_id}/cloudservers", "abnormal"),
    entry("delete", "POST", "/v1/{project_id}/cloudservers/delete"),
    entry("start", "POST", "/v1/{project_id}/cloudservers/action"),
    entry("stop", "POST", "/v1/{project_id}/cloudservers/action"),
    entry("show", "GET", "/v1/{project_id}/cloudservers/{server_id}"),
    entry("list", "GET", "/v1/{project_id}/cloudservers/detail?flavor={flavor}&limit={limit}"),
    entry("nics", "POST", "/v1/{project_id}/cloudservers/{server_id}/nics/delete"),
    entry("tags", "GET", "/v1/{project_id}/{resource_type}/{resource_id}/tags"),
    entry("server-tags", "GET", "/v1/{project_id}/cloudservers/{server_id}/tags"),
    entry("monitor", "POST", "https://{endpoint}/v1.0/servers/{server_id}/action"),
    CatalogEntry("shape-only", "shape-only.json", "abnormal"),
]
INDEX = OperationIndex(ENTRIES)


def ids(entries: list[CatalogEntry]) -> list[str]:
    return [found.id for found in entries]


def test_all_entries_of_the_operation_are_returned():
    assert ids(INDEX.match("POST", f"{HOST}/v1/{PROJECT}/cloudservers")) == [
        "create",
        "create-error",
    ]


def test_pages_that_share_an_operation_are_all_returned():
    assert ids(INDEX.match("POST", f"{HOST}/v1/{PROJECT}/cloudservers/action")) == [
        "start",
        "stop",
    ]


def test_a_literal_segment_beats_a_variable():
    assert ids(INDEX.match("POST", f"{HOST}/v1/{PROJECT}/cloudservers/delete")) == ["delete"]
    assert ids(INDEX.match("GET", f"{HOST}/v1/{PROJECT}/cloudservers/detail")) == ["list"]
    assert ids(INDEX.match("GET", f"{HOST}/v1/{PROJECT}/cloudservers/b6c2e3a6")) == ["show"]


def test_fewest_variables_win():
    url = f"{HOST}/v1/{PROJECT}/cloudservers/b6c2e3a6/tags"
    assert ids(INDEX.match("GET", url)) == ["server-tags"]
    assert ids(INDEX.match("GET", f"{HOST}/v1/{PROJECT}/volumes/v1/tags")) == ["tags"]


def test_method_is_compared_without_case():
    assert ids(INDEX.match("post", f"{HOST}/v1/{PROJECT}/cloudservers/delete")) == ["delete"]


def test_scheme_host_query_and_fragment_are_ignored():
    for url in [
        f"http://other.example:8443/v1/{PROJECT}/cloudservers/detail?limit=10&flavor=s3",
        f"/v1/{PROJECT}/cloudservers/detail?limit=10",
        f"v1/{PROJECT}/cloudservers/detail#top",
    ]:
        assert ids(INDEX.match("GET", url)) == ["list"], url


def test_trailing_slash_is_ignored():
    assert ids(INDEX.match("POST", f"{HOST}/v1/{PROJECT}/cloudservers/delete/")) == ["delete"]


def test_a_variable_is_exactly_one_non_empty_segment():
    assert INDEX.match("GET", f"{HOST}/v1/{PROJECT}/cloudservers/a/b") == []
    assert INDEX.match("GET", f"{HOST}/v1//cloudservers/b6c2e3a6") == []


def test_templates_with_a_host_part_match_on_the_path():
    assert ids(INDEX.match("POST", f"{HOST}/v1.0/servers/b6c2e3a6/action")) == ["monitor"]


def test_no_match_is_empty():
    assert INDEX.match("POST", f"{HOST}/v1/{PROJECT}/cloudservers/hibernate") == []
    assert INDEX.match("DELETE", f"{HOST}/v1/{PROJECT}/cloudservers") == []
    assert INDEX.match("GET", f"{HOST}/v2/{PROJECT}/cloudservers/s1") == []


def test_literal_text_is_not_a_pattern():
    index = OperationIndex([entry("dotted", "GET", "/v1.0/servers")])
    assert index.match("GET", "/v1x0/servers") == []
    assert ids(index.match("GET", "/v1.0/servers")) == ["dotted"]


def test_on_equal_variables_the_longer_literal_wins():
    index = OperationIndex(
        [
            entry("kind-tags", "GET", "/v1/{p}/{kind}/tags"),
            entry("server", "GET", "/v1/{p}/cloudservers/{id}"),
        ]
    )
    assert ids(index.match("GET", "/v1/p1/cloudservers/tags")) == ["server"]
    assert ids(index.match("GET", "/v1/p1/volumes/tags")) == ["kind-tags"]


def test_a_literal_met_earlier_wins_segment_by_segment():
    index = OperationIndex(
        [entry("a", "GET", "/v1/{p}/x/{id}"), entry("b", "GET", "/v1/{p}/{kind}/y")]
    )
    assert ids(index.match("GET", "/v1/p1/x/y")) == ["a"]
    assert ids(index.match("GET", "/v1/p1/z/y")) == ["b"]


def test_templates_differing_only_in_variable_names_return_both_operations():
    index = OperationIndex(
        [entry("a", "GET", "/v1/{p}/x/{id}"), entry("b", "GET", "/v1/{project}/x/{name}")]
    )
    assert sorted(ids(index.match("GET", "/v1/p1/x/y"))) == ["a", "b"]


@pytest.mark.parametrize(
    ("uri", "path"),
    [
        ("/v1/{project_id}/cloudservers", "/v1/{project_id}/cloudservers"),
        ("/v1/{project_id}/cloudservers/", "/v1/{project_id}/cloudservers"),
        (
            "/v1/{project_id}/cloudservers/detail?limit={limit}",
            "/v1/{project_id}/cloudservers/detail",
        ),
        ("https://{endpoint}/v1/{project_id}/jobs/{job_id}", "/v1/{project_id}/jobs/{job_id}"),
        ("{endpoint}/v1/{project_id}/jobs", "/v1/{project_id}/jobs"),
        ("v1/{project_id}/jobs", "/v1/{project_id}/jobs"),
        ("/", "/"),
    ],
)
def test_normalize_template(uri, path):
    assert normalize_template(uri) == path


def test_request_path_of_a_bare_host_is_the_root():
    assert request_path("https://ecs.example.com") == "/"
    assert request_path("https://ecs.example.com/?x=1") == "/"


def test_a_payload_without_request_context_matches_nothing():
    assert INDEX.match(None, None) == []
    assert INDEX.match("POST", "") == []
