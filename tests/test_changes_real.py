"""``envelint diff`` on real documentation: the seed pages and the ECS reference's history
(../shared/corpus-history)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHARED, require_shared
from tests.helpers import run_cli

JOBS, TASK, ORDER = "000_cb33e2b5c92bfef4", "001_0dac224359cf292a", "004_99702e14f02197f5"


def test_the_2022_and_2025_envelopes_document_the_same_api(seeds):
    result = run_cli("diff", str(seeds / f"{TASK}.txt"), str(seeds / f"{JOBS}.txt"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "no changes"


def test_the_order_envelope_lacks_the_task_envelopes_error_details(seeds):
    result = run_cli(
        "diff", str(seeds / f"{TASK}.txt"), str(seeds / f"{ORDER}.txt"), "--format", "json"
    )
    found = {(c["code"], c["pointer"]) for c in json.loads(result.output)["changes"]}
    assert found == {("C111", "/error/details"), ("C116", "/order_id")}


@pytest.fixture(scope="module")
def ecs_history(tmp_path_factory) -> Path:
    bundle = require_shared(SHARED / "corpus-history" / "elastic-cloud-server.bundle")
    clone = tmp_path_factory.mktemp("history") / "ecs"
    subprocess.run(["git", "clone", "-q", str(bundle), str(clone)], check=True)
    return clone


def _diff(repo: Path, base: str, head: str, monkeypatch) -> dict:
    monkeypatch.chdir(repo)
    result = run_cli("diff", base, head, "--format", "json", "--", "api-ref/source")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


@pytest.mark.slow
def test_the_2022_04_reimport_in_a_new_conversion_style_breaks_nothing(ecs_history, monkeypatch):
    # 19b14ef -> a930cb1: "Reimport with links fixes", every page rewritten, the links between
    # pages written as :ref: instead of relative .html URLs
    assert _diff(ecs_history, "19b14ef", "a930cb1", monkeypatch)["changes"] == []


@pytest.mark.slow
def test_three_query_parameters_dropped_in_2022_12(ecs_history, monkeypatch):
    changes = _diff(ecs_history, "bea3c04", "763284e", monkeypatch)["changes"]
    dropped = {c["pointer"] for c in changes if c["code"] == "C203" and c["status"] == "query"}
    assert dropped == {"/all_tenants", "/availability_zone", "/deleted"}


@pytest.mark.slow
def test_a_request_field_that_took_null_takes_a_string_in_2025_12(ecs_history, monkeypatch):
    changes = _diff(ecs_history, "bd5a3a8", "0a42087", monkeypatch)["changes"]
    assert [(c["code"], c["pointer"]) for c in changes if c["level"] == "breaking"] == [
        ("C205", "/monitorMetrics")
    ]


@pytest.mark.slow
def test_addresses_turned_into_a_map_of_arrays_in_2025(ecs_history, monkeypatch):
    changes = _diff(ecs_history, "75b5c19", "f5a9ce2", monkeypatch)["changes"]
    assert {(c["code"], c["pointer"]) for c in changes} == {
        ("C113", "/servers/*/addresses/*"),
        ("C113", "/server/addresses/*"),
    }
