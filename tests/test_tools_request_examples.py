"""tools/request_examples.py: every example request block listed with what lint checks of it,
and an independent count of the blocks on the raw text that finds the same ones."""

from __future__ import annotations

import shutil
import sys

from tests.conftest import FIXTURES, REPO

sys.path.insert(0, str(REPO / "tools"))

from request_examples import list_reference, raw_request_blocks  # noqa: E402

PAGE = FIXTURES / "docs" / "request_lines" / "querying_widget_colors.rst"


def test_the_raw_count_finds_the_blocks_envelint_lists():
    assert raw_request_blocks(PAGE.read_text()) == [55, 61, 67, 73, 79, 85, 91, 97]


def test_each_block_is_checked_or_has_a_reason(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(PAGE, source / PAGE.name)
    listing = list_reference("widgets", source)
    verdicts = [(line, checked, how.split(",")[0]) for _, line, checked, how in listing.rows]
    line_checked = "request line's path and query parameters"
    assert verdicts[:3] == [
        (55, True, line_checked),
        (61, True, line_checked),
        (67, True, line_checked),
    ]
    assert verdicts[3:5] == [(73, True, line_checked), (79, False, "an XML body")]
    assert listing.raw == listing.listed
