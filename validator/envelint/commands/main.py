"""The ``envelint`` command group: every expected failure becomes one line on stderr and exit
code 2; each command lives in its own module and only parses options and calls the pipeline."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType
from typing import Any

import click

from envelint import __version__
from envelint.commands import (
    check,
    coverage,
    diff,
    export,
    lint,
    operations,
    rules,
    schemas,
    validate,
)
from envelint.common.errors import EnvelintError, Terminated

# Exit codes of a run stopped by a signal, as shells report them: 128 + the signal's number.
INTERRUPTED = 128 + signal.SIGINT
TERMINATED = 128 + signal.SIGTERM


class EnvelintGroup(click.Group):
    """Turns every expected failure into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `envelint ... | head`: the reader left; stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(1)
        except (EnvelintError, OSError) as error:
            click.echo(f"envelint: error: {error}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:  # Ctrl-C: stop quietly, as a shell expects
            ctx.exit(INTERRUPTED)
        except Terminated:
            ctx.exit(TERMINATED)
        except click.UsageError as error:  # one line, as every other failure: not click's block
            click.echo(f"envelint: error: {error.format_message()}{_help_hint(error)}", err=True)
            ctx.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # never a traceback for users; ENVELINT_DEBUG=1 shows it
            if os.environ.get("ENVELINT_DEBUG"):
                raise
            click.echo(f"envelint: internal error: {type(error).__name__}: {error}", err=True)
            ctx.exit(2)


def _help_hint(error: click.UsageError) -> str:
    names = []
    context = error.ctx
    while context is not None and context.parent is not None:  # the group's own name aside
        names.append(context.info_name or "")
        context = context.parent
    command = " ".join(["envelint", *reversed(names)])
    return f" (see '{command} --help')"


_MAIN_PROCESS = [os.getpid()]  # the process ``main`` runs in: the one that owns the workers


def main() -> None:
    _MAIN_PROCESS[0] = os.getpid()
    signal.signal(signal.SIGTERM, _terminate)
    cli(prog_name="envelint")


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM: stop as on Ctrl-C; with ``--jobs`` workers, end them and exit at once. A pool
    whose workers the same signal has killed can hang in its own clean-up (``terminate`` joins
    its handler threads); what a killed run staged is removed by the next run (``fsio``)."""
    if os.getpid() != _MAIN_PROCESS[0]:  # a worker forked before its own handler was set
        os._exit(TERMINATED)
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is None or not multiprocessing.active_children():
        raise Terminated
    for _ in range(10):  # the pool may fork a replacement meanwhile: end those too
        workers = multiprocessing.active_children()
        if not workers:
            break
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(timeout=0.2)
    os._exit(TERMINATED)


@click.group(cls=EnvelintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="envelint")
def cli() -> None:
    """Check API responses against the API's own reStructuredText documentation."""


for command in (
    schemas.schemas,
    operations.operations,
    validate.validate,
    check.check,
    coverage.coverage,
    lint.lint,
    rules.rules,
    diff.diff,
    export.export,
):
    cli.add_command(command)
