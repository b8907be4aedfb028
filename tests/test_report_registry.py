"""The formats' registry: every listed format has a writer, the command line offers each, and a
format's module is imported only when it is chosen."""

from __future__ import annotations

import subprocess
import sys

import pytest

from envelint.commands.options import FORMAT_CHOICES
from envelint.report import FORMATS, WRITERS, writer_class
from envelint.report.writer import ReportWriter

LOADED_FORMATS = """
import sys
import envelint.commands.main
from envelint.report.output import Destination, streaming_report
names = sys.argv[1:]
if names:
    streaming_report([Destination(names[0], None)], suppressing=False).abandon()
print(" ".join(sorted(m for m in sys.modules if m.endswith("_format"))))
"""


def loaded_format_modules(*format_name: str) -> set[str]:
    command = [sys.executable, "-c", LOADED_FORMATS, *format_name]
    return set(subprocess.run(command, capture_output=True, text=True, check=True).stdout.split())


def test_every_format_has_a_writer_and_a_command_line_choice():
    assert [*FORMATS, "auto"] == FORMAT_CHOICES
    for name in FORMATS:
        assert issubclass(writer_class(name), ReportWriter)


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        writer_class("xml")


def test_the_command_line_starts_without_any_format_s_module():
    assert loaded_format_modules() == set()


def test_choosing_junit_loads_the_junit_module_alone():
    module, _ = WRITERS["junit"]
    assert loaded_format_modules("junit") == {module}
