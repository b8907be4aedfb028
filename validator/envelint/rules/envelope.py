"""Rules on the envelope: is this payload recognisably one of the documented responses?"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from envelint.catalog.matching import (
    ERROR_KEY,
    NO_OPERATIONS,
    UNDOCUMENTED_OPERATION,
    UNDOCUMENTED_STATUS,
)
from envelint.common.error_codes import ANNOTATION as CODE_FORM_ANNOTATION
from envelint.common.error_codes import code_form, quoted_codes
from envelint.common.findings import Severity
from envelint.jsontext.model import UNKNOWN
from envelint.jsontext.pointer import resolve as resolve_pointer
from envelint.jsontext.pointer import split as split_pointer
from envelint.rules.base import (
    ERROR_BESIDE_FIELDS,
    NO_SCHEMA,
    SKIPPED,
    PayloadContext,
    SchemaError,
    Violation,
    field_name,
    rule,
    short_names,
    short_value,
)
from envelint.rules.contract import (
    NO_DOCUMENTED_RESPONSE,
    SKIPPED_BODY,
    FoldedIntoSchema,
    FoldSite,
    ShapePreCheck,
)

if TYPE_CHECKING:
    from envelint.catalog.matching import Selection

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
# In a field that holds a secret (a password, a token, a secret key), a value made only of mask
# characters ("********", "xxxxxx") is the secret redacted on purpose, not a value left to fill in:
# there the placeholders are only the template forms ("<password>", "${TOKEN}", "...").
SECRET_PLACEHOLDER_PATTERN = (
    r"^(?:\.{3}|\u2026|<[^<>]+>|\$\{[^{}]+\}|\{\{[^{}]+\}\}"
    r"|[A-Za-z][A-Za-z0-9]*\.(?:[Xx]{3,}|\*{3,}))$"
)
# A name whose last word is one of these, or ends in one of the pairs, names a secret; so does
# a name that spells a password or a secret inside a longer word (dbpassword, adminSecret).
_SECRET_WORDS = frozenset(
    {"password", "passwd", "pwd", "pass", "passphrase", "secret", "token", "sk", "credential"}
)
_SECRET_PAIRS = frozenset({"access key", "secret key", "private key", "api key", "auth key"})
_SECRET_INSIDE = re.compile(r"password|passwd|secret", re.IGNORECASE)
# Last words that make a name about a secret rather than the secret itself (password_length,
# token_expires_at, secret_name): their masked values are placeholders as any other.
_NOT_SECRET_HEADS = frozenset(
    {
        "name",
        "names",
        "id",
        "ids",
        "type",
        "length",
        "policy",
        "mode",
        "status",
        "time",
        "at",
        "expires",
        "expire",
        "expiry",
        "enabled",
        "enable",
        "count",
        "url",
        "uri",
        "version",
        "hint",
    }
)
# A description that opens by saying the field is a password or a key ("Database password.",
# "Specifies the login password of the user.").
_SECRET_DESCRIPTION = re.compile(
    r"^(?:specifies |indicates )?(?:the |a |an )?(?:[\w-]+ ){0,2}"
    r"(?:password|passphrase|secret key|private key|access key|secret access key)\b",
    re.IGNORECASE,
)


def may_hold_placeholder(data: bytes) -> bool:
    """False when no string in this JSON text can be a placeholder (PLACEHOLDER_PATTERN)."""
    try:
        text = data.decode()
    except UnicodeDecodeError:
        return True
    may_hold: bool = _placeholder_marks().is_valid(text)
    return may_hold


@functools.cache
def _placeholder_marks() -> Any:
    import jsonschema_rs

    # The pattern keyword is the Rust regex crate, whose literal prefilter scans a 4 KB record
    # in 1.4 us with the decode (bench/record_costs.py); Python's re took 20 us for the marks.
    return jsonschema_rs.validator_for({"pattern": PLACEHOLDER_MARKS})


# Service prefix, a dot, digits: Ecs.0005, IAM.0006, CCE.01401001. Only where the documentation
# shows no form of its own (E004's docstring).
ERROR_CODE_PATTERN = r"^[A-Za-z][A-Za-z0-9]*\.[0-9]{4,8}$"
ERROR_CODE_FIELDS = frozenset({"code", "error_code", "errorCode"})
_ERROR_CODE_FORM = 'a service prefix, a dot and digits, such as "Ecs.0005"'
_HEX32 = "[0-9a-fA-F]{32}"
_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# The form of an id whose row says "UUID": a UUID, or its 32 hex digits without the dashes.
UUID_FORM = f"^(?:{_HEX32}|{_UUID})$"
ID_FIELDS = frozenset({"job_id", "order_id"})
# How a finding describes a form it did not take from the configuration (x-form of the fold).
FORM_NOTE = "x-form"
_PATTERN = {"type": "string", "format": "regex", "minLength": 1, "x-expected": "a pattern"}


# What a configuration may write under ``rules: {E004: ...}`` and ``{E005: ...}``.
_ERROR_CODE_OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "x-expected": "a mapping of E004's options (pattern, fields, form)",
    "additionalProperties": False,
    "properties": {
        "pattern": _PATTERN,
        "fields": {
            "type": "array",
            "minItems": 1,
            "x-expected": "a list of field names",
            "items": {"type": "string", "minLength": 1, "x-expected": "a field name"},
        },
        "form": {"type": "string", "minLength": 1, "x-expected": "a description"},
    },
}

_ID_OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "x-expected": "a mapping of E005's options (patterns)",
    "additionalProperties": False,
    "properties": {
        "patterns": {
            "type": "object",
            "x-expected": "a mapping of field names to patterns",
            "additionalProperties": _PATTERN,
        },
    },
}


class ErrorCodeOptions(NamedTuple):  # a named tuple: cheaper to define than a dataclass
    """E004's options: which fields of an error response hold its code, and their form."""

    pattern: str | None = None  # configured; None: the form the documentation shows
    fields: frozenset[str] = ERROR_CODE_FIELDS
    form: str | None = None  # how a finding describes a configured pattern

    @classmethod
    def schema(cls) -> dict[str, Any]:
        """What a configuration may write under ``rules: {E004: ...}``."""
        return _ERROR_CODE_OPTIONS_SCHEMA

    @classmethod
    def from_config(cls, written: dict[str, Any]) -> ErrorCodeOptions:
        pattern = written.get("pattern")
        default_form = f"matching {pattern}" if pattern is not None else None
        return cls(
            pattern=pattern,
            fields=frozenset(written.get("fields", ERROR_CODE_FIELDS)),
            form=written.get("form", default_form),
        )


class IdOptions(NamedTuple):
    """E005's options: the configured pattern of each id field (none by default)."""

    patterns: dict[str, str]

    @classmethod
    def schema(cls) -> dict[str, Any]:
        """What a configuration may write under ``rules: {E005: ...}``."""
        return _ID_OPTIONS_SCHEMA

    @classmethod
    def from_config(cls, written: dict[str, Any]) -> IdOptions:
        return cls(patterns=dict(written.get("patterns", {})))


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


def _error_beside_fields_check(
    value: object, selection: Selection
) -> Callable[[object], bool] | None:
    """For E001's place in the fast path: None unless these keys hold ``error`` and a field of
    the selection's normal response, so the check costs nothing on most records."""
    fields = selection.normal_fields
    if not isinstance(value, dict) or not normal_keys_beside_error(value, fields):
        return None
    return lambda value: bool(normal_fields_beside_error(value, fields))


@rule(
    "E001",
    "ambiguous-envelope",
    Severity.ERROR,
    triggers=(ERROR_BESIDE_FIELDS,),
    fast_path=ShapePreCheck(_error_beside_fields_check),
)
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
        listed = short_names(both)
        yield Violation(
            f"the payload has an `error` object and normal response fields ({listed}); "
            "a response is one or the other",
            pointer="",
            hint="return the normal fields on success and only `error` on failure",
        )


@rule(
    "E002",
    "unrecognized-envelope",
    Severity.ERROR,
    triggers=(NO_SCHEMA,),
    role=NO_DOCUMENTED_RESPONSE,
)
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
    if any(note != NO_OPERATIONS for note in context.notes):  # E006 or E007 says so
        return
    if isinstance(value, dict):
        found = short_names(list(value)[:5]) or "no fields"
        message = f"the payload matches no documented response (it has {found})"
    else:
        message = "the payload is not a JSON object, and every documented response is one"
    yield Violation(message, pointer="", hint=_unrecognized_hint(context))


def _unrecognized_hint(context: PayloadContext) -> str:
    """With a request and status known, the body was matched by its shape only because the
    catalog in use documents no operation (the built-in one, of envelope pages): say so."""
    if NO_OPERATIONS in context.notes:
        return (
            "the catalog in use documents no operations: name your documentation "
            "(docs: in .envelint.yaml, --catalog, or envelint check DOCS CAPTURES)"
        )
    return "pass --schema ID to check it against a given response"


def _request(context: PayloadContext) -> str:
    payload = context.payload
    return f"{(payload.method or '').upper()} {payload.url}"


@rule("E006", "undocumented-operation", Severity.WARNING, triggers=(UNDOCUMENTED_OPERATION,))
def undocumented_operation(context: PayloadContext) -> Iterator[Violation]:
    """The request's method and path match no operation the documentation describes.

    The body is not checked: there is no documented response to check it against, and a
    schema guessed from its shape would make findings of guesses.

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

    The body is not checked: the page documents no response for that status (nor, for an error
    on a page that lists no status codes, any error response), and another page's would be a
    guess. A status the page lists without a body table is documented: nothing is reported. The
    finding names the operation the request matched and its page (no schema), so reports group
    it under that operation.

    Bad (the page documents ``**Status code: 200**`` and ``**Status code: 400**``): a captured
    ``HTTP/1.1 422`` response.

    Good: a captured ``HTTP/1.1 400`` response with the documented error body.
    """
    if UNDOCUMENTED_STATUS in context.notes:
        status = context.payload.status
        documented = context.documented_statuses
        if documented:
            listed = f"the page lists {', '.join(str(code) for code in documented)}"
        else:  # a page without status codes, and no response of this one's kind
            listed = (
                f"the page documents no {'error' if (status or 0) >= 400 else 'success'} response"
            )
        yield Violation(
            f"status {status} of {_request(context)} is not documented ({listed})",
            pointer="",
        )


@rule("E008", "non-json-body", Severity.INFO, triggers=(SKIPPED,), role=SKIPPED_BODY)
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


def _placeholder_constraint(site: FoldSite, options: None) -> dict[str, Any]:
    secret = holds_secret(site.name, str(site.node.get("description", "")))
    pattern = SECRET_PLACEHOLDER_PATTERN if secret else PLACEHOLDER_PATTERN
    return {"not": {"type": "string", "pattern": pattern}}


def holds_secret(name: str, description: str = "") -> bool:
    """True when a field's name or the opening of its description says it holds a secret."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).lower()
    words = re.sub(r"[-_.]", " ", spaced).split()
    if not words or words[-1] in _NOT_SECRET_HEADS:
        return False
    if words[-1] in _SECRET_WORDS or " ".join(words[-2:]) in _SECRET_PAIRS:
        return True
    if _SECRET_INSIDE.search(name):
        return True
    return bool(_SECRET_DESCRIPTION.match(description.strip()))


@rule(
    "E003",
    "placeholder-value",
    Severity.WARNING,
    triggers=("E003",),
    fast_path=FoldedIntoSchema(_placeholder_constraint, may_break=may_hold_placeholder),
)
def placeholder_value(context: PayloadContext) -> Iterator[Violation]:
    """A documented field holds a placeholder (``"XXX"``, ``"xxxx"``, ``"****"``, ``"<id>"``).

    Real responses carry real values; documentation examples should too, or say why not. Masked
    parts inside a value (``"59f6d088-****-****"``) are not placeholders, nor is a secret masked
    whole (``"db_password": "********"``, ``"token": "xxxxxx"``): a field whose name or
    description says it holds a password, a token or a secret key is redacted on purpose.

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


def _error_code_constraint(site: FoldSite, options: ErrorCodeOptions) -> dict[str, Any] | None:
    if not site.abnormal or site.name not in options.fields:
        return None
    if options.pattern is not None:
        return {"pattern": options.pattern}
    listed = site.root.get(CODE_FORM_ANNOTATION)
    if isinstance(listed, dict) and isinstance(listed.get("pattern"), str):
        return {"pattern": listed["pattern"], FORM_NOTE: _like(listed.get("examples"), "listed")}
    quoted = code_form(quoted_codes(str(site.node.get("description", ""))))
    if quoted is not None:
        return {"pattern": quoted.pattern, FORM_NOTE: _like(quoted.examples, "its row quotes")}
    return {"pattern": ERROR_CODE_PATTERN, FORM_NOTE: _ERROR_CODE_FORM}


def _like(examples: object, source: str) -> str:
    shown = [f'"{code}"' for code in examples[:3]] if isinstance(examples, list | tuple) else []
    return f"like the codes {source}: {', '.join(shown)}" if shown else f"the codes {source}"


@rule(
    "E004",
    "error-code-form",
    Severity.ERROR,
    triggers=("E004",),
    fast_path=FoldedIntoSchema(_error_code_constraint),
    options=ErrorCodeOptions,
)
def error_code_form(context: PayloadContext, options: ErrorCodeOptions) -> Iterator[Violation]:
    """An error code is not of the form the reference's own codes share.

    The form comes from the documentation, never from a built-in guess: the codes the reference
    lists in its tables with an "Error Code" column (its Error Codes appendix, a page's table of
    codes) each give a shape, their letters as written and their digits counted ("DCS.4001":
    DCS, a dot, four digits; "111400063": nine digits), and a code must have one of those
    shapes. When the reference lists none, the codes the field's own row quotes ("Error code,
    such as Ecs.0005") give the form. The built-in form, a service prefix, a dot and digits
    (the convention of the references this family publishes), applies only when the
    documentation shows no form at all: no code listed in the reference, none quoted in the
    row. A reference with codes of its own form (nine digits, say) thus never meets it as long
    as it lists them.

    Only string codes are checked here; a code of another type than its table says is S001.
    Only error responses are checked, in the fields ``code``, ``error_code`` and ``errorCode``.

    Bad (the reference lists codes such as ``Ecs.0005``)::

        {"error": {"message": "Created.", "code": "201 Created"}}

    Good::

        {"error": {"message": "The flavor does not exist.", "code": "Ecs.0005"}}

    Options (``rules: {E004: {...}}`` in the configuration), for another vendor's codes:

    - ``pattern``: the form a code must match, in place of the documented one; patterns run
      without backtracking (no look-around, no back-references).
    - ``fields``: the fields of an error response that hold its code (default ``code``,
      ``error_code``, ``errorCode``); the list replaces the default.
    - ``form``: how a finding describes the configured pattern (default: "matching" and the
      pattern).

    For example::

        rules:
          E004:
            pattern: "^[A-Z]{3}-[0-9]{4}$"
            fields: [code, errorCode]
    """
    for error, name, value in _form_errors(context, "E004"):
        form = options.form or context.subschema(error.schema_path[:-1]).get(FORM_NOTE, "")
        yield Violation(
            f"{name} is {value}, not an error code of the documented form ({form})",
            pointer=error.pointer,
            doc=context.doc_row(error.schema_path[:-2]),
        )


def _id_constraint(site: FoldSite, options: IdOptions) -> dict[str, Any] | None:
    pattern = options.patterns.get(site.name)
    if pattern is None and site.name in ID_FIELDS and site.node.get("x-format") == "uuid":
        pattern = UUID_FORM
    # An empty id is one not assigned yet ("job_id": "" before the job starts), not a bad form.
    return {"pattern": f"^$|{pattern}"} if pattern is not None else None


@rule(
    "E005",
    "id-form",
    Severity.WARNING,
    triggers=("E005",),
    fast_path=FoldedIntoSchema(_id_constraint),
    options=IdOptions,
)
def id_form(context: PayloadContext, options: IdOptions) -> Iterator[Violation]:
    """A ``job_id`` or ``order_id`` is not of the form its row documents, or the configured one.

    Clients pass these ids back to query the job or order, so a malformed one is a broken promise.
    Only a documented form is held: a row that says the id is a UUID ("Task ID, a UUID") makes
    it 32 hex digits or a UUID; a row that documents no form ("Task ID.") leaves the id
    unchecked, whatever the ids of other services look like.

    Bad (the row says "Job ID, in UUID format")::

        {"job_id": "job-42"}

    Good::

        {"job_id": "ff80808288d41e1b018990260955686a"}

    Option (``rules: {E005: {...}}`` in the configuration): ``patterns``, a mapping of id field
    names to the pattern each must match, whatever their rows say; a finding on a configured
    pattern quotes it. An empty string is an id not assigned yet, never reported. For example::

        rules:
          E005:
            patterns:
              job_id: "^[0-9a-f]{32}$"
              request_id: "^req-[0-9a-f]{16}$"
    """
    for error, name, value in _form_errors(context, "E005"):
        yield Violation(
            f"{name} is {value}, which {_id_form_missed(error.pointer, options)}",
            pointer=error.pointer,
            doc=context.doc_row(error.schema_path[:-2]),
        )


def _id_form_missed(pointer: str, options: IdOptions) -> str:
    """What an id failed to be: a configured pattern as written, the documented UUID in words."""
    pattern = options.patterns.get(split_pointer(pointer)[-1])
    if pattern is not None:
        return f"does not match {pattern}"
    return "is neither 32 hex digits nor a UUID, the form its row documents"
