"""A captured request's path and query parameters against its operation's parameter tables.

A URL carries text, so each value is read as its documented type first: ``10`` is an Integer,
``true`` a Boolean, anything else stays a string and is a type mismatch (S001). A value outside
a documented list is S004; a query parameter the Mandatory column requires and the URL lacks is
S002 (an indexed key, ``dim.0``, stands for ``dim``). Array-typed and untyped parameters are
only checked for presence; an empty value and a placeholder (``{project_id}``, ``<id>``) are
not checked. Every finding is on the request side, at the request's URL in the capture, and
cites the table row.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from envelint.captures.payload import REQUEST_SIDE, Payload
from envelint.catalog.operations import OperationMatch
from envelint.common.findings import CheckedAgainst, DocRow, Finding
from envelint.rules.base import Rule
from envelint.rules.contract import PARAMETER_MISSING, PARAMETER_NOT_LISTED, PARAMETER_TYPE

INTEGER = re.compile(r"^[-+]?\d+$")
NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")
TYPE_WORDS = {"integer": "Integer", "number": "Number", "boolean": "Boolean", "string": "String"}
TYPE_MISMATCH, MISSING, NOT_IN_ENUM = PARAMETER_TYPE, PARAMETER_MISSING, PARAMETER_NOT_LISTED
PARAMETER_MARKER = "request: "  # a body's finding says "request body: "
# A value an example writes in place of a real one: {project_id}, {{id}}, ${id}, <id>.
PLACEHOLDER = re.compile(r"[{}]|^<[^<>]*>$")
# An indexed query key stands for its parameter: ``dim.0=...`` for ``dim`` ("dim.{i}").
INDEXED = re.compile(r"(?:\.\d+|\[\d*\])$")


def check_parameters(
    payload: Payload,
    match: OperationMatch,
    rule_for: Callable[[str], Rule | None],  # the enabled rule playing a role
    severity_of: Callable[[Rule], Any],
    against: CheckedAgainst,
) -> list[Finding]:
    request = match.operation.request
    if request is None or payload.url is None or payload.request_at is None:
        return []
    line, column = payload.request_at
    found: list[tuple[str, str, dict[str, Any] | None]] = []  # (code, message, schema)
    for name, value in match.values.items():
        found.extend(_value_problems("path parameter", name, unquote(value), request.path))
    query = dict(parse_qsl(urlsplit(payload.url).query, keep_blank_values=True))
    for name, value in query.items():
        found.extend(_value_problems("query parameter", name, value, request.query))
    properties = (request.query or {}).get("properties", {})
    # "dim.0" stands for dim, and "?{domain_id}" (a placeholder for the whole pair) for domain_id
    present = set(query) | {INDEXED.sub("", name).strip("{}") for name in query}
    for name in (request.query or {}).get("required", ()):
        if name not in present:
            message = (
                f"the URL has no query parameter `{name}`, "
                "which the documentation marks as mandatory"
            )
            found.append((MISSING, message, properties.get(name)))
    findings = []
    for code, message, schema in found:
        rule = rule_for(code)
        if rule is None:
            continue
        doc = DocRow.from_annotation(schema.get("x-doc")) if schema else None
        findings.append(
            Finding(
                code=rule.code,
                rule=rule.name,
                severity=severity_of(rule),
                message=PARAMETER_MARKER + message,
                path=payload.source,
                line=line,
                column=column,
                doc=doc,
                excerpt=payload.source_line(line).rstrip("\r\n") if payload.source_line else None,
                against=against,
                side=REQUEST_SIDE,
            )
        )
    return findings


def _value_problems(
    place: str, name: str, text: str, parameters: dict[str, Any] | None
) -> list[tuple[str, str, dict[str, Any] | None]]:
    schema = (parameters or {}).get("properties", {}).get(name)
    if not isinstance(schema, dict) or not text or PLACEHOLDER.search(text):
        return []  # an empty value or a placeholder is one left for the reader to fill in
    kind = schema.get("type")
    value = _typed(text, kind)
    shown = json.dumps(text, ensure_ascii=False)[:80]
    if kind in TYPE_WORDS and value is None:
        said = TYPE_WORDS[str(kind)]
        return [
            (
                TYPE_MISMATCH,
                f"{place} `{name}` is {shown} where the documentation says {said}",
                schema,
            )
        ]
    listed = schema.get("enum")
    if isinstance(listed, list) and value is not None and value not in listed:
        values = ", ".join(json.dumps(item, ensure_ascii=False) for item in listed[:5])
        more = ", …" if len(listed) > 5 else ""
        message = f"{place} `{name}` is {shown}, not one of the documented values [{values}{more}]"
        return [(NOT_IN_ENUM, message[:180], schema)]
    return []


def _typed(text: str, kind: object) -> object | None:
    """The URL's text as the documented type; None when it is not one. Untyped: the text."""
    if kind == "integer":
        return int(text) if INTEGER.match(text) else None
    if kind == "number":
        return float(text) if NUMBER.match(text) else None
    if kind == "boolean":
        return {"true": True, "false": False}.get(text.lower())
    return text
