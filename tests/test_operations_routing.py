"""OperationIndex.match_operations: the routing tree, path values, query flags, and narrowing
operations that share a URI by the request body's top-level keys."""

from __future__ import annotations

from envelint.catalog.operations import OperationIndex
from envelint.catalog.store import ApiOperation, CatalogEntry, ResponseSpec

ACTION = ("/v2/{project_id}/servers/{server_id}/action", "/v2.1/{project_id}/servers/{id}/action")


def op(
    op_id: str,
    method: str,
    *templates: str,
    flags: tuple[str, ...] = (),
    keys: tuple[str, ...] = (),
    required: tuple[str, ...] = (),
) -> ApiOperation:
    return ApiOperation(
        op_id,
        method,
        templates,
        query_flags=flags,
        request_keys=keys,
        required_request_keys=required,
        responses=(ResponseSpec(None, "normal", f"{op_id}.normal"),),
    )


OPERATIONS = [
    op("start", "POST", *ACTION, keys=("os-start",), required=("os-start",)),
    op("stop", "POST", *ACTION, keys=("os-stop",), required=("os-stop",)),
    op("reboot", "POST", *ACTION, keys=("reboot",), required=("reboot",)),
    op("create", "POST", "/v3/{project_id}/instances", keys=("name", "flavor"), required=("name",)),
    op(
        "restore",
        "POST",
        "/v3/{project_id}/instances",
        keys=("name", "flavor", "restore_point"),
        required=("name", "restore_point"),
    ),
    op("list-servers", "GET", "/v2/{project_id}/servers"),
    op("server-detail", "GET", "/v2/{project_id}/servers/detail"),
    op("show-server", "GET", "/v2/{project_id}/servers/{server_id}"),
    op("export", "GET", "/v1/{project_id}/gizmos/{gizmo_id}.{format}"),
    op("list-objects", "GET", "/"),
    op("get-acl", "GET", "/", flags=("acl",)),
    op("get-object-acl", "GET", "/{ObjectName}", flags=("acl",)),
    op("get-object", "GET", "/{ObjectName}"),
]
ENTRIES = [CatalogEntry(f"{o.id}.normal", f"{o.id}.normal.json", "normal") for o in OPERATIONS]
INDEX = OperationIndex(ENTRIES, OPERATIONS)
HOST = "https://api.example.com"


def ids(method: str, url: str, body: object = None) -> list[str]:
    return [found.operation.id for found in INDEX.match_operations(method, url, body)]


def test_every_template_of_an_operation_routes_to_it():
    assert ids("POST", f"{HOST}/v2/p1/servers/s1/action") == ["start", "stop", "reboot"]
    assert ids("POST", f"{HOST}/v2.1/p1/servers/s1/action") == ["start", "stop", "reboot"]


def test_path_values_are_named_after_the_matched_template():
    found = INDEX.match_operations("POST", f"{HOST}/v2.1/p1/servers/s1/action")[0]
    assert found.template == ACTION[1]
    assert found.values == {"project_id": "p1", "id": "s1"}


def test_a_literal_segment_beats_a_variable():
    assert ids("GET", "/v2/p1/servers/detail") == ["server-detail"]
    assert ids("GET", "/v2/p1/servers/abc") == ["show-server"]


def test_trailing_slash_query_and_fragment_are_ignored():
    assert ids("GET", f"{HOST}/v2/p1/servers/?limit=10#top") == ["list-servers"]


def test_a_segment_mixing_text_and_variables():
    found = INDEX.match_operations("GET", "/v1/p1/gizmos/g1.json")
    assert [(m.operation.id, m.values) for m in found] == [
        ("export", {"project_id": "p1", "gizmo_id": "g1", "format": "json"})
    ]


def test_version_prefixes_are_matched_as_documented():
    assert ids("POST", "/v2.2/p1/servers/s1/action") == []
    assert ids("GET", "/V2/p1/servers") == []


def test_a_query_flag_names_the_operation_on_a_shared_path():
    assert ids("GET", f"{HOST}/?acl") == ["get-acl"]
    assert ids("GET", f"{HOST}/") == ["list-objects"]
    assert ids("GET", f"{HOST}/?prefix=a&max-keys=3") == ["list-objects"]
    assert ids("GET", f"{HOST}/photo.jpg?acl") == ["get-object-acl"]
    assert ids("GET", f"{HOST}/photo.jpg") == ["get-object"]


def test_the_request_body_top_key_narrows_shared_uris():
    url = f"{HOST}/v2/p1/servers/s1/action"
    assert ids("POST", url, {"reboot": {"type": "SOFT"}}) == ["reboot"]
    assert ids("POST", url, {"os-stop": None}) == ["stop"]


def test_a_body_that_cannot_tell_them_apart_keeps_every_candidate():
    url = f"{HOST}/v2/p1/servers/s1/action"
    assert ids("POST", url, {"unknown": 1}) == ["start", "stop", "reboot"]
    assert ids("POST", url, ["not", "an", "object"]) == ["start", "stop", "reboot"]
    assert ids("POST", url, None) == ["start", "stop", "reboot"]


def test_missing_required_keys_rule_a_candidate_out():
    url = f"{HOST}/v3/p1/instances"
    assert ids("POST", url, {"name": "db", "flavor": "s"}) == ["create"]
    assert ids("POST", url, {"name": "db", "flavor": "s", "restore_point": {}}) == ["restore"]


def test_match_returns_the_entries_of_the_matched_operations():
    found = INDEX.match("POST", f"{HOST}/v2/p1/servers/s1/action")
    assert [entry.id for entry in found] == ["start.normal", "stop.normal", "reboot.normal"]


def test_unknown_method_or_path_matches_nothing():
    assert ids("DELETE", "/v2/p1/servers") == []
    assert ids("GET", "/v9/p1") == []
    assert INDEX.match_operations(None, "/v2/p1/servers") == []


def test_documented_query_parameters_rank_operations_on_one_template():
    operations = [
        op("download", "GET", "/{ObjectName}"),
        ApiOperation("parts", "GET", ("/{ObjectName}",), query_params=("uploadId", "max-parts")),
    ]
    index = OperationIndex([], operations)

    def found(url: str) -> list[str]:
        return [match.operation.id for match in index.match_operations("GET", url)]

    assert found("/photo.jpg?uploadId=u1") == ["parts"]
    assert found("/photo.jpg?response-content-type=x") == ["download", "parts"]
    assert found("/photo.jpg") == ["download", "parts"]
