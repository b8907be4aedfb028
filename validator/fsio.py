"""Writing files atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def write_atomic(path: str | Path, data: bytes) -> None:
    import tempfile  # only runs that write pay for it

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The replaced file's mode, or what a new file gets (0666 less the umask): mkstemp's 0600
    would otherwise hide a report from the rest of a CI job."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
