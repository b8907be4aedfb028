"""Links between pages in the 2022 conversion style (fixtures/docs/html_links): a relative
``.html`` URL names a page, and ``page.html#section-title`` a section by its generated id."""

from __future__ import annotations

import pytest

from tests.factories import derive_from_repo

PAGES = "fixtures/docs/html_links"


@pytest.fixture(scope="module")
def derived():
    return derive_from_repo(PAGES)


def test_a_relative_html_link_in_a_response_referral_takes_that_pages_body(derived):
    (operation,) = derived.operations
    (response,) = operation.responses
    assert list(derived.schemas[response.schema]["properties"]) == ["job_id"]


def test_an_html_anchor_that_is_a_section_title_reaches_the_table_under_it(derived):
    (operation,) = derived.operations
    body = derived.schemas[operation.request.body]
    assert list(body["properties"]["gizmo"]["properties"]) == ["name", "size"]
