"""Elision marks in a documentation excerpt (parse_lenient(elisions=True)): one behaviour each."""

from envelint.jsontext.lenient import parse_lenient


def kinds(text: str, elisions: bool = True) -> list[str]:
    return [problem.kind for problem in parse_lenient(text, elisions=elisions).problems]


def test_a_line_of_dots_between_array_items_is_left_out_content() -> None:
    text = '{"items": [\n  ......\n  {"a": 1},\n  ......\n  {"b": 2},\n  ......\n]}'
    result = parse_lenient(text, elisions=True)
    assert result.problems == []
    assert result.value == {"items": [{"a": 1}, {"b": 2}]}
    assert result.elided_pointers == {"/items"}


def test_a_mark_ending_the_text_stands_for_the_rest_and_its_brackets() -> None:
    result = parse_lenient('{"token": {"catalog": [{\n    "region_id": "aaa"\n...', elisions=True)
    assert result.problems == []
    assert "/token/catalog/0" in result.elided_pointers


def test_a_member_of_only_an_ellipsis_is_left_out_content() -> None:
    assert kinds('{"a": 1, …, "b": 2}') == []


def test_a_mark_where_a_value_belongs_is_still_a_placeholder() -> None:
    assert kinds('{"a": ...}') == ["placeholder"]


def test_a_defect_elsewhere_in_an_excerpt_is_still_reported() -> None:
    assert kinds('{"a": 1\n "c": 3,\n ...\n}') == ["missing-comma"]
    assert "placeholder" in kinds('{"a": 1,\n ...\n "b": x y\n}')


def test_outside_documentation_a_mark_is_a_placeholder() -> None:
    assert "placeholder" in kinds("[1, 2, ...]", elisions=False)
