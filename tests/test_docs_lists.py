"""envelint.docs.rst.lists: the bullet lists of a table cell, read into ItemList."""

from __future__ import annotations

from envelint.docs import ItemList, ListItem
from envelint.docs.rst.lists import top_level_lists


def test_a_list_with_its_lead_and_bold_terms():
    raw = "The state.\n\n-  **ACTIVE**: running.\n-  **SHUTOFF** - stopped."
    assert top_level_lists(raw) == [
        ItemList(
            "The state.",
            [ListItem("ACTIVE: running.", "ACTIVE"), ListItem("SHUTOFF - stopped.", "SHUTOFF")],
        )
    ]


def test_an_item_without_a_bold_term_has_none():
    items = top_level_lists("-  **ON**: on\n-  Anything else: unknown.")[0].items
    assert [item.term for item in items] == ["ON", None]


def test_bold_text_inside_a_sentence_is_no_term():
    items = top_level_lists("-  **ON** means the server runs\n-  *  **OFF**")[0].items
    assert [item.term for item in items] == [None, None]


def test_nested_lists_belong_to_their_item():
    raw = "Values:\n\n-  **A**: first\n\n   -  **x**: detail\n\n-  **B**: second"
    (listed,) = top_level_lists(raw)
    assert [item.term for item in listed.items] == ["A", "B"]


def test_text_between_lists_starts_another_list_with_its_lead():
    raw = "In this example:\n\n-  **a**: one\n-  **b**: two\n\nOr ``c``:\n\n-  **c**: three"
    assert [(listed.lead, len(listed.items)) for listed in top_level_lists(raw)] == [
        ("In this example:", 2),
        ("Or c:", 1),
    ]


def test_no_bullets_no_lists():
    assert top_level_lists("A plain description.\nOn two lines.") == []


def test_a_term_with_escaped_underscores_is_the_value_the_reader_sees():
    raw = "Options:\n\n-  **\\__ALL_\\_**: labeled\n-  **\\__NONE_\\_**: none"
    (listed,) = top_level_lists(raw)
    assert [item.term for item in listed.items] == ["__ALL__", "__NONE__"]
