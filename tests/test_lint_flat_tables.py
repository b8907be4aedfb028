"""A table that lists the members of an array's items as plain rows after the array's own row
(no table of their own): a mandatory row the example holds inside that array is not missing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.helpers import run_cli

PAGE = FIXTURES / "docs" / "flat_table" / "listing_api_versions.rst"


def s002(page: Path) -> list[str]:
    result = run_cli("lint", "--format", "json", "--no-cache", str(page))
    return [f["message"] for f in json.loads(result.output)["findings"] if f["code"] == "S002"]


def test_rows_held_inside_an_undescribed_array_are_not_missing() -> None:
    assert s002(PAGE) == []


def test_a_mandatory_row_held_nowhere_is_still_missing(tmp_path: Path) -> None:
    page = tmp_path / PAGE.name
    shutil.copy(PAGE, page)
    page.write_text(page.read_text().replace('"status": "CURRENT",', ""))
    # the example's top level is `versions` alone: the rows it leaves out are read as its items'
    assert s002(page) == [
        "`versions[0]` (/versions/0) has no `status`, which the documentation marks as mandatory"
    ]


def test_a_row_beside_the_array_is_not_excused_by_a_namesake_inside_it(tmp_path: Path) -> None:
    page = tmp_path / PAGE.name
    shutil.copy(PAGE, page)
    text = page.read_text().replace(
        "   versions    Yes       Array of objects The API versions.",
        "   versions    Yes       String           The API versions.",
    )
    page.write_text(text)
    messages = s002(page)
    assert "the payload has no `id`, which the documentation marks as mandatory" in messages
