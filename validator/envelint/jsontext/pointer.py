"""JSON pointers (RFC 6901): building them, splitting them, following them into a value."""

from __future__ import annotations

import re

_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")


def is_array_index(token: str) -> bool:
    """An array step as RFC 6901 writes it: digits, no leading zero."""
    return _ARRAY_INDEX.fullmatch(token) is not None


def escape(key: str) -> str:
    """One reference token: "~" is written "~0" and "/" is written "~1"."""
    return key.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def split(pointer: str) -> list[str]:
    """The keys and indexes (as strings) of a pointer; [] for the root ""."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"a JSON pointer starts with '/': {pointer!r}")
    return [unescape(token) for token in pointer[1:].split("/")]


def resolve(document: object, pointer: str) -> object:
    """The value ``pointer`` designates in ``document``; KeyError or IndexError when absent."""
    value = document
    for token in split(pointer):
        if isinstance(value, list):
            if not is_array_index(token):
                raise IndexError(f"{token!r} is not an array index")
            value = value[int(token)]
        elif isinstance(value, dict):
            value = value[token]
        else:
            raise KeyError(token)
    return value
