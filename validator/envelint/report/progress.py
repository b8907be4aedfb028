"""A progress line on stderr, for runs on a terminal that take more than about two seconds.

The line is cleared before anything else is shown on the terminal (``clear_line``: findings
printed as they come, the summary), and redrawn at the next update.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

DELAY_SECONDS = 2.0
INTERVAL_SECONDS = 0.2

_shown: Progress | None = None  # the progress whose line is on the terminal now


def clear_line() -> None:
    """Clear the progress line, if one is shown, so that other text starts on a clean line."""
    if _shown is not None:
        _shown.clear()


class Progress:
    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False
        self.width = 0

    def update(self, files: int, payloads: int) -> None:
        global _shown
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < DELAY_SECONDS or now - self.last < INTERVAL_SECONDS:
            return
        self.last = now
        rate = payloads / max(now - self.started, 1e-9)
        line = f"envelint: {payloads:,} payloads in {files:,} files ({rate:,.0f}/s)"
        padding = " " * max(0, self.width - len(line))  # a shorter line covers the longer one
        self.stream.write(f"\r{line}{padding}")
        self.stream.flush()
        self.width = len(line)
        self.shown = True
        _shown = self

    def clear(self) -> None:
        """Blank the line and go back to its start: "\\r\\033[K", or spaces where the terminal
        knows no escape sequences (TERM=dumb)."""
        global _shown
        if self.shown:
            blank = " " * self.width + "\r" if os.environ.get("TERM") == "dumb" else "\033[K"
            self.stream.write(f"\r{blank}")
            self.stream.flush()
            self.shown = False
        if _shown is self:
            _shown = None

    def close(self) -> None:
        self.clear()
