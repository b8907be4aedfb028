"""A page linted alone, as pre-commit lints a changed page, gets exactly the findings it gets in a
run over its whole tree: every page of three real references, in this process (the tree's
derivation is cached by content, so each page costs a cache read and its own checks)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from envelint.common.findings import Finding
from envelint.common.paths import display_path
from envelint.config.settings import Settings
from envelint.derive.derivation import discover
from envelint.pipeline.lint import LintRequest, lint_docs
from tests.conftest import CORPUS, require_shared

pytestmark = pytest.mark.slow

REFERENCES = ["elastic-cloud-server", "identity-access-management", "load-balancer"]


def lint(path: str) -> list[Finding]:
    return lint_docs(LintRequest([path], Settings())).findings


def differences(page: str, alone: list[Finding], in_tree: list[Finding]) -> str | None:
    if alone == in_tree:
        return None
    extra = [f"+{f.code}:{f.line}" for f in alone if f not in in_tree]
    missing = [f"-{f.code}:{f.line}" for f in in_tree if f not in alone]
    return f"{page}: {' '.join(extra + missing)[:200]}"


@pytest.mark.parametrize("reference", REFERENCES)
def test_every_page_alone_gets_its_findings_in_the_whole_tree(reference):
    source = require_shared(CORPUS / reference / "api-ref" / "source")
    in_tree: dict[str, list[Finding]] = defaultdict(list)
    for finding in lint(str(source)):
        in_tree[finding.path].append(finding)
    pages = discover([source])
    assert len(pages) > 50
    differing = []
    for page in pages:
        alone = lint(str(page.file))
        wanted = in_tree.get(display_path(page.file), [])
        difference = differences(page.key, alone, wanted)
        if difference:
            differing.append(difference)
    assert not differing, f"{len(differing)} of {len(pages)} pages differ:\n" + "\n".join(
        differing[:10]
    )
