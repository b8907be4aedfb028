"""Hypothesis strategies shared by the property tests: JSON values, and JSON texts written in
every way the grammar allows (whitespace, indentation, escaping, key order)."""

from __future__ import annotations

import json

from hypothesis import strategies as st

# Strings with any code point, lone surrogates included: grammatical JSON, though not UTF-8.
any_string = st.text(st.characters(exclude_categories=()), max_size=8)
json_space = st.text(st.sampled_from(" \t\n\r"), max_size=3)


def json_values(
    strings: st.SearchStrategy[str] = any_string, max_leaves: int = 20
) -> st.SearchStrategy[object]:
    """Any JSON value; integers beyond 64 bits included, NaN and infinities not."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.integers(min_value=2**64, max_value=2**200)
        | st.floats(allow_nan=False, allow_infinity=False)
        | strings
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(strings, children, max_size=4)
        ),
        max_leaves=max_leaves,
    )


@st.composite
def json_documents(draw, values: st.SearchStrategy[object] | None = None) -> str:
    """A JSON value dumped with random indentation, separators and surrounding whitespace."""
    value = draw(values if values is not None else json_values())
    text = json.dumps(
        value,
        indent=draw(st.sampled_from([None, 0, 2, "\t", "\r\n "])),
        separators=(
            draw(json_space) + "," + draw(json_space),
            draw(json_space) + ":" + draw(json_space),
        ),
        ensure_ascii=draw(st.booleans()),
        sort_keys=draw(st.booleans()),
    )
    return draw(json_space) + text + draw(json_space)


def utf8_json(text: str) -> bytes:
    """A JSON text as UTF-8; a lone surrogate, which UTF-8 cannot hold, written as ``\\uXXXX``
    (json.dumps leaves raw surrogates only inside strings, where the escape is valid JSON)."""
    return "".join(
        f"\\u{ord(char):04x}" if "\ud800" <= char <= "\udfff" else char for char in text
    ).encode("utf-8")
