"""Rules on the envelope: is this payload recognisably one of the documented responses?"""

from __future__ import annotations

from collections.abc import Iterator

from validator.findings import Severity
from validator.rules.base import PayloadContext, Violation, rule

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
    if context.entry is not None or context.selection == "syntax":
        return
    value = context.value
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
