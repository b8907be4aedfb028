"""Settings: which rules run, at which severity, and how strict the schemas are.

``envelint.config.loader`` reads them from ``.envelint.yaml`` or ``[tool.envelint]``; this module
holds what was read and answers the per-path questions: which overrides apply to a file, and
which schema its payloads are checked against.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from envelint.captures.access_log import DEFAULT_FIELDS, AccessLogFields
from envelint.common.findings import Severity
from envelint.common.limits import DEFAULT_MAX_DEPTH, DEFAULT_MAX_ITEMS, DEFAULT_MAX_SIZE
from envelint.common.paths import any_glob_matches, glob_matches
from envelint.rules import default_selection
from envelint.rules.base import Rule
from envelint.rules.contract import UNDOCUMENTED_FIELDS
from envelint.rules.custom import CUSTOM_FAMILY, CUSTOM_PREFIX

if TYPE_CHECKING:
    from envelint.rules.custom import CustomRule

DEFAULT_SELECT = default_selection()
BOTH_SIDES = "both"
SIDES = ("request", "response", BOTH_SIDES)


@dataclass
class FileOverride:
    """A ``per-file`` entry: settings for the files its globs match (None: unchanged)."""

    files: list[str]
    select: list[str] | None = None  # replaces the selection
    ignore: list[str] = field(default_factory=list)  # added to the ignored codes
    severities: dict[str, Severity] = field(default_factory=dict)  # merged, later wins
    undocumented: str | None = None
    required: str | None = None


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: list(DEFAULT_SELECT))
    ignore: list[str] = field(default_factory=list)
    severities: dict[str, Severity] = field(default_factory=dict)
    undocumented: str = "on"  # "on" (undocumented fields reported) or "off" (allowed)
    required: str = "documented"  # "documented" or "all" (every documented field is required)
    side: str = BOTH_SIDES  # which side of an exchange is checked: "request", "response", "both"
    fail_on: Severity = Severity.ERROR
    schema_map: dict[str, str] = field(default_factory=dict)  # path glob -> schema id
    access_log: AccessLogFields = DEFAULT_FIELDS  # where an access log's records hold each part
    exclude: list[str] = field(default_factory=list)  # path globs never checked
    max_depth: int = DEFAULT_MAX_DEPTH
    max_size: int = DEFAULT_MAX_SIZE
    max_items: int = DEFAULT_MAX_ITEMS
    types: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # extra Type words -> JSON Schema
    per_file: list[FileOverride] = field(default_factory=list)
    custom_rules: list[CustomRule] = field(default_factory=list)
    rule_options: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # code -> options as written
    catalog: Path | None = None  # a built catalog folder to validate against (``catalog:``)
    docs: Path | None = None  # a documentation folder to derive the catalog from (``docs:``)
    # pages that are links to files outside their documentation folder are read, not refused
    allow_outside_links: bool = False
    openapi: dict[str, str] = field(default_factory=dict)  # export's info: title, version
    root: Path | None = None  # the config file's folder: globs are relative to it (None: cwd)
    source: str | None = None  # the configuration file read, if any
    # The settings of the configuration nearest to a checked file (``config.loader``'s
    # discovery), for a run with no --config; None: these settings hold for every file.
    nearest: Callable[[str], Settings] | None = field(default=None, repr=False, compare=False)
    # relative_path's answers by (working directory, path): resolving costs ~57 us, and the
    # schema mapping asks once per payload.
    _relative_paths: dict[tuple[str, str], str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def enabled(self, rule: Rule | CustomRule) -> bool:
        """Selected and not ignored. A custom rule counts as selected while ``select`` names
        no custom rule (no X code or prefix, no custom id): writing one is asking for it."""
        if self.undocumented == "off" and getattr(rule, "role", None) == UNDOCUMENTED_FIELDS:
            return False
        if _matches(rule, self.ignore):
            return False
        if rule.family == CUSTOM_FAMILY and not self._selects_custom_rules():
            return True
        return _matches(rule, self.select)

    def checks_side(self, side: str | None) -> bool:
        """Is a payload of this side (a request's body or a response's) checked? A finding
        about no side (a page's table, an unreadable capture) always is."""
        return side is None or self.side in (BOTH_SIDES, side)

    def runs(self, rule_text: str) -> bool:
        """Does a rule that ``rule_text`` names (a code, a prefix or a name, as a suppression
        writes it) run with these settings?"""
        from envelint.rules import all_rules

        rules: list[Rule | CustomRule] = [*all_rules(), *self.custom_rules]
        return any(
            self.enabled(rule)
            for rule in rules
            if rule.code.startswith(rule_text.upper())
            or rule_text.lower() == rule.name
            or rule_text.lower() in getattr(rule, "aliases", ())
        )

    def _selects_custom_rules(self) -> bool:
        names = {rule.name for rule in self.custom_rules}
        return any(
            pattern.upper().startswith(CUSTOM_PREFIX) or pattern.lower() in names
            for pattern in self.select
        )

    def options_for(self, rule: Rule) -> Any:
        """The options ``rule`` runs with: the configured ones, else its defaults."""
        return rule.options_from(self.rule_options.get(rule.code))

    def severity_of(self, rule: Rule | CustomRule) -> Severity:
        return self.severities.get(rule.code, rule.severity)

    def for_path(self, path: str) -> Settings:
        """The settings of ``path``: those of its nearest configuration (when discovered per
        file), with every ``per-file`` entry matching ``path`` applied, in order.

        Returns ``self`` (or the nearest configuration's settings) when no entry matches, so
        treat the result as read-only.
        """
        if self.nearest is not None:
            nearest = self.nearest(path)
            return nearest.for_path(path) if nearest.per_file else nearest
        if not self.per_file:
            return self
        relative = self.relative_path(path)
        overrides = [
            item
            for item in self.per_file
            if relative is not None and any_glob_matches(item.files, relative)
        ]
        if not overrides:
            return self
        result = replace(
            self,
            ignore=list(self.ignore),
            severities=dict(self.severities),
            per_file=[],
        )
        for override in overrides:
            _apply(result, override)
        return result

    def excluded(self, path: str) -> bool:
        """True when an ``exclude`` glob matches ``path`` (relative to the configuration)."""
        if not self.exclude:
            return False
        relative = self.relative_path(path)
        return relative is not None and any_glob_matches(self.exclude, relative)

    def schema_for_path(self, path: str) -> str | None:
        """The schema id the ``schemas`` mapping gives ``path`` (the last matching glob wins)."""
        if not self.schema_map:
            return None
        relative = self.relative_path(path)
        if relative is None:
            return None
        found = None
        for glob, schema_id in self.schema_map.items():
            if glob_matches(glob, relative):
                found = schema_id
        return found

    def relative_path(self, path: str) -> str | None:
        """``path`` as a POSIX path relative to the root, or None when it lies outside."""
        if path in ("-", "") or path.startswith("<"):
            return None
        try:
            key = (os.getcwd(), path)  # a relative path, or no root, depends on it
        except OSError:  # the working directory was removed
            return None
        if key not in self._relative_paths:
            self._relative_paths[key] = self._resolve_relative(path)
        return self._relative_paths[key]

    def _resolve_relative(self, path: str) -> str | None:
        try:
            root = (self.root or Path.cwd()).resolve()
            return Path(path).resolve().relative_to(root).as_posix()
        except (ValueError, RuntimeError, OSError):  # outside the root; a link loop (3.11)
            return None


def _apply(settings: Settings, override: FileOverride) -> None:
    if override.select is not None:
        settings.select = list(override.select)
    settings.ignore.extend(override.ignore)
    settings.severities.update(override.severities)
    if override.undocumented is not None:
        settings.undocumented = override.undocumented
    if override.required is not None:
        settings.required = override.required


def _matches(rule: Rule | CustomRule, patterns: list[str]) -> bool:
    names = (rule.name, *getattr(rule, "aliases", ()))
    return any(
        rule.code.startswith(pattern.upper()) or pattern.lower() in names for pattern in patterns
    )
