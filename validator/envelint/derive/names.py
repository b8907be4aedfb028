"""What a Parameter cell names: a field, alternatives ("a or b"), any key, or the body itself."""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELD = "field"
ANY_KEY = "any-key"  # "{User defined key}", "<attribute>", "Network address of the ECS"
BODY = "body"  # "[items]", "-", "Array elements": the row is the whole body (an array, a file)
MAP_KEY = "map-key"  # "vpc_id | ... | key: the ID of the VPC; value: ...": the parent is a map
NAME_PATTERN = "pattern"  # "{resources}_links": a placeholder inside a name, one name per resource
PLACEHOLDER = re.compile(r"\{[^{}\s]+\}")
PATTERN_NAME = re.compile(r"^[\w.\-]*\{[^{}\s]+\}[\w.\-{}]*$")

STRAY_SPACE = re.compile(r"(?<=\w)\s+_|_\s+(?=\w)")  # "protocol _id"
BODY_NAME = re.compile(
    r"^(?:-|\[\s*(?:(?:array|list)\s+)?(?:items?|elements?)?\s*\]|"
    r"(?:array|list)\s+(?:elements?|items?|members?))$",
    re.IGNORECASE,
)
ANY_KEY_NAME = re.compile(
    r"^(?:\{.*\}|<.*>|\$\{.*\}|\*)$|\buser[- ]?defined\b|\bcustom(?:ized)? key\b|\bany key\b",
    re.IGNORECASE,
)
IDENTIFIER = r"[^\s(（,;\[]+"
ALTERNATIVES = re.compile(rf"^{IDENTIFIER}(?: or {IDENTIFIER})+$")
TOKEN = re.compile(rf"^(?P<token>{IDENTIFIER})\s*(?P<rest>.*)$", re.DOTALL)
# "servers[].id", "spec.volume[0].size": a path into a flattened table, one name.
PATH_NAME = re.compile(r"^[\w\-]+(?:\[[^\]\s]*\])?(?:\.[\w\-]+(?:\[[^\]\s]*\])?)+$")
ASIDE = ("(", "（", "[", ",", ";", ":")


@dataclass(frozen=True)
class FieldName:
    names: tuple[str, ...]
    role: str = FIELD


def read_name(text: str) -> FieldName | None:
    text = STRAY_SPACE.sub("_", text.strip())
    if not text:
        return None
    if BODY_NAME.match(text):
        return FieldName((text,), BODY)
    if PATTERN_NAME.match(text) and PLACEHOLDER.sub("", text):
        return FieldName((text,), NAME_PATTERN)
    if ANY_KEY_NAME.search(text):
        return FieldName((text,), ANY_KEY)
    if PATH_NAME.match(text):
        return FieldName((text,))
    if ALTERNATIVES.match(text):
        return FieldName(tuple(text.split(" or ")))
    match = TOKEN.match(text)
    if match is None:
        return None
    rest = match.group("rest")
    if rest and not rest.startswith(ASIDE):
        return FieldName((text,), ANY_KEY)  # a phrase, not an identifier: any key fits
    return FieldName((match.group("token"),))


def name_regex(name: str) -> str:
    """The names a patterned name stands for: "{resources}_links" -> ``^.+_links$``."""
    parts = PLACEHOLDER.split(name)
    return "^" + ".+".join(re.escape(part) for part in parts) + "$"
