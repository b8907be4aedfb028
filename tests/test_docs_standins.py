"""The reader's stand-ins (docs/rst/standins.py): a page reads the same with them as when
docutils parses every target, table and code block itself."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from envelint.docs import read_page
from envelint.docs.rst import reader, standins
from envelint.docs.rst.tables import locate_tables

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "docs"

TABLE = """\
+------+--------+
| Name | Type   |
+======+========+
| id   | String |
+------+--------+
"""
INDENTED_TABLE = "".join(f"   {line}\n" for line in TABLE.splitlines())

PAGES = {
    "plain": f".. _page:\n\nTitle\n=====\n\n.. _t1:\n\n.. table:: Table 1 x\n\n{INDENTED_TABLE}\n"
    '.. code-block::\n\n   {"id": "a"}\n\nText.\n',
    "in a list": "Title\n=====\n\n-  item\n\n   .. _in_list:\n\n   .. code-block:: json\n\n"
    f"      {{}}\n\n-  next\n\n{TABLE}",
    "after ::": "Title\n=====\n\nExample::\n\n.. _quoted:\n\n.. code-block::\n\n   {}\n",
    "indented after ::": "Example::\n\n   .. _literal:\n\n   .. code-block::\n\n      {}\n",
    "no blank before": "Text\n.. _glued:\n\nMore.\n",
    "no blank after": ".. _glued:\nTitle\n=====\n",
    "duplicate labels": ".. _twice:\n\nA\n=\n\n.. _twice:\n\nB\n-\n",
    "label named also by an option": ".. _fig:\n\n.. figure:: x.png\n   :name: fig\n",
    "in a figure": ".. figure:: x.png\n\n   .. _cap:\n\n   Caption.\n",
    "in a note": ".. note::\n\n   .. _in_note:\n\n   .. code-block::\n\n      {}\n",
    "options": ".. code-block:: json\n   :linenos:\n\n   {}\n",
    "empty code block": ".. code-block::\n\nText.\n",
    "odd label": ".. _a:b:\n\n.. _`quoted label`:\n\nText.\n",
    "stand-in word in text": "envelintstandin0\n\n.. _x:\n\nText.\n",
    "tabs": ".. _x:\n\n\tText.\n",
    "end of file": "Text.\n\n.. _last:",
    # A label with no blank line before an indented table: docutils reads the table as the
    # target's URI, which it hands to the inliner (the hypothesis fuzzing found this).
    "table as a target's URI": f"Title\n=====\n\n.. _glued_table:\n{INDENTED_TABLE}",
    "e-mail target": ".. _mail: someone@example.com\n\nText.\n",
    "opening field list": ":original_name: p.html\n:orphan:\n\n.. _p:\n\nTitle\n=====\n\nText.\n",
    "opening field list glued to a title": ":original_name: p.html\nTitle\n=====\n\nText.\n",
    "opening field on two lines": ":original_name: p.html\n   more\n\nText.\n",
    "field list after the title": "Title\n=====\n\n:a: b\n\n.. _x:\n\nText.\n",
}


def _without_standins(monkeypatch: pytest.MonkeyPatch, path: Path, text: str):
    with monkeypatch.context() as patched:
        patched.setattr(standins._Masker, "_can_stand_in", lambda self, index: False)
        patched.setattr(standins._Masker, "blank_leading_fields", lambda self: None)
        return read_page(path, text)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_reads_the_same_with_stand_ins(name, monkeypatch) -> None:
    text = PAGES[name]
    assert dataclasses.asdict(read_page("p.rst", text)) == dataclasses.asdict(
        _without_standins(monkeypatch, Path("p.rst"), text)
    )


@pytest.mark.parametrize("page", sorted(DOCS.rglob("*.rst")), ids=lambda path: path.name)
def test_every_fixture_page_reads_the_same_with_stand_ins(page, monkeypatch) -> None:
    text = page.read_text(encoding="utf-8", errors="replace")
    assert dataclasses.asdict(read_page(page, text)) == dataclasses.asdict(
        _without_standins(monkeypatch, page, text)
    )


def test_targets_tables_and_code_blocks_are_spared_to_docutils() -> None:
    lines = PAGES["plain"].split("\n")
    masked = standins.mask(lines, locate_tables(lines))
    kinds = [type(standin).__name__ for standin in masked.standins]
    assert sorted(kinds) == ["CodeStandIn", "LabelStandIn", "LabelStandIn", "TableStandIn"]
    assert len(masked.lines) == len(lines)
    assert not any(line.lstrip().startswith("..") for line in masked.lines)


def test_the_opening_field_list_is_blanked_and_only_it() -> None:
    lines = PAGES["opening field list"].split("\n")
    assert standins.mask(lines, []).lines[:3] == ["", "", ""]
    later = PAGES["field list after the title"].split("\n")
    assert standins.mask(later, []).lines[3] == ":a: b"


def test_what_stands_in_is_read_where_it_stood() -> None:
    page = read_page("p.rst", PAGES["plain"])
    assert page.labels == ["page"]
    [table] = page.tables
    assert (table.caption, table.labels, table.line) == ("Table 1 x", ["t1"], 10)
    assert [row.cells for row in table.rows] == [["id", "String"]]
    [code] = page.code_blocks
    assert (code.text, code.line, code.column, code.language) == ('{"id": "a"}', 18, 4, None)


# -- inline text left unparsed (parser.PlainInliner) ------------------------------------------

INLINE_PAGES = {
    "inline target": "A _`inline` target.\n\n.. _inline:\n\nText.\n",
    "named link": "A `inline <http://x>`_ link.\n\n.. _inline:\n\nText.\n",
    "anonymous link": "A `text <http://x>`__ link and :ref:`Table 1 <t1>`.\n\n.. _t1:\n\nT.\n",
    "term with classifier": "Term ``a : b`` : cls\n   Definition.\n\n.. _x:\n\nText.\n",
}


def _with_inline_parse(monkeypatch: pytest.MonkeyPatch, path: Path, text: str):
    with monkeypatch.context() as patched:
        patched.setattr(reader, "names_inline", lambda text: True)
        return read_page(path, text)


@pytest.mark.parametrize("name", sorted({**PAGES, **INLINE_PAGES}))
def test_a_page_reads_the_same_without_an_inline_parse(name, monkeypatch) -> None:
    text = {**PAGES, **INLINE_PAGES}[name]
    assert dataclasses.asdict(read_page("p.rst", text)) == dataclasses.asdict(
        _with_inline_parse(monkeypatch, Path("p.rst"), text)
    )


@pytest.mark.parametrize("page", sorted(DOCS.rglob("*.rst")), ids=lambda path: path.name)
def test_every_fixture_page_reads_the_same_without_an_inline_parse(page, monkeypatch) -> None:
    text = page.read_text(encoding="utf-8", errors="replace")
    assert dataclasses.asdict(read_page(page, text)) == dataclasses.asdict(
        _with_inline_parse(monkeypatch, page, text)
    )


def test_a_name_given_inline_takes_the_target_s_label_away_as_docutils_says() -> None:
    assert read_page("p.rst", INLINE_PAGES["inline target"]).blocks[1].labels == []
