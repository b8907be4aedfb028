"""envelint.docs.rst.tables: tables found in the lines and cut into rows."""

from __future__ import annotations

from envelint.docs.rst.tables import locate_tables, parse_table


def parse(text: str):
    lines = text.split("\n")
    sources = locate_tables(lines)
    return sources, [parse_table(lines, source) for source in sources]


def test_grid_table_with_a_ragged_right_edge():
    text = "\n".join(
        [
            "+------+--------+-----------",
            "| Name | Type   | Description",
            "+======+========+===========",
            "| id   | String | The ID, longer than the border",
            "+------+--------+-----------",
        ]
    )
    _, [table] = parse(text)
    assert table.header == ["Name", "Type", "Description"]
    assert table.rows[0].cells == ["id", "String", "The ID, longer than the border"]


def test_grid_row_spanning_columns_is_marked():
    text = "\n".join(
        [
            "+------+--------+-------+",
            "| Name | Type   | Notes |",
            "+======+========+=======+",
            "| A group heading       |",
            "+------+--------+-------+",
            "| id   | String | x     |",
            "+------+--------+-------+",
        ]
    )
    _, [table] = parse(text)
    assert table.rows[0].spanned and table.rows[0].cells == ["A group heading", "", ""]
    assert not table.rows[1].spanned and table.rows[1].line == 6


def test_simple_table_without_header():
    text = "\n".join(["", "=====  =====", "a      b", "c      d", "=====  =====", ""])
    sources, [table] = parse(text)
    assert sources[0].start == 1 and sources[0].end == 5
    assert table.header == []
    assert [row.cells for row in table.rows] == [["a", "b"], ["c", "d"]]


def test_section_underline_is_not_a_table():
    sources, _ = parse("Title\n=====\n\nText.\n")
    assert sources == []


def test_table_inside_a_code_block_is_left_alone():
    text = "\n".join(
        [".. code-block::", "", "   +---+---+", "   | a | b |", "   +---+---+", "", "After."]
    )
    sources, _ = parse(text)
    assert sources == []


def test_caption_from_the_table_directive():
    text = "\n".join(
        [
            ".. table:: **Table 4** **tags** field description",
            "",
            "   ===  ====",
            "   a    b",
            "   ===  ====",
            "",
        ]
    )
    [source], _ = parse(text)
    assert source.directive == 0
    assert source.raw_caption == "**Table 4** **tags** field description"
    assert source.caption_line == 1


def test_cell_columns_point_at_the_text():
    text = "\n".join(["+----+-------+", "| id | Text  |", "+----+-------+"])
    _, [table] = parse(text)
    assert table.rows[0].columns == [3, 8]
