"""tools/doc_traffic.py on real references: captures made from each operation's own examples
meet that operation, never E006, and get the findings lint gives the same examples."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import CORPUS, REPO, require_shared

pytestmark = pytest.mark.slow

# The /action family (ECS), shared URIs told apart by the body (IAM tokens, DNS zones, SMN
# publishing), many statuses per page (LTS) and the largest reference (API Gateway).
REFERENCES = [
    "elastic-cloud-server",
    "identity-access-management",
    "domain-name-service",
    "simple-message-notification",
    "log-tank-service",
    "api-gateway",
]


def _tool():
    spec = importlib.util.spec_from_file_location("doc_traffic", REPO / "tools" / "doc_traffic.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures():
    tool = _tool()
    sources = tool.reference_sources(require_shared(CORPUS), REFERENCES)
    return {name: tool.measure(name, source) for name, source in sources.items()}


@pytest.mark.parametrize("reference", REFERENCES)
def test_no_documented_operation_is_reported_undocumented(figures, reference):
    assert figures[reference].e006 == 0


@pytest.mark.parametrize("reference", REFERENCES)
def test_every_operation_s_url_reaches_its_own_page(figures, reference):
    assert figures[reference].routed == figures[reference].operations > 0


@pytest.mark.parametrize("reference", REFERENCES)
def test_every_miss_is_on_a_uri_that_several_pages_share(figures, reference):
    found = figures[reference]
    assert found.matched + found.shared_misses == found.captures, found.misses


@pytest.mark.parametrize("reference", REFERENCES)
def test_a_capture_checked_against_lint_s_schema_gets_lint_s_findings(figures, reference):
    found = figures[reference]
    assert found.exact_and_same == found.exact, found.misses


def test_nearly_every_capture_meets_its_own_operation(figures):
    matched = sum(found.matched for found in figures.values())
    captures = sum(found.captures for found in figures.values())
    assert matched / captures >= 0.98
