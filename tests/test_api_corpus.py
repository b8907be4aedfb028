"""The API and the command line agree on real references: each documented example response, as
an exchange made from its operation (tools/doc_traffic.py), gives the same findings through
``Contract.check`` as through ``envelint check ... --operation ... --status ...``."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from envelint import Contract
from tests.conftest import CORPUS, REPO, require_shared
from tests.helpers import run_cli, shown_as

pytestmark = pytest.mark.slow

# The /action family (ECS), shared URIs told apart by the body (IAM), many statuses (LTS).
REFERENCES = ["elastic-cloud-server", "identity-access-management", "log-tank-service"]
WITH_FINDINGS, CLEAN = 12, 4  # exchanges compared per reference


def _doc_traffic():
    spec = importlib.util.spec_from_file_location("doc_traffic", REPO / "tools" / "doc_traffic.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("reference", REFERENCES)
def test_the_api_gives_the_command_lines_findings_on_corpus_examples(reference, tmp_path):
    from envelint.derive.cache import page_cache

    source = require_shared(CORPUS) / reference / "api-ref" / "source"
    contract = Contract.from_docs(source)
    captures = list(_doc_traffic().captures_of(contract.catalog, page_cache([str(source)])))
    chosen: list[tuple] = []
    wanted = {True: WITH_FINDINGS, False: CLEAN}
    for number, capture in enumerate(captures):
        payload = capture.payload
        body = tmp_path / f"example-{number}.json"
        body.write_bytes(payload.data)
        found = contract.check(
            payload.method, payload.url, payload.status, payload.data, source=shown_as(body)
        )
        if wanted[bool(found)] > 0:
            wanted[bool(found)] -= 1
            chosen.append((payload, body, [finding.to_dict() for finding in found]))
    assert wanted[True] == 0, "too few examples with findings to compare"
    for payload, body, through_api in chosen:
        result = run_cli(
            "check", str(source), str(body), "--operation", f"{payload.method} {payload.url}",
            "--status", str(payload.status), "--input-format", "json", "--format", "json",
        )  # fmt: skip
        assert json.loads(result.output)["findings"] == through_api, (payload.url, body)
