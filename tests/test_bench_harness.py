"""The benchmark harness (bench/): a contender that crashes or checks nothing is FAILED and meets
no target; every run's exit code counts; memory benchmarks are measured like the others."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def bench():
    """The harness's modules, imported as bench/run.py imports them (by their bare names)."""
    sys.path.insert(0, str(BENCH))
    try:
        modules = {
            name: importlib.import_module(name)
            for name in ("run", "model", "measure", "report", "make_data")
        }
        assert all(Path(module.__file__).parent == BENCH for module in modules.values())
        yield modules
    finally:
        sys.path.remove(str(BENCH))
        for name, module in list(sys.modules.items()):  # bare names: leave none behind
            if Path(getattr(module, "__file__", None) or "/").parent == BENCH:
                del sys.modules[name]


def _settings(bench, data: Path, repetitions: int = 1, warmup: bool = False):
    scratch = data / "outputs"
    scratch.mkdir(exist_ok=True)
    return bench["run"].RunSettings(
        data=data,
        scratch=scratch,
        repetitions=repetitions,
        all_cpus=None,
        warmup=warmup,
        env=bench["measure"].child_environment(None),
    )


def _one_file_results(bench, data: Path, envelint: list[str]) -> dict:
    """``one-file`` run once with ``envelint`` as the envelint command: the results document."""
    run = bench["run"]
    (data / "one.json").write_text('{"job_id": "ff80808288d41e1b018990260955686a"}\n')
    used = run.Tools(python=sys.executable, envelint=envelint, check_jsonschema=None)
    floor = [sys.executable, str(BENCH / "floors.py")]
    benchmark = run._one_file_benchmark(floor, [*envelint, "validate"], used)
    outcome = run.run_benchmark(benchmark, _settings(bench, data))
    return bench["report"].results([outcome], {}, {"pinned_cpu": None}, {})


def _markdown(bench, results: dict) -> str:
    environment = {
        "pinned_cpu": None,
        "repetitions": 1,
        "cpu_model": "test",
        "cpus": 1,
        "python": "3",
        "load_average_at_start": [0],
        "load_average_at_end": [0],
        "envelint": "envelint",
        "git_commit": "test",
        "git_dirty_files": 0,
        "seconds": 0,
        "check_jsonschema": None,
    }
    return bench["report"].markdown({**results, "environment": environment})


def test_bin_false_as_envelint_is_failed_and_meets_no_target(bench, tmp_path):
    results = _one_file_results(bench, tmp_path, ["/bin/false"])
    one_file = results["benchmarks"][0]
    assert one_file["contenders"]["envelint"]["failed"] == "reported 0 payloads seen, not 1"
    assert one_file["contenders"]["floor"]["failed"] is None
    assert [target["met"] for target in one_file["targets"]] == [False]


def test_a_failed_contender_is_marked_in_the_tables(bench, tmp_path):
    markdown = _markdown(bench, _one_file_results(bench, tmp_path, ["/bin/false"]))
    one_file_row = next(line for line in markdown.splitlines() if line.startswith("| one-file"))
    assert "**FAILED**" in one_file_row
    assert "| **NO** |" in one_file_row
    assert "- one-file: `envelint` **FAILED**: reported 0 payloads seen, not 1" in markdown


def test_the_real_envelint_on_one_file_is_not_failed(bench, tmp_path):
    envelint = bench["run"].locate.envelint_command()
    results = _one_file_results(bench, tmp_path, envelint)
    assert results["benchmarks"][0]["contenders"]["envelint"]["failed"] is None


def test_an_exit_code_in_any_run_fails_the_contender_not_only_in_the_last(bench, tmp_path):
    model = bench["model"]
    fails_first_time = ["sh", "-c", "test -e ran || { touch ran; exit 3; }"]
    benchmark = model.Benchmark(
        name="flaky",
        description="fails on its first run only",
        payloads=1,
        contenders=[model.Contender("floor", [fails_first_time])],
    )
    outcome = bench["run"].run_benchmark(benchmark, _settings(bench, tmp_path, repetitions=2))
    assert outcome.summaries["floor"].exit_codes == ((3,), (0,))
    assert outcome.failed == {"floor": "exit code 3 (may end with 0)"}


def test_memory_benchmarks_run_every_repetition_after_a_warm_up(bench, tmp_path):
    model = bench["model"]
    counted = ["sh", "-c", "echo run >> runs.txt"]
    benchmark = model.Benchmark(
        name="memory-valid-1",
        description="counts its runs",
        payloads=1,
        contenders=[model.Contender("floor", [counted])],
        group="memory",
    )
    settings = _settings(bench, tmp_path, repetitions=3, warmup=True)
    outcome = bench["run"].run_benchmark(benchmark, settings)
    assert outcome.summaries["floor"].runs == 3
    assert (tmp_path / "runs.txt").read_text().count("run") == 4  # the warm-up, then 3


def test_a_ratio_over_a_zero_time_is_left_out(bench):
    summary = bench["measure"].Summary
    summaries = {
        "envelint": summary(wall=1.0, cpu=1.0, peak_rss_kb=1, runs=1, walls=(1.0,), exit_codes=()),
        "floor": summary(wall=0.0, cpu=0.0, peak_rss_kb=1, runs=1, walls=(0.0,), exit_codes=()),
    }
    assert bench["report"]._ratios(summaries, (("envelint", "floor"),)) == {}


def test_the_bad_envelope_log_is_all_bad_and_the_same_every_time(bench, tmp_path):
    make_data = bench["make_data"]
    logs = []
    for folder in (tmp_path / "one", tmp_path / "two"):
        folder.mkdir()
        maker = make_data.DataMaker(folder, make_data.QUICK, envelint=[], corpus=None)
        made = maker._make_bad_envelopes()
        (name,) = made["outputs"]
        logs.append((folder / name).read_bytes())
    summary = made["files"][name]
    assert name == "envelopes-bad-20000.jsonl"
    assert summary["lines"] == summary["bad"] == 20_000
    assert set(summary["bad_kinds"]) == set(bench["make_data"].envelopes.BAD_KINDS)
    assert logs[0] == logs[1]
