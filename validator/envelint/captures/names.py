"""File names as envelint reads and prints them, without a ``pathlib.Path`` for each file.

A pre-commit run passes thousands of names; building a ``Path`` costs about 2 us a name, as
much as reading a small file, so the common case is handled on the string.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# What Path would change in a POSIX name: a doubled slash, a "." step, a trailing slash.
_NOT_NORMAL = re.compile(r"//|(?:^|/)\.(?:/|$)|/$")


def suffix_of(path: str) -> str:
    """The extension in lower case (``".json"``), as ``Path(path).suffix.lower()`` gives it:
    from the last dot of the name, unless the name starts or ends there (``..json`` has one,
    ``.json`` and ``a.`` have none; ``os.path.splitext`` differs on leading dots)."""
    name = os.path.basename(path.rstrip(os.sep))
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def display_path(path: str) -> str:
    """``path`` with forward slashes, normalised as ``Path(path).as_posix()`` prints it."""
    if os.sep == "/" and not _NOT_NORMAL.search(path):
        return path
    return Path(path).as_posix()
