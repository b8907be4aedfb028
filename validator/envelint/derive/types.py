"""The Type column's vocabulary (``types.yaml``): "Array of strings" -> {"type": "array", ...}.

A Type cell is a type phrase, possibly followed by prose ("String. The value can be ...",
"HTTP time string complying with RFC 2616"). A name that is not a type word stands for a
structure (an object described by its own table) where the phrase says so: "Tag structure",
"Array of NodeGroup", "List<resource_tag>", "jobs array". A bare name ("ChargeInfo") is only a
candidate: the reader of the table accepts it when the row or page points at such a table.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

VOCABULARY_FILE = Path(__file__).with_name("types.yaml")
# A footnote mark ("String[1]", "Integer [a]", "*"); "List[Tag]" is a bracket generic, kept.
FOOTNOTE = re.compile(r"\[\s*(?:\d{1,3}|[a-z])\s*\]|\*", re.IGNORECASE)
SPACES = re.compile(r"\s+")
SPACE_AROUND_PUNCTUATION = re.compile(r"\s*([<>,()\[\]])\s*")
PLACEHOLDER = re.compile(r"\\\{(\w+)\\\}")
PLACEHOLDER_PATTERNS = {
    "key": r"(?P<key>[^,<>]+)",
    "item": r"(?P<item>.+)",
    "value": r"(?P<value>.+)",
    "name": r"(?P<name>.+)",
    "size": r"(?P<size>[\d ,.~\-]+)",  # "String(64)", "Integer(0-100)"
    "qualifier": r"(?P<qualifier>[\w.\-]+(?: [\w.\-]+)?)",  # "HTTP time string"
}
SLOTS = ("{item}", "{value}")
# A structure's name: one to three words of identifier characters ("NodeGroup", "storage type").
STRUCTURE_NAME = re.compile(
    r"(?!(?:of|the|an?|and|or|for|with|in|to)\b)[a-z][\w.\-]*(?: [a-z][\w.\-]*){0,2}"
)
BARE_NAME = re.compile(r"[a-z][\w.\-]*")
# Where a type phrase ends and prose begins: "String. The value ...", "Integer; see ...".
CLAUSE_END = re.compile(r"[.;:,](?:\s|$)")
MAX_PHRASE_WORDS = 5
# Words that carry a type phrase on ("Array of Strin"): prose never starts with them.
PHRASE_GOES_ON = {"of", "or", "and", "/", "|"}


@dataclass
class TypeReading:
    schema: dict[str, Any]
    structure: str | None = None  # the name of the structure the phrase refers to, if any
    bare_name: bool = False  # the phrase is a lone name: a structure only if a table says so


@dataclass
class _Read:
    """What one reading found besides the schema: the structure names met on the way."""

    names: list[str] = field(default_factory=list)
    loose: bool = False  # forms marked loose ("HTTP time string") may be used


@dataclass(frozen=True)
class _Form:
    pattern: re.Pattern[str]
    schema: dict[str, Any] | str
    structure: bool  # its {name} or {item} may be a structure's name
    loose: bool  # only for a Type cell, never to tell a header word


def normalise_type(text: str) -> str:
    """Lower case, footnote marks dropped, one space between words, none around brackets."""
    text = FOOTNOTE.sub(" ", text.lower())
    text = SPACES.sub(" ", text).strip()
    return SPACE_AROUND_PUNCTUATION.sub(r"\1", text)


class TypeVocabulary:
    def __init__(self, data: dict[str, Any]):
        self.words: dict[str, dict[str, Any]] = {
            key.lower(): schema for key, schema in data["words"].items()
        }
        self.plurals: dict[str, str] = {key.lower(): word for key, word in data["plurals"].items()}
        self.forms = [
            _Form(
                self._compile(form["match"]),
                form["schema"],
                form.get("structure", False),
                form.get("loose", False),
            )
            for form in data["forms"]
        ]
        self.alternatives: list[str] = list(data.get("alternatives", []))
        self.loose_words: dict[str, dict[str, Any]] = {
            key.lower(): schema for key, schema in data.get("loose_words", {}).items()
        }
        self.generic_names = set(self.words) | set(self.plurals) | set(self.loose_words)
        self.not_names = {word.lower() for word in data.get("not_names", [])}
        self._never_names = self.generic_names | self.not_names
        self._readings: dict[str, TypeReading | None] = {}

    @staticmethod
    def _compile(template: str) -> re.Pattern[str]:
        escaped = re.escape(normalise_type(template))
        # "List<Object> Table 7" reads "list<object>ref": a space beside a slot may be gone
        escaped = re.sub(r"(?<=\\\})\\ |\\ (?=\\\{)", " ?", escaped)
        return re.compile(PLACEHOLDER.sub(lambda m: PLACEHOLDER_PATTERNS[m.group(1)], escaped))

    def schema_for(self, text: str) -> dict[str, Any] | None:
        """The schema of a whole type phrase (no prose after it, no lone name), else None."""
        reading = self._reading(normalise_type(text), loose=False)
        if reading is None or reading.bare_name:
            return None
        return reading.schema

    def read(self, text: str) -> TypeReading | None:
        """The type phrase the cell opens with, and the structure it names; None if unknown."""
        normal = normalise_type(text)
        if normal not in self._readings:
            reading = self._reading(normal)
            self._readings[normal] = reading if reading else self._leading_phrase(normal)
        found = self._readings[normal]
        if found is None:
            return None
        return TypeReading(copy.deepcopy(found.schema), found.structure, found.bare_name)

    def _reading(self, text: str, loose: bool = True) -> TypeReading | None:
        state = _Read(loose=loose)
        found = self._read(text, 0, state, names=False)
        if found is not None:
            return TypeReading(copy.deepcopy(found), _first_name(state))
        if BARE_NAME.fullmatch(text) and self._may_be_name(text):
            return TypeReading({"type": "object"}, text, bare_name=True)
        return None

    def _leading_phrase(self, text: str) -> TypeReading | None:
        """ "String. The value can be ...": the phrase before the prose, never a bare name."""
        end = CLAUSE_END.search(text)
        if end is not None and end.start() > 0:
            reading = self._reading(text[: end.start()].strip())
            if reading is not None and not reading.bare_name:
                return reading
        words = text.split(" ")
        for count in range(min(MAX_PHRASE_WORDS, len(words) - 1), 0, -1):
            if words[count] in PHRASE_GOES_ON:
                continue
            reading = self._reading(" ".join(words[:count]))
            if reading is not None and not reading.bare_name:
                return reading
        return None

    def _read(self, text: str, depth: int, state: _Read, names: bool) -> dict[str, Any] | None:
        if not text or depth > 8:
            return None
        word = self._word(text)
        if word is None and state.loose:
            word = self.loose_words.get(text)
        if word is not None:
            return word
        for form in self.forms:
            if form.loose and not state.loose:
                continue
            match = form.pattern.fullmatch(text)
            if match:
                filled = self._fill(form.schema, match.groupdict(), depth, state, form.structure)
                if filled is not None:
                    return filled
        found = self._alternatives(text, depth, state)
        if found is None and names and self._may_be_name(text):
            state.names.append(text)
            return {"type": "object"}
        return found

    def _word(self, text: str) -> dict[str, Any] | None:
        if text in self.words:
            return self.words[text]
        singular = self.plurals.get(text)
        if singular is None and text.endswith("s"):
            singular = text[:-1]  # "uuids", "timestamps"
        return self.words.get(singular) if singular else None

    def _may_be_name(self, text: str) -> bool:
        """A name, and not a type word misspelt ("Strin", "Intger")."""
        if not STRUCTURE_NAME.fullmatch(text) or text in self._never_names:
            return False
        return not any(_near(text, word) for word in self.generic_names)

    def _fill(
        self,
        schema: dict[str, Any] | str,
        groups: dict[str, str],
        depth: int,
        state: _Read,
        structure: bool,
    ) -> dict[str, Any] | None:
        if structure and groups.get("name"):
            self._name(groups["name"].strip(), state)
        if isinstance(schema, str):
            return self._read(groups[schema.strip("{}")].strip(), depth + 1, state, structure)
        filled: dict[str, Any] = {}
        for key, value in schema.items():
            if value in SLOTS:
                inner = self._read(groups[value.strip("{}")].strip(), depth + 1, state, True)
                if inner is None:
                    return None
                filled[key] = copy.deepcopy(inner)
            else:
                filled[key] = copy.deepcopy(value)
        return filled

    def _name(self, name: str, state: _Read) -> None:
        if name not in self.generic_names:
            state.names.append(name)

    def _alternatives(self, text: str, depth: int, state: _Read) -> dict[str, Any] | None:
        if "<" in text:
            return None
        for separator in self.alternatives:
            if separator not in text:
                continue
            parts: list[dict[str, Any]] = []
            for part_text in text.split(separator):
                part = self._read(part_text.strip(), depth + 1, state, names=False)
                if part is None:  # one unknown part: the type is unknown
                    return None
                parts.append(part)
            return _any_of(parts)
        return None


def _first_name(state: _Read) -> str | None:
    return state.names[0] if state.names else None


def _any_of(parts: list[dict[str, Any]]) -> dict[str, Any]:
    if any(not part for part in parts):  # "Binary or text": one part is anything
        return {}
    if all(set(part) == {"type"} and isinstance(part["type"], str) for part in parts):
        types = list(dict.fromkeys(part["type"] for part in parts))
        return {"type": types[0] if len(types) == 1 else types}
    return {"anyOf": parts}


def _near(text: str, word: str) -> bool:
    """Within one edit of ``word`` (two for words longer than five letters)."""
    if len(word) < 3:
        return False
    allowed = 2 if len(word) > 5 else 1
    if abs(len(text) - len(word)) > allowed:
        return False
    return _distance(text, word, allowed) <= allowed


def _distance(first: str, second: str, limit: int) -> int:
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, start=1):
        current = [row]
        for column, other in enumerate(second, start=1):
            cost = 0 if char == other else 1
            current.append(min(previous[column] + 1, current[-1] + 1, previous[column - 1] + cost))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


_EXTRA_WORDS: dict[str, dict[str, Any]] = {}


def extend_vocabulary(words: dict[str, dict[str, Any]]) -> None:
    """Add the configuration's own type words (``types:``) for this process."""
    if words != _EXTRA_WORDS:
        _EXTRA_WORDS.clear()
        _EXTRA_WORDS.update({normalise_type(word): schema for word, schema in words.items()})
        vocabulary.cache_clear()


@lru_cache(maxsize=1)
def vocabulary() -> TypeVocabulary:
    data = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    data["words"].update(_EXTRA_WORDS)
    return TypeVocabulary(data)
