"""The pytest plugin: contract tests against the documentation (docs/api.md, "In your test
suite").

Registered by the ``pytest11`` entry point and off unless configured: with no ``envelint_docs``
or ``envelint_catalog`` in the ini file (and no ``envelint_contract`` fixture of the project's
own), it adds nothing to a run, builds nothing, and its fixtures say how to configure it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from envelint.api import Contract, Exchange, Finding

FAIL_ON_DEFAULT = "warning"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "envelint_docs",
        "envelint: documentation folders or pages the contract is derived from",
        type="paths",
    )
    parser.addini(
        "envelint_catalog", "envelint: a catalog folder built by `envelint schemas build`"
    )
    parser.addini("envelint_config", "envelint: an .envelint.yaml to read rule settings from")
    parser.addini("envelint_ignore", "envelint: rule codes or prefixes never reported", "args")
    parser.addini(
        "envelint_fail_on",
        "envelint: the least severity that fails a check (error, warning, info)",
        default=FAIL_ON_DEFAULT,
    )
    parser.addini(
        "envelint_collect",
        "envelint: collect findings and report them at the end rather than failing each test",
        type="bool",
        default=False,
    )


@dataclass
class _Collected:
    """Findings held back in collect mode, by the test that made them."""

    by_test: dict[str, list[Finding]] = field(default_factory=dict)

    def add(self, test: str, findings: list[Finding]) -> None:
        self.by_test.setdefault(test, []).extend(findings)


_COLLECTED = pytest.StashKey[_Collected]()


def pytest_configure(config: pytest.Config) -> None:
    fail_on = config.getini("envelint_fail_on")
    if fail_on.strip().lower() not in ("error", "warning", "info"):
        raise pytest.UsageError(f"envelint_fail_on = {fail_on}: expected error, warning or info")
    if config.getini("envelint_collect"):
        config.stash[_COLLECTED] = _Collected()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    collected = terminalreporter.config.stash.get(_COLLECTED, None)
    if collected is None or not collected.by_test:
        return
    terminalreporter.section("envelint: responses that do not match the documentation")
    for test, findings in collected.by_test.items():
        terminalreporter.write_line(f"{test}:")
        for line in describe_findings(findings):
            terminalreporter.write_line("  " + line)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    collected = session.config.stash.get(_COLLECTED, None)
    if collected is not None and collected.by_test and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def envelint_contract(pytestconfig: pytest.Config) -> Contract:
    """The contract named in the ini file, built once per session (the derivation is also
    cached on disk, by the documentation's content). Override this fixture in a conftest to
    build it another way."""
    from envelint.api import Contract, EnvelintError

    docs: list[Path] = pytestconfig.getini("envelint_docs")
    catalog: str = pytestconfig.getini("envelint_catalog")
    config = pytestconfig.getini("envelint_config") or None
    if config is not None:
        config = str(pytestconfig.rootpath / config)
    try:
        if docs:
            return Contract.from_docs(*docs, config=config)
        if catalog:
            return Contract.from_catalog(pytestconfig.rootpath / catalog, config=config)
    except EnvelintError as error:
        raise pytest.UsageError(f"envelint: {error}") from None
    pytest.fail(
        "envelint is not configured: set envelint_docs (or envelint_catalog) in the ini "
        "file, or define an envelint_contract fixture in conftest.py",
        pytrace=False,
    )


class ContractCheck:
    """``envelint_check(response)`` or ``envelint_check(method, url, status, body)``: fails
    the test (or, in collect mode, records the findings) when the response contradicts the
    documentation."""

    def __init__(
        self,
        contract: Contract,
        ignore: Sequence[str],
        fail_on: str,
        collected: _Collected | None,
        test: str,
    ) -> None:
        self.contract = contract
        self.ignore = tuple(ignore)
        self.fail_on = fail_on
        self.collected = collected
        self.test = test

    def __call__(
        self,
        response_or_method: object,
        url: str | None = None,
        status: int | None = None,
        body: object = None,
        *,
        headers: dict[str, str] | None = None,
        request_body: object = None,
        ignore: Iterable[str] = (),
    ) -> list[Finding]:
        __tracebackhide__ = True  # the failure shows the test's line, not the plugin's
        exchange = _exchange(response_or_method, url, status, body, headers, request_body)
        findings = self.contract.check_exchange(exchange)
        findings = [f for f in findings if not _ignored(f.code, (*self.ignore, *ignore))]
        failing = failing_findings(findings, self.fail_on)
        if failing:
            if self.collected is not None:
                self.collected.add(self.test, failing)
            else:
                raise AssertionError(failure_message(exchange, failing))
        return findings


@pytest.fixture
def envelint_check(envelint_contract: Contract, request: pytest.FixtureRequest) -> ContractCheck:
    """The assertion helper, with the ini file's ``envelint_ignore`` and ``envelint_fail_on``."""
    config = request.config
    ignore: list[str] = config.getini("envelint_ignore")
    collected = config.stash.get(_COLLECTED, None)
    fail_on = config.getini("envelint_fail_on")
    return ContractCheck(envelint_contract, ignore, fail_on, collected, request.node.nodeid)


def assert_matches_docs(
    response: object,
    contract: Contract,
    *,
    ignore: Iterable[str] = (),
    fail_on: str = FAIL_ON_DEFAULT,
) -> None:
    """Fail unless ``response`` (a client's response object) matches ``contract``."""
    __tracebackhide__ = True
    ContractCheck(contract, tuple(ignore), fail_on, None, "")(response)


def _exchange(
    response_or_method: object,
    url: str | None,
    status: int | None,
    body: object,
    headers: dict[str, str] | None,
    request_body: object,
) -> Exchange:
    from envelint.api import Exchange, exchange_of

    if isinstance(response_or_method, str):
        if url is None or status is None:
            raise TypeError("envelint_check(method, url, status, body): url and status are needed")
        return Exchange(response_or_method, url, status, body, headers or {}, request_body)
    return exchange_of(response_or_method)


def _ignored(code: str, ignore: Iterable[str]) -> bool:
    return any(code.startswith(prefix.strip().upper()) for prefix in ignore if prefix.strip())


def failing_findings(findings: list[Finding], fail_on: str) -> list[Finding]:
    from envelint.api import Severity

    least = Severity.parse(fail_on)
    return [finding for finding in findings if finding.severity >= least]


def failure_message(exchange: Exchange, findings: list[Finding]) -> str:
    count = f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
    head = (
        f"the response to {exchange.method.upper()} {exchange.url} (status {exchange.status}) "
        f"does not match the documentation: {count}"
    )
    return "\n".join([head, *describe_findings(findings)])


def describe_findings(findings: list[Finding]) -> list[str]:
    """Each finding as the failure message lists it: code, pointer, message, the documentation
    row, and the operation it was checked against."""
    lines = []
    for finding in findings:
        pointer = finding.pointer if finding.pointer else "(the body)"
        lines.append(f"{finding.code} {finding.severity.label} at {pointer}: {finding.message}")
        if finding.doc is not None:
            lines.append(f"    documented at {finding.doc.cited()}")
        if finding.operation is not None:
            lines.append(f"    checked against {finding.operation} ({finding.schema})")
        if finding.hint:
            lines.append(f"    hint: {finding.hint}")
    return lines
