"""Tests of the one-cell-per-line table reader on small synthetic documents."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.importers.cell_lines import LayoutError, read_cell_table


def _lines(text: str) -> list[str]:
    """Document lines from a literal where ``>`` stands for the tab that indents a cell."""
    return [
        line.replace(">", "\t", 1) if line.startswith(">") else line for line in text.split("\n")
    ]


SIMPLE = _lines(
    """表 9 两行表
>序号
>名称
>金额

>1
>甲项目
>2.5

>2
>乙项目
>0.133"""
)


def test_reads_header_and_rows_with_lines_and_raw_text() -> None:
    table = read_cell_table(SIMPLE, 2, header=["序号", "名称", "金额"])
    assert table.columns == 3
    assert table.header.texts == ("序号", "名称", "金额")
    assert (table.header.line_start, table.header.line_end) == (2, 4)
    assert [row.texts for row in table.rows] == [("1", "甲项目", "2.5"), ("2", "乙项目", "0.133")]
    first, second = table.rows
    assert (first.line_start, first.line_end) == (6, 8)
    assert (second.line_start, second.line_end) == (10, 12)
    assert first.raw_text == "\t1\n\t甲项目\n\t2.5"
    assert [(cell.line_start, cell.line_end) for cell in second.cells] == [
        (10, 10),
        (11, 11),
        (12, 12),
    ]
    assert table.line_end == 12


def test_wrapped_header_and_cells_join_to_the_right_cell() -> None:
    lines = _lines(
        """>序号
>单位
>所在

县（市、区）

>1


>甲公司

、乙公司
>丰泽区

>2
>丙公司
>鲤城区"""
    )
    table = read_cell_table(lines, 1, header=["序号", "单位", "所在县（市、区）"])
    assert table.header.texts == ("序号", "单位", "所在县（市、区）")
    assert table.header.line_end == 5
    first, second = table.rows
    # Blank lines inside a row do not end it; unindented text continues the cell before it.
    assert first.texts == ("1", "甲公司、乙公司", "丰泽区")
    assert (first.line_start, first.line_end) == (7, 13)
    assert (first.cells[1].line_start, first.cells[1].line_end) == (10, 12)
    assert first.raw_text == "\t1\n\n\n\t甲公司\n\n、乙公司\n\t丰泽区"
    assert second.texts == ("2", "丙公司", "鲤城区")


def test_text_after_a_blank_line_in_a_complete_row_ends_the_table() -> None:
    # The last cell cannot wrap after a blank line: that reads as the narrative resuming.
    lines = _lines(">序号\n>所在\n\n>1\n>丰泽区\n\n、晋江市")
    table = read_cell_table(lines, 1)
    assert table.rows[0].texts == ("1", "丰泽区")
    with pytest.raises(LayoutError, match=r"^line 7: text after the last row"):
        read_cell_table(lines, 1, end_line=8)


def test_number_after_a_blank_line_in_an_unfinished_row_is_a_cell() -> None:
    # Row 1's amount "2" follows a blank line and looks like the next row's number; the row
    # still lacks cells, so it is read as the amount.
    lines = _lines(
        """>序号
>名称
>金额

>1
>甲项目

>2

>2
>乙项目
>3"""
    )
    table = read_cell_table(lines, 1)
    assert [row.texts for row in table.rows] == [("1", "甲项目", "2"), ("2", "乙项目", "3")]


def test_lone_tab_is_an_empty_cell_and_latin_words_keep_a_space() -> None:
    lines = _lines(">序号\n>名称\n>值\n\n>1\n>工业\n4.0 平台\n>\n\n>2\n>Smart\nFactory\n>7")
    table = read_cell_table(lines, 1)
    assert table.rows[0].texts == ("1", "工业4.0 平台", "")
    assert table.rows[1].texts == ("2", "Smart Factory", "7")


def test_row_with_a_missing_cell_is_refused_with_its_line() -> None:
    lines = _lines(">序号\n>名称\n>金额\n\n>1\n>甲项目\n>2.5\n\n>2\n>乙项目\n\n>3\n>丙项目\n>1")
    with pytest.raises(LayoutError) as caught:
        read_cell_table(lines, 1)
    # Row 2 lacks its amount, so row 3's number is taken as that amount and the row overflows:
    # the error points at row 2, where the damage starts.
    assert caught.value.line == 9
    assert "line 9" in str(caught.value)
    assert "has 5 cells, expected 3" in str(caught.value)


def test_last_row_short_of_a_cell_is_refused() -> None:
    lines = _lines(">序号\n>名称\n>金额\n\n>1\n>甲项目\n>2.5\n\n>2\n>乙项目")
    with pytest.raises(LayoutError, match=r"^line 9: row 2 has 2 cells, expected 3"):
        read_cell_table(lines, 1)


def test_row_with_an_extra_cell_is_refused() -> None:
    lines = _lines(">序号\n>名称\n\n>1\n>甲项目\n>多余\n\n>2\n>乙项目")
    with pytest.raises(LayoutError, match=r"^line 4: row 1 has 3 cells, expected 2"):
        read_cell_table(lines, 1)


def test_optional_trailing_cells_are_padded_empty() -> None:
    lines = _lines(">序号\n>指标\n>增长\n\n>1\n>研发投入\n\n>2\n>专利\n>[1]")
    table = read_cell_table(lines, 1, optional_trailing=1)
    assert [row.texts for row in table.rows] == [("1", "研发投入", ""), ("2", "专利", "[1]")]
    with pytest.raises(LayoutError, match="row 1 has 5 cells, expected 3"):
        read_cell_table(lines, 1)


def test_unexpected_header_is_refused() -> None:
    with pytest.raises(LayoutError, match=r"^line 2: table header is \['序号', '名称', '金额'\]"):
        read_cell_table(SIMPLE, 2, header=["序号", "名称", "总投资（亿元）"])


def test_table_ends_where_the_narrative_resumes() -> None:
    lines = [*SIMPLE, "", "", "正文继续。", ">3"]
    table = read_cell_table(lines, 2)
    assert len(table.rows) == 2
    assert table.line_end == 12


def test_stray_text_before_the_given_end_is_refused() -> None:
    lines = [*SIMPLE, "", "正文继续。", "", "附件 2"]
    with pytest.raises(LayoutError, match=r"^line 14: text after the last row"):
        read_cell_table(lines, 2, end_line=16)
    # Up to the text's own line, the table is fine.
    assert len(read_cell_table(lines, 2, end_line=14).rows) == 2


def test_table_without_rows_or_without_header_is_refused() -> None:
    with pytest.raises(LayoutError, match="no rows"):
        read_cell_table(SIMPLE[:5], 2)
    with pytest.raises(LayoutError, match=r"^line 1: expected the first header cell"):
        read_cell_table(SIMPLE, 1)
    with pytest.raises(LayoutError, match=r"^line 99: expected the first header cell"):
        read_cell_table(SIMPLE, 99)


_CHINESE = st.text(alphabet="泉州科技创新项目研究院区县市、（）", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_rendered_tables_read_back(data: st.DataObject) -> None:
    columns = data.draw(st.integers(min_value=2, max_value=5), label="columns")
    count = data.draw(st.integers(min_value=1, max_value=6), label="rows")
    header = [data.draw(_CHINESE) for _ in range(columns)]
    rows = [
        [
            [str(seq)],
            *(data.draw(st.lists(_CHINESE, min_size=1, max_size=3)) for _ in range(columns - 1)),
        ]
        for seq in range(1, count + 1)
    ]
    lines = ["表 1 标题", *(f"\t{cell}" for cell in header)]
    for drawn in rows:
        lines.append("")
        for pieces in drawn:
            lines.append(f"\t{pieces[0]}")
            for piece in pieces[1:]:
                # A wrapped piece may follow blank lines, as in the documents, except in the
                # last column: there text after a blank line ends the table.
                if pieces is not drawn[-1]:
                    lines.extend([""] * data.draw(st.integers(min_value=0, max_value=2)))
                lines.append(piece)
    table = read_cell_table(lines, 2, header=header)
    assert [row.texts for row in table.rows] == [
        tuple("".join(pieces) for pieces in drawn) for drawn in rows
    ]
    for row in table.rows:
        assert lines[row.line_start - 1] == f"\t{row.texts[0]}"
        assert row.raw_text == "\n".join(lines[row.line_start - 1 : row.line_end])
