"""tools/non_json_examples.py: the criteria of the J001 truth set, on a page of its own."""

from __future__ import annotations

import ast
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, FIXTURES, REPO, require_shared

PAGE = FIXTURES / "tools" / "non_json_examples" / "page.rst"


def _tool():
    spec = importlib.util.spec_from_file_location(
        "non_json_examples", REPO / "tools" / "non_json_examples.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _truth(tmp_path: Path) -> list[tuple[int, str]]:
    tool = _tool()
    source = tmp_path / "fixture" / "api-ref" / "source"
    source.mkdir(parents=True)
    (source / "page.rst").write_text(PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    examples, counts, _ = tool.scan_tree("fixture", source)
    return [(example.start, example.kind) for example in examples], counts


def test_the_truth_set_of_the_fixture_page(tmp_path):
    truth, counts = _truth(tmp_path)
    assert truth == [
        (22, "syntax"),  # trailing comma after **Status code: 200** and "Successful request."
        (28, "syntax"),  # XXX placeholder
        (42, "text-before-body"),  # prose in an "-  Example response" item
        (49, "duplicate-key"),  # after an HTTP head
        (104, "syntax"),  # trailing comma in the body after captions and a header
    ]
    # not in it: the request (13), the valid "Or" block, the binary body, the XML body, the
    # valid body after "status CODE 200", the function model, two captioned alternative bodies
    assert counts["response"] == 10
    assert counts["request"] == 1


def test_strict_json_refuses_what_python_would_accept():
    tool = _tool()
    assert tool.strict_json_problem('{"a": 1, "a": 2}')[0] == "duplicate-key"
    assert tool.strict_json_problem('{"a": NaN}')[0] == "non-standard-number"
    assert tool.strict_json_problem('{"a": 1,}')[0] == "syntax"
    assert tool.strict_json_problem('{"a": [1, 2]}') is None


def test_the_tool_imports_nothing_of_envelint():
    tree = ast.parse((REPO / "tools" / "non_json_examples.py").read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[0] == "envelint"}


@pytest.mark.slow
def test_the_corpus_truth_set_is_written_as_json(tmp_path):
    corpus = require_shared(CORPUS)
    out = tmp_path / "truth.json"
    tool = _tool()
    assert (
        tool.main(
            ["--corpus", str(corpus), "--tree", "identity-access-management", "--json", str(out)]
        )
        == 0
    )
    written = json.loads(out.read_text(encoding="utf-8"))
    entry = written["trees"]["identity-access-management"]
    assert entry["truth"] == len(entry["examples"]) > 0


def _function_shapes(path: Path) -> dict[str, str]:
    """Each function's body with its names left out: what a copied function keeps however it
    is renamed."""
    shapes = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef) and len(node.body) > 2:
            name = node.name
            if ast.get_docstring(node) is not None:
                node.body = node.body[1:]
            for inner in ast.walk(node):
                for field in ("id", "arg", "attr", "name"):
                    if isinstance(getattr(inner, field, None), str):
                        setattr(inner, field, "_")
            shapes[name] = ast.dump(ast.Module(body=node.body, type_ignores=[]))
    return shapes


def test_the_tool_holds_no_copy_of_envelint_s_example_reading():
    """The truth set must be found independently: no function of the tool may be one of
    docs/examples.py's under another name."""
    tool = _function_shapes(REPO / "tools" / "non_json_examples.py")
    envelint = _function_shapes(REPO / "validator" / "envelint" / "docs" / "examples.py")
    copies = {
        (name, other)
        for name, shape in tool.items()
        for other, theirs in envelint.items()
        if shape == theirs
    }
    assert not copies
