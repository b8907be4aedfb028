"""Reading the configuration: find it, parse it, validate it, and turn it into Settings.

Where it comes from: ``--config FILE`` for every file; else, for each checked file, the nearest
configuration from its folder upward: the first folder holding ``.envelint.yaml`` (or
``.envelint.yml``), or a ``pyproject.toml`` with a ``[tool.envelint]`` table (the YAML file first
when a folder holds both); else the defaults. Only that one file applies (no merging), as in ruff.
What holds for the whole run (``fail-on``, ``catalog:``/``docs:``) comes from ``--config``, else
from the configuration nearest to the folder that holds every checked path. Every mistake ends
the run with one line naming the file, the line and what is wrong (an :class:`EnvelintError`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    import jsonschema

from envelint.captures.access_log import AccessLogFields
from envelint.common.errors import EnvelintError
from envelint.common.findings import Severity
from envelint.common.limits import DEFAULT_MAX_DEPTH, DEFAULT_MAX_ITEMS, DEFAULT_MAX_SIZE
from envelint.config.places import where
from envelint.config.settings import BOTH_SIDES, DEFAULT_SELECT, FileOverride, Settings
from envelint.rules import all_rules, rule_with_role
from envelint.rules.contract import UNDOCUMENTED_FIELDS
from envelint.rules.custom import CustomRule, compile_pattern

YAML_NAMES = (".envelint.yaml", ".envelint.yml")
PYPROJECT = "pyproject.toml"
PYPROJECT_TABLE = ("tool", "envelint")
CUSTOM_CODE = "X{:03d}"


def load_settings(config_path: str | None, start: Path) -> Settings:
    """The settings of ``config_path``, else of the configuration found from ``start`` upward."""
    path = find_config(config_path, start)
    if path is None:
        return Settings()
    if config_path is None:
        return read_settings(path)
    return settings_from(read_config(path, shown=config_path))


def load_settings_near(config_path: str | None, paths: tuple[str, ...] | list[str]) -> Settings:
    """The settings for a run over ``paths``: ``config_path``'s, else the configuration found
    upward from the folder that holds every path (so the order of the paths does not matter;
    standard input and no path: the working directory)."""
    return load_settings(config_path, common_folder(paths))


def common_folder(paths: tuple[str, ...] | list[str]) -> Path:
    """The deepest folder that holds every path named (the working folder for none, or ``-``).

    Worked out on the strings, with one look at the disk: pre-commit names thousands of files.
    The common prefix of all the names is that of the first and last in sorted order.
    """
    names = [name if name != "-" else "." for name in paths] or ["."]
    absolute = {name.startswith(os.sep) for name in names}
    if len(absolute) > 1:
        names = [os.path.abspath(name) for name in names]
    first, last = min(names), max(names)
    prefix = os.path.commonprefix([first, last])
    if not all(len(name) == len(prefix) or name[len(prefix)] == os.sep for name in (first, last)):
        prefix = prefix[: prefix.rfind(os.sep) + 1]  # back to the last whole folder
    common = prefix.rstrip(os.sep) or (os.sep if prefix.startswith(os.sep) else ".")
    return Path(common if os.path.isdir(common) else os.path.dirname(common) or ".").resolve()


class NearestSettings:
    """The settings of the configuration nearest to each checked file (``find_config`` from
    the file's folder), each file read once and passed through ``finish`` (the command line's
    options). ``known``: settings already read, by configuration file (None: no file)."""

    def __init__(
        self,
        finish: Callable[[Settings], Settings],
        known: dict[Path | None, Settings] | None = None,
    ):
        self.finish = finish
        self._by_folder: dict[str, Settings] = {}
        self._by_file: dict[Path | None, Settings] = dict(known or {})

    def __call__(self, path: str) -> Settings:
        folder = path.rpartition(os.sep)[0] if path != "-" else ""
        found = self._by_folder.get(folder)
        if found is None:
            config = find_config(None, Path(folder or "."))
            found = self._by_folder[folder] = self.settings_of(config)
        return found

    def settings_of(self, config: Path | None) -> Settings:
        if config not in self._by_file:
            read = Settings() if config is None else read_settings(config)
            self._by_file[config] = self.finish(read)
        return self._by_file[config]


def read_settings(config: Path) -> Settings:
    """The settings of a discovered configuration file."""
    return settings_from(read_config(config, shown=_shown(config)))


# -- discovery ----------------------------------------------------------------------------------


def find_config(config_path: str | None, start: Path) -> Path | None:
    if config_path is not None:
        path = Path(config_path)
        if not path.is_file():
            raise EnvelintError(f"{config_path}: configuration file not found")
        return path
    for folder in _folders_upward(start):
        for name in YAML_NAMES:
            if (folder / name).is_file():
                return folder / name
        candidate = folder / PYPROJECT
        if candidate.is_file() and _has_envelint_table(candidate):
            return candidate
    return None


def _folders_upward(start: Path) -> list[Path]:
    start = start.resolve()
    if not start.is_dir():
        start = start.parent
    return [start, *start.parents]


def _has_envelint_table(pyproject: Path) -> bool:
    text = _read_text(pyproject, _shown(pyproject))
    if "envelint" not in text:  # most pyproject.toml files: no need to parse them
        return False
    return _table(_parse_toml(text, _shown(pyproject)), PYPROJECT_TABLE) is not None


def _shown(path: Path) -> str:
    """How messages name a file: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# -- reading ------------------------------------------------------------------------------------


class LineFinder(Protocol):
    def line(self, path: tuple[Any, ...], at_key: bool = False, value: object = None) -> int:
        """The 1-based line of the value at ``path`` (of its key, when ``at_key``)."""


@dataclass
class ConfigDocument:
    path: Path
    shown: str  # the file as messages name it
    data: object
    lines: LineFinder

    def error(self, problem: Problem) -> EnvelintError:
        line = self.lines.line(problem.path, problem.at_key, problem.value)
        return EnvelintError(f"{self.shown}:{line}: {problem.message}")


def read_config(path: Path, shown: str) -> ConfigDocument:
    text = _read_text(path, shown)
    if path.suffix == ".toml":
        table = PYPROJECT_TABLE if path.name == PYPROJECT else ()
        data = _table(_parse_toml(text, shown), table)
        if data is None:
            raise EnvelintError(f"{shown}:1: there is no [tool.envelint] table")
        return ConfigDocument(path, shown, data, TomlLines(text, table))
    from envelint.config.yaml_reader import parse_yaml  # yaml loads only for a YAML configuration

    data, lines = parse_yaml(text, shown)
    return ConfigDocument(path, shown, {} if data is None else data, lines)


def _read_text(path: Path, shown: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise EnvelintError(f"{shown}: cannot read the configuration: {error.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise EnvelintError(f"{shown}:{line}: the configuration is not UTF-8 text") from None


def _table(document: dict[str, Any], keys: tuple[str, ...]) -> object:
    for key in keys:
        if not isinstance(document, dict) or key not in document:
            return None
        document = document[key]
    return document


# -- TOML ---------------------------------------------------------------------------------------

TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$")


def _parse_toml(text: str, shown: str) -> dict[str, Any]:
    import tomllib  # only a run that reads pyproject.toml pays for it

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = TOML_POSITION.search(message)
        line = int(found.group(1)) if found else text.count("\n") + 1
        problem = TOML_POSITION.sub("", message).removesuffix(" (at end of document)")
        raise EnvelintError(f"{shown}:{line}: invalid TOML: {problem}") from None


class TomlLines:
    """Lines of TOML keys, found in the text (tomllib keeps no positions).

    Walks the path from the table's header: each key is the next line that names it (as
    ``key =``, a header ``[...key]``, or inside an inline table); an index into an array of
    tables is the n-th repeat of its ``[[header]]``; an offending string is the next line that
    quotes it.
    """

    def __init__(self, text: str, table: tuple[str, ...]):
        self.text_lines = text.splitlines() or [""]
        self.start = self._table_start(table)

    def _table_start(self, table: tuple[str, ...]) -> int:
        if not table:
            return 0
        dotted = r"\s*\.\s*".join(re.escape(key) for key in table)
        header = re.compile(rf"^\s*\[\[?\s*{dotted}\s*[\].]")
        for index, text in enumerate(self.text_lines):
            if header.match(text):
                return index
        return 0

    def line(self, path: tuple[Any, ...], at_key: bool = False, value: object = None) -> int:
        index = self.start
        for step in path:
            if isinstance(step, int):
                index = self._repeat_of_header(index, step)
            else:
                index = self._next(_toml_key_pattern(step), index)
        if isinstance(value, str) and not at_key:
            quoted = re.compile(rf"""(["']){re.escape(value)}\1""")
            index = self._next(quoted, index)
        return index + 1

    def _next(self, pattern: re.Pattern[str], index: int) -> int:
        for number in range(index, len(self.text_lines)):
            if pattern.search(self.text_lines[number]):
                return number
        return index

    def _repeat_of_header(self, index: int, repeat: int) -> int:
        header = self.text_lines[index].strip()
        if not header.startswith("[["):
            return index
        for number in range(index, len(self.text_lines)):
            if self.text_lines[number].strip() == header:
                if repeat == 0:
                    return number
                repeat -= 1
        return index


def _toml_key_pattern(key: str) -> re.Pattern[str]:
    name = re.escape(key)
    return re.compile(rf"""(?:^|[\s{{,.\[])(?:{name}|"{name}"|'{name}')\s*(?:=|\]|\.)""")


# -- problems -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    path: tuple[Any, ...]  # where in the configuration data
    message: str
    at_key: bool = False  # the key at the end of path is wrong, not its value
    value: object = None  # the offending value (helps find its line in TOML)


def raise_first(document: ConfigDocument, problems: Iterable[Problem]) -> None:
    """Raise the problem that comes first in the file, if any."""
    located = [
        (document.lines.line(problem.path, problem.at_key, problem.value), index, problem)
        for index, problem in enumerate(problems)
    ]
    if located:
        raise document.error(min(located, key=lambda item: item[:2])[2])


def shown_value(value: object) -> str:
    if value is None or value in ({}, []):
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value) if isinstance(value, str) else str(value)


def closest(word: str, options: Iterable[str], count: int = 3) -> list[str]:
    """Up to ``count`` of ``options`` closest to ``word`` (case ignored), best first."""
    import difflib

    by_folded = {option.lower(): option for option in options}
    close = difflib.get_close_matches(str(word).lower(), list(by_folded), n=count, cutoff=0.5)
    return [by_folded[name] for name in close]


def did_you_mean(word: str, options: Iterable[str]) -> str:
    import difflib  # only a configuration with a mistake in it pays for it

    by_folded = {option.lower(): option for option in options}
    close = difflib.get_close_matches(str(word).lower(), list(by_folded), n=1, cutoff=0.6)
    return f" (did you mean {by_folded[close[0]]!r}?)" if close else ""


# -- validation against config_schema.json ------------------------------------------------------


@lru_cache(maxsize=1)
def config_schema() -> dict[str, Any]:
    """schema.json, with each rule's options schema under ``rules`` (by code and by name)."""
    from importlib import resources  # 3 ms of imports: only with a configuration file

    text = resources.files("envelint").joinpath("config", "schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    options = schema["properties"]["rules"]["properties"]
    for rule in all_rules():
        if rule.options is not None:
            for key in (rule.code, rule.name):
                options[key] = rule.options.schema()
    return schema


def schema_problems(data: object) -> list[Problem]:
    import jsonschema  # only a run with a configuration file pays for it

    validator = jsonschema.Draft202012Validator(config_schema())
    return [problem for error in validator.iter_errors(data) for problem in _problems_of(error)]


def _problems_of(error: jsonschema.ValidationError) -> list[Problem]:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        return [
            Problem(
                path + (key,),
                f"unknown key {key!r}{_in(path)}{did_you_mean(key, known)}",
                at_key=True,
            )
            for key in error.instance
            if key not in known
        ]
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return [Problem(path, f"{where(path)} is missing {name!r}") for name in missing]
    expected = error.schema.get("x-expected")
    if not expected:
        return [Problem(path, f"{where(path)}: {error.message}")]
    message = f"{where(path)} must be {expected}, not {shown_value(error.instance)}"
    if error.validator == "enum" and isinstance(error.instance, str):
        message += did_you_mean(error.instance, error.validator_value)
    return [Problem(path, message, value=error.instance)]


def _in(path: tuple[Any, ...]) -> str:
    return f" in {where(path)}" if path else ""


# -- from data to Settings ----------------------------------------------------------------------


class RuleNames:
    """The rule codes and names a configuration may name: built-in and custom."""

    def __init__(self, custom_rules: list[CustomRule]):
        self.names: dict[str, str] = {}  # name or alias -> code
        for rule in all_rules():
            for name in (rule.name, *rule.aliases):
                self.names[name] = rule.code
        for custom in custom_rules:
            self.names[custom.name] = custom.code
        self.codes = sorted(set(self.names.values()))
        self.families = DEFAULT_SELECT  # valid prefixes even before a family has rules

    def codes_of(self, text: str) -> list[str] | None:
        """The codes ``text`` stands for (a code, a prefix or a name), None when unknown."""
        if text.lower() in self.names:
            return [self.names[text.lower()]]
        matching = [code for code in self.codes if code.startswith(text.upper())]
        if matching or text.upper() in self.families:
            return matching
        return None

    def canonical(self, text: str) -> str:
        """What ``select`` and ``ignore`` keep: a code or prefix in upper case."""
        return self.names.get(text.lower(), text.upper())

    def check_option(self, option: str, texts: list[str]) -> None:
        """A code, prefix or name on the command line that names no rule is a usage error."""
        for text in texts:
            if self.codes_of(text) is None:
                near = self.nearest(text)
                hint = f"closest: {', '.join(near)}" if near else "`envelint rules` lists them"
                raise EnvelintError(f"{option}: unknown rule {text!r} ({hint})")

    def nearest(self, text: str) -> list[str]:
        """The known codes or names nearest to ``text``: for a code, those of its family with
        the nearest numbers (X999 -> the custom rules); for a name, the most alike."""
        shape = re.fullmatch(r"([A-Za-z])(\d+)", text)
        if shape is None:
            return closest(text, [*self.codes, *self.names])
        family, number = shape.group(1).upper(), int(shape.group(2))
        same_family = [code for code in self.codes if code[0] == family and code[1:].isdigit()]
        return sorted(same_family, key=lambda code: (abs(int(code[1:]) - number), code))[:3]

    def unknown(self, text: str, path: tuple[Any, ...], at_key: bool = False) -> Problem:
        """``path`` ends with the list index or the map key that holds ``text``."""
        hint = did_you_mean(text, [*self.codes, *self.names])
        return Problem(path, f"unknown rule {text!r} in {where(path[:-1])}{hint}", at_key, text)


def settings_from(document: ConfigDocument) -> Settings:
    data: Any = document.data  # checked against the configuration schema below
    raise_first(document, schema_problems(data))
    custom_rules, problems = custom_rules_from(data.get("custom-rules", []))
    raise_first(document, problems)
    rules = RuleNames(custom_rules)
    problems = list(_rule_reference_problems(data, rules))
    problems += _type_problems(data.get("types", {}))
    problems += _option_pattern_problems(data.get("rules", {}))
    problems += _catalog_problems(data)
    raise_first(document, problems)
    root = document.path.resolve().parent
    settings = Settings(
        fail_on=Severity.parse(data.get("fail-on", "error")),
        schema_map=dict(data.get("schemas", {})),
        access_log=AccessLogFields.configured(data.get("access-log", {})),
        exclude=list(data.get("exclude", [])),
        max_depth=data.get("max-depth", DEFAULT_MAX_DEPTH),
        max_size=data.get("max-size", DEFAULT_MAX_SIZE),
        max_items=data.get("max-items", DEFAULT_MAX_ITEMS),
        types=dict(data.get("types", {})),
        required=data.get("required", "documented"),
        side=data.get("side", BOTH_SIDES),
        custom_rules=custom_rules,
        root=root,
        source=document.shown,
        catalog=root / data["catalog"] if "catalog" in data else None,
        docs=root / data["docs"] if "docs" in data else None,
        allow_outside_links=data.get("allow-outside-links", False),
        openapi={key: str(value) for key, value in data.get("openapi", {}).items()},
    )
    if "select" in data:
        settings.select = [rules.canonical(text) for text in data["select"]]
    settings.ignore = [rules.canonical(text) for text in data.get("ignore", [])]
    settings.severities = _severities(data, rules)
    settings.undocumented = _undocumented(data, "on")
    settings.per_file = [_override(item, rules) for item in data.get("per-file", [])]
    settings.rule_options = {
        rules.canonical(key): dict(options) for key, options in data.get("rules", {}).items()
    }
    return settings


def _catalog_problems(data: dict[str, Any]) -> list[Problem]:
    if "catalog" in data and "docs" in data:
        message = "give catalog (a built catalog folder) or docs (a documentation folder), not both"
        return [Problem(("docs",), message, at_key=True)]
    return []


def _override(item: dict[str, Any], rules: RuleNames) -> FileOverride:
    select = item.get("select")
    return FileOverride(
        files=list(item["files"]),
        select=[rules.canonical(text) for text in select] if select is not None else None,
        ignore=[rules.canonical(text) for text in item.get("ignore", [])],
        severities=_severities(item, rules),
        undocumented=_undocumented(item, None),
        required=item.get("required"),
    )


def _severities(section: dict[str, Any], rules: RuleNames) -> dict[str, Severity]:
    """Code -> severity; a prefix sets every code it starts, and a longer key wins."""
    entries: list[tuple[list[str], Severity]] = [
        (rules.codes_of(key), Severity.parse(value))  # type: ignore[misc]  # known: checked before
        for key, value in section.get("severity", {}).items()
    ]
    result: dict[str, Severity] = {}
    for codes, severity in sorted(entries, key=lambda entry: -len(entry[0])):
        result.update(dict.fromkeys(codes, severity))
    undocumented = section.get("undocumented")
    if undocumented in ("error", "warning"):
        result[rule_with_role(UNDOCUMENTED_FIELDS).code] = Severity.parse(undocumented)
    return result


_Default = TypeVar("_Default", str, None)


def _undocumented(section: dict[str, Any], default: _Default) -> str | _Default:
    if "undocumented" not in section:
        return default
    return "off" if section["undocumented"] == "off" else "on"


def _rule_reference_problems(data: dict[str, Any], rules: RuleNames) -> Iterator[Problem]:
    sections = [((), data)] + [
        (("per-file", index), item) for index, item in enumerate(data.get("per-file", []))
    ]
    for base, section in sections:
        for key in ("select", "ignore"):
            for index, text in enumerate(section.get(key, [])):
                if rules.codes_of(text) is None:
                    yield rules.unknown(text, base + (key, index))
        for text in section.get("severity", {}):
            if rules.codes_of(text) is None:
                yield rules.unknown(text, base + ("severity", text), at_key=True)


def _type_problems(types: dict[str, Any]) -> list[Problem]:
    import jsonschema

    problems = []
    for word, schema in types.items():
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            path = ("types", word, *error.absolute_path)
            problems.append(
                Problem(
                    path, f"{where(('types', word))} is not a valid JSON Schema: {error.message}"
                )
            )
    return problems


def _option_pattern_problems(rule_options: dict[str, Any]) -> list[Problem]:
    """A rule option that is a pattern (``"format": "regex"`` in its schema) must compile."""
    properties = config_schema()["properties"]["rules"]["properties"]
    problems = []
    for key, options in rule_options.items():
        for path, pattern in _patterns_in(options, properties[key], ("rules", key)):
            problem = _pattern_problem(pattern, path)
            if problem:
                problems.append(problem)
    return problems


def _patterns_in(
    value: object, schema: dict[str, Any], path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], str]]:
    if schema.get("format") == "regex" and isinstance(value, str):
        yield path, value
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key, item in value.items():
            item_schema = properties.get(key, schema.get("additionalProperties"))
            if isinstance(item_schema, dict):
                yield from _patterns_in(item, item_schema, path + (key,))


# -- custom rules -------------------------------------------------------------------------------


def custom_rules_from(items: list[dict[str, Any]]) -> tuple[list[CustomRule], list[Problem]]:
    problems = list(_custom_rule_problems(items))
    if problems:
        return [], problems
    taken = {item["code"] for item in items if "code" in item}
    free = (CUSTOM_CODE.format(number) for number in range(1, 1000))
    free = (code for code in free if code not in taken)
    rules = [
        CustomRule(
            code=item.get("code") or next(free),
            name=item["id"],
            given=item["given"],
            then=dict(item["then"]),
            message=item.get("message"),
            severity=Severity.parse(item.get("severity", "warning")),
        )
        for item in items
    ]
    return rules, []


def _custom_rule_problems(items: list[dict[str, Any]]) -> Iterator[Problem]:
    built_in = {name for rule in all_rules() for name in (rule.name, *rule.aliases)}
    first_of: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        path = ("custom-rules", index)
        if item["id"] in built_in:
            message = f"{where(path)}.id {item['id']!r} is the name of a built-in rule"
            yield Problem(path + ("id",), message)
        for key in ("id", "code"):
            if key not in item:
                continue
            earlier = first_of.setdefault((key, item[key]), index)
            if earlier != index:
                yield Problem(
                    path + (key,),
                    f"{where(path)}.{key} {item[key]!r} is already used by "
                    f"{where(('custom-rules', earlier))}",
                    value=item[key],
                )
        pattern = item["then"].get("pattern")
        if pattern is not None:
            problem = _pattern_problem(pattern, path + ("then", "pattern"))
            if problem:
                yield problem


def _pattern_problem(pattern: str, path: tuple[Any, ...]) -> Problem | None:
    try:
        compile_pattern(pattern)
    except ValueError:
        pass
    else:
        return None
    try:
        re.compile(pattern)
    except re.error as error:
        return Problem(path, f"{where(path)} '{pattern}' is not a regular expression: {error}")
    return Problem(
        path,
        f"{where(path)} '{pattern}' cannot be used: patterns run without backtracking, "
        "so look-around, back-references and \\Z are not available",
    )
