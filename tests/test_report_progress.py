"""The progress line: only on a terminal, only after about two seconds, cleared at the end."""

from __future__ import annotations

import io

from envelint.report import progress as progress_module
from envelint.report.progress import Progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quiet_during_the_first_two_seconds(monkeypatch):
    clock = iter([100.0, 101.0])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    stream = FakeTerminal()
    Progress(stream).update(1, 4096)
    assert stream.getvalue() == ""


def test_shown_after_two_seconds_and_cleared(monkeypatch):
    clock = iter([100.0, 103.0])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    stream = FakeTerminal()
    bar = Progress(stream)
    bar.update(2, 9000)
    bar.close()
    assert stream.getvalue() == "\renvelint: 9,000 payloads in 2 files (3,000/s)\r\033[K"


def test_never_shown_when_not_a_terminal(monkeypatch):
    clock = iter([100.0, 110.0])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    Progress(stream).update(1, 50000)
    assert stream.getvalue() == ""
