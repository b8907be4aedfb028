"""How a message names a place in the configuration: ``per-file[0].ignore``."""

from __future__ import annotations

import re
from typing import Any


def where(path: tuple[Any, ...]) -> str:
    """``per-file[0].ignore``: how a message names a place in the configuration."""
    if not path:
        return "the configuration"
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        elif re.fullmatch(r"[\w-]+", step):
            text += f".{step}" if text else step
        else:
            text += f"[{step!r}]"
    return text
