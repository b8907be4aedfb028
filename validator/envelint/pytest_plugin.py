"""The pytest plugin: contract tests against the documentation (docs/api.md, "In your test
suite").

Registered by the ``pytest11`` entry point and off unless configured: with no ``envelint_docs``
or ``envelint_catalog`` in the ini file (and no ``envelint_contract`` fixture of the project's
own), it adds nothing to a run, builds nothing, and its fixtures say how to configure it.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from envelint.api import Contract, Exchange, Finding

FAIL_ON_DEFAULT = "warning"

# The clients envelint_watch can watch: (module, class, method that returns each response).
WATCHABLE: dict[str, tuple[tuple[str, str, str], ...]] = {
    "requests": (("requests", "Session", "send"),),
    "httpx": (("httpx", "Client", "send"), ("httpx", "AsyncClient", "send")),
    "flask": (("werkzeug.test", "Client", "open"),),  # Flask's test client is Werkzeug's
    "django": (("django.test", "Client", "request"),),
}


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
    parser.addini(
        "envelint_watch",
        "envelint: clients whose every response is checked and reported at the end "
        f"({', '.join(WATCHABLE)})",
        type="args",
    )


@dataclass
class _Collected:
    """Findings held back in collect mode, by the test that made them."""

    by_test: dict[str, list[Finding]] = field(default_factory=dict)
    watched: int = 0  # responses checked because a watched client received them
    unreadable: int = 0  # watched responses whose body or request could not be read

    def add(self, test: str, findings: list[Finding]) -> None:
        self.by_test.setdefault(test, []).extend(findings)


_COLLECTED = pytest.StashKey[_Collected]()


def pytest_configure(config: pytest.Config) -> None:
    fail_on = config.getini("envelint_fail_on")
    if fail_on.strip().lower() not in ("error", "warning", "info"):
        raise pytest.UsageError(f"envelint_fail_on = {fail_on}: expected error, warning or info")
    for client in config.getini("envelint_watch"):
        if client not in WATCHABLE:
            known = ", ".join(WATCHABLE)
            raise pytest.UsageError(f"envelint_watch = {client}: expected some of {known}")
        if importlib.util.find_spec(WATCHABLE[client][0][0].split(".")[0]) is None:
            raise pytest.UsageError(f"envelint_watch names {client}, which is not installed")
    if config.getini("envelint_collect") or config.getini("envelint_watch"):
        config.stash[_COLLECTED] = _Collected()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    collected = terminalreporter.config.stash.get(_COLLECTED, None)
    if collected is None:
        return
    if collected.watched or collected.unreadable:
        terminalreporter.write_line(_watch_summary(collected))
    if not collected.by_test:
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
        self.watched: dict[int, object] = {}  # responses a watched client already recorded

    def watch(self, response: object) -> None:
        """Check and record a response a watched client received, once."""
        self(response)
        self.watched[id(response)] = response  # held, so that its id is not reused

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
        if failing and id(response_or_method) not in self.watched:
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


@pytest.fixture(autouse=True)
def _envelint_watch(request: pytest.FixtureRequest) -> Iterator[None]:
    """With ``envelint_watch`` set: every response the named clients receive during the test is
    checked, and what fails is collected for the end of the session (as in collect mode)."""
    clients: list[str] = request.config.getini("envelint_watch")
    if not clients:
        yield
        return
    check = request.getfixturevalue("envelint_check")
    collected = request.config.stash[_COLLECTED]
    record = functools.partial(_record, check, collected)
    with pytest.MonkeyPatch.context() as patch:
        for client in clients:
            for module_name, class_name, method_name in WATCHABLE[client]:
                owner = getattr(importlib.import_module(module_name), class_name)
                original = getattr(owner, method_name)
                patch.setattr(owner, method_name, _watching(original, record))
        yield


def _record(check: ContractCheck, collected: _Collected, response: object) -> None:
    from envelint.api import EnvelintError

    try:
        check.watch(response)
    except EnvelintError:  # a streamed body not read, a response that names no request
        collected.unreadable += 1
        return
    collected.watched += 1


def _watching(original: Callable[..., Any], record: Callable[[object], None]) -> Any:
    """``original`` (a client's send) that also records each response it returns."""
    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def watched_async(*args: Any, **kwargs: Any) -> Any:
            response = await original(*args, **kwargs)
            record(response)
            return response

        return watched_async

    @functools.wraps(original)
    def watched(*args: Any, **kwargs: Any) -> Any:
        response = original(*args, **kwargs)
        record(response)
        return response

    return watched


def _watch_summary(collected: _Collected) -> str:
    plural = "s" if collected.watched != 1 else ""
    line = f"envelint: {collected.watched} watched response{plural} checked"
    if collected.unreadable:
        line += f", {collected.unreadable} not read (a streamed body, or no request named)"
    return line


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
