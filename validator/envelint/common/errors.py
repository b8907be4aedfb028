"""Errors that end a run with exit code 2: usage, configuration and I/O problems."""


class EnvelintError(Exception):
    """A problem with how envelint was called or what it was given; one clear line, exit 2."""


class Terminated(BaseException):
    """SIGTERM, raised where the process is, so that it stops as cleanly as on Ctrl-C.

    A BaseException, as KeyboardInterrupt is: no ``except Exception`` swallows it.
    """


class CaptureError(EnvelintError):
    """A capture file that cannot be read as its format (a HAR or YAML syntax error, a file that
    vanished or may not be read): a finding on that file (J008); the other files are checked.

    ``line`` and ``column`` are where the reader stopped, when it knows (1-based).
    """

    def __init__(
        self, source: str, reason: str, line: int | None = None, column: int | None = None
    ):
        self.source, self.reason, self.line, self.column = source, reason, line, column
        where = f"{source}:{line}:{column}" if line is not None and column is not None else source
        super().__init__(f"{where}: {reason}")
