"""Long arrays are validated a slice at a time, with the same errors and findings as whole."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest

from envelint.engine import full_path, long_arrays
from envelint.rules.base import short_text
from tests.helpers import run_cli

REPO = Path(__file__).resolve().parents[1]
WRAPPER = REPO / "fixtures" / "catalogs" / "wrapper"

ITEM = {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
LISTING = {
    "type": "object",
    "properties": {"total": {"type": "integer"}, "things": {"type": "array", "items": ITEM}},
    "required": ["total"],
    "additionalProperties": False,
}


@pytest.fixture
def short_slices(monkeypatch):
    """Arrays of more than 100 items are long, and validated 100 items at a time."""
    monkeypatch.setattr(long_arrays, "LONG_ARRAY", 100)
    monkeypatch.setattr(long_arrays, "SLICE", 100)


def errors_of(schema):
    validator = jsonschema_rs.validator_for(schema)
    return lambda value: (full_path._schema_error(error) for error in validator.iter_errors(value))


def as_reported(errors):
    """What findings take from each error (its message's first hundred characters), in any
    order: findings are sorted."""
    taken = [
        (e.kind, e.pointer, e.schema_path, short_text(e.message, 100), e.detail) for e in errors
    ]
    return sorted(taken, key=repr)


def things(count, bad):
    """``count`` items; those numbered in ``bad`` break the item schema, each its own way."""
    made = [{"id": f"thing-{number}"} for number in range(count)]
    for number, how in bad.items():
        made[number] = {"id": 5} if how == "type" else {"name": "no id"}
    return made


@pytest.mark.parametrize(
    "value",
    [
        pytest.param({"total": 1, "things": things(350, {3: "type", 150: "required",
                                                         349: "type"})}, id="errors-in-slices"),
        pytest.param({"things": things(350, {250: "type"}), "extra": 1}, id="errors-at-the-root"),
        pytest.param({"total": [1] * 350, "things": things(120, {})}, id="a-long-array-mistyped"),
        pytest.param({"total": 1, "things": [[1] * 300]}, id="a-long-array-inside-an-item"),
    ],
)  # fmt: skip
def test_slices_give_the_errors_the_whole_value_gives(short_slices, value):
    errors = errors_of(LISTING)
    assert long_arrays.long_arrays(value, LISTING) is not None
    whole = as_reported(errors(value))
    assert as_reported(long_arrays.schema_errors(value, LISTING, errors)) == whole


def test_a_long_array_below_an_array_keeps_its_place(short_slices):
    schema = {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}
    value = [[1, 2], [*range(200), "x", *range(40)], "not a list"]
    errors = errors_of(schema)
    [array] = long_arrays.long_arrays(value, schema)
    assert array.pointer == "/1"
    whole = as_reported(errors(value))
    assert as_reported(long_arrays.schema_errors(value, schema, errors)) == whole
    assert [error[1] for error in whole] == ["/1/200", "/2"]  # the index of the whole array


def test_the_payload_itself_may_be_the_long_array(short_slices):
    schema = {"type": "array", "items": {"type": "integer"}}
    value = [*range(250), None, *range(10)]
    whole = as_reported(errors_of(schema)(value))
    assert as_reported(long_arrays.schema_errors(value, schema, errors_of(schema))) == whole


@pytest.mark.parametrize(
    "schema",
    [
        {"properties": {"things": {"anyOf": [{"type": "array"}, {"type": "string"}]}}},
        {"properties": {"things": {"type": "array", "maxItems": 5}}},
        {"properties": {"things": {"type": "array", "uniqueItems": True}}},
        {"anyOf": [{"properties": {"things": {"type": "array"}}}, {"type": "object"}]},
        {"properties": {"things": {"$ref": "https://example.com/remote.json"}}},
    ],
    ids=["anyOf", "maxItems", "uniqueItems", "anyOf-above", "remote-ref"],
)
def test_a_keyword_that_looks_across_items_has_the_value_validated_whole(short_slices, schema):
    assert long_arrays.long_arrays({"things": [1] * 200}, schema) is None


def test_a_local_ref_on_the_way_is_followed(short_slices):
    schema = {
        "properties": {"things": {"$ref": "#/$defs/Things"}},
        "$defs": {"Things": {"type": "array", "items": ITEM}},
    }
    value = {"things": things(250, {200: "type"})}
    errors = errors_of(schema)
    [array] = long_arrays.long_arrays(value, schema)
    assert array.pointer == "/things"
    whole = as_reported(errors(value))
    assert as_reported(long_arrays.schema_errors(value, schema, errors)) == whole
    assert [error[1] for error in whole] == ["/things/200/id"]


def test_short_arrays_are_validated_whole(short_slices):
    assert long_arrays.long_arrays({"things": [1] * 100}, LISTING) is None


@pytest.mark.slow  # about 1.3 s
def test_a_long_payload_has_the_findings_it_has_validated_whole(tmp_path, monkeypatch):
    # 30,000 products (1.3 MB, past LEAN_FROM_BYTES): three slices, a bad item in two of them,
    # an undocumented member at the top and a mistyped count.
    products = [
        {"spec_code": f"s{number}", "charging_type": "postPaid"} for number in range(30_000)
    ]
    products[12_345]["spec_code"] = 5
    products[25_000]["colour"] = "blue"
    payload = tmp_path / "products.json"
    payload.write_text(json.dumps({"count": "30000", "products": products, "next": None}))
    assert payload.stat().st_size > long_arrays.LEAN_FROM_BYTES

    def report(name):
        output = tmp_path / name
        run_cli("validate", "--catalog", str(WRAPPER), "--schema", "products", "--format",
                "json", "--output", str(output), str(payload))  # fmt: skip
        return json.loads(output.read_text())["findings"]

    sliced = report("sliced.json")
    monkeypatch.setattr(long_arrays, "LEAN_FROM_BYTES", 2**62)
    whole = report("whole.json")
    assert sliced == whole
    assert {finding["pointer"] for finding in whole} >= {
        "/count", "/products/12345/spec_code", "/products/25000/colour", "/next",
    }  # fmt: skip
