"""The engine: the adapter between the two paths, and what they share.

``Engine.check`` tries the fast path (``envelint.engine.fast_path``) and falls back to the full
path (``envelint.engine.full_path``) only for a payload the fast path refuses. Both use the same
selector, the same validation schemas and compiled validators (``ValidationSchemas``) and the
same rule options, all built once here. A payload the fast path accepts gets no finding on the
full path either (a differential test keeps that true).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from envelint.captures.payload import REQUEST_SIDE, RESPONSE_SIDE, SIDE_MARKERS, Payload
from envelint.catalog.matching import Selection, Selector
from envelint.catalog.operations import OperationMatch
from envelint.catalog.store import Catalog
from envelint.common.findings import CheckedAgainst, Finding
from envelint.config.settings import Settings
from envelint.engine.fast_path import FastPath
from envelint.engine.parameters import check_parameters
from envelint.engine.validation_schema import ValidationSchemas, folds_of
from envelint.rules import payload_rules
from envelint.rules.base import MESSAGE_LIMIT, Rule
from envelint.rules.contract import (
    OVERSIZED_BODY,
    SKIPPED_BODY,
    TOO_MANY_VALUES,
    UNREADABLE_CAPTURE,
    Limits,
)
from envelint.rules.json_syntax import holds_too_many_items

if TYPE_CHECKING:
    from envelint.engine.full_path import FullPath


def with_side(findings: list[Finding], side: str) -> list[Finding]:
    """Each finding says which side of the exchange it is about; a request's message starts
    with a marker ("request body: ...") that every report format shows."""
    marker = SIDE_MARKERS.get(side, "")
    return [_sided(finding, side, marker) for finding in findings]


def _sided(finding: Finding, side: str, marker: str) -> Finding:
    if not marker and finding.side == side:  # a response's finding, made with its side
        return finding
    message = finding.message
    if marker and not message.startswith(marker):
        first, newline, rest = message.partition("\n")
        first = marker + first
        if len(first) > MESSAGE_LIMIT:  # the marker must not push it past the limit
            first = first[: MESSAGE_LIMIT - 1] + "…"
        message = first + newline + rest
    return finding.changed(side=side, message=message)


class Engine:
    def __init__(self, catalog: Catalog, settings: Settings | None = None):
        self.catalog = catalog
        self.settings = settings = settings or Settings()
        every_rule = payload_rules()
        self.rules: list[Rule] = [rule for rule in every_rule if settings.enabled(rule)]
        self.custom_rules = [rule for rule in settings.custom_rules if settings.enabled(rule)]
        self.options = {rule.code: settings.options_for(rule) for rule in self.rules}
        self.schemas = ValidationSchemas(catalog, settings, folds_of(self.rules, self.options))
        mapped = settings.schema_for_path if settings.schema_map else None
        self.selector = Selector(catalog, self.schemas.top_level_properties, mapped)
        limits = Limits(settings.max_depth, settings.max_size, settings.max_items)
        self.fast_path = FastPath(
            self.schemas, self.selector, limits, every_rule, self.rules, self.custom_rules
        )

    @cached_property
    def full_path(self) -> FullPath:
        """Built once a payload fails: a run of valid payloads never imports it."""
        from envelint.engine.full_path import FullPath

        return FullPath(self.schemas, self.selector, self.settings, self.options, self.custom_rules)

    # -- what both paths share --------------------------------------------------------------

    def top_level_properties(self, schema_id: str) -> list[str]:
        return self.schemas.top_level_properties(schema_id)

    def schema_for(self, schema_id: str, *, cleared: bool = False) -> dict[str, Any]:
        return self.schemas.schema_for(schema_id, cleared=cleared)

    def validator_for(self, schema_id: str, *, cleared: bool = False) -> Any:
        return self.schemas.validator_for(schema_id, cleared=cleared)

    def select(self, payload: Payload, value: object) -> Selection:
        return self.selector.select(payload, value)

    # -- checking ---------------------------------------------------------------------------

    def check(self, payload: Payload) -> list[Finding]:
        if payload.request_only or not self._checks(payload):  # no body; --side: the other side
            return []
        if payload.skipped_reason is not None:  # not read (not JSON by its content type)
            found = self.full_path.check_unread(payload, self._rules_with_role(SKIPPED_BODY))
            return with_side(found, payload.side)
        if payload.unreadable is not None:  # the capture file could not be read
            rules = self._rules_with_role(UNREADABLE_CAPTURE)
            return self.full_path.check_unread(payload, rules)
        if not payload.truncated and self.fast_path.passes(payload):
            return []
        return self.check_fully(payload)

    def check_request(self, payload: Payload) -> list[Finding]:
        """The captured request against the operation its method and URL match: its body
        against the request body schema, its path and query parameters against their tables.
        Nothing when no operation matches; the body is not checked when the candidates document
        different bodies, the parameters not when several operations remain."""
        if payload.method is None or payload.url is None:
            return []
        if not self.settings.checks_side(REQUEST_SIDE):
            return []
        if payload.request is None and payload.request_at is None:
            return []
        matches = self.selector.operations.match_operations(
            payload.method, payload.url, payload.request_body
        )
        findings = self._check_request_body(payload, matches)
        if len(matches) == 1:
            findings.extend(self.check_parameters(payload, matches[0]))
        return findings

    def check_parameters(self, payload: Payload, match: OperationMatch) -> list[Finding]:
        """The request URL's path and query parameters (``payload.url``, located at
        ``payload.request_at``) against the tables of the operation it matched."""
        if not self.settings.checks_side(REQUEST_SIDE):
            return []
        operation = match.operation
        against = CheckedAgainst(None, "http", payload.method, match.template, operation.page)
        return check_parameters(payload, match, self._rule_for, self.settings.severity_of, against)

    def _check_request_body(self, payload: Payload, matches: list[OperationMatch]) -> list[Finding]:
        part = payload.request
        if part is None:
            return []
        with_body = [m for m in matches if m.operation.request and m.operation.request.body]
        schemas = {m.operation.request.body for m in with_body if m.operation.request}
        if len(schemas) != 1 or not isinstance(schema_id := next(iter(schemas)), str):
            return []
        request = Payload(
            source=payload.source,
            data=part.data,
            line=part.line,
            column=part.column,
            locate=part.locate,
            source_line=payload.source_line,
            schema_id=schema_id,
            side=REQUEST_SIDE,
        )
        operation = with_body[0].operation
        against = CheckedAgainst(
            schema_id, "http", payload.method, with_body[0].template, operation.page
        )
        return [finding.changed(against=against) for finding in self.check(request)]

    def _checks(self, payload: Payload) -> bool:
        """The payload's side is one the settings check; a capture that could not be read is
        about neither side and always reported."""
        return payload.unreadable is not None or self.settings.checks_side(payload.side)

    def _rule_for(self, role: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.role == role), None)

    def check_fully(self, payload: Payload) -> list[Finding]:
        if not self._checks(payload):
            return []
        if payload.truncated or len(payload.data) > self.settings.max_size:  # not read: too large
            found = self.full_path.check_unread(payload, self._rules_with_role(OVERSIZED_BODY))
        elif holds_too_many_items(payload.data, self.settings.max_items):  # not read: too many
            found = self.full_path.check_unread(payload, self._rules_with_role(TOO_MANY_VALUES))
        else:
            found = self.full_path.check(payload, self.rules)
        return with_side(found, payload.side)

    def line_checker(self, schema_id: str | None = None) -> Callable[[bytes], bool]:
        """The fast path's verdict on a JSON Lines record or a short ``.json`` file's bytes
        (see ``FastPath.line_checker``); every record passes when responses are not checked."""
        if not self.settings.checks_side(RESPONSE_SIDE):
            return lambda line: True
        return self.fast_path.line_checker(schema_id)

    def accepts_file(self, data: bytes, schema_id: str | None) -> bool:
        """The fast path's verdict on the whole of a ``.json`` file, without a Payload."""
        if not self.settings.checks_side(RESPONSE_SIDE):
            return True
        return self.fast_path.accepts_file(data, schema_id)

    def _passes_fast_path(self, payload: Payload) -> bool:
        return self.fast_path.passes(payload)

    def _rules_with_role(self, role: str) -> list[Rule]:
        return [rule for rule in self.rules if rule.role == role]
