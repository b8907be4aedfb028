"""A progress line on stderr, for runs on a terminal that take more than about two seconds."""

from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY_SECONDS = 2.0
INTERVAL_SECONDS = 0.2


class Progress:
    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, files: int, payloads: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < DELAY_SECONDS or now - self.last < INTERVAL_SECONDS:
            return
        self.last = now
        self.shown = True
        rate = payloads / max(now - self.started, 1e-9)
        self.stream.write(f"\renvelint: {payloads:,} payloads in {files:,} files ({rate:,.0f}/s)")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
