"""'see Table 2' without a link names the page's Table 2; 'see Table 2-1' does not."""

from __future__ import annotations

from tests.factories import derive_from_repo


def test_a_mention_of_table_2_1_is_not_table_2():
    derived = derive_from_repo("fixtures/docs/table_numbers")
    [schema] = derived.schemas.values()
    fields = schema["properties"]
    assert set(fields["tags"].get("properties", {})) == {"key", "value"}
    assert "properties" not in fields["volume"]
