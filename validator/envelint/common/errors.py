"""Errors that end a run with exit code 2: usage, configuration and I/O problems."""


class EnvelintError(Exception):
    """A problem with how envelint was called or what it was given; one clear line, exit 2."""


class Terminated(BaseException):
    """SIGTERM, raised where the process is, so that it stops as cleanly as on Ctrl-C.

    A BaseException, as KeyboardInterrupt is: no ``except Exception`` swallows it.
    """
