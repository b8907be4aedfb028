"""Start-up: a run whose payloads are all valid imports nothing it does not use (issue 23: one
small file at most 40 ms over the floor's start-up)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import FIXTURES

VALID = FIXTURES / "payloads" / "valid"
LOADED = """
import sys
from envelint.commands.main import main
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""
HEAVY = {
    "yaml",
    "jsonschema",
    "envelint.report.coverage",
    "envelint.pipeline.coverage",
    "envelint.catalog.openapi_source",
    "envelint.engine.full_path",
    "envelint.jsontext.lenient",
}


def modules_loaded_by(*args: str) -> set[str]:
    command = [sys.executable, "-c", LOADED, *args]  # sys.argv[1:] is what click reads
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return set(result.stderr.split())


def test_a_valid_file_loads_no_yaml_jsonschema_coverage_or_full_path():
    valid = sorted(VALID.glob("*.json"))[0]
    assert not HEAVY & modules_loaded_by("validate", str(valid))


def test_a_failing_file_loads_the_full_path():
    invalid = sorted((FIXTURES / "payloads" / "invalid").glob("*.json"))[0]
    assert "envelint.engine.full_path" in modules_loaded_by("validate", str(invalid))
