"""File names as envelint reads and prints them, standard input's names, and the one glob dialect
of the configuration and the ignore file.

A pre-commit run passes thousands of names; building a ``Path`` costs about 2 us a name, as
much as reading a small file, so the common case is handled on the string.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

STDIN = "-"  # the argument that names standard input
STDIN_NAME = "<stdin>"  # how findings in standard input name their file

# What Path would change in a POSIX name: a doubled slash, a "." step, a trailing slash; and
# what makes a name depend on the working folder: a leading slash, a ".." step.
_NOT_PLAIN = re.compile(r"//|(?:^|/)\.\.?(?:/|$)|/$|^/")


def suffix_of(path: str) -> str:
    """The extension in lower case (``".json"``), as ``Path(path).suffix.lower()`` gives it:
    from the last dot of the name, unless the name starts or ends there (``..json`` has one,
    ``.json`` and ``a.`` have none; ``os.path.splitext`` differs on leading dots)."""
    name = os.path.basename(path.rstrip(os.sep))
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def display_path(path: str | Path) -> str:
    """How a finding names a file: relative to the working folder when it is below it, else as
    given; "/" separators, normalised as ``Path.as_posix()`` prints it."""
    if isinstance(path, str) and os.sep == "/" and not _NOT_PLAIN.search(path):
        return path
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return Path(path).as_posix()


# -- globs --------------------------------------------------------------------------------------


def glob_matches(glob: str, relative_path: str) -> bool:
    """Does a POSIX ``relative_path`` match ``glob``? ``*`` stays in a folder, ``**`` does not.

    A glob ending in ``/`` matches everything below that folder.
    """
    return _glob_regex(glob).fullmatch(relative_path) is not None


def any_glob_matches(globs: list[str], relative_path: str) -> bool:
    return any(glob_matches(glob, relative_path) for glob in globs)


@lru_cache(maxsize=512)
def _glob_regex(glob: str) -> re.Pattern[str]:
    glob = glob.removeprefix("./")
    if glob.endswith("/"):
        glob += "**"
    parts = []
    index = 0
    while index < len(glob):
        if glob.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif glob.startswith("**", index):
            parts.append(".*")
            index += 2
        elif glob[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif glob[index] == "?":
            parts.append("[^/]")
            index += 1
        elif glob[index] == "[" and "]" in glob[index + 2 :]:
            end = glob.index("]", index + 2)
            parts.append(_character_class(glob[index + 1 : end]))
            index = end + 1
        else:
            parts.append(re.escape(glob[index]))
            index += 1
    return re.compile("".join(parts), re.DOTALL)


def _character_class(body: str) -> str:
    negated = body.startswith("!")
    body = body[1:] if negated else body
    escaped = re.sub(r"([\\\[\]^])", r"\\\1", body)
    return f"[^/{escaped}]" if negated else f"[{escaped}]"
