"""Every mistake in a configuration file is one line: file, line, what is wrong (exact text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from envelint.common.errors import EnvelintError
from envelint.config.loader import load_settings

RULE = "  - {id: one, given: /a, then: {type: string}}\n"


def error_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, name: str) -> str:
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(text)
    with pytest.raises(EnvelintError) as error:
        load_settings(name, tmp_path)
    return str(error.value)


YAML_ERRORS = {
    "unknown key, with the closest name": (
        "select: [J]\nignroe: [S006]\n",
        ".envelint.yaml:2: unknown key 'ignroe' (did you mean 'ignore'?)",
    ),
    "unknown key with nothing close": (
        "colour: auto\n",
        ".envelint.yaml:1: unknown key 'colour'",
    ),
    "unknown key in a per-file entry": (
        "per-file:\n  - files: [a]\n    ignroe: [S003]\n",
        ".envelint.yaml:3: unknown key 'ignroe' in per-file[0] (did you mean 'ignore'?)",
    ),
    "unknown check of a custom rule": (
        "custom-rules:\n  - id: one\n    given: /a\n    then: {typo: string}\n",
        ".envelint.yaml:4: unknown key 'typo' in custom-rules[0].then (did you mean 'type'?)",
    ),
    "unknown rule in select": (
        "ignore: [S006]\nselect: [J, S01]\n",
        ".envelint.yaml:2: unknown rule 'S01' in select (did you mean 'S001'?)",
    ),
    "unknown rule name in ignore": (
        "ignore:\n  - S006\n  - duplicate-keys\n",
        ".envelint.yaml:3: unknown rule 'duplicate-keys' in ignore (did you mean 'duplicate-key'?)",
    ),
    "unknown rule in severity": (
        "severity:\n  S003: error\n  S0003: info\n",
        ".envelint.yaml:3: unknown rule 'S0003' in severity (did you mean 'S003'?)",
    ),
    "unknown rule in a per-file entry": (
        "per-file:\n  - files: [a]\n    select: [Q]\n",
        ".envelint.yaml:3: unknown rule 'Q' in per-file[0].select",
    ),
    "a list where a mapping belongs": (
        "- select\n",
        ".envelint.yaml:1: the configuration must be a mapping of settings, not a list",
    ),
    "a word where a list belongs": (
        "select: S001\n",
        ".envelint.yaml:1: select must be a list of rule codes, not 'S001'",
    ),
    "a number in a list of codes": (
        "select: [J, 5]\n",
        ".envelint.yaml:1: select[1] must be a rule code, prefix or name, not 5",
    ),
    "a severity that does not exist, with the closest": (
        "fail-on: eror\n",
        ".envelint.yaml:1: fail-on must be error, warning or info, not 'eror' "
        "(did you mean 'error'?)",
    ),
    "a severity in the severity map": (
        "severity: {S001: fatal}\n",
        ".envelint.yaml:1: severity.S001 must be error, warning or info, not 'fatal'",
    ),
    "undocumented as a boolean": (
        "undocumented: true\n",
        ".envelint.yaml:1: undocumented must be error, warning or off, not true",
    ),
    "required that is neither documented nor all": (
        "required: some\n",
        ".envelint.yaml:1: required must be documented or all, not 'some'",
    ),
    "max-depth not a number": (
        "max-depth: deep\n",
        ".envelint.yaml:1: max-depth must be an integer from 1 to 1024, not 'deep'",
    ),
    "max-depth out of range": (
        "max-depth: 0\n",
        ".envelint.yaml:1: max-depth must be an integer from 1 to 1024, not 0",
    ),
    "schemas as a list": (
        "schemas: [a]\n",
        ".envelint.yaml:1: schemas must be a mapping of path globs to schema ids, not a list",
    ),
    "a schema id that is not text": (
        "schemas:\n  captures/*.json: 5\n",
        ".envelint.yaml:2: schemas['captures/*.json'] must be a schema id, not 5",
    ),
    "a type that is not a mapping": (
        "types:\n  Timestamp: string\n",
        ".envelint.yaml:2: types.Timestamp must be a JSON Schema (a mapping), not 'string'",
    ),
    "a type that is not a valid JSON Schema": (
        "types:\n  Timestamp:\n    type: strin\n",
        ".envelint.yaml:3: types.Timestamp is not a valid JSON Schema: "
        "'strin' is not valid under any of the given schemas",
    ),
    "per-file as a mapping": (
        "per-file: {files: [a]}\n",
        ".envelint.yaml:1: per-file must be a list of overrides, not a mapping",
    ),
    "per-file without files": (
        "per-file:\n  - ignore: [S003]\n",
        ".envelint.yaml:2: per-file[0] is missing 'files'",
    ),
    "per-file with no globs": (
        "per-file:\n  - files: []\n",
        ".envelint.yaml:2: per-file[0].files must be a list of path globs, not empty",
    ),
    "custom rule without then": (
        "custom-rules:\n  - id: one\n    given: /a\n",
        ".envelint.yaml:2: custom-rules[0] is missing 'then'",
    ),
    "custom rule id not in kebab case": (
        "custom-rules:\n  - {id: Bad_Name, given: /a, then: {type: string}}\n",
        ".envelint.yaml:2: custom-rules[0].id must be a rule name in lower-case-with-dashes, "
        "not 'Bad_Name'",
    ),
    "custom rule code not X and three digits": (
        "custom-rules:\n  - {id: one, code: Y1, given: /a, then: {type: string}}\n",
        ".envelint.yaml:2: custom-rules[0].code must be a code like X001, not 'Y1'",
    ),
    "custom rule pointer without a leading slash": (
        "custom-rules:\n  - {id: one, given: error/code, then: {type: string}}\n",
        ".envelint.yaml:2: custom-rules[0].given must be a JSON pointer such as /error/code "
        "(* matches any key or index), not 'error/code'",
    ),
    "custom rule without checks": (
        "custom-rules:\n  - id: one\n    given: /a\n    then: {}\n",
        ".envelint.yaml:4: custom-rules[0].then must be a mapping of checks (type, pattern, enum, "
        "required, forbidden, min-length, max-length), not empty",
    ),
    "custom rule with an unknown type": (
        "custom-rules:\n  - {id: one, given: /a, then: {type: strin}}\n",
        ".envelint.yaml:2: custom-rules[0].then.type must be a JSON type (string, number, "
        "integer, boolean, object, array, null) or a list of them, not 'strin'",
    ),
    "custom rule with an empty enum": (
        "custom-rules:\n  - {id: one, given: /a, then: {enum: []}}\n",
        ".envelint.yaml:2: custom-rules[0].then.enum must be a list of allowed values, not empty",
    ),
    "custom rule with required as a word": (
        "custom-rules:\n  - {id: one, given: /a, then: {required: yes}}\n",
        ".envelint.yaml:2: custom-rules[0].then.required must be true or false, not 'yes'",
    ),
    "custom rule with a negative length": (
        "custom-rules:\n  - {id: one, given: /a, then: {min-length: -1}}\n",
        ".envelint.yaml:2: custom-rules[0].then.min-length must be a whole number, not -1",
    ),
    "custom rule with an unknown severity": (
        "custom-rules:\n  - {id: one, given: /a, then: {type: string}, severity: high}\n",
        ".envelint.yaml:2: custom-rules[0].severity must be error, warning or info, not 'high'",
    ),
    "custom rule named like a built-in rule": (
        "custom-rules:\n  - {id: type-mismatch, given: /a, then: {type: string}}\n",
        ".envelint.yaml:2: custom-rules[0].id 'type-mismatch' is the name of a built-in rule",
    ),
    "custom rules with the same id": (
        f"custom-rules:\n{RULE}{RULE}",
        ".envelint.yaml:3: custom-rules[1].id 'one' is already used by custom-rules[0]",
    ),
    "custom rules with the same code": (
        "custom-rules:\n"
        "  - {id: one, code: X001, given: /a, then: {type: string}}\n"
        "  - {id: two, code: X001, given: /a, then: {type: string}}\n",
        ".envelint.yaml:3: custom-rules[1].code 'X001' is already used by custom-rules[0]",
    ),
    "custom rule pattern that is not a regular expression": (
        "custom-rules:\n  - {id: one, given: /a, then: {pattern: '(a'}}\n",
        ".envelint.yaml:2: custom-rules[0].then.pattern '(a' is not a regular expression: "
        "missing ), unterminated subpattern at position 0",
    ),
    "custom rule pattern that needs backtracking": (
        "custom-rules:\n  - {id: one, given: /a, then: {pattern: '(?=a)b'}}\n",
        ".envelint.yaml:2: custom-rules[0].then.pattern '(?=a)b' cannot be used: patterns run "
        "without backtracking, so look-around, back-references and \\Z are not available",
    ),
    "a key given twice": (
        "select: [J]\nignore: [S006]\nselect: [S]\n",
        ".envelint.yaml:3: duplicate key 'select' (first at line 1)",
    ),
    "a YAML alias inside its own anchor": (
        "types:\n  T: &schema {not: *schema}\n",
        ".envelint.yaml:2: types.T.not is an alias of a value that holds it",
    ),
    "YAML syntax": (
        "select: [J\nignore: x\n",
        ".envelint.yaml:2: invalid YAML: while parsing a flow sequence, expected ',' or ']', "
        "but got ':'",
    ),
    "YAML with two documents": (
        "select: [J]\n---\nignore: [S]\n",
        ".envelint.yaml:2: invalid YAML: expected a single document in the stream, "
        "but found another document",
    ),
    "YAML with a control character": (
        "select: [J]\n\x07\n",
        ".envelint.yaml:2: invalid YAML: special characters are not allowed",
    ),
    "YAML aliases that expand the document a millionfold": (
        "exclude: [&a0 [x, x, x, x, x, x, x, x, x, x], "
        + ", ".join(f"&a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 7))
        + "]\n",
        ".envelint.yaml:1: its aliases expand the document's 20 YAML nodes to more than 10200 "
        "(an alias bomb?); refusing it",
    ),
    "YAML asking to build a Python object": (
        "select: !!python/object/apply:os.system [echo]\n",
        ".envelint.yaml:1: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
}


@pytest.mark.parametrize(("text", "expected"), YAML_ERRORS.values(), ids=YAML_ERRORS.keys())
def test_yaml_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    assert error_of(tmp_path, monkeypatch, text, ".envelint.yaml") == expected


def test_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path(".envelint.yaml").write_bytes(b"select: [J]\nignore: [\xff]\n")
    with pytest.raises(EnvelintError) as error:
        load_settings(".envelint.yaml", tmp_path)

    assert str(error.value) == ".envelint.yaml:2: the configuration is not UTF-8 text"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    Path(tmp_path / ".envelint.yaml").write_text("select: [J]\n")
    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(EnvelintError) as error:
        load_settings(".envelint.yaml", tmp_path)

    assert str(error.value) == ".envelint.yaml: cannot read the configuration: Permission denied"


def test_the_first_mistake_in_the_file_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "fail-on: fatal\nignroe: [S006]\n"

    assert error_of(tmp_path, monkeypatch, text, ".envelint.yaml").startswith(".envelint.yaml:1:")


# -- TOML ---------------------------------------------------------------------------------------

TOML_ERRORS = {
    "unknown key, after other tools' tables": (
        '[tool.ruff]\nignore = []\n\n[tool.envelint]\nselect = ["J"]\nignroe = ["S006"]\n',
        "pyproject.toml:6: unknown key 'ignroe' (did you mean 'ignore'?)",
    ),
    "unknown rule in a list spread over lines": (
        '[tool.ruff]\nselect = ["S01"]\n\n[tool.envelint]\nselect = [\n  "J",\n  "S01",\n]\n',
        "pyproject.toml:7: unknown rule 'S01' in select (did you mean 'S001'?)",
    ),
    "unknown rule in a severity table": (
        '[tool.envelint]\nselect = ["J"]\n\n[tool.envelint.severity]\nS003 = "error"\n'
        'S01 = "info"\n',
        "pyproject.toml:6: unknown rule 'S01' in severity (did you mean 'S001'?)",
    ),
    "unknown rule in the second per-file table": (
        '[tool.envelint]\n\n[[tool.envelint.per-file]]\nfiles = ["a/**"]\nignore = ["S003"]\n'
        '\n[[tool.envelint.per-file]]\nfiles = ["b/**"]\nignore = ["S0003"]\n',
        "pyproject.toml:9: unknown rule 'S0003' in per-file[1].ignore (did you mean 'S003'?)",
    ),
    "wrong value": (
        '[tool.envelint]\nselect = ["J"]\nfail-on = "fatal"\n',
        "pyproject.toml:3: fail-on must be error, warning or info, not 'fatal'",
    ),
    "unknown check in an inline table": (
        '[[tool.envelint.custom-rules]]\nid = "a"\ngiven = "/a"\nthen = {type = "string"}\n\n'
        '[[tool.envelint.custom-rules]]\nid = "b"\ngiven = "/b"\nthen = {typo = "string"}\n',
        "pyproject.toml:9: unknown key 'typo' in custom-rules[1].then (did you mean 'type'?)",
    ),
    "TOML syntax": (
        '[tool.envelint]\nselect = ["J"\n',
        "pyproject.toml:3: invalid TOML: Unclosed array",
    ),
}


@pytest.mark.parametrize(("text", "expected"), TOML_ERRORS.values(), ids=TOML_ERRORS.keys())
def test_pyproject_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    assert error_of(tmp_path, monkeypatch, text, "pyproject.toml") == expected


def test_pyproject_without_envelint_table_given_explicitly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = '[project]\nname = "docs"\n'

    assert error_of(tmp_path, monkeypatch, text, "pyproject.toml") == (
        "pyproject.toml:1: there is no [tool.envelint] table"
    )


def test_other_toml_file_is_the_table_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = 'select = ["J"]\nignroe = []\n'

    assert error_of(tmp_path, monkeypatch, text, "envelint.toml") == (
        "envelint.toml:2: unknown key 'ignroe' (did you mean 'ignore'?)"
    )


def test_broken_pyproject_found_by_discovery_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("pyproject.toml").write_text('[tool.envelint]\nselect = "J\n')
    with pytest.raises(EnvelintError) as error:
        load_settings(None, tmp_path)

    assert str(error.value).startswith("pyproject.toml:2: invalid TOML: ")
