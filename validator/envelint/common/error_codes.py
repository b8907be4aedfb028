"""The form error codes share: each code's shape, letters as written, digits counted.

"DCS.4001" is DCS (any case), a dot and four digits or more; "111400063" is nine digits or
more (a service lists its older, shorter codes and returns longer ones of the same form: the
listed "ModelArts.0116" beside the returned "ModelArts.50004000"). The form of a
list of codes is any of their shapes, as an anchored pattern, with one code of each shape as an
example. Derive finds the codes a reference lists (``derive.error_codes``); rule E004 holds
error responses to their form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

PARTS = re.compile(r"[A-Za-z]+|\d+|[^A-Za-z\d]")
# A code as prose quotes it: a prefix, a separator and digits ("such as Ecs.0005").
QUOTED_CODE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*[._\-][0-9]{3,8}\b")
# Where a derived schema carries the form of the codes its reference lists.
ANNOTATION = "x-error-code-form"


@dataclass(frozen=True)
class CodeForm:
    pattern: str  # a full-match pattern (anchored)
    examples: tuple[str, ...]  # one code of each shape

    def as_annotation(self) -> dict[str, object]:
        return {"pattern": self.pattern, "examples": list(self.examples)}


def quoted_codes(text: str) -> list[str]:
    """Codes a description quotes ("Error code, such as Ecs.0005")."""
    return QUOTED_CODE.findall(text)


def code_form(codes: Iterable[str]) -> CodeForm | None:
    """The pattern any of ``codes``'s shapes matches, or None for no code."""
    shapes: dict[str, str] = {}
    for code in codes:
        shapes.setdefault(shape(code), code)
    if not shapes:
        return None
    alternatives = "|".join(sorted(shapes))
    return CodeForm(f"^(?:{alternatives})$", tuple(shapes[key] for key in sorted(shapes)))


def shape(code: str) -> str:
    """ "DCS.4001" -> "[Dd][Cc][Ss]\\.[0-9]{4,}": letters in any case, at least as many digits."""
    parts = []
    for part in PARTS.findall(code):
        if part.isdigit():
            parts.append(f"[0-9]{{{len(part)},}}")
        elif part.isalpha():
            parts.append("".join(f"[{c.upper()}{c.lower()}]" for c in part))
        else:
            parts.append(re.escape(part))
    return "".join(parts)
