"""Tests of the Excel template: it reads back empty, filled it reads back exactly, and its
instructions name everything the importer accepts."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from portfolio.importers.headers import PLAN_KEYS, SYNONYMS, TEMPLATE_HEADERS, Field
from portfolio.importers.spreadsheet import PlanMetadata, read_spreadsheet
from portfolio.importers.template import NOTES_SHEET, PLAN_SHEET, PROJECT_SHEET, write_template
from portfolio.records import PlanLevel


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "模板.xlsx"
    write_template(path)
    return path


def sheet(workbook: openpyxl.Workbook, name: str) -> Worksheet:
    found = workbook[name]
    assert isinstance(found, Worksheet)
    return found


def test_empty_template_reads_as_an_empty_table(template: Path) -> None:
    result = read_spreadsheet(template)
    (table,) = result.tables
    assert (table.key, table.title, table.rows) == (PROJECT_SHEET, PROJECT_SHEET, ())
    assert result.plan is None
    assert result.skipped_sheets == (NOTES_SHEET,)


def test_project_sheet_layout(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    assert workbook.sheetnames == [PROJECT_SHEET, NOTES_SHEET, PLAN_SHEET]
    projects = sheet(workbook, PROJECT_SHEET)
    assert [cell.value for cell in projects[1]] == list(TEMPLATE_HEADERS)
    assert projects.max_row == 1  # no example row in the data sheet
    assert projects.freeze_panes == "A2"
    assert all(projects.column_dimensions[c].width >= 6 for c in "ABCDEFG")
    money = TEMPLATE_HEADERS.index("总投资（亿元）")
    years = TEMPLATE_HEADERS.index("起始年限")
    money_letter, years_letter = "ABCDEFG"[money], "ABCDEFG"[years]
    checks = {str(v.sqref): v for v in projects.data_validations.dataValidation}
    money_check = checks[f"{money_letter}2:{money_letter}2001"]
    assert money_check.type == "custom"
    assert money_check.formula1 == f'OR(ISNUMBER({money_letter}2),{money_letter}2="-")'
    # years typed as text, so that Excel does not turn 2021-03 into a date
    assert projects.column_dimensions[years_letter].number_format == "@"


def test_filled_template_reads_back(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    projects = sheet(workbook, PROJECT_SHEET)
    projects.append(
        [1, "智能制造协同创新中心", "建设研发平台", 14.02, "2021-2025", "甲公司、乙大学", "丰泽区"]
    )
    projects.append([2, "时空产业基地", "", "-", "2023", "丙公司", "丰泽区、泉州台商投资区"])
    plan = sheet(workbook, PLAN_SHEET)
    values = {"规划名称": "泉州市“十四五”科技创新发展专项规划", "层级": "市", "规划期": "2021-2025"}
    for row in plan.iter_rows(min_row=2):
        row[1].value = values.get(str(row[0].value))
    workbook.save(template)

    result = read_spreadsheet(template)
    first, second = result.tables[0].rows
    assert (first.name, first.investment_wan, first.start_year, first.end_year) == (
        "智能制造协同创新中心",
        140_200,
        2021,
        2025,
    )
    assert (first.units_raw, first.places_raw, first.source.line_start) == (
        "甲公司、乙大学",
        "丰泽区",
        2,
    )
    assert (second.investment_wan, second.start_year, second.end_year) == (None, 2023, 2023)
    assert result.plan == PlanMetadata(
        title="泉州市“十四五”科技创新发展专项规划",
        level=PlanLevel.CITY,
        period_start=2021,
        period_end=2025,
    )


def test_example_in_the_instructions_is_valid(template: Path, tmp_path: Path) -> None:
    notes = list(sheet(openpyxl.load_workbook(template), NOTES_SHEET).iter_rows(values_only=True))
    start = next(i for i, row in enumerate(notes) if list(row) == list(TEMPLATE_HEADERS))
    copied = openpyxl.Workbook()
    copied_sheet = copied.active
    assert isinstance(copied_sheet, Worksheet)
    copied_sheet.title = PROJECT_SHEET
    for cells in notes[start:]:
        copied_sheet.append(list(cells))
    copied.save(tmp_path / "example.xlsx")
    (row,) = read_spreadsheet(tmp_path / "example.xlsx").tables[0].rows
    assert (row.investment_wan, row.start_year, row.end_year) == (25_000, 2021, 2025)


def test_instructions_name_every_accepted_header_and_plan_key(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    notes = "\n".join(
        str(value)
        for row in sheet(workbook, NOTES_SHEET).iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    missing = [s for field in Field for s in SYNONYMS[field] if s not in notes]
    assert missing == []
    for needed in ("亿元", "万元", "、", "-", "2021.03-2023.12", "合计", PLAN_SHEET):
        assert needed in notes
    keys = [row[0] for row in sheet(workbook, PLAN_SHEET).iter_rows(min_row=2, values_only=True)]
    assert keys == [synonyms[0] for synonyms in PLAN_KEYS.values()]
