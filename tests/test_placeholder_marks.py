"""The placeholder scan: a JSON text it clears holds no placeholder, however it is spelled."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from envelint.rules.envelope import PLACEHOLDER_PATTERN, may_hold_placeholder

PLACEHOLDERS = st.from_regex(PLACEHOLDER_PATTERN, fullmatch=True)


@given(PLACEHOLDERS, st.booleans(), st.text(max_size=40))
def test_every_placeholder_leaves_a_mark_in_its_json_text(placeholder, ascii_only, other):
    text = json.dumps({"note": other, "code": placeholder}, ensure_ascii=ascii_only)
    assert may_hold_placeholder(text.encode("utf-8", errors="surrogatepass"))


def test_a_text_of_real_values_is_cleared():
    record = {"id": "ff80808288d41e1b018990260955686a", "updated": "2024-05-22T03:30:52Z",
              "addr": "192.168.0.1", "flavor": "s3.large.2", "name": "ecs-test"}  # fmt: skip
    assert not may_hold_placeholder(json.dumps(record).encode())


def test_bytes_that_are_not_utf8_are_not_cleared():
    assert may_hold_placeholder(b'{"name": "\xff"}')
