"""What each setting of the configuration file becomes in Settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from envelint.common.findings import Severity
from envelint.config.loader import load_settings
from envelint.config.settings import Settings
from envelint.rules import find_rule
from envelint.rules.custom import check_custom
from tests.helpers import spy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "config"


def settings_of(tmp_path: Path, text: str, name: str = ".envelint.yaml") -> Settings:
    path = tmp_path / name
    path.write_text(text)
    return load_settings(str(path), tmp_path)


def test_select_keeps_codes_and_prefixes_in_upper_case(tmp_path: Path) -> None:
    assert settings_of(tmp_path, "select: [j, s00, E001]\n").select == ["J", "S00", "E001"]


def test_select_turns_rule_names_into_codes(tmp_path: Path) -> None:
    assert settings_of(tmp_path, "select: [payload-not-json, not-json]\n").select == [
        "J001",
        "J001",
    ]


def test_a_family_without_rules_yet_is_a_valid_prefix(tmp_path: Path) -> None:
    assert settings_of(tmp_path, "select: [D]\n").select == ["D"]


def test_ignore_is_kept(tmp_path: Path) -> None:
    assert settings_of(tmp_path, "ignore: [S006, duplicate-key]\n").ignore == ["S006", "J002"]


def test_severity_by_code(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, "severity: {S002: warning}\n")

    assert settings.severity_of(find_rule("S002")) == Severity.WARNING


def test_severity_by_prefix_sets_every_code_it_starts(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, "severity: {J: info}\n")

    assert {settings.severity_of(find_rule(code)) for code in ("J001", "J005")} == {Severity.INFO}


def test_severity_of_a_code_wins_over_its_prefix(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, "severity: {J001: error, J: info}\n")

    assert settings.severity_of(find_rule("J001")) == Severity.ERROR


def test_undocumented_warning_or_error_sets_s003_severity(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, "undocumented: error\n")

    assert (settings.undocumented, settings.severities) == ("on", {"S003": Severity.ERROR})


def test_undocumented_off_turns_s003_off(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, "undocumented: off\n")

    assert not settings.enabled(find_rule("S003"))


def test_required_all(tmp_path: Path) -> None:
    assert settings_of(tmp_path, "required: all\n").required == "all"


def test_fail_on(tmp_path: Path) -> None:
    assert settings_of(tmp_path, "fail-on: info\n").fail_on == Severity.INFO


def test_max_depth(tmp_path: Path) -> None:
    assert settings_of(tmp_path, "max-depth: 64\n").max_depth == 64


def test_types_are_kept_for_the_deriver(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, "types:\n  Timestamp: {type: string, format: date-time}\n")

    assert settings.types == {"Timestamp": {"type": "string", "format": "date-time"}}


def test_yaml_dates_stay_text(tmp_path: Path) -> None:
    text = "custom-rules:\n  - id: since\n    given: /since\n    then: {enum: [2024-01-01]}\n"

    assert settings_of(tmp_path, text).custom_rules[0].then == {"enum": ["2024-01-01"]}


def test_yaml_aliases_repeat_a_value(tmp_path: Path) -> None:
    text = "ignore: &quiet [S006]\nper-file:\n  - files: [a/**]\n    ignore: *quiet\n"

    assert settings_of(tmp_path, text).per_file[0].ignore == ["S006"]


def test_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, "# nothing yet\n")

    assert (settings.select, settings.ignore) == (Settings().select, [])


def test_selected_rule_names_enable_the_rule(tmp_path: Path) -> None:
    settings = Settings(select=["duplicate-key"])

    assert settings.enabled(find_rule("J002")) and not settings.enabled(find_rule("J001"))


def test_custom_rules_get_codes_in_order_around_given_ones(tmp_path: Path) -> None:
    text = (
        "custom-rules:\n"
        "  - {id: one, given: /a, then: {type: string}}\n"
        "  - {id: two, code: X001, given: /b, then: {type: string}}\n"
        "  - {id: three, given: /c, then: {type: string}}\n"
    )

    codes = [rule.code for rule in settings_of(tmp_path, text).custom_rules]

    assert codes == ["X002", "X001", "X003"]


def test_custom_rules_are_selected_by_default(tmp_path: Path) -> None:
    text = "custom-rules:\n  - {id: one, given: /a, then: {type: string}}\n"
    settings = settings_of(tmp_path, text)

    assert settings.enabled(settings.custom_rules[0])


def test_custom_rules_run_when_select_names_only_built_in_rules(tmp_path: Path) -> None:
    text = "select: [J, S]\ncustom-rules:\n  - {id: one, given: /a, then: {type: string}}\n"
    settings = settings_of(tmp_path, text)

    assert settings.enabled(settings.custom_rules[0])


def test_select_naming_a_custom_rule_leaves_the_others_out(tmp_path: Path) -> None:
    text = (
        "select: [S, two]\ncustom-rules:\n"
        "  - {id: one, given: /a, then: {type: string}}\n"
        "  - {id: two, given: /b, then: {type: string}}\n"
    )
    settings = settings_of(tmp_path, text)

    assert [settings.enabled(rule) for rule in settings.custom_rules] == [False, True]


def test_ignored_custom_rule_is_off(tmp_path: Path) -> None:
    text = "ignore: [X]\ncustom-rules:\n  - {id: one, given: /a, then: {type: string}}\n"
    settings = settings_of(tmp_path, text)

    assert not settings.enabled(settings.custom_rules[0])


def test_custom_rule_severity_defaults_to_warning(tmp_path: Path) -> None:
    text = "custom-rules:\n  - {id: one, given: /a, then: {type: string}}\n"

    assert settings_of(tmp_path, text).custom_rules[0].severity == Severity.WARNING


def test_custom_rule_id_may_be_selected_and_given_a_severity(tmp_path: Path) -> None:
    text = (
        "select: [one]\nseverity: {one: error}\n"
        "custom-rules:\n  - {id: one, given: /a, then: {type: string}}\n"
    )
    settings = settings_of(tmp_path, text)
    rule = settings.custom_rules[0]

    assert settings.enabled(rule) and settings.severity_of(rule) == Severity.ERROR


def test_yaml_fixture_reads_completely() -> None:
    settings = load_settings(str(FIXTURES / "envelint.yaml"), FIXTURES)

    assert (
        settings.select,
        settings.ignore,
        settings.severities,
        settings.fail_on,
        settings.max_depth,
        [rule.code for rule in settings.custom_rules],
    ) == (
        ["J", "S", "E", "J001"],
        ["S006"],
        {"S002": Severity.WARNING, "E001": Severity.INFO, "S003": Severity.WARNING},
        Severity.WARNING,
        512,
        ["X001", "X010"],
    )


def test_pyproject_fixture_reads_completely() -> None:
    settings = load_settings(str(FIXTURES / "pyproject.toml"), FIXTURES)

    assert (
        settings.undocumented,
        settings.required,
        settings.schema_map,
        settings.custom_rules[0].then["pattern"],
        settings.per_file[0].ignore,
    ) == (
        "off",
        "all",
        {"captures/jobs/*.json": "000_cb33e2b5c92bfef4.normal"},
        "^[A-Z][a-z]+\\.[0-9]{4}$",
        ["S001"],
    )


# -- per-file overrides -------------------------------------------------------------------------

PER_FILE = """\
ignore: [S006]
per-file:
  - files: ["legacy/**"]
    ignore: [S003]
    severity: {S001: warning}
  - files: ["legacy/old/*.json"]
    severity: {S001: info}
    undocumented: off
    required: all
  - files: ["strict/*.json"]
    select: [S]
"""


@pytest.fixture
def per_file(tmp_path: Path) -> Settings:
    return settings_of(tmp_path, PER_FILE)


def test_per_file_ignore_adds_to_the_ignored_codes(per_file: Settings) -> None:
    assert per_file.for_path(str(per_file.root / "legacy/a/x.json")).ignore == ["S006", "S003"]


def test_per_file_later_entries_win(per_file: Settings) -> None:
    settings = per_file.for_path(str(per_file.root / "legacy/old/x.json"))

    assert settings.severities == {"S001": Severity.INFO}


def test_per_file_sets_undocumented_and_required(per_file: Settings) -> None:
    settings = per_file.for_path(str(per_file.root / "legacy/old/x.json"))

    assert (settings.undocumented, settings.required) == ("off", "all")


def test_per_file_select_replaces_the_selection(per_file: Settings) -> None:
    assert per_file.for_path(str(per_file.root / "strict/x.json")).select == ["S"]


def test_per_file_leaves_other_files_alone(per_file: Settings) -> None:
    assert per_file.for_path(str(per_file.root / "captures/x.json")) is per_file


def test_per_file_does_not_change_the_settings_it_starts_from(per_file: Settings) -> None:
    per_file.for_path(str(per_file.root / "legacy/old/x.json"))

    assert (per_file.ignore, per_file.severities) == (["S006"], {})


def test_per_file_matches_paths_relative_to_the_working_folder(
    per_file: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(per_file.root)

    assert per_file.for_path("legacy/x.json").ignore == ["S006", "S003"]


def test_per_file_ignores_standard_input(per_file: Settings) -> None:
    assert per_file.for_path("-") is per_file


# -- schema mapping -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("captures/jobs/*.json", "captures/jobs/a.json", True),
        ("captures/jobs/*.json", "captures/jobs/deeper/a.json", False),
        ("captures/**/*.json", "captures/a.json", True),
        ("captures/**/*.json", "captures/x/y/a.json", True),
        ("**/*.json", "a.json", True),
        ("legacy/**", "legacy/x/y.jsonl", True),
        ("legacy/", "legacy/x/y.jsonl", True),
        ("./captures/*.har", "captures/a.har", True),
        ("*.json", "captures/a.json", False),
        ("captures/?.json", "captures/a.json", True),
        ("captures/[ab].json", "captures/b.json", True),
        ("captures/[!ab].json", "captures/b.json", False),
    ],
)
def test_schema_globs(tmp_path: Path, glob: str, path: str, matches: bool) -> None:
    settings = Settings(schema_map={glob: "id"}, root=tmp_path)

    assert settings.schema_for_path(str(tmp_path / path)) == ("id" if matches else None)


def test_schema_mapping_last_matching_glob_wins(tmp_path: Path) -> None:
    settings = Settings(schema_map={"**/*.json": "any", "jobs/*.json": "jobs"}, root=tmp_path)

    assert settings.schema_for_path(str(tmp_path / "jobs/a.json")) == "jobs"


def test_schema_mapping_ignores_files_outside_the_root(tmp_path: Path) -> None:
    settings = Settings(schema_map={"**": "id"}, root=tmp_path / "project")

    assert settings.schema_for_path(str(tmp_path / "other.json")) is None


def test_schema_mapping_from_the_file(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, 'schemas:\n  "captures/jobs/*.json": 000_x.normal\n')

    assert settings.schema_for_path(str(tmp_path / "captures/jobs/1.json")) == "000_x.normal"


def test_custom_rule_from_the_file_checks_payloads() -> None:
    settings = load_settings(str(FIXTURES / "envelint.yaml"), FIXTURES)
    rule = settings.custom_rules[0]

    found = list(check_custom({"error": {"code": "ECS-5", "message": ""}}, rule))

    assert found == [("/error/code", "error codes look like Ecs.0005")]


def test_a_path_is_resolved_once_per_settings(tmp_path: Path, monkeypatch) -> None:
    settings = Settings(schema_map={"**/*.json": "id"}, root=tmp_path)
    path = str(tmp_path / "jobs/a.json")
    settings.schema_for_path(path)
    resolved = spy(monkeypatch, Path, "resolve")

    assert settings.schema_for_path(path) == "id"
    assert resolved == []
