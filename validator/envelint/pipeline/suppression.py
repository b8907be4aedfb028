"""Dropping findings the user has accepted: an ignore file and a baseline.

- The ignore file (``.envelint-ignore.yaml``) is for payload files that cannot hold comments::

      - rule: S003              # a code, a prefix or a rule name
        path: "captures/legacy/*.json"
        pointer: /metadata       # optional: this pointer and everything below it
        reason: free-form metadata in the legacy API

- A baseline counts findings per file and rule (``--write-baseline FILE``), so that existing
  findings are accepted while new ones fail the run; counting, not matching lines, means a line
  shift does not break it.

Either one that no longer matches anything is reported as an unused-suppression finding, but
only where the run could tell (``Coverage``): pre-commit passes only the changed files, so a
suppression is judged only when every file it could apply to was checked, by a rule it names.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from envelint.catalog.store import dump_json
from envelint.common.errors import EnvelintError
from envelint.common.findings import Finding, Severity
from envelint.common.fsio import write_atomic
from envelint.common.paths import display_path, glob_matches
from envelint.rules import find_rule, rule_with_role
from envelint.rules.contract import UNUSED_SUPPRESSION

BASELINE_VERSION = 1


@dataclass(frozen=True)
class IgnoreEntry:
    rule: str  # as written: a code, a prefix or a rule name
    path: str
    pointer: str | None
    line: int  # in the ignore file, for the unused report
    code: str | None = None  # the code ``rule`` names, or None when it is a prefix

    def matches(self, finding: Finding, root: Path | None = None) -> bool:
        """Does the entry silence ``finding``? Its glob is relative to ``root`` (the ignore
        file's folder; None: the working folder, where findings' paths are relative to)."""
        if self.code is not None:
            code_matches = finding.code == self.code
        else:
            code_matches = finding.code.startswith(self.rule)
        if not code_matches:
            return False
        relative = finding.path if root is None else relative_to(root, finding.path)
        if relative is None or not glob_matches(self.path, relative):
            return False
        if self.pointer is None:
            return True
        pointer = finding.pointer or ""
        return pointer == self.pointer or pointer.startswith(self.pointer + "/")


def relative_to(root: Path, path: str) -> str | None:
    """``path`` (as a finding names it) as a POSIX path relative to ``root``, or None."""
    if path.startswith("<"):  # standard input
        return None
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return None


@dataclass
class Coverage:
    """What a run checked, so that an unused suppression is reported only where the run could
    tell: files checked in full (display paths), and whether a rule (a code, prefix or name as
    a suppression writes it) ran. None of it known (``Coverage()``): every suppression is
    judged, as in a run over everything."""

    checked_files: Callable[[], set[str]] | None = None  # asked once, when a suppression is
    rule_ran: Callable[[str], bool] = lambda rule: True

    @cached_property
    def checked(self) -> set[str] | None:
        return self.checked_files() if self.checked_files is not None else None

    def covers_file(self, path: str) -> bool:
        return self.checked is None or path in self.checked

    def covers_entry(
        self, entry: IgnoreEntry, root: Path, checkable: Callable[[str], bool]
    ) -> bool:
        """Did the run check every file ``entry``'s glob matches below ``root``, by its rule?"""
        if not self.rule_ran(entry.rule):
            return False
        if self.checked is None:
            return True
        return all(
            self.covers_file(display_path(root / relative))
            for relative in self._files_below(root, entry.path, checkable)
        )

    def _files_below(
        self, root: Path, glob: str, checkable: Callable[[str], bool]
    ) -> Iterator[str]:
        start = _literal_folder(glob)
        for folder, subfolders, files in os.walk(root / start):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in files:
                relative = Path(folder, name).relative_to(root).as_posix()
                if not name.startswith(".") and checkable(name) and glob_matches(glob, relative):
                    yield relative


def _literal_folder(glob: str) -> str:
    """The folders a glob names before its first wildcard: where to look for its files."""
    parts = glob.removeprefix("./").split("/")[:-1]
    literal = []
    for part in parts:
        if re.search(r"[*?\[]", part):
            break
        literal.append(part)
    return "/".join(literal)


def load_ignore_file(path: str | Path) -> list[IgnoreEntry]:
    path = Path(path)
    data, nodes = _parse_ignore_file(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise EnvelintError(f"{path}:1: expected a list of {{rule, path, pointer}} entries")
    return [
        _ignore_entry(path, item, node.start_mark.line + 1)
        for item, node in zip(data, nodes, strict=True)
    ]


def _parse_ignore_file(path: Path) -> tuple[object, list[Any]]:
    """The ignore file's data, and the YAML nodes of its top-level items (for their lines)."""
    import yaml  # only a run with an ignore file pays for it

    try:
        loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except OSError as error:
        raise EnvelintError(f"{path}: cannot read: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        raise EnvelintError(f"{path}: not valid YAML: {error}".replace("\n", " ")) from None
    return data, root.value if isinstance(data, list) and root is not None else []


def _ignore_entry(path: Path, item: object, line: int) -> IgnoreEntry:
    if not isinstance(item, dict) or "rule" not in item or "path" not in item:
        raise EnvelintError(f"{path}:{line}: each entry needs 'rule' and 'path'")
    unknown = set(item) - {"rule", "path", "pointer", "reason"}
    if unknown:
        raise EnvelintError(f"{path}:{line}: unknown key {sorted(unknown)[0]!r} "
                            "(expected rule, path, pointer, reason)")  # fmt: skip
    rule = str(item["rule"])
    named = find_rule(rule)
    code = named.code if named else None
    return IgnoreEntry(rule, str(item["path"]), item.get("pointer"), line, code)


def apply_ignores(
    findings: list[Finding],
    entries: list[IgnoreEntry],
    ignore_file: str,
    coverage: Coverage | None = None,
    checkable: Callable[[str], bool] = lambda name: True,
    applies: Callable[[Finding], bool] = lambda finding: True,
) -> list[Finding]:
    """The findings no entry silences, and a U001 for each entry that silenced nothing in a run
    that covered it (``Coverage.covers_entry``). Globs are relative to the ignore file's folder;
    ``applies(finding)``: is this ignore file the one for the finding's file."""
    root = Path(os.path.abspath(ignore_file)).parent
    used = set()
    kept = []
    for finding in findings:
        match = None
        if applies(finding):
            match = next((entry for entry in entries if entry.matches(finding, root)), None)
        if match is None:
            kept.append(finding)
        else:
            used.add(match)
    coverage = coverage or Coverage()
    for entry in entries:
        if entry not in used and coverage.covers_entry(entry, root, checkable):
            message = f"ignore entry for {entry.rule} on {entry.path} matched no finding"
            hint = "remove the entry from the ignore file"
            kept.append(unused_suppression(ignore_file, entry.line, message, hint))
    return kept


def write_baseline(path: str | Path, findings: list[Finding]) -> None:
    counts: dict[str, dict[str, int]] = {}
    for (file, code), count in sorted(Counter((f.path, f.code) for f in findings).items()):
        counts.setdefault(file, {})[code] = count
    write_atomic(path, dump_json({"envelint_baseline": BASELINE_VERSION, "findings": counts}))


def apply_baseline(
    findings: list[Finding], path: str | Path, coverage: Coverage | None = None
) -> list[Finding]:
    """The findings beyond the baseline's counts, and a U001 for each count left over in a file
    the run checked, by that rule."""
    coverage = coverage or Coverage()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        allowed = {
            (file, code): int(count)
            for file, codes in data["findings"].items()
            for code, count in codes.items()
        }
    except OSError as error:
        raise EnvelintError(f"{path}: cannot read baseline: {error.strerror or error}") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        message = f"{path}: not an envelint baseline (--write-baseline makes one)"
        raise EnvelintError(message) from None
    remaining = dict(allowed)
    kept = []
    for finding in findings:
        key = (finding.path, finding.code)
        if remaining.get(key, 0) > 0:
            remaining[key] -= 1
        else:
            kept.append(finding)
    for (file, code), count in sorted(remaining.items()):
        if count > 0 and coverage.covers_file(file) and coverage.rule_ran(code):
            message = f"baseline allows {count} more {code} in {file} than were found"
            kept.append(unused_suppression(str(path), 1, message))
    return kept


def unused_suppression(
    path: str,
    line: int,
    message: str,
    hint: str = "remove it, or rewrite the baseline with --write-baseline",
    column: int = 1,
    excerpt: str | None = None,
) -> Finding:
    """An unused-suppression finding where a suppression that matched nothing is written."""
    unused = rule_with_role(UNUSED_SUPPRESSION)
    return Finding(
        code=unused.code,
        rule=unused.name,
        severity=Severity.WARNING,
        message=f"unused suppression: {message}",
        path=path,
        line=line,
        column=column,
        hint=hint,
        excerpt=excerpt,
    )


DEFAULT_IGNORE_FILE = ".envelint-ignore.yaml"


class NearestIgnoreFile:
    """The ignore file that applies to a file: the nearest ``.envelint-ignore.yaml`` from the
    file's folder upward (only that one, as with the configuration), found once per folder."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, Path | None] = {}

    def of_file(self, path: str) -> Path | None:
        if path.startswith("<"):  # standard input: the working folder's
            return self.of_folder(Path.cwd())
        return self.of_folder(Path(os.path.abspath(path)).parent)

    def of_folder(self, folder: Path) -> Path | None:
        if folder not in self._by_folder:
            candidate = folder / DEFAULT_IGNORE_FILE
            if candidate.is_file():
                self._by_folder[folder] = candidate
            elif folder.parent == folder:
                self._by_folder[folder] = None
            else:
                self._by_folder[folder] = self.of_folder(folder.parent)
        return self._by_folder[folder]


def ignore_files_near(paths: list[str] | tuple[str, ...], nearest: NearestIgnoreFile) -> list[Path]:
    """The ignore files a run over ``paths`` may apply: the nearest one upward from each path
    named, and those inside the folders named (whose files may be nearer to them). Each folder
    is looked at once: pre-commit names thousands of files in a few folders."""
    found: dict[Path, None] = {}
    by_folder: dict[str, list[str]] = {}
    for name in paths:
        if name != "-":
            folder, _, base = name.rstrip(os.sep).rpartition(os.sep)
            by_folder.setdefault(folder, []).append(base)
    if "-" in paths:  # standard input: the working folder's
        by_folder.setdefault("", [])
    for folder, names in by_folder.items():
        nearest_file = nearest.of_folder(Path(os.path.abspath(folder or ".")))
        if nearest_file is not None:
            found[nearest_file] = None
        for subfolder in _subfolders(folder or ".", names):
            found.update(dict.fromkeys(_ignore_files_below(subfolder)))
    return list(found)


def _subfolders(folder: str, names: list[str]) -> list[str]:
    """Which of ``names`` in ``folder`` are folders: one listing, not a look at each name."""
    if len(names) < 8:
        return [path for name in names if os.path.isdir(path := os.path.join(folder, name))]
    wanted = set(names)
    try:
        with os.scandir(folder) as entries:
            return [e.path for e in entries if e.name in wanted and e.is_dir()]
    except OSError:
        return []


def _ignore_files_below(folder: str) -> Iterator[Path]:
    # A folder that cannot be listed is reported by the walk that checks its files.
    for parent, subfolders, files in os.walk(folder, onerror=_pass_over):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        if DEFAULT_IGNORE_FILE in files:
            yield Path(os.path.abspath(parent)) / DEFAULT_IGNORE_FILE


def _pass_over(error: OSError) -> None:
    pass


def apply_suppressions(
    findings: list[Finding],
    ignore_file: str | None,
    baseline: str | None,
    coverage: Coverage | None = None,
    checkable: Callable[[str], bool] = lambda name: True,
    discovered: list[Path] | None = None,
) -> list[Finding]:
    """The findings left after the ignore files and the baseline, plus an unused-suppression
    finding for each suppression that matched nothing in what the run covered.

    ``ignore_file`` (``--ignore-file``) applies to every finding; without it, each finding's
    file has the nearest ``.envelint-ignore.yaml`` upward, among ``discovered`` (what
    ``ignore_files_near`` found for the run; None: the working folder's, if any).
    ``checkable(name)``: could the run check a file of this name."""
    if ignore_file is not None:
        entries = load_ignore_file(ignore_file)
        findings = apply_ignores(findings, entries, ignore_file, coverage, checkable)
    else:
        nearest = NearestIgnoreFile()
        if discovered is None:
            discovered = ignore_files_near(["."], nearest)
        for found in discovered:

            def applies(finding: Finding, found: Path = found) -> bool:
                return nearest.of_file(finding.path) == found

            shown = display_path(found)
            entries = load_ignore_file(found)
            findings = apply_ignores(findings, entries, shown, coverage, checkable, applies)
    if baseline is not None:
        findings = apply_baseline(findings, baseline, coverage)
    return findings
