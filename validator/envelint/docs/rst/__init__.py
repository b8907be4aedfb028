"""The reStructuredText dialect (Sphinx style): pages saved as ``.rst``, or ``.txt`` as the
sources of a built Sphinx site are."""

from envelint.docs.rst.reader import read_page

SUFFIXES = (".rst", ".txt")
ROOT_MARKERS = ("index.rst", "conf.py")  # a Sphinx tree's root holds one of these

__all__ = ["ROOT_MARKERS", "SUFFIXES", "read_page"]
