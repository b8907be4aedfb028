"""A Response section that only refers the reader elsewhere takes the responses it names."""

from __future__ import annotations

import pytest

from tests.factories import derive_from_repo

TREE = "fixtures/docs/bare_referral"


@pytest.fixture(scope="module")
def kinds() -> dict[str, list[str | None]]:
    derived = derive_from_repo(TREE)
    return {
        operation.id: sorted(response.kind for response in operation.responses)
        for operation in derived.operations
    }


def test_a_bare_referral_to_a_responses_page_takes_all_its_outcomes(kinds):
    # "See Responses (Widget Jobs)": that page's normal and abnormal responses
    assert kinds["resizing-a-widget"] == ["abnormal", "normal"]


def test_a_referral_that_names_its_outcome_takes_only_that_one(kinds):
    # "For details about the normal response, see Responses (Widget Jobs)"
    assert kinds["stopping-a-widget"] == ["normal"]
