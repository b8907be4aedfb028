"""envelint.derive on the three seed pages (../shared/seeds)."""

from __future__ import annotations

import pytest

from envelint.derive import derive_catalog
from envelint.docs import read_page

JOBS, TASK, ORDER = "000_cb33e2b5c92bfef4", "001_0dac224359cf292a", "004_99702e14f02197f5"


@pytest.fixture(scope="module")
def derived(seeds):
    return derive_catalog([seeds])


def properties(schema: dict) -> dict:
    return schema["properties"]


def doc_line(schema: dict) -> int:
    return schema["x-doc"]["line"]


def test_one_normal_and_one_abnormal_schema_per_seed(derived):
    assert sorted(derived.schemas) == sorted(
        f"{page}.{kind}" for page in (JOBS, TASK, ORDER) for kind in ("normal", "abnormal")
    )
    assert derived.issues == []


@pytest.mark.parametrize(("page", "line"), [(JOBS, 13), (TASK, 11)])
def test_normal_is_a_job_id_string(derived, page, line):
    normal = properties(derived.schemas[f"{page}.normal"])
    assert list(normal) == ["job_id"]
    assert normal["job_id"]["type"] == "string"
    assert doc_line(normal["job_id"]) == line


def test_order_normal_has_order_and_job_ids(derived):
    normal = properties(derived.schemas[f"{ORDER}.normal"])
    assert {name: (field["type"], doc_line(field)) for name, field in normal.items()} == {
        "order_id": ("string", 16),
        "job_id": ("string", 18),
    }


@pytest.mark.parametrize(
    ("page", "lines"),
    [
        (
            JOBS,
            {
                "error": 21,
                "message": 31,
                "code": 33,
                "details": 35,
                "details.message": 45,
                "details.code": 46,
            },
        ),
        (
            TASK,
            {
                "error": 21,
                "message": 33,
                "code": 35,
                "details": 37,
                "details.message": 53,
                "details.code": 57,
            },
        ),
    ],
)
def test_abnormal_error_with_details(derived, page, lines):
    error = properties(derived.schemas[f"{page}.abnormal"])["error"]
    assert error["type"] == "object" and doc_line(error) == lines["error"]
    fields = properties(error)
    assert list(fields) == ["message", "code", "details"]
    assert fields["code"]["type"] == "string"
    assert [doc_line(fields[name]) for name in ("message", "code", "details")] == [
        lines["message"],
        lines["code"],
        lines["details"],
    ]
    details = fields["details"]
    assert details["type"] == "array" and details["items"]["type"] == "object"
    nested = properties(details["items"])
    assert {name: field["type"] for name, field in nested.items()} == {
        "message": "string",
        "code": "string",
    }
    assert [doc_line(nested["message"]), doc_line(nested["code"])] == [
        lines["details.message"],
        lines["details.code"],
    ]


def test_jobs_requires_nothing(derived):
    error = properties(derived.schemas[f"{JOBS}.abnormal"])["error"]
    assert "required" not in error
    assert "required" not in error["properties"]["details"]["items"]


def test_optional_notes_make_no_other_field_required(derived):
    error = properties(derived.schemas[f"{TASK}.abnormal"])["error"]
    assert "required" not in error
    assert "required" not in error["properties"]["details"]["items"]


def test_order_abnormal_error_has_no_details(derived):
    error = properties(derived.schemas[f"{ORDER}.abnormal"])["error"]
    assert error["type"] == "object"
    fields = properties(error)
    assert {name: (field["type"], doc_line(field)) for name, field in fields.items()} == {
        "message": ("string", 41),
        "code": ("string", 42),
    }


def test_provenance_names_the_page_and_caption(derived, seeds):
    error = properties(derived.schemas[f"{JOBS}.abnormal"])["error"]
    assert error["x-doc"] == {
        "path": (seeds / f"{JOBS}.txt").as_posix(),
        "line": 21,
        "table": None,
        "page": "Responses (Jobs)",
        "original_name": "en-us_topic_0022067714.html",
    }
    assert error["properties"]["details"]["items"]["properties"]["code"]["x-doc"]["table"] == (
        "Table 2 details field description"
    )


def test_titles(derived):
    assert derived.schemas[f"{ORDER}.abnormal"]["title"] == "Order ID Response: abnormal response"
    assert derived.schemas[f"{JOBS}.normal"]["title"] == "Responses (Jobs): normal response"


def test_seed_code_blocks(seeds):
    page = read_page(seeds / f"{JOBS}.txt")
    assert [(block.line, block.column, block.context) for block in page.code_blocks] == [
        (55, 7, "Normal response"),
        (63, 7, "Abnormal response"),
    ]
    second_line = page.code_blocks[1].text.splitlines()[1]
    assert second_line == '    "error": {"message": "", "code": XXX,""}'


def test_seed_literal_blocks(seeds):
    page = read_page(seeds / f"{ORDER}.txt")
    assert [(block.line, block.column, block.context) for block in page.code_blocks] == [
        (52, 7, "Normal response"),
        (61, 7, "Abnormal response"),
    ]


def test_seed_upper_case_labels(seeds):
    page = read_page(seeds / f"{TASK}.txt")
    assert page.tables[2].labels == ["ENUSTOPIC0022067714table6409189311151"]
    assert page.tables[2].caption == "Table 1 error field structure"
