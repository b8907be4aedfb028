"""The JUnit XML reporter: a suite per file, a failing case per finding, a passing one per clean
unit, and any text survives XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import partial

from hypothesis import given
from hypothesis import strategies as st

from envelint.common.findings import DocRow, Finding
from envelint.report import CheckedUnit, Report, render
from envelint.report.junit_format import SuiteOrder, sorted_cases, spanwise_cases
from tests import factories

# What the Jenkins xunit plugin's junit-10.xsd allows (attributes, child elements).
JENKINS_ATTRIBUTES = {
    "testsuites": {"name", "time", "tests", "failures", "errors"},
    "testsuite": {
        "name",
        "tests",
        "failures",
        "errors",
        "group",
        "time",
        "skipped",
        "timestamp",
        "hostname",
        "id",
        "package",
        "file",
        "log",
        "url",
    },
    "testcase": {"name", "time", "classname", "group"},
    "failure": {"type", "message"},
}
JENKINS_CHILDREN = {
    "testsuites": {"testsuite"},
    "testsuite": {"testsuite", "properties", "testcase", "system-out", "system-err"},
    "testcase": {"skipped", "error", "failure", "system-out", "system-err"},
    "failure": set(),
}


make_finding = partial(factories.make_finding, pointer="/error/code")


def junit(findings: list[Finding], units: list[CheckedUnit] | None = None) -> ET.Element:
    return ET.fromstring(render("junit", Report(findings, units=units or [])))


def case_names(suite: ET.Element) -> list[str]:
    return [case.get("name") for case in suite.iter("testcase")]


def test_a_small_report_renders_exactly():
    report = Report(
        [make_finding(message="m", hint="h")],
        units=[CheckedUnit("captures/a.json", "payload at line 1", 1)],
    )
    assert render("junit", report) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="envelint" tests="1" failures="1" errors="0">\n'
        '  <testsuite name="captures/a.json" tests="1" failures="1" errors="0" skipped="0">\n'
        '    <testcase classname="captures/a.json" name="S001 3:13 /error/code">\n'
        '      <failure type="S001" message="m">captures/a.json:3:13: S001 error m'
        " [type-mismatch]\npointer: /error/code\nhint: h</failure>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )


def test_an_empty_report_is_an_empty_testsuites():
    root = junit([])
    assert (root.tag, root.get("tests"), root.get("failures"), list(root)) == (
        "testsuites",
        "0",
        "0",
        [],
    )


def test_one_suite_per_file_in_path_order():
    findings = [make_finding(path="b.json"), make_finding(path="a.json")]
    units = [CheckedUnit("c.json", "payload at line 1")]
    assert [suite.get("name") for suite in junit(findings, units)] == ["a.json", "b.json", "c.json"]


def test_suite_and_total_counts_add_up():
    findings = [make_finding(line=2), make_finding(line=5), make_finding(path="b.json")]
    units = [CheckedUnit("b.json", "payload at line 20", 20), CheckedUnit("c.json", "payload 1")]
    root = junit(findings, units)
    counts = {
        suite.get("name"): tuple(
            suite.get(key) for key in ("tests", "failures", "errors", "skipped")
        )
        for suite in root
    }
    assert counts == {
        "b.json": ("1", "1", "0", "0"),  # the finding at line 3 falls in the only unit
        "c.json": ("1", "0", "0", "0"),
        "captures/a.json": ("2", "2", "0", "0"),
    }
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "3", "0")


def test_a_finding_case_is_named_code_position_pointer_with_a_failure():
    (suite,) = junit([make_finding(message="bad", code="J001")])
    (case,) = suite
    assert (case.get("classname"), case.get("name")) == ("captures/a.json", "J001 3:13 /error/code")
    (failure,) = case
    assert (failure.tag, failure.get("type"), failure.get("message")) == ("failure", "J001", "bad")


def test_a_finding_without_pointer_is_named_code_and_position():
    (suite,) = junit([make_finding(pointer=None), make_finding(line=4, pointer="")])
    assert case_names(suite) == ["S001 3:13", "S001 4:13"]


def test_the_failure_body_carries_the_details():
    finding = make_finding(
        schema="jobs-abnormal",
        doc=DocRow("docs/r.rst", 40, "Table 3"),
        hint="quote it",
        excerpt='  "code": 400,\n',
    )
    body = junit([finding]).find(".//failure").text
    assert body.splitlines() == [
        "captures/a.json:3:13: S001 error wrong type [type-mismatch]",
        "pointer: /error/code",
        "schema: jobs-abnormal",
        "documented at docs/r.rst:40 (Table 3)",
        "hint: quote it",
        'source:   "code": 400,',
    ]


def test_clean_units_are_passing_cases_and_units_with_a_finding_are_not():
    units = [CheckedUnit("captures/a.json", f"payload at line {n}", n) for n in (1, 10, 20)]
    (suite,) = junit([make_finding(line=12)], units)
    assert case_names(suite) == [
        "payload at line 1",
        "S001 12:13 /error/code",
        "payload at line 20",
    ]
    assert [len(case) for case in suite] == [0, 1, 0]


def test_a_finding_before_the_first_unit_counts_against_the_first_unit():
    units = [CheckedUnit("captures/a.json", "payload at line 5", 5)]
    (suite,) = junit([make_finding(line=2)], units)
    assert case_names(suite) == ["S001 2:13 /error/code"]


def test_a_finding_in_another_file_leaves_a_unit_clean():
    units = [CheckedUnit("captures/a.json", "payload at line 1", 1)]
    root = junit([make_finding(path="b.json", line=1)], units)
    assert [case_names(suite) for suite in root] == [
        ["S001 1:13 /error/code"],
        ["payload at line 1"],
    ]


def test_repeated_names_in_a_suite_get_a_counter():
    findings = [make_finding(message="one"), make_finding(message="two"), make_finding(message="3")]
    units = [CheckedUnit("b.json", "example", 1), CheckedUnit("b.json", "example", 2)]
    units_suite, findings_suite = junit(findings, units)
    assert case_names(findings_suite) == [
        "S001 3:13 /error/code",
        "S001 3:13 /error/code #2",
        "S001 3:13 /error/code #3",
    ]
    assert case_names(units_suite) == ["example", "example #2"]


NASTY = "line one\nline two\r\n50% a, b: ]]> <tag> & \"q\" 's' é 漢字 🙂"


def test_nasty_text_survives_in_attributes():
    (suite,) = junit([make_finding(message=NASTY, path="dir/<&>.json")])
    failure = suite.find(".//failure")
    assert failure.get("message") == NASTY
    assert suite.get("name") == "dir/<&>.json"


def test_nasty_text_survives_in_the_body_with_line_ends_made_newlines():
    failure = junit([make_finding(message=NASTY)]).find(".//failure")
    assert NASTY.replace("\r\n", "\n") in failure.text
    assert "]]>" in failure.text


def test_characters_xml_forbids_are_written_as_escapes():
    message = "a\x00b\x01c\x1bd\x7fe\ud800f\ufffeg\th"
    text = render("junit", Report([make_finding(message=message)]))
    failure = ET.fromstring(text).find(".//failure")
    assert failure.get("message") == "a\\u0000b\\u0001c\\u001bd\x7fe\\ud800f\\ufffeg\th"
    text.encode("utf-8")


def test_the_output_keeps_to_the_jenkins_junit_schema():
    units = [CheckedUnit("captures/a.json", "payload at line 1", 1), CheckedUnit("b", "x", 1)]
    root = junit([make_finding(doc=DocRow("d.rst", 1), hint="h")], units)
    for element in root.iter():
        assert set(element.attrib) <= JENKINS_ATTRIBUTES[element.tag], element.tag
        assert {child.tag for child in element} <= JENKINS_CHILDREN[element.tag], element.tag
    for suite in root:
        assert {"name", "tests", "failures", "errors"} <= set(suite.attrib)


def test_the_document_is_what_element_tree_writes():
    # The document is written piece by piece; ElementTree wrote it whole before it streamed.
    nasty_unit = CheckedUnit('dir/<&>\t"q".json', NASTY, 1)
    finding = make_finding(path=nasty_unit.path, message=NASTY, hint=NASTY, excerpt=NASTY)
    text = render("junit", Report([finding], units=[nasty_unit], tool_name=NASTY))
    root = ET.fromstring(text)
    assert text == '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


@st.composite
def cases_as_they_come_in_order(draw) -> list[tuple]:
    """One file's cases (line, name, failure) as ``SuiteOrder`` allows them to come: after a
    unit, nothing of an earlier line; names that repeat within a line."""
    cases: list[tuple] = []
    last_unit_line = 0
    for index in range(draw(st.integers(0, 30))):
        line = last_unit_line + draw(st.integers(0, 3))
        if draw(st.booleans()):
            cases.append((line, f"payload at line {line}", None))
            last_unit_line = line
        else:
            code = draw(st.sampled_from(["S001", "E002"]))
            cases.append((line, f"{code} {line}:1", f"failure {index}"))
    return cases


@given(cases_as_they_come_in_order())
def test_cases_that_come_in_order_are_sorted_a_span_at_a_time_as_all_at_once(cases):
    order = SuiteOrder()
    for case in cases:
        order.see(case)
    assert order.in_order
    findings = [case for case in cases if case[2] is not None]
    units = [case for case in cases if case[2] is None]
    assert list(spanwise_cases(cases)) == sorted_cases(findings, units)


def test_cases_in_order_are_read_a_span_ahead_at_most():
    taken: list[int] = []

    def one_unit_a_line():
        for line in range(1, 1_000_000):
            taken.append(line)
            yield (line, f"payload at line {line}", None)

    ordered = spanwise_cases(one_unit_a_line())
    assert [next(ordered)[0] for _ in range(3)] == [1, 2, 3]
    assert len(taken) == 4  # the span of line 3 ends where line 4 starts


def test_a_case_before_the_last_unit_s_line_is_out_of_order():
    order = SuiteOrder()
    for case in [(5, "S001 5:1", "f"), (2, "payload at line 2", None), (2, "S001 2:1", "f")]:
        order.see(case)
    assert order.in_order  # a finding before the first unit may come first
    order.see((1, "S001 1:1", "f"))
    assert not order.in_order


def test_a_unit_not_named_after_its_line_is_out_of_order():
    order = SuiteOrder()
    order.see((1, "example", None))  # its name could repeat on another line
    assert not order.in_order


@given(
    st.lists(st.integers(1, 40), max_size=30),
    st.lists(st.integers(1, 40), max_size=30, unique=True),
    st.booleans(),
)
def test_a_whole_report_s_findings_given_before_its_units_are_sorted_as_all_at_once(
    finding_lines, unit_lines, by_line
):
    """A report written whole gives a file's findings first, then its units: in line order
    (the usual case, taken from the front) or not (filtered at each span)."""
    lines = sorted(finding_lines) if by_line else finding_lines
    findings = [(line, f"S001 {line}:1", f"failure {i}") for i, line in enumerate(lines)]
    units = [(line, f"payload at line {line}", None) for line in sorted(unit_lines)]
    assert list(spanwise_cases(findings + units)) == sorted_cases(findings, units)
