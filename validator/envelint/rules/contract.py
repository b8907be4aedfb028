"""How a rule takes part in the fast path, and which part it plays for the rest of envelint.

The fast path answers "no finding" for a valid payload in one compiled-validator call, so every
rule must say how that answer stays true for it. A rule module declares one of:

- :data:`DECIDED_BY_SCHEMA`: the rule never fires on a payload that orjson parses and the
  compiled schema accepts (the default).
- :class:`FoldedIntoSchema`: the rule's constraint is added to the string fields of the
  validation schema, tagged with the rule's code; the full path reads its errors back.
- :class:`TextPreCheck`, :class:`ShapePreCheck`, :class:`LimitPreCheck`: a cheap look at the
  bytes or the parsed value that sends the payload to the full path when the rule may fire.

The engine composes these when it builds its validators and per-shape plans; it never names a
rule.

The parts are named tuples rather than frozen dataclasses: every run imports them all, and a
frozen dataclass costs half a millisecond to define, which ``validate one.json`` would pay.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from envelint.catalog.matching import Selection


class Limits(NamedTuple):
    """The configured bounds of one payload (max-depth, max-size, max-items)."""

    max_depth: int
    max_size: int
    max_items: int


class DecidedBySchema(NamedTuple):
    """Never fires on a payload that orjson parses and the compiled schema accepts."""


DECIDED_BY_SCHEMA = DecidedBySchema()


class FoldSite(NamedTuple):
    """Where a folded constraint would go: a field that allows strings, and what is around it."""

    name: str  # the field's name
    node: Mapping[str, Any]  # the field's documented schema (description, x-format, x-doc ...)
    abnormal: bool  # the schema is an error response's
    root: Mapping[str, Any]  # the whole documented schema (reference-wide annotations)


class FoldedIntoSchema(NamedTuple):
    """The rule is a constraint on string fields, folded into the validation schema.

    ``constraint(site, options)`` gives the JSON Schema to add to the field at ``site``
    (:class:`FoldSite`), or None to leave it.
    ``may_break``, when given, is a cheap look at a JSON text that is False only when no string
    in it can break the constraint: the engine then validates a long text that it clears
    without the constraint (a regex call on every string spared).
    """

    constraint: Callable[[FoldSite, Any], dict[str, Any] | None]
    may_break: Callable[[bytes], bool] | None = None


class TextPreCheck(NamedTuple):
    """``may_fire(text, value)``: True when the rule may fire on this JSON text and orjson's
    value of it, which sends the payload to the full path. Runs on every record: keep it cheap.
    """

    may_fire: Callable[[bytes, object], bool]


class ShapePreCheck(NamedTuple):
    """``for_shape(value, selection)``: the check for values with these top-level keys and this
    selection (True: may fire), or None when no value of that shape can make the rule fire.
    The engine asks once per shape, so most records pay nothing."""

    for_shape: Callable[[object, Selection], Callable[[object], bool] | None]


class LimitPreCheck(NamedTuple):
    """``exceeds(text, limits)``: True when the text may break the limit (the full path looks).
    ``safe_length(limits)``: a text no longer than this cannot break it, so the JSON Lines loop
    skips the check (0: any text may)."""

    exceeds: Callable[[bytes, Limits], bool]
    safe_length: Callable[[Limits], int]


FastPathPart = DecidedBySchema | FoldedIntoSchema | TextPreCheck | ShapePreCheck | LimitPreCheck


# Roles: what the engine, the configuration and the pipeline ask a rule for by its part rather
# than by its code. At most one rule plays each role.
SKIPPED_BODY = "skipped-body"  # reports a response that was not read (not JSON by content type)
OVERSIZED_BODY = "oversized-body"  # reports a payload too large to read
UNREADABLE_CAPTURE = "unreadable-capture"  # reports a capture file that could not be read
TOO_MANY_VALUES = "too-many-values"  # reports a payload with more values than are read
UNDOCUMENTED_FIELDS = "undocumented-fields"  # the configuration's ``undocumented`` setting
NO_DOCUMENTED_RESPONSE = "no-documented-response"  # a payload that matches no response
UNUSED_SUPPRESSION = "unused-suppression"  # reported by the suppression step
# A captured request's path and query parameters (engine/parameters.py): their value is not of
# the documented type, a mandatory one is absent, a value is outside the documented list.
PARAMETER_TYPE = "parameter-type"
PARAMETER_MISSING = "parameter-missing"
PARAMETER_NOT_LISTED = "parameter-not-listed"
