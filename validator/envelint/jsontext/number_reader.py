"""Numbers: the strict reading, and what a number JSON refuses (01, +1, .5, 1., 0x1F) meant."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

from envelint.jsontext.model import UNKNOWN

STRICT_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?(?:[eE][-+]?[0-9]++)?")
_DECIMAL = re.compile(r"(?:[0-9]++\.?[0-9]*+|\.[0-9]++)(?:[eE][-+]?[0-9]++)?")
_HEX = re.compile(r"0[xX][0-9a-fA-F]++")
_LEADING_ZERO = re.compile(r"0[0-9]")
_POINT_WITHOUT_DIGIT = re.compile(r"\.(?![0-9])")
# What stands for a number too big to hold: an integer past Python's limit on digits converted
# (4,300), or a float past a double's range (1e400). It is an integer, as such a number is, and
# beyond any bound a documentation states, so the type and range checks say what they would say
# of the exact value; computing that exact value would take time quadratic in its digits.
HUGE = 10**4299


def integer(digits: str) -> int:
    """int(digits), or ±HUGE past Python's limit on digits converted to int."""
    try:
        return int(digits)
    except ValueError:
        return -HUGE if digits.startswith("-") else HUGE


def finite_float(text: str) -> float | int:
    """float(text), or ±HUGE where a double overflows (1e400): never infinity."""
    value = float(text)
    if math.isinf(value):
        return -HUGE if value < 0 else HUGE
    return value


def strict_number(text: str) -> int | float:
    """The value of a number written as RFC 8259 allows."""
    if "." in text or "e" in text or "E" in text:
        return finite_float(text)
    return integer(text)


@dataclass(frozen=True)
class LooseNumber:
    value: object  # int, float, or UNKNOWN when the text is no number at all
    reason: str  # why JSON refuses it
    hint: str | None


def read_loose_number(text: str) -> LooseNumber:
    """What a number-like text that is not a JSON number means, and why JSON refuses it."""
    sign, body = (text[0], text[1:]) if text[0] in "+-" else ("", text)
    if _HEX.fullmatch(body):
        magnitude = int(body, 16)
        value: float = -magnitude if sign == "-" else magnitude
        return LooseNumber(value, "hexadecimal numbers are not allowed", f"write {value}")
    if not _DECIMAL.fullmatch(body):
        return LooseNumber(UNKNOWN, "this is not a number", "write a number such as 12 or 0.5")
    reasons = []
    if sign == "+":
        reasons.append("a plus sign is not allowed")
    if _LEADING_ZERO.match(body):
        reasons.append("leading zeros are not allowed")
    if body.startswith("."):
        reasons.append("a digit must come before the decimal point")
    if _POINT_WITHOUT_DIGIT.search(body):
        reasons.append("a digit must follow the decimal point")
    value = finite_float(text) if any(char in body for char in ".eE") else integer(text)
    hint = f"write {json.dumps(value)}" if math.isfinite(value) else None
    return LooseNumber(value, "; ".join(reasons) or "not a JSON number", hint)
