"""Prism (``@stoplight/prism-cli``) and envelint agree on the ECS export (slow tier).

- Prism's mock serves the export: the response it gives for every GET operation, captured as a
  HAR file, passes ``envelint check`` against the ECS documentation with no error or warning.
- Prism's validation proxy, in front of a server that answers each GET operation with the
  documentation's own example response, accepts every example envelint's lint accepts, but for
  one documented difference: a null in a typed field is envelint's S006 (information: these
  references show an absent value as null) and a type error to Prism, which reads the schema
  as JSON Schema does.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from envelint.captures.payload import Payload
from envelint.catalog.store import ApiOperation, Catalog, CatalogEntry
from envelint.common.findings import Finding, Severity
from envelint.config.settings import Settings
from envelint.derive.cache import derive_cached, page_cache
from envelint.docs.examples import find_examples
from envelint.pipeline.lint import schema_for_example
from envelint.pipeline.validate import EnginePerSettings
from tests.conftest import CORPUS, require_shared
from tests.helpers import run_cli
from tests.npm_tools import npm_command

pytestmark = pytest.mark.slow

PRISM_PACKAGE = "@stoplight/prism-cli@5.14.2"
ECS = CORPUS / "elastic-cloud-server"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def ecs_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_shared(ECS)
    target = tmp_path_factory.mktemp("prism") / "ecs.yaml"
    result = run_cli("export", "openapi", str(ECS), "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def started_prism(arguments: list[str], log: Path) -> Iterator[str]:
    """Prism with ``arguments`` on a free local port, until the generator is closed."""
    port = free_port()
    command = [str(npm_command(PRISM_PACKAGE, "prism")), *arguments]
    command += ["--port", str(port), "--host", "127.0.0.1"]
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while "is listening" not in log.read_text():
            assert process.poll() is None, log.read_text()[-2000:]
            assert time.monotonic() < deadline, "Prism did not start in 180 s"
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(url: str) -> tuple[int, bytes, Any]:
    try:
        with NO_PROXY.open(url, timeout=60) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def example_value(schema: dict[str, Any]) -> str:
    listed = schema.get("enum")
    if listed:
        return json.dumps(listed[0]) if not isinstance(listed[0], str) else listed[0]
    return {"integer": "1", "number": "1", "boolean": "true"}.get(schema.get("type", ""), "x")


def get_urls(export: Path) -> list[str]:
    """A URL for every GET operation of the export: its variables filled in, and each query
    parameter it requires given a value of its type."""
    document = yaml.safe_load(export.read_text())
    urls = []
    for key, item in document["paths"].items():
        if "get" not in item:
            continue
        path = re.sub(r"\{[^}]+\}", "p1", key.split("#", 1)[0])
        required = [
            f"{parameter['name']}={example_value(parameter.get('schema', {}))}"
            for parameter in item["get"].get("parameters", [])
            if parameter["in"] == "query" and parameter.get("required")
        ]
        urls.append(path + ("?" + "&".join(required) if required else ""))
    return urls


def har_entry(url: str, status: int, body: bytes, media_type: str) -> dict[str, Any]:
    return {
        "startedDateTime": "2026-12-07T00:00:00.000Z",
        "time": 0,
        "request": {"method": "GET", "url": "https://ecs.example.com" + url, "headers": []},
        "response": {
            "status": status,
            "headers": [{"name": "Content-Type", "value": media_type}],
            "content": {"size": len(body), "mimeType": media_type, "text": body.decode()},
        },
    }


def test_prism_mock_responses_pass_envelint_check(ecs_export: Path, tmp_path: Path) -> None:
    urls = get_urls(ecs_export)
    entries = []
    server = started_prism(["mock", str(ecs_export)], tmp_path / "prism.log")
    base = next(server)
    try:
        for url in urls:
            status, body, headers = fetch(base + url)
            entries.append(har_entry(url, status, body, headers.get("Content-Type", "")))
    finally:
        server.close()
    assert len(entries) > 100
    assert {entry["response"]["status"] for entry in entries} == {200}
    har = tmp_path / "prism-mock.har"
    har.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}))
    result = run_cli("check", str(ECS), str(har), "--format", "json")
    findings = json.loads(result.output)["findings"]
    assert [f for f in findings if f["severity"] in ("error", "warning")] == []


@dataclass
class ServedExample:
    """A documentation example served as the response to a GET operation."""

    url: str
    status: int
    payload: Payload
    findings: list[Finding] = field(default_factory=list)


def served_examples() -> dict[str, ServedExample]:
    """For every GET operation of ECS, its first success example and envelint's findings on it
    (as ``envelint lint`` checks it)."""
    derived = derive_cached([str(ECS)])
    catalog = Catalog.in_memory(derived.entries, derived.schemas, derived.operations)
    engine = EnginePerSettings(catalog).get(Settings())
    by_page: dict[str, list[CatalogEntry]] = defaultdict(list)
    for entry in derived.entries:
        by_page[entry.page or ""].append(entry)
    pages = page_cache([str(ECS)], True)
    served = {}
    for operation in derived.operations:
        if operation.method == "GET":
            example = first_success_example(operation, by_page[operation.page or ""], pages)
            if example is not None:
                example.findings = engine.check(example.payload)
                served[example.url] = example
    return served


def first_success_example(
    operation: ApiOperation, entries: list[CatalogEntry], pages: Any
) -> ServedExample | None:
    for example in find_examples(pages.read(Path(operation.page or ""))):
        schema_id = schema_for_example(example, entries)
        entry = next((e for e in entries if e.id == schema_id), None)
        if entry is None or entry.kind not in ("normal", "status") or (entry.status or 200) >= 400:
            continue
        url = re.sub(r"\{[^}]+\}", "p1", operation.templates[0])
        required = (operation.request.query or {}) if operation.request else {}
        if required.get("required"):
            url += "?" + "&".join(f"{name}=x" for name in required["required"])
        payload = Payload(
            source=operation.page or "",
            data=example.text.encode("utf-8", errors="surrogatepass"),
            line=example.line,
            column=example.column,
            schema_id=schema_id,
            doc_example=True,
        )
        return ServedExample(url, entry.status or 200, payload)
    return None


def upstream(served: dict[str, ServedExample]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            example = served[self.path]
            self.send_response(example.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(example.payload.data)))
            self.end_headers()
            self.wfile.write(example.payload.data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pointer_of(location: list[str]) -> str:
    """Prism's violation location (``["response", "body", "a", "0"]``) as a JSON pointer."""
    return "".join("/" + part for part in location[2:])


def held_deeper(body: Any, violation: dict[str, Any]) -> bool:
    """A ``required`` violation whose property the example holds further down, inside one of
    the object's members: a flat table's row, which envelint's S002 reads as the member's."""
    named = re.search(r"required property '([^']+)'", violation.get("message", ""))
    if violation.get("code") != "required" or named is None:
        return False
    here = body
    for step in violation["location"][2:]:
        here = here[int(step)] if isinstance(here, list) else here[step]
    return isinstance(here, dict) and any(
        contains_key(member, named.group(1)) for member in here.values()
    )


def contains_key(value: Any, name: str) -> bool:
    if isinstance(value, dict):
        return name in value or any(contains_key(v, name) for v in value.values())
    if isinstance(value, list):
        return any(contains_key(item, name) for item in value)
    return False


def test_prism_proxy_accepts_the_examples_envelint_accepts(
    ecs_export: Path, tmp_path: Path
) -> None:
    served = served_examples()
    origin = upstream(served)
    target = f"http://127.0.0.1:{origin.server_address[1]}"
    prism = started_prism(["proxy", str(ecs_export), target], tmp_path / "prism.log")
    base = next(prism)
    violations = {}
    try:
        for url in served:
            _, _, headers = fetch(base + url)
            violations[url] = json.loads(headers.get("sl-violations") or "[]")
    finally:
        prism.close()
        origin.shutdown()
    accepted_by_envelint = [
        url
        for url, example in served.items()
        if not any(f.severity >= Severity.WARNING for f in example.findings)
    ]
    assert len(accepted_by_envelint) > 40
    unexplained = []
    for url in accepted_by_envelint:
        nulls = {f.pointer for f in served[url].findings if f.code == "S006"}
        body = json.loads(served[url].payload.data)
        for violation in violations[url]:
            if pointer_of(violation["location"]) in nulls:
                continue
            if held_deeper(body, violation):
                continue
            unexplained.append((served[url].payload.source, violation["message"]))
    assert unexplained == []
    rejected_by_both = [
        url
        for url, example in served.items()
        if any(f.severity >= Severity.ERROR for f in example.findings) and violations[url]
    ]
    assert rejected_by_both, "Prism validated nothing: is the proxy checking responses?"
