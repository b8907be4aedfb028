"""docs/api.md stays true: every Python example runs, the pytest example passes as written and
fails with the message the page shows, and mypy --strict accepts a user's code."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES, REPO

pytest_plugins = ["pytester"]

PAGE = REPO / "docs" / "api.md"
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
TEST_FILE_MARK = "# test_contract.py"


def blocks(language: str) -> list[str]:
    return [text for lang, text in BLOCK.findall(PAGE.read_text()) if lang == language]


def examples() -> list[str]:
    return [text for text in blocks("python") if not text.startswith(TEST_FILE_MARK)]


@pytest.mark.parametrize("example", examples(), ids=lambda text: text.splitlines()[0][:40])
def test_every_example_runs(example: str, monkeypatch):
    monkeypatch.chdir(REPO)
    exec(compile(example, str(PAGE), "exec"), {"__name__": "example"})


def test_the_readme_library_example_runs(monkeypatch, capsys):
    readme = (REPO / "README.md").read_text().split("<!-- example:library -->", 1)[1]
    example = BLOCK.search(readme).group(2)
    monkeypatch.chdir(REPO)
    exec(compile(example, "README.md", "exec"), {"__name__": "example"})
    assert capsys.readouterr().out.startswith("S001 /error_msg `error_msg` (/error_msg) is an")


def test_the_page_has_examples():
    assert len(examples()) >= 5


def plugin_project(pytester: pytest.Pytester, body: str | None = None) -> pytest.Pytester:
    [ini] = blocks("ini")
    [test_file] = [text for text in blocks("python") if text.startswith(TEST_FILE_MARK)]
    if body is not None:
        test_file = test_file.replace('"Invalid limit."', body)
    shutil.copytree(FIXTURES / "docs" / "tree", pytester.path / "fixtures" / "docs" / "tree")
    pytester.makefile(".ini", pytest=ini)
    pytester.makepyfile(test_contract=test_file)
    return pytester


def test_the_pytest_example_passes(pytester: pytest.Pytester):
    plugin_project(pytester).runpytest().assert_outcomes(passed=1)


def test_the_pytest_example_fails_with_the_message_shown(pytester: pytest.Pytester):
    result = plugin_project(pytester, "7").runpytest()
    result.assert_outcomes(failed=1)
    [shown] = [text for text in blocks("") if text.startswith("AssertionError:")]
    result.stdout.fnmatch_lines([f"E*{line.strip()}" for line in shown.splitlines()])


USER_CODE = """
from envelint import Contract, Exchange, Finding, Severity, exchange_of, lint


def failing(findings: list[Finding]) -> list[str]:
    return [f"{f.code} {f.pointer} {f.doc.cited() if f.doc else ''}" for f in findings
            if f.severity >= Severity.WARNING]


def contract_findings(docs: str, body: bytes) -> list[str]:
    contract = Contract.from_docs(docs, ignore=["E0"])
    found: list[Finding] = contract.check("GET", "/v1/x", 200, body, headers={"a": "b"})
    found += contract.check_exchange(Exchange("GET", "/v1/x", 200, {"a": 1}))
    found += lint(docs)
    operation: str | None = found[0].operation if found else None
    return failing(found) + [str(operation), str(exchange_of(object()).status)]
"""


def test_mypy_strict_accepts_a_users_code(tmp_path):
    user = tmp_path / "user_code.py"
    user.write_text(USER_CODE)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(user)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_refuses_a_misuse(tmp_path):
    """The API's types are read (not Any): a wrong argument is an error."""
    user = tmp_path / "user_code.py"
    user.write_text('from envelint import Contract\nContract.from_docs("d").check("GET", 1)\n')
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(user)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert 'Argument 2 to "check" of "Contract" has incompatible type "int"' in result.stdout


def test_importing_envelint_loads_no_layer():
    code = "import sys, envelint; print(sorted(m for m in sys.modules if m.startswith('envelint')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "['envelint']"


def test_importing_envelint_is_cheap():
    """Importing envelint loads nothing but a few modules of the standard library: no
    dependency and no layer of its own (so it stays far under the 50 ms of the issue, measured
    by ``python -X importtime -c "import envelint"``; a wall-clock assertion here would fail on
    a loaded machine)."""
    code = (
        "import sys; before = set(sys.modules); import envelint; "
        "print(' '.join(sorted(set(sys.modules) - before)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    loaded = result.stdout.split()
    assert "envelint" in loaded
    outside_stdlib = [
        name
        for name in loaded
        if name != "envelint" and name.split(".")[0] not in sys.stdlib_module_names
    ]
    assert outside_stdlib == []
    assert len(loaded) < 40
