"""envelint.docs.rst.inline: RST fragments to plain text, and the links in them."""

from __future__ import annotations

from envelint.docs.model import Link
from envelint.docs.rst.inline import SourceLine, find_links, link_words, plain_text


def test_inline_markup_is_removed():
    raw = "**Definition**\n\nSee :ref:`Table 2 <x_table>` and ``code`` in *italics*."
    assert plain_text(raw) == "Definition See Table 2 and code in italics."


def test_bullets_and_directives_are_dropped_from_plain_text():
    raw = "Values:\n\n-  **ON**: running\n-  **OFF**: stopped\n\n.. note::\n\n   Mind it."
    assert plain_text(raw) == "Values: ON: running OFF: stopped Mind it."


def test_escaped_space_joins_words():
    assert plain_text(r"**expires=**\ *operator*") == "expires=operator"


def test_links_with_positions():
    lines = [
        SourceLine("see :ref:`Table 1 <a_b>` or", 10, 5),
        SourceLine("`Table 2 <#ab>`__ or `site <https://x.y/z>`__", 11, 5),
    ]
    assert find_links(lines) == [
        Link("ref", "Table 1", "a_b", 10, 9),
        Link("anchor", "Table 2", "ab", 11, 5),
        Link("url", "site", "https://x.y/z", 11, 26),
    ]


def test_ref_without_explicit_title():
    assert find_links([SourceLine(":ref:`some_label`", 1, 1)]) == [
        Link("ref", "some_label", "some_label", 1, 1)
    ]


def test_literal_text_holds_no_links():
    assert find_links([SourceLine("``:ref:`x <y>```", 1, 1)]) == []


def test_link_words_write_each_link_as_ref():
    raw = "Array of :ref:`Table 3 <t3>` or `servers <#anchor>`__"
    assert link_words(raw, plain_text(raw)) == "Array of ref or ref"
    assert link_words("List<Object>", "List<Object>") == "List<Object>"
