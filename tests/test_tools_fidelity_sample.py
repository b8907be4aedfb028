"""tools/fidelity_sample.py's field list shows every field a reader judges, a map's values and
an array's items included."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from fidelity_sample import flat_fields  # noqa: E402


def test_a_map_of_strings_lists_its_values_type() -> None:
    schema = {
        "type": "object",
        "properties": {
            "metadata": {
                "type": "object",
                "additionalProperties": {"type": "string", "x-doc": {"line": 9, "table": "T2"}},
            },
            "names": {"type": "array", "items": {"type": "string"}},
        },
    }
    assert flat_fields(schema) == [
        '/metadata\t"object"\toptional\t-',
        '/metadata{*}\t"string"\t-\t9 (T2)',
        '/names\t"array"\toptional\t-',
        '/names[]\t"string"\t-\t-',
    ]
