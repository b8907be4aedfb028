"""envelint.docs.dialects: the registry of documentation dialects, by file suffix."""

from __future__ import annotations

from envelint.derive.derivation import discover
from envelint.docs import Suppression, dialects, read_page, rst

PAGE = """\
.. _stop:

Stopping a Job
==============

.. envelint: disable=j001, S003

::

   {"job_id": "x"}
"""


def test_rst_reads_rst_and_txt():
    by_suffix = dialects.BY_SUFFIX
    assert by_suffix == {".rst": rst, ".txt": rst}
    assert dialects.DOC_SUFFIXES == (".rst", ".txt")
    assert dialects.ROOT_MARKERS == ("conf.py",)


def test_a_page_is_read_by_its_suffix_and_others_as_rst(tmp_path):
    for name in ("stop.rst", "stop.txt", "stop.text"):
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
        page = read_page(tmp_path / name)
        assert (page.title, page.labels) == ("Stopping a Job", ["stop"])


def test_discover_finds_every_registered_suffix_only(tmp_path):
    for name in ("a.rst", "b.txt", "c.md", "d.html"):
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    assert [source.key for source in discover([tmp_path])] == ["a", "b"]


def test_suppression_comments_are_read_into_the_page():
    page = read_page("stop.rst", text=PAGE)
    assert page.suppressions == [Suppression(("J001", "S003"), line=6, column=1)]
