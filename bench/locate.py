"""Where the commands under test live: envelint, check-jsonschema, the shared corpus."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = Path("/tmp/envelint-bench")
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def envelint_command(given: str | None = None) -> list[str]:
    """``--envelint``, else $ENVELINT, else the console script beside this Python, else PATH."""
    chosen = given or os.environ.get("ENVELINT")
    if chosen:
        return [chosen]
    beside = Path(sys.executable).parent / "envelint"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("envelint")
    if found:
        return [found]
    raise SystemExit("envelint not found: install the package or pass --envelint")


def check_jsonschema_command(given: str | None = None) -> list[str] | None:
    """``--check-jsonschema``, else $CHECK_JSONSCHEMA, else PATH; None when absent."""
    chosen = given or os.environ.get("CHECK_JSONSCHEMA") or shutil.which("check-jsonschema")
    if chosen and Path(chosen).is_file():
        return [chosen]
    return None


def refuse_repo_folder(folder: Path) -> None:
    """Data sets are large and generated: they never go into the repository."""
    resolved = folder.resolve()
    if resolved == REPO or REPO in resolved.parents:
        raise SystemExit(f"{folder}: choose a data folder outside the repository ({REPO})")
