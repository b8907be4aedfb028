"""The reStructuredText dialect (Sphinx style): pages saved as ``.rst``, or ``.txt`` as the
sources of a built Sphinx site are."""

from envelint.docs.rst.reader import read_page

SUFFIXES = (".rst", ".txt")
ROOT_MARKERS = ("conf.py",)  # the Sphinx source folder; every folder of the tree has an index.rst

__all__ = ["ROOT_MARKERS", "SUFFIXES", "read_page"]
