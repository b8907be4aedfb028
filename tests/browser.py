"""Headless Chromium for the slow tier: Debian's ``chromium`` driven by Playwright, never a
browser Playwright downloads. Skipped when either is absent, a failure when CI=true."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_browser() -> None:
    missing = None
    if shutil.which("chromium") is None or not Path(CHROMIUM).exists():
        missing = "chromium is not installed (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "playwright is not installed (pip install -e '.[test]')"
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}, and CI=true requires it")
        pytest.skip(missing)


@contextmanager
def chromium_page(user_data_dir: Path, width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A page of a fresh Chromium profile in ``user_data_dir``; its errors fail the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=CHROMIUM,
            args=FLAGS,
            headless=True,
            viewport={"width": width, "height": height},
        )
        errors: list[str] = []
        try:
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            yield page
        finally:
            context.close()
        assert errors == [], errors
