"""Writing files atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from envelint.common.errors import EnvelintError

Writer = Callable[[BinaryIO], object]  # writes a file's contents to the handle it is given


def write_atomic(path: str | Path, data: bytes) -> None:
    write_all_atomic({Path(path): data})


def copy_atomic(path: str | Path, source: BinaryIO) -> None:
    """Write what ``source`` holds from where it stands, a block at a time, as ``write_atomic``
    writes bytes."""
    import shutil  # only a streamed report pays for it (and the bz2, lzma it imports)

    _replace_all({Path(path): lambda handle: shutil.copyfileobj(source, handle)})


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary file beside it first, and only then rename them all.

    The slow part (writing, fsync) happens before any file is replaced, so a run killed while
    writing leaves every old file whole; the renames that follow take microseconds.
    """
    _replace_all({path: _bytes_writer(data) for path, data in files.items()})


def _bytes_writer(data: bytes) -> Writer:
    return lambda handle: handle.write(data)


def _replace_all(writers: dict[Path, Writer]) -> None:
    staged: list[tuple[str, Path]] = []
    try:
        for path, write in writers.items():
            if _is_special(path):
                _write_through(path, write)  # /dev/null, a FIFO: never replaced by a file
            else:
                staged.append((_stage(path, write), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as error:
        _unlink_all(staged)
        raise EnvelintError(f"cannot write {error.filename or path}: {error.strerror}") from None
    except BaseException:
        _unlink_all(staged)
        raise


def _unlink_all(staged: list[tuple[str, Path]]) -> None:
    for tmp, _ in staged:
        Path(tmp).unlink(missing_ok=True)


def _is_special(path: Path) -> bool:
    """An existing target that is no regular file: a device, a FIFO, a socket."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False  # not there yet: a new file


def _write_through(path: Path, write: Writer) -> None:
    with open(path, "wb") as handle:
        write(handle)


# A staged file is named ".<target>.<pid>.<random>.tmp": recognizably envelint's, and with the
# process that wrote it, so that one left by a killed run can be told from one still being written.
_STAGED = re.compile(r"^\.(?P<target>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")


def is_staged_name(name: str) -> bool:
    """Whether ``name`` is a file this module stages (of a live run or a killed one)."""
    return _STAGED.match(name) is not None


def orphans_in(folder: Path) -> list[Path]:
    """Staged files in ``folder`` whose run has ended without renaming them (it was killed)."""
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return []
    found = []
    for name in sorted(names):
        match = _STAGED.match(name)
        if match and not _is_running(int(match.group("pid"))):
            found.append(folder / name)
    return found


def remove_orphans(folder: Path) -> None:
    for orphan in orphans_in(folder):
        orphan.unlink(missing_ok=True)


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _stage(path: Path, write: Writer) -> str:
    import tempfile  # only runs that write pay for it

    path.parent.mkdir(parents=True, exist_ok=True)
    remove_orphans(path.parent)
    prefix = f".{path.name}.{os.getpid()}."
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _mode_for(path: str | Path) -> int:
    """The replaced file's mode, or what a new file gets (0666 less the umask): mkstemp's 0600
    would otherwise hide a report from the rest of a CI job."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
