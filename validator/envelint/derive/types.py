"""The Type column's vocabulary (``types.yaml``): "Array of strings" -> {"type": "array", ...}."""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

VOCABULARY_FILE = Path(__file__).with_name("types.yaml")
FOOTNOTE = re.compile(r"\[\s*\w{1,3}\s*\]|\*")
SPACES = re.compile(r"\s+")
SPACE_AROUND_PUNCTUATION = re.compile(r"\s*([<>,()\[\]])\s*")
PLACEHOLDER = re.compile(r"\\\{(\w+)\\\}")
PLACEHOLDER_PATTERNS = {
    "key": r"(?P<key>[^,<>]+)",
    "item": r"(?P<item>.+)",
    "value": r"(?P<value>.+)",
    "name": r"(?P<name>.+)",
}
SLOTS = ("{item}", "{value}")


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
        self.forms = [(self._compile(form["match"]), form["schema"]) for form in data["forms"]]
        self.alternatives: list[str] = list(data.get("alternatives", []))

    @staticmethod
    def _compile(template: str) -> re.Pattern[str]:
        escaped = re.escape(normalise_type(template))
        # "List<Object> Table 7" reads "list<object>ref": a space beside a slot may be gone
        escaped = re.sub(r"(?<=\\\})\\ |\\ (?=\\\{)", " ?", escaped)
        return re.compile(PLACEHOLDER.sub(lambda m: PLACEHOLDER_PATTERNS[m.group(1)], escaped))

    def schema_for(self, text: str) -> dict[str, Any] | None:
        """The schema for a Type cell, or None when the type is not in the vocabulary."""
        found = self._read(normalise_type(text), depth=0)
        return copy.deepcopy(found) if found is not None else None

    def _read(self, text: str, depth: int) -> dict[str, Any] | None:
        if not text or depth > 8:
            return None
        word = self._word(text)
        if word is not None:
            return word
        for pattern, schema in self.forms:
            match = pattern.fullmatch(text)
            if match:
                filled = self._fill(schema, match.groupdict(), depth)
                if filled is not None:
                    return filled
        return self._alternatives(text, depth)

    def _word(self, text: str) -> dict[str, Any] | None:
        if text in self.words:
            return self.words[text]
        singular = self.plurals.get(text)
        return self.words.get(singular) if singular else None

    def _fill(
        self, schema: dict[str, Any] | str, groups: dict[str, str], depth: int
    ) -> dict[str, Any] | None:
        if isinstance(schema, str):
            return self._read(groups[schema.strip("{}")].strip(), depth + 1)
        filled: dict[str, Any] = {}
        for key, value in schema.items():
            if value in SLOTS:
                inner = self._read(groups[value.strip("{}")].strip(), depth + 1)
                if inner is None:
                    return None
                filled[key] = copy.deepcopy(inner)
            else:
                filled[key] = copy.deepcopy(value)
        return filled

    def _alternatives(self, text: str, depth: int) -> dict[str, Any] | None:
        if "<" in text:
            return None
        for separator in self.alternatives:
            if separator not in text:
                continue
            parts: list[dict[str, Any]] = []
            for part_text in text.split(separator):
                part = self._read(part_text.strip(), depth + 1)
                if part is None:  # one unknown part: the type is unknown
                    return None
                parts.append(part)
            return _any_of(parts)
        return None


def _any_of(parts: list[dict[str, Any]]) -> dict[str, Any]:
    if all(set(part) == {"type"} and isinstance(part["type"], str) for part in parts):
        types = list(dict.fromkeys(part["type"] for part in parts))
        return {"type": types[0] if len(types) == 1 else types}
    return {"anyOf": parts}


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
