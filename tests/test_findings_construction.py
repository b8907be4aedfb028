"""The failing path's quick ways to make findings and to write them: the same findings and the
same bytes as the plain ways."""

from __future__ import annotations

import dataclasses
import json

import pytest

from envelint.common.findings import CheckedAgainst, DocRow, Finding, Severity
from envelint.report.json_format import nested

FIELDS = dict(
    code="S001",
    rule="type-mismatch",
    severity=Severity.ERROR,
    message="`code` is 400",
    path="log.jsonl",
    line=3,
    column=9,
    end_line=3,
    end_column=12,
    pointer="/error/code",
    schema="000_jobs",
    doc=DocRow("seeds/000.txt", 31, "Table 1"),
    hint="a string",
    excerpt='{"code": 400}',
    against=CheckedAgainst("000_jobs", "shape"),
    side="response",
)


def test_a_finding_made_quickly_is_the_finding_the_constructor_makes():
    quick = Finding.made(**FIELDS)
    plain = Finding(**FIELDS)
    assert quick == plain
    assert hash(quick) == hash(plain)
    assert quick.to_dict() == plain.to_dict()
    assert (quick.excerpt, quick.against) == (plain.excerpt, plain.against)


def test_a_quick_finding_stays_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Finding.made(**FIELDS).line = 4  # type: ignore[misc]


def test_a_changed_finding_is_what_dataclasses_replace_gives():
    plain = Finding(**FIELDS)
    changed = plain.changed(side="request", message="request body: x")
    assert changed == dataclasses.replace(plain, side="request", message="request body: x")
    assert plain.side == "response"  # the original is untouched


def test_changing_a_field_a_finding_lacks_is_refused():
    with pytest.raises(TypeError, match="no field colour"):
        Finding(**FIELDS).changed(colour="red")


@pytest.mark.parametrize(
    "value",
    [
        {"text": "".join(chr(i) for i in range(0x30)) + "é\u2028\u2029\x7f\ufeff</"},
        {"empty": [], "nothing": {}, "list": [{}, [], None, True, 0, -7, "x"]},
        {"huge": 2**70},  # over 64 bits: orjson refuses, json writes it
        {"lone": "\ud800"},  # a lone surrogate: orjson refuses, json writes it
        {"nested": {"deeper": {"list": ["a", {"b": 1}]}}},
    ],
)
def test_reports_write_json_as_json_dumps_does(value):
    for level in (0, 1, 2):
        expected = json.dumps(value, indent=2, ensure_ascii=False)
        assert nested(value, level) == expected.replace("\n", "\n" + "  " * level)
