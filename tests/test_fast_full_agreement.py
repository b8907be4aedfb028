"""The differential test: the fast path and the full rule path agree on every payload.

Payloads are generated from each catalog schema (values of the documented types, of wrong types,
nulls, extra and missing fields, placeholders) and mutated byte by byte; for each, a payload the
fast path accepts gets no finding on the full path, and `check` (fast path first) gives exactly
the findings of `check_fully`.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import replace

import orjson
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from envelint.captures.payload import Payload
from envelint.catalog.store import Catalog, builtin_catalog_dir, load_catalog
from envelint.config.settings import Settings
from envelint.derive import derive_catalog
from envelint.engine.engine import Engine
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["XXX", "****", "Ecs.0005", "ff80808288d41e1b018990260955686a", "1.0"]),
)


# Strings of the forms the rules check for: placeholders, error codes, job and order ids.
DOCUMENTED_FORMS = [
    "XXX",
    "\u2026",
    "<id>",
    "Ecs.xxxx",
    "Ecs.0005",
    "ff80808288d41e1b018990260955686a",
    "CS2009141523OQSEQ",
]

EXTRA_MEMBERS = [
    ("jobid", None),
    ("extra", None),
    ("error", {"message": "Quota exceeded.", "code": "Ecs.0005"}),
    ("job_id", "ff80808288d41e1b018990260955686a"),
]


def value_for(schema: dict, draw, depth: int = 0):
    if depth > 4 or draw(st.integers(0, 14)) == 0:  # now and then anything at all
        return draw(SCALARS)
    if "anyOf" in schema:
        return value_for(draw(st.sampled_from(schema["anyOf"])), draw, depth)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        members = {}
        for name, sub in (schema.get("properties") or {}).items():
            if draw(st.integers(0, 5)):  # sometimes missing
                members[name] = value_for(sub, draw, depth + 1)
        if draw(st.integers(0, 4)) == 0:  # an extra member: a typo, or the other envelope
            name, extra = draw(st.sampled_from(EXTRA_MEMBERS))
            members[name] = extra if extra is not None else draw(SCALARS)
        return members
    if kind == "array":
        items = schema.get("items") or {}
        return [value_for(items, draw, depth + 1) for _ in range(draw(st.integers(0, 3)))]
    if kind == "string":
        return draw(st.one_of(st.text(max_size=12), st.sampled_from(DOCUMENTED_FORMS)))
    if kind == "integer":
        return draw(st.integers(-1000, 1000))
    if kind == "boolean":
        return draw(st.booleans())
    return draw(SCALARS)


def catalogs() -> list[Catalog]:
    """The seeds' catalog, one derived from the fixture tree, and hand-written ones with an
    error response of status 400 beside the abnormal one, alternative types and a minimum."""
    tree = derive_catalog([str(FIXTURES / "docs" / "tree")])
    return [
        load_catalog(builtin_catalog_dir()),
        Catalog.in_memory(tree.entries, tree.schemas),
        load_catalog(FIXTURES / "catalogs" / "envelopes"),
        load_catalog(FIXTURES / "catalogs" / "alternatives"),
    ]


ENGINES = [
    Engine(catalog, Settings(undocumented=undocumented))
    for catalog in catalogs()
    for undocumented in ("on", "off")
]


@st.composite
def payloads(draw):
    engine = draw(st.sampled_from(ENGINES))
    entry = draw(st.sampled_from(engine.catalog.entries))
    value = value_for(engine.catalog.schema(entry.id), draw)
    indent = draw(st.sampled_from([None, 2, "compact"]))
    if indent == "compact":  # as orjson and most services write it
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=draw(st.booleans()))
    else:
        text = json.dumps(value, indent=indent)
    if isinstance(value, dict) and value and draw(st.integers(0, 5)) == 0:  # a duplicate key
        name, member = next(iter(value.items()))
        # its value as it was, or a string with an escaped colon (a colon the text does not show)
        again = draw(st.sampled_from([json.dumps(member), '"at 12\\u003a00"']))
        text = text[:-1] + f", {json.dumps(name)}: {again}" + "}"
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 2)) == 0:  # a byte-level mutation: deleted, doubled or replaced
        position = draw(st.integers(0, max(0, len(data) - 1)))
        mutation = draw(st.sampled_from(["delete", "double", "replace"]))
        if mutation == "delete":
            data = data[:position] + data[position + 1 :]
        elif mutation == "double":
            data = data[: position + 1] + data[position:]
        else:
            data = (
                data[:position]
                + draw(st.sampled_from([b",", b"}", b"x", b'"']))
                + data[position + 1 :]
            )
    padding = draw(st.sampled_from(["", "", "before", "after"]))  # long texts take other turns
    if padding == "before":
        data = b" " * 600 + data
    elif padding == "after":
        data = data + b" " * 600
    forced = draw(st.sampled_from([None, entry.id]))
    return engine, Payload(source="generated.json", data=data, schema_id=forced)


def _orjson_reads(data: bytes) -> bool:
    try:
        orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return True


def _same(payload: Payload) -> Payload:
    return Payload(source=payload.source, data=payload.data, schema_id=payload.schema_id)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads())
def test_fast_and_full_paths_agree(case):
    engine, payload = case
    full = engine.check_fully(_same(payload))
    fast = engine._passes_fast_path(_same(payload))
    event("fast path accepts" if fast else "fast path refuses")
    if _orjson_reads(payload.data):
        assert fast == (full == []), [finding.to_dict() for finding in full]
    else:  # big integers, lone surrogates: JSON the fast path leaves to the full one
        assert not fast
    assert engine.check(_same(payload)) == full
    if b"\n" not in payload.data:  # as a record of a JSON Lines log
        assert engine.line_checker(payload.schema_id)(payload.data + b"\n") == fast
    if not payload.method:  # as a .json file
        assert engine.accepts_file(payload.data, payload.schema_id) == fast


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads())
def test_skipping_rules_that_are_not_triggered_changes_no_finding(case):
    engine, payload = case
    gated = engine.check_fully(_same(payload))
    ungated_rules = [replace(rule, triggers=frozenset()) for rule in engine.rules]
    with _rules_replaced(engine, ungated_rules):
        assert engine.check_fully(_same(payload)) == gated


@contextmanager
def _rules_replaced(engine: Engine, rules: list):
    kept = engine.rules
    engine.rules = rules
    try:
        yield
    finally:
        engine.rules = kept
