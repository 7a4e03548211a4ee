"""The workbook writer on a small export made by hand: values, formulas, layout, safety."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from portfolio.exports.model import ExportOptions, Grouping, Language, MoneyUnit, ScheduleExport
from portfolio.exports.workbook import write_csv, write_workbook
from tests.portfolio.exports.conftest import INJECTED_NAME


def _sheet(path: Path, name: str) -> Worksheet:
    sheet = openpyxl.load_workbook(path)[name]
    assert isinstance(sheet, Worksheet)
    return sheet


def _wan(value: object, unit: MoneyUnit) -> int:
    assert isinstance(value, int | float), value
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    wan = amount * 10_000 if unit is MoneyUnit.YI else amount
    assert wan == wan.to_integral_value()
    return int(wan)


@pytest.mark.parametrize("unit", list(MoneyUnit))
def test_every_amount_reads_back_exactly(
    small_export: ScheduleExport, tmp_path: Path, unit: MoneyUnit
) -> None:
    path = tmp_path / "schedule.xlsx"
    layout = write_workbook(small_export, path, ExportOptions(unit=unit))
    sheet = _sheet(path, layout.schedule)
    grid = layout.layouts[layout.schedule]
    for row in small_export.rows:
        line = grid.detail_rows[row.project_id]
        assert sheet.cell(line, 1).value == row.project_id
        read = {
            year: _wan(sheet.cell(line, column).value, unit)
            for year, column in grid.year_columns.items()
            if sheet.cell(line, column).value is not None
        }
        assert read == row.spend
        assert _wan(sheet.cell(line, 8).value, unit) == row.total_wan
    number_format = sheet.cell(grid.detail_rows[1], grid.year_columns[2021]).number_format
    assert number_format == ("#,##0" if unit is MoneyUnit.WAN else "#,##0.0000")


def test_totals_are_formulas(small_export: ScheduleExport, tmp_path: Path) -> None:
    path = tmp_path / "schedule.xlsx"
    layout = write_workbook(small_export, path)
    sheet = _sheet(path, layout.schedule)
    grid = layout.layouts[layout.schedule]
    line = grid.detail_rows[1]
    assert sheet.cell(line, grid.sum_column).value == f"=SUM(L{line}:P{line})"
    # Project 3 stands in two cities: its own section, so each project counts once.
    assert list(grid.subtotal_rows) == ["泉州市", "跨地区"]
    total = sheet.cell(grid.total_row, grid.year_columns[2021]).value
    assert total == "=" + "+".join(f"L{r}" for r in grid.subtotal_rows.values())
    first = grid.detail_rows[1]
    assert sheet.cell(grid.subtotal_rows["泉州市"], 12).value == f"=SUM(L{first}:L{first + 1})"
    assert sheet.row_dimensions[first].outlineLevel == 1
    assert sheet.row_dimensions[grid.subtotal_rows["泉州市"]].outlineLevel in (0, None)


def test_formula_like_text_stays_text(small_export: ScheduleExport, tmp_path: Path) -> None:
    path = tmp_path / "schedule.xlsx"
    layout = write_workbook(small_export, path)
    book = openpyxl.load_workbook(path)
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in (INJECTED_NAME, "+某单位、@某单位", "-晋江市", "= not a formula"):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    assert cell.quotePrefix
                    seen += 1
    # The name stands on the schedule, its city sheet and the changes sheet.
    assert seen >= 6
    grid = layout.layouts[layout.schedule]
    assert book[layout.schedule].cell(grid.detail_rows[2], 5).value == INJECTED_NAME


def test_gantt_colours_and_sheet_set_up(small_export: ScheduleExport, tmp_path: Path) -> None:
    path = tmp_path / "schedule.xlsx"
    layout = write_workbook(small_export, path)
    sheet = _sheet(path, layout.schedule)
    grid = layout.layouts[layout.schedule]
    line = grid.detail_rows[2]  # planned 2022-2023, runs 2024-2025

    def colour(year: int) -> str:
        return str(sheet.cell(line, grid.year_columns[year]).fill.fgColor.rgb)[-6:]

    assert colour(2022) == colour(2023) == "E7E6E6"  # planned years left
    assert colour(2024) == colour(2025) == "F4B183"  # years after the delay
    assert colour(2021) == "000000"  # not planned, not running: no fill
    assert str(sheet.cell(grid.detail_rows[1], 12).fill.fgColor.rgb).endswith("9DC3E6")
    assert sheet.freeze_panes == "F4"
    assert sheet.auto_filter.ref == f"A3:Q{grid.total_row - 1}"
    assert sheet.page_setup.orientation == "landscape"
    page_setup = sheet.sheet_properties.pageSetUpPr
    assert page_setup is not None
    # Eleven project columns and six of years do not fit one page wide at 8 pt: they print at
    # 73 % (11 pt → 8 pt) and run on over pages that repeat the header and id … name.
    assert not page_setup.fitToPage and sheet.page_setup.scale == 73
    assert sheet.page_setup.pageOrder == "overThenDown"
    assert sheet.print_title_rows == "$3:$3" and sheet.print_title_cols == "$A:$E"
    head, foot = sheet.oddHeader, sheet.oddFooter
    assert head is not None and foot is not None
    assert head.center is not None and head.center.text == "测试 && 情景 · 年度投资计划"
    assert foot.left is not None and foot.center is not None and foot.right is not None
    assert foot.left.text == "情景: 测试 && 情景"
    assert foot.center.text == "导出时间: 2026-01-02"  # the export's date, not the printing day
    assert foot.right.text == "第 &P 页，共 &N 页"


def test_sheets_per_city_hold_each_citys_share(
    small_export: ScheduleExport, tmp_path: Path
) -> None:
    path = tmp_path / "schedule.xlsx"
    layout = write_workbook(small_export, path)
    assert layout.places == {"泉州市": "泉州市", "福州市": "福州市"}
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "汇总",
        "投资计划",
        "泉州市",
        "福州市",
        "同时在建",
        "与规划相比变化",
        "数据问题",
        "参数",
    ]
    fuzhou = layout.layouts["福州市"]
    sheet = book["福州市"]
    assert list(fuzhou.detail_rows) == [3]
    assert sheet.cell(fuzhou.detail_rows[3], fuzhou.year_columns[2021]).value == 2
    assert sheet.cell(fuzhou.detail_rows[3], fuzhou.year_columns[2022]).value == 1
    quanzhou = layout.layouts["泉州市"]
    assert list(quanzhou.subtotal_rows) == ["丰泽区", "晋江市"]


def test_by_county_and_english(small_export: ScheduleExport, tmp_path: Path) -> None:
    path = tmp_path / "schedule.xlsx"
    options = ExportOptions(by=Grouping.COUNTY, lang=Language.EN, unit=MoneyUnit.YI)
    layout = write_workbook(small_export, path, options)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["Summary", "Schedule"]
    assert set(layout.places) == {"丰泽区", "晋江市", "鼓楼区"}
    header = [c.value for c in book["Schedule"][3]]
    assert header[:5] == ["ID", "Plan", "Table", "No.", "Project"]
    assert header[7] == "Total investment (100M yuan (亿元))"
    assert header[11] == "2021"


def test_summary_overlap_changes_parameters(small_export: ScheduleExport, tmp_path: Path) -> None:
    path = tmp_path / "schedule.xlsx"
    write_workbook(small_export, path)
    book = openpyxl.load_workbook(path)
    summary = [[c.value for c in row] for row in book["汇总"].iter_rows()]
    assert ["运行编号", 7] in [row[:2] for row in summary]
    assert ["数据库", "sqlite:///portfolio.sqlite3"] in [row[:2] for row in summary]
    spend_row = next(row for row in summary if row[0] == "安排")
    assert spend_row[1] == "='投资计划'!L9"
    by_city = {row[0]: row[1:6] for row in summary if row[0] in ("泉州市", "福州市")}
    assert by_city == {"泉州市": [446, 445, 443, 10_001, 10_000], "福州市": [2, 1, 0, 0, 0]}
    overlap = {row[1].value: [c.value for c in row[2:]] for row in book["同时在建"].iter_rows(3)}
    assert overlap["晋江市"] == [1, 1, 0, 1, 1]
    changes = [[c.value for c in row] for row in book["与规划相比变化"].iter_rows(3, 3)]
    assert changes[0][0] == 2 and changes[0][6] == 2 and changes[0][9] == "2023年总额上限已满"
    assert [c.value for c in book["参数"]["A"]][1:] == ['name = "测试"', "= not a formula"]


def test_csv(small_export: ScheduleExport, tmp_path: Path) -> None:
    path = tmp_path / "schedule.csv"
    write_csv(small_export, path, ExportOptions(unit=MoneyUnit.YI))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:5] == ["编号", "规划", "表", "序号", "项目名称"]
    assert rows[1][7] == "0.1330" and rows[1][11:16] == ["0.0444", "0.0443", "0.0443", "", ""]
    assert rows[2][4] == "'" + INJECTED_NAME and rows[2][6] == "'-晋江市"
    assert rows[2][16] == "2.0001"
