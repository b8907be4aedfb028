"""The OpenAPI exports of the real corpus, judged by the tools people use (slow tier):
openapi-spec-validator accepts each, Spectral's ``spectral:oas`` ruleset finds no error in any
(and every kind of warning it gives is explained in docs/openapi.md), and each export read back
as a catalog gives the same findings as the catalog derived from the docs."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from tests.conftest import CORPUS, FIXTURES, REPO, require_shared
from tests.helpers import run_cli
from tests.npm_tools import npm_command

pytestmark = pytest.mark.slow

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SPECTRAL_PACKAGE = "@stoplight/spectral-cli@6.16.3"
ECS_CAPTURES = [
    FIXTURES / "captures" / name
    for name in (
        "curl-v-start-ecss.txt",
        "curl-v-stop-server.txt",
        "curl-i-create-ecs.txt",
        "ecs-console.har",
        "ecs-jobs.yaml",
        "two-responses.http",
    )
]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every corpus reference exported once, as YAML."""
    require_shared(CORPUS)
    folder = tmp_path_factory.mktemp("openapi")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ENVELINT_CACHE_DIR", str(folder / "cache"))
        found = {}
        for reference in sorted(path for path in CORPUS.iterdir() if path.is_dir()):
            target = folder / f"{reference.name}.yaml"
            result = run_cli("export", "openapi", str(reference), "-o", str(target))
            assert result.exit_code == 0, result.output
            found[reference.name] = target
    return found


def test_openapi_spec_validator_accepts_every_export(exports: dict[str, Path]) -> None:
    from openapi_spec_validator import validate
    from openapi_spec_validator.readers import read_from_filename

    assert len(exports) == 19
    for path in exports.values():
        document, _ = read_from_filename(str(path))
        validate(document)  # raises on the first error


def spectral() -> Path:
    """Spectral's command, installed from npm into a cache folder of the tests' own."""
    return npm_command(SPECTRAL_PACKAGE, "spectral")


def spectral_results(exports: dict[str, Path], work: Path) -> dict[str, list[dict]]:
    ruleset = work / ".spectral.yaml"
    ruleset.write_text('extends: ["spectral:oas"]\n')
    command = spectral()
    results = {}
    for name, path in exports.items():
        run = subprocess.run(
            [str(command), "lint", "-r", str(ruleset), "-f", "json", "-q", str(path)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        results[name] = json.loads(run.stdout or "[]")
    return results


def test_spectral_finds_no_error_and_every_warning_kind_is_explained(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    results = spectral_results(exports, tmp_path)
    errors = [
        f"{name}: {item['code']} {item['message']}"
        for name, items in results.items()
        for item in items
        if item["severity"] == 0
    ]
    assert errors == []
    explained = set(
        re.findall(r"^\| `([a-z0-9-]+)` \|", (REPO / "docs" / "openapi.md").read_text(), re.M)
    )
    kinds = {item["code"] for items in results.values() for item in items}
    assert kinds <= explained, f"explain these in docs/openapi.md: {sorted(kinds - explained)}"


def load_round_trip_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "openapi_round_trip", REPO / "tools" / "openapi_round_trip.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_docs_examples_give_the_same_findings_against_the_export(tmp_path: Path) -> None:
    require_shared(CORPUS)
    tool = load_round_trip_tool()
    checked = 0
    for reference in sorted(path for path in CORPUS.iterdir() if path.is_dir()):
        result = tool.round_trip(str(reference), tmp_path)
        assert result.differing == []
        checked += result.examples
    assert checked > 2000


def _comparable(finding: dict) -> tuple:
    """A finding without what names the catalog: schema ids, the page it was read from."""
    message = re.sub(r" \(schema chosen by shape: .*\)$", "", finding["message"])
    doc = finding["doc"]
    row = (doc["line"], doc["table"]) if doc else None
    return (
        finding["code"],
        finding["path"],
        finding["line"],
        finding["column"],
        finding["pointer"],
        message,
        finding["operation"],
        finding["selection"],
        row,
    )


def test_captures_give_the_same_findings_against_the_ecs_export(
    exports: dict[str, Path],
) -> None:
    captures = [str(path) for path in ECS_CAPTURES]
    derived = run_cli("check", str(CORPUS / "elastic-cloud-server"), *captures, "--format", "json")
    exported = run_cli("check", str(exports["elastic-cloud-server"]), *captures, "--format", "json")
    before = [_comparable(f) for f in json.loads(derived.output)["findings"]]
    after = [_comparable(f) for f in json.loads(exported.output)["findings"]]
    assert len(before) > 5
    assert after == before


def test_schemathesis_generates_a_case_for_every_operation_of_every_export(
    exports: dict[str, Path],
) -> None:
    import schemathesis
    from hypothesis import HealthCheck, Phase, find, settings

    one_case = settings(
        max_examples=1,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    missing = []
    operations = 0
    for name, path in exports.items():
        for result in schemathesis.openapi.from_path(str(path)).get_all_operations():
            operation = result.ok()  # raises when Schemathesis cannot read an operation
            operations += 1
            try:
                find(operation.as_strategy(), lambda _: True, settings=one_case)
            except Exception as error:  # noqa: BLE001 - each failure is listed
                missing.append(f"{name} {operation.label}: {error!r}"[:300])
    assert missing == []
    listed = sum(
        method in METHODS
        for path in exports.values()
        for item in yaml.safe_load(path.read_text())["paths"].values()
        for method in item
    )
    assert operations == listed > 1800  # every path and method of all 19 exports
