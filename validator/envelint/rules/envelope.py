"""Rules on the envelope: is this payload recognisably one of the documented responses?"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from envelint.catalog.matching import ERROR_KEY, UNDOCUMENTED_OPERATION, UNDOCUMENTED_STATUS
from envelint.common.findings import Severity
from envelint.jsontext.model import UNKNOWN
from envelint.jsontext.pointer import resolve as resolve_pointer
from envelint.rules.base import (
    ERROR_BESIDE_FIELDS,
    NO_SCHEMA,
    SKIPPED,
    PayloadContext,
    SchemaError,
    Violation,
    field_name,
    rule,
    short_value,
)

# A whole string that stands for a value rather than being one: XXX, xxxx, ****, ..., <id>, ${id}.
# A masked error code (Ecs.xxxx, ECS.XXXX) stands for one too.
PLACEHOLDER_PATTERN = (
    r"^(?:[Xx]{3,}|\*{3,}|\.{3}|\u2026|<[^<>]+>|\$\{[^{}]+\}|\{\{[^{}]+\}\}"
    r"|[A-Za-z][A-Za-z0-9]*\.(?:[Xx]{3,}|\*{3,}))$"
)
# Where the JSON text of a placeholder must show: a string opening on one of the pattern's first
# characters, a masked suffix (".XXX"), or an escape (\u2026) that could spell either. A text
# with none of these holds no placeholder value; a false alarm only costs the full check.
PLACEHOLDER_MARKS = r'"[Xx*.\u2026<${]|\.[Xx*]|\\u'


def may_hold_placeholder(data: bytes) -> bool:
    """False when no string in this JSON text can be a placeholder (PLACEHOLDER_PATTERN)."""
    try:
        text = data.decode()
    except UnicodeDecodeError:
        return True
    return _placeholder_marks().is_valid(text)


@functools.cache
def _placeholder_marks():
    import jsonschema_rs

    # The pattern keyword is the Rust regex crate, whose literal prefilter scans a 4 KB record
    # in 1.4 us with the decode (bench/record_costs.py); Python's re took 20 us for the marks.
    return jsonschema_rs.validator_for({"pattern": PLACEHOLDER_MARKS})


# Service prefix, a dot, digits: Ecs.0005, IAM.0006, CCE.01401001.
ERROR_CODE_PATTERN = r"^[A-Za-z][A-Za-z0-9]*\.[0-9]{4,8}$"
ERROR_CODE_FIELDS = frozenset({"code", "error_code", "errorCode"})
_HEX32 = "[0-9a-fA-F]{32}"
_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# The Order ID Response page documents order ids such as CS2009141523OQSEQ.
_ORDER_FORM = "[A-Z0-9]{10,32}"
ID_PATTERNS = {
    "job_id": f"^(?:{_HEX32}|{_UUID})$",
    "order_id": f"^(?:{_HEX32}|{_UUID}|{_ORDER_FORM})$",
}
ID_FIELDS = frozenset(ID_PATTERNS)


def normal_fields_beside_error(value: object, normal_fields: frozenset[str]) -> list[str]:
    """Top-level fields of a normal response that stand next to an ``error`` object."""
    if not isinstance(value, dict) or not isinstance(value.get(ERROR_KEY), dict):
        return []
    return normal_keys_beside_error(value, normal_fields)


def normal_keys_beside_error(keys: Iterable[str], normal_fields: frozenset[str]) -> list[str]:
    """The keys of a normal response among ``keys``, if ``error`` is one of them."""
    keys = list(keys)
    if ERROR_KEY not in keys:
        return []
    return [key for key in keys if key != ERROR_KEY and key in normal_fields]


@rule("E001", "ambiguous-envelope", Severity.ERROR, triggers=(ERROR_BESIDE_FIELDS,))
def ambiguous_envelope(context: PayloadContext) -> Iterator[Violation]:
    """The payload carries an ``error`` object and normal response fields together.

    A client cannot tell whether the call succeeded. The payload is checked as the abnormal
    response.

    Bad::

        {"job_id": "ff80808288d41e1b018990260955686a",
         "error": {"message": "Quota exceeded.", "code": "Ecs.0005"}}

    Good::

        {"error": {"message": "Quota exceeded.", "code": "Ecs.0005"}}
    """
    both = normal_fields_beside_error(context.value, context.normal_fields)
    if both:
        listed = ", ".join(f"`{name}`" for name in both)
        yield Violation(
            f"the payload has an `error` object and normal response fields ({listed}); "
            "a response is one or the other",
            pointer="",
            hint="return the normal fields on success and only `error` on failure",
        )


@rule("E002", "unrecognized-envelope", Severity.ERROR, triggers=(NO_SCHEMA,))
def unrecognized_envelope(context: PayloadContext) -> Iterator[Violation]:
    """The payload matches no documented response: no field of any documented envelope.

    Bad (the documentation knows ``job_id``, ``order_id`` and ``error``)::

        {"status": "accepted"}

    Good::

        {"job_id": "ff80808288d41e1b018990260955686a"}
    """
    value = context.value
    if context.entry is not None or value is UNKNOWN:  # nothing recovered: J001 says why
        return
    if isinstance(value, dict):
        found = ", ".join(f"`{key}`" for key in list(value)[:5]) or "no fields"
        message = f"the payload matches no documented response (it has {found})"
    else:
        message = "the payload is not a JSON object, and every documented response is one"
    yield Violation(
        message,
        pointer="",
        hint="pass --schema ID to check it against a given response",
    )


def _request(context: PayloadContext) -> str:
    payload = context.payload
    return f"{(payload.method or '').upper()} {payload.url}"


@rule("E006", "undocumented-operation", Severity.WARNING, triggers=(UNDOCUMENTED_OPERATION,))
def undocumented_operation(context: PayloadContext) -> Iterator[Violation]:
    """The request's method and path match no operation the documentation describes.

    The payload is still checked, against the response its shape suggests.

    Bad (a captured ``POST /v1/{project_id}/cloudservers/resize`` that no page documents)::

        {"job_id": "ff80808288d41e1b018990260955686a"}

    Good: a capture of a documented operation, such as ``POST /v1/{project_id}/cloudservers``.
    """
    if UNDOCUMENTED_OPERATION in context.notes:
        yield Violation(
            f"{_request(context)} matches no documented operation",
            pointer="",
            hint="document the operation, or check that the capture's URL is right",
        )


@rule("E007", "undocumented-status", Severity.WARNING, triggers=(UNDOCUMENTED_STATUS,))
def undocumented_status(context: PayloadContext) -> Iterator[Violation]:
    """The response has a status code that its operation's page does not list.

    Bad (the page documents ``**Status code: 200**`` and ``**Status code: 400**``): a captured
    ``HTTP/1.1 422`` response.

    Good: a captured ``HTTP/1.1 400`` response with the documented error body.
    """
    if UNDOCUMENTED_STATUS in context.notes:
        documented = sorted(
            {entry.status for entry in context.candidates if entry.status is not None}
        )
        listed = ", ".join(str(status) for status in documented)
        yield Violation(
            f"status {context.payload.status} of {_request(context)} is not documented "
            f"(the page lists {listed})",
            pointer="",
        )


@rule("E008", "non-json-body", Severity.INFO, triggers=(SKIPPED,))
def non_json_body(context: PayloadContext) -> Iterator[Violation]:
    """A captured response whose content type is not JSON was skipped.

    Bad: a HAR entry with ``"mimeType": "text/html"`` for an API call (an error page from a
    proxy, say).

    Good: ``"mimeType": "application/json"``.
    """
    if context.payload.skipped_reason:
        yield Violation(
            f"response of {_request(context)} skipped: {context.payload.skipped_reason}",
            pointer=None,
        )


def _form_errors(context: PayloadContext, code: str) -> Iterator[tuple[SchemaError, str, str]]:
    """A folded form rule's errors, with the field and quoted value; placeholders are E003's."""
    for error in context.errors(code):
        raw = resolve_pointer(context.value, error.pointer)
        if re.fullmatch(PLACEHOLDER_PATTERN, str(raw)):
            continue
        name, value = _name_and_value(context, error)
        yield error, name, value


def _name_and_value(context: PayloadContext, error: SchemaError) -> tuple[str, str]:
    return field_name(error.pointer), short_value(resolve_pointer(context.value, error.pointer))


@rule("E003", "placeholder-value", Severity.WARNING, triggers=("E003",))
def placeholder_value(context: PayloadContext) -> Iterator[Violation]:
    """A documented field holds a placeholder (``"XXX"``, ``"xxxx"``, ``"****"``, ``"<id>"``).

    Real responses carry real values; documentation examples should too, or say why not. Masked
    parts inside a value (``"59f6d088-****-****"``) are not placeholders.

    Bad::

        {"error": {"message": "xxxx", "code": "Ecs.0005"}}

    Good::

        {"error": {"message": "The flavor does not exist.", "code": "Ecs.0005"}}
    """
    for error in context.errors("E003"):
        name, value = _name_and_value(context, error)
        yield Violation(
            f"{name} is {value}, a placeholder where a real value is expected",
            pointer=error.pointer,
            doc=context.doc_row(error.schema_path[:-2]),
        )


@rule("E004", "error-code-form", Severity.ERROR, triggers=("E004",))
def error_code_form(context: PayloadContext) -> Iterator[Violation]:
    """An error code is not in the documented form: a service prefix, a dot and digits.

    Only string codes are checked here; a code of another type than its table says is S001.

    Bad::

        {"error": {"message": "Created.", "code": "201 Created"}}

    Good::

        {"error": {"message": "The flavor does not exist.", "code": "Ecs.0005"}}
    """
    for error, name, value in _form_errors(context, "E004"):
        yield Violation(
            f"{name} is {value}, not an error code of the documented form "
            "(a service prefix, a dot and digits, such as 'Ecs.0005')",
            pointer=error.pointer,
            doc=context.doc_row(error.schema_path[:-2]),
        )


@rule("E005", "id-form", Severity.WARNING, triggers=("E005",))
def id_form(context: PayloadContext) -> Iterator[Violation]:
    """A ``job_id`` or ``order_id`` is neither 32 hex digits, nor a UUID, nor the documented form.

    Clients pass these ids back to query the job or order, so a malformed one is a broken promise.

    Bad::

        {"job_id": "job-42"}

    Good::

        {"job_id": "ff80808288d41e1b018990260955686a"}
    """
    for error, name, value in _form_errors(context, "E005"):
        yield Violation(
            f"{name} is {value}, which is neither 32 hex digits nor a UUID"
            + (" nor an order number such as 'CS2009141523OQSEQ'" if "order_id" in name else ""),
            pointer=error.pointer,
            doc=context.doc_row(error.schema_path[:-2]),
        )
