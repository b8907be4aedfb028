"""Comments addressed to envelint: ``.. envelint: disable=J001,S003`` before a block."""

from __future__ import annotations

import re

from envelint.docs.model import Suppression

DISABLE = re.compile(r"^\s*\.\.\s+envelint:\s*disable\s*=\s*([A-Za-z0-9_,\s-]+?)\s*$")


def find_suppressions(lines: list[str]) -> list[Suppression]:
    found = []
    for number, text in enumerate(lines, start=1):
        match = DISABLE.match(text) if "envelint" in text else None
        if not match:
            continue
        codes = {code.strip().upper() for code in match.group(1).split(",") if code.strip()}
        found.append(Suppression(tuple(sorted(codes)), number, text.index("..") + 1))
    return found
