"""Rules on the envelope: is this payload recognisably one of the documented responses?"""

from __future__ import annotations

from collections.abc import Iterator

from validator.findings import Severity
from validator.jsontext import UNKNOWN
from validator.rules.base import PayloadContext, Violation, rule
from validator.selection import UNDOCUMENTED_OPERATION, UNDOCUMENTED_STATUS

ERROR_KEY = "error"


def normal_fields_beside_error(value: object, normal_fields: set[str]) -> list[str]:
    """Top-level fields of a normal response that stand next to an ``error`` object."""
    if not isinstance(value, dict) or not isinstance(value.get(ERROR_KEY), dict):
        return []
    return [key for key in value if key != ERROR_KEY and key in normal_fields]


@rule("E001", "ambiguous-envelope", Severity.ERROR)
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
    normal_fields = {
        name
        for entry in context.candidates
        if entry.kind != "abnormal"
        for name in context.catalog_properties(entry.id)
    }
    both = normal_fields_beside_error(context.value, normal_fields)
    if both:
        listed = ", ".join(f"`{name}`" for name in both)
        yield Violation(
            f"the payload has an `error` object and normal response fields ({listed}); "
            "a response is one or the other",
            pointer="",
            hint="return the normal fields on success and only `error` on failure",
        )


@rule("E002", "unrecognized-envelope", Severity.ERROR)
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


@rule("E006", "undocumented-operation", Severity.WARNING)
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


@rule("E007", "undocumented-status", Severity.WARNING)
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


@rule("E008", "non-json-body", Severity.INFO)
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
