"""The public API (docs/api.md): the findings it gives are those the command line gives."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import envelint
from envelint import Contract, Exchange, Finding, Severity, exchange_of
from tests.conftest import FIXTURES
from tests.helpers import run_cli, shown_as

TREE = FIXTURES / "docs" / "tree"
OPERATIONS = FIXTURES / "docs" / "operations"
BODIES = FIXTURES / "captures" / "api"
HOST = "https://api.example.com"

# (documentation, method, URL, status, body file): each body is checked through the API and
# through `envelint check DOCS BODY --operation ... --status ...`.
EXCHANGES = [
    (TREE, "GET", f"{HOST}/v2/projects/p1/widgets", 200, "widgets-listed.json"),
    (TREE, "GET", f"{HOST}/v2/projects/p1/widgets?limit=x", 400, "widgets-bad-request.json"),
    (TREE, "GET", "/v2/projects/p1/widgets", 404, "widgets-bad-request.json"),
    (TREE, "POST", f"{HOST}/v1/p1/widgets/w1/start", 202, "widget-started.json"),
    (TREE, "POST", f"{HOST}/v1/p1/widgets/w1/start", 409, "widget-start-refused.json"),
    (TREE, "POST", f"{HOST}/v1/p1/widgets/w1/stop", 200, "widget-started.json"),
    (TREE, "GET", f"{HOST}/v3/gadgets/g1", 200, "gadget.json"),
    (OPERATIONS, "GET", f"{HOST}/v2/p1/gizmos?color=red", 200, "gizmos-listed.json"),
    (OPERATIONS, "POST", f"{HOST}/v2.1/p1/gizmos/g1/action", 202, "gizmo-started.json"),
    (OPERATIONS, "GET", f"{HOST}/v1.0/gizmos/g1/details", 200, "gizmo-details.json"),
]


def cli_findings(docs: Path, method: str, url: str, status: int, body: Path) -> list[dict]:
    result = run_cli(
        "check", str(docs), str(body), "--operation", f"{method} {url}", "--status", str(status),
        "--input-format", "json", "--format", "json",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


@pytest.mark.parametrize(("docs", "method", "url", "status", "name"), EXCHANGES)
def test_check_gives_the_findings_of_the_command_line(docs, method, url, status, name):
    body = BODIES / name
    contract = Contract.from_docs(docs)
    findings = contract.check(method, url, status, body.read_bytes(), source=shown_as(body))
    assert [finding.to_dict() for finding in findings] == cli_findings(
        docs, method, url, status, body
    )


def test_the_exchanges_compared_with_the_command_line_have_findings():
    """The comparison above is not between two empty lists."""
    codes = set()
    for docs, method, url, status, name in EXCHANGES:
        contract = Contract.from_docs(docs)
        codes.update(
            f.code for f in contract.check(method, url, status, (BODIES / name).read_bytes())
        )
    assert {"S001", "E006", "E007"} <= codes


def test_findings_match_a_capture_file_checked_by_the_command_line():
    """traffic.http's exchanges one by one: the findings of the file, but for their places."""
    from envelint.captures.http_file import read

    traffic = FIXTURES / "captures" / "widgets" / "traffic.http"
    contract = Contract.from_docs(TREE)
    through_api = [
        finding.to_dict()
        for payload in read("traffic.http", traffic.read_bytes())
        for finding in contract.check(payload.method, payload.url, payload.status, payload.data)
    ]
    result = run_cli("check", str(TREE), str(traffic), "--format", "json")
    through_cli = json.loads(result.output)["findings"]
    places = ("path", "line", "column", "end_line", "end_column")

    def placeless(items: list[dict]) -> list[dict]:
        return [{k: v for k, v in item.items() if k not in places} for item in items]

    assert placeless(through_api) == placeless(through_cli)
    assert len(through_api) == 3


def test_a_parsed_body_is_checked_as_its_json_text():
    contract = Contract.from_docs(TREE)
    [finding] = contract.check(
        "GET", "/v2/projects/p1/widgets", 400, {"error_code": "WGT.0400", "error_msg": 7}
    )
    assert (finding.code, finding.pointer) == ("S001", "/error_msg")
    assert (finding.line, finding.column) == (3, 16)  # json.dumps(body, indent=2)


def test_a_clean_exchange_has_no_findings():
    contract = Contract.from_docs(TREE)
    body = {"error_code": "WGT.0400", "error_msg": "Invalid limit."}
    assert contract.check("GET", "/v2/projects/p1/widgets", 400, body) == []


def test_no_body_means_nothing_to_check():
    contract = Contract.from_docs(TREE)
    assert contract.check("GET", "/nowhere", 200, None) == []
    assert contract.check("GET", "/nowhere", 200, b"") == []


def test_a_body_that_is_not_json_by_its_content_type_is_not_read():
    contract = Contract.from_docs(TREE)
    headers = {"Content-Type": "text/html"}
    findings = contract.check("GET", "/v2/projects/p1/widgets", 200, b"<html>", headers=headers)
    assert all(finding.code != "J001" for finding in findings)


def test_the_request_body_tells_shared_uris_apart():
    """Rebooting and starting a gizmo share their URI; the request's key tells them apart."""
    contract = Contract.from_docs(OPERATIONS)
    url = f"{HOST}/v2/p1/gizmos/g1/action"
    findings = contract.check("POST", url, 200, {"job_id": 1}, request_body=b'{"reboot": {}}')
    assert [(f.code, f.schema) for f in findings] == [("S001", "gizmos/rebooting_a_gizmo.normal")]
    assert findings[0].operation == "POST /v2/{project_id}/gizmos/{gizmo_id}/action"


def test_ignore_leaves_codes_out():
    contract = Contract.from_docs(TREE, ignore=["S001"])
    body = {"error_code": "WGT.0400", "error_msg": 7}
    assert contract.check("GET", "/v2/projects/p1/widgets", 400, body) == []


def test_a_configuration_file_sets_the_rules(tmp_path):
    config = tmp_path / ".envelint.yaml"
    config.write_text("severity:\n  S001: info\n")
    contract = Contract.from_docs(TREE, config=config)
    body = {"error_code": "WGT.0400", "error_msg": 7}
    [finding] = contract.check("GET", "/v2/projects/p1/widgets", 400, body)
    assert finding.severity is Severity.INFO


def test_a_built_catalog_loads():
    contract = Contract.from_catalog(FIXTURES / "catalogs" / "operations")
    assert contract.operation_count > 0
    assert "batch-start.status-202" in contract.schema_ids


def test_an_openapi_document_gives_the_findings_of_check_with_that_document():
    spec = FIXTURES / "openapi" / "petstore-3.0.yaml"
    capture = FIXTURES / "captures" / "openapi" / "pets.http"
    result = run_cli("check", str(spec), str(capture), "--format", "json")
    expected = json.loads(result.output)["findings"]
    contract = Contract.from_openapi(spec)
    findings = contract.check("GET", "/v1/pets/p1", 200, b'{"id": "p1", "name": "Rex", "age": 0}')
    assert [f.code for f in findings] == [f["code"] for f in expected] == ["S007"]
    assert findings[0].doc is not None and findings[0].doc.line == expected[0]["doc"]["line"]


def test_a_missing_path_is_one_clear_error():
    with pytest.raises(envelint.EnvelintError, match="no such documentation path: nowhere"):
        Contract.from_docs("nowhere")
    with pytest.raises(envelint.EnvelintError, match="no catalog at nowhere"):
        Contract.from_catalog("nowhere")
    with pytest.raises(envelint.EnvelintError, match="no such OpenAPI document: nowhere.yaml"):
        Contract.from_openapi("nowhere.yaml")


def test_a_finding_is_frozen():
    contract = Contract.from_docs(TREE)
    [finding] = contract.check("GET", "/v2/projects/p1/widgets", 400, b'{"error_msg": 7}')
    assert isinstance(finding, Finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.code = "X"  # type: ignore[misc]


def test_a_finding_names_what_it_was_checked_against():
    contract = Contract.from_docs(TREE)
    body = b'{"error_code": "WGT.0400", "error_msg": 7}'
    [finding] = contract.check("GET", "/v2/projects/p1/widgets", 400, body)
    assert finding.operation == "GET /v2/projects/{project_id}/widgets"
    assert finding.page == shown_as(TREE / "apis" / "listing_widgets.rst")
    assert finding.doc is not None and (finding.doc.line, finding.doc.page) == (
        91,
        "Listing Widgets",
    )


def test_lint_gives_the_findings_of_the_command_line():
    pages = FIXTURES / "docs" / "examples"
    findings = envelint.lint(pages)
    result = run_cli("lint", str(pages), "--format", "json")
    assert findings, "the fixture pages have defects to find"
    assert [finding.to_dict() for finding in findings] == json.loads(result.output)["findings"]


class _Request:
    def __init__(self, method: str, url: str, body: object = None) -> None:
        self.method, self.url, self.body = method, url, body


class _Response:
    """What a `requests` response offers, and nothing more."""

    def __init__(self, request: _Request, status_code: int, content: bytes, headers=None):
        self.request, self.status_code, self.content = request, status_code, content
        self.headers = headers or {"Content-Type": "application/json"}


def test_exchange_of_reads_a_response_by_duck_typing():
    request = _Request("get", "https://h/v2/projects/p1/widgets", b'{"a": 1}')
    exchange = exchange_of(_Response(request, 400, b"{}"))
    assert exchange == Exchange(
        "get", "https://h/v2/projects/p1/widgets", 400, b"{}",
        {"content-type": "application/json"}, b'{"a": 1}',
    )  # fmt: skip


def test_exchange_of_reads_a_wsgi_environ_as_the_request():
    class DjangoResponse:
        status_code = 200
        content = b"[]"
        request = {"REQUEST_METHOD": "GET", "PATH_INFO": "/v2/x", "QUERY_STRING": "limit=1"}

    exchange = exchange_of(DjangoResponse())
    assert (exchange.method, exchange.url) == ("GET", "/v2/x?limit=1")


def test_a_response_that_names_no_request_is_one_clear_error():
    class Bare:
        status_code = 200
        content = b"{}"

    with pytest.raises(envelint.EnvelintError, match="does not say which request"):
        exchange_of(Bare())


def test_a_streamed_response_not_read_is_one_clear_error():
    class Streamed:
        status_code = 200
        request = _Request("GET", "/v2/x")

        @property
        def content(self) -> bytes:
            raise RuntimeError("Attempted to access streaming response content")

    with pytest.raises(envelint.EnvelintError, match="cannot read the response body: Att"):
        exchange_of(Streamed())


def test_exchange_of_reads_a_werkzeug_test_response():
    """Flask's test client: the body from get_data(), the request a Werkzeug Request."""

    class WerkzeugRequest:
        method = "POST"
        url = "http://localhost/v2/p1/gizmos/g1/action"

        def get_data(self) -> bytes:
            return b'{"reboot": {}}'

    class WerkzeugResponse:
        status_code = 200
        request = WerkzeugRequest()
        headers = {"Content-Type": "application/json"}

        def get_data(self) -> bytes:
            return b'{"job_id": 1}'

    contract = Contract.from_docs(OPERATIONS)
    [finding] = contract.check_response(WerkzeugResponse())
    assert (finding.code, finding.schema) == ("S001", "gizmos/rebooting_a_gizmo.normal")
