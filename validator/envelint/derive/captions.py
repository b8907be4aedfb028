"""Tables named after a field by their caption: "details field description",
"Data structure of the spec field", "ip_range objects", "token.user.domain", "spec/extendParam".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from envelint.derive.context import TABLE_NUMBER
from envelint.docs import DocTable

NAME = r"(?P<name>[\w.:/\-\[\]{}$@]+)"
DATA_STRUCTURE_OF = re.compile(
    rf"^(?:data structure|structure|description|parameters?|fields?) (?:of|for) (?:the )?"
    rf"(?:(?:field|parameter|object|attribute|element) )?{NAME}"
    r"(?: (?:field|parameter|object|attribute|element)s?)?(?: .*)?$",
    re.IGNORECASE,
)
NAMED_BY_FIRST_WORD = re.compile(
    rf"^{NAME} (?:field|parameter|object|structure|data structure|attribute|element|"
    r"description|list|array|dict|dictionary|map|information|info|body)s?\b.*$",
    re.IGNORECASE,
)
SINGLE_NAME = re.compile(rf"^{NAME}$")
GENERIC_WORDS = {  # first words of captions that name no field: "Response parameters"
    "response",
    "responses",
    "request",
    "requests",
    "parameter",
    "parameters",
    "uri",
    "url",
    "path",
    "query",
    "header",
    "headers",
    "body",
    "normal",
    "abnormal",
    "description",
    "returned",
    "table",
    "field",
    "fields",
    "example",
    "none",
    "the",
}


@dataclass(frozen=True)
class CaptionName:
    path: tuple[str, ...]  # "token.user.domain" -> ("token", "user", "domain")
    alternatives: tuple[str, ...] = ()  # "primaryNic/extNics" -> both names

    def score(self, field_path: tuple[str, ...], siblings: frozenset[str] = frozenset()) -> int:
        """How well the caption names the field at ``field_path`` (0: not at all).

        "a/b" is a path (field b inside a) or two fields sharing one table (a and b side by
        side, as in "primaryNic/extNics"): the second reading needs the other names among the
        field's ``siblings`` (lower case)."""
        lowered = tuple(part.lower() for part in field_path)
        name = lowered[-1] if lowered else ""
        if len(self.path) > 1 and lowered[-len(self.path) :] == self.path:
            return 4
        if len(self.path) == 1 and self.path[0] == name:
            return 3
        if self.alternatives and name in self.alternatives:
            others = set(self.alternatives) - {name}
            return 2 if others <= siblings else 0
        if len(self.path) > 1 and not self.alternatives and self.path[-1] == name:
            return 1
        if len(self.path) == 1 and _singular(self.path[0]) == _singular(name):
            return 1  # "shares" described under "Description of the share field"
        return 0


def caption_name(table: DocTable) -> CaptionName | None:
    """The field a table's caption (or the short paragraph standing for it) names, if any."""
    for text in (table.caption, table.heading):
        found = _name_in(text) if text else None
        if found is not None:
            return found
    return None


def caption_names_a_field(table: DocTable) -> bool:
    """ "server field description": the table describes a nested field, not a whole body."""
    return bool(table.caption and _name_in(table.caption) is not None)


def _name_in(text: str) -> CaptionName | None:
    text = TABLE_NUMBER.sub("", text).strip().strip(":")
    match = DATA_STRUCTURE_OF.match(text) or NAMED_BY_FIRST_WORD.match(text)
    if match is None:
        match = SINGLE_NAME.match(text)
    if match is None:
        return None
    name = match.group("name").strip(".:/").replace("[]", "").lower()
    if not name or name in GENERIC_WORDS:
        return None
    if "/" in name:
        parts = tuple(part for part in name.split("/") if part)
        return CaptionName(path=parts, alternatives=parts)
    return CaptionName(path=tuple(part for part in name.split(".") if part))


def _singular(name: str) -> str:
    if name.endswith("ies") and len(name) > 4:
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss") and len(name) > 3:
        return name[:-1]
    return name
