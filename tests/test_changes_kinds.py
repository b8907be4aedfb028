"""Every change kind, each on a pair of versions of its own: ``fixtures/diff/base`` and the
folder named after the kind (``fixtures/diff/C111-response-field-removed``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from envelint.changes.compare import compare
from envelint.changes.kinds import all_kinds
from envelint.changes.versions import load_versions

DIFF = Path(__file__).resolve().parents[1] / "fixtures" / "diff"
KIND_FOLDERS = sorted(path for path in DIFF.iterdir() if path.name[:1] == "C")


def changes(base: Path, head: Path) -> list:
    return compare(*load_versions(str(base), str(head), None))


def test_every_registered_kind_has_its_fixture_pair():
    named = {folder.name for folder in KIND_FOLDERS}
    assert named == {f"{kind.code}-{kind.name}" for kind in all_kinds()}


@pytest.mark.parametrize("folder", KIND_FOLDERS, ids=lambda folder: folder.name[:4])
def test_the_kinds_pair_reports_that_kind(folder):
    code = folder.name[:4]
    found = [change for change in changes(DIFF / "base", folder) if change.code == code]
    assert len(found) == 1, [change.message for change in found]


@pytest.mark.parametrize("folder", KIND_FOLDERS, ids=lambda folder: folder.name[:4])
def test_the_kinds_message_cites_both_versions_rows(folder):
    code = folder.name[:4]
    (change,) = [change for change in changes(DIFF / "base", folder) if change.code == code]
    cited = [at for at in (change.base_at, change.head_at) if at is not None]
    assert cited and all(at.split(":")[-1].isdigit() for at in cited)
    assert all(at in change.message for at in cited)


def test_the_same_api_restyled_and_moved_is_no_change():
    assert changes(DIFF / "base", DIFF / "no-change-restyled") == []


def test_a_version_compared_with_itself_is_no_change():
    assert changes(DIFF / "base", DIFF / "base") == []


def test_direction_matters_a_field_added_read_backwards_is_a_removal():
    folder = DIFF / "C116-response-field-added"
    assert [c.code for c in changes(folder, DIFF / "base")] == ["C111"]


def test_a_type_change_read_backwards_is_still_a_type_change():
    # integer -> string and string -> integer: neither type holds the other
    folder = DIFF / "C112-response-field-type-changed"
    assert [c.code for c in changes(folder, DIFF / "base")] == ["C112"]


def test_every_kind_documents_an_example_and_a_summary():
    for kind in all_kinds():
        assert kind.summary and kind.example_base and kind.example_head, kind.code


def test_fields_moved_from_a_table_into_their_parents_description_are_not_removed():
    assert changes(DIFF / "base", DIFF / "no-change-fields-in-prose") == []


def test_docs_diff_md_lists_the_registry_as_it_is():
    from envelint.changes.kinds import kinds_as_markdown

    page = (DIFF.parents[1] / "docs" / "diff.md").read_text(encoding="utf-8")
    listed = page.split("<!-- kinds:start -->\n", 1)[1].split("<!-- kinds:end -->", 1)[0]
    assert listed == kinds_as_markdown(), "run tools/update_diff_kinds.py"


def test_request_direction_a_new_mandatory_field_read_backwards_is_a_removal():
    folder = DIFF / "C201-request-mandatory-added"
    assert [c.code for c in changes(folder, DIFF / "base")] == ["C203"]


def test_request_direction_a_narrowed_type_read_backwards_widens_and_is_no_change():
    # integer -> number: the request accepts more than before
    assert changes(DIFF / "C205-request-type-narrowed", DIFF / "base") == []


def test_request_direction_a_value_added_to_a_request_enum_is_no_change():
    assert changes(DIFF / "C206-request-enum-narrowed", DIFF / "base") == []


def test_a_renamed_path_variable_and_a_header_in_another_case_are_the_same_parameters():
    # no-change-restyled writes {tenant_id} for {project_id} and x-auth-token for X-Auth-Token
    restyled = (DIFF / "no-change-restyled" / "creating_a_gizmo.rst").read_text()
    assert "{tenant_id}" in restyled and "x-auth-token" in restyled
    assert changes(DIFF / "base", DIFF / "no-change-restyled") == []
