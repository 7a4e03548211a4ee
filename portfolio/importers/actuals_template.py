"""The workbook an office fills in to report progress: its projects and indicators, ready.

Three sheets: 实际完成情况 (one row per project and year of its planned window up to the
report's year, with the plan's figures for reference and empty cells for what was spent and
how far the project is; a list for 状态), 指标 (one row per indicator and year of its plan's
period, the target beside an empty 实际值) and 说明 (instructions in Chinese with English
lines). ``portfolio.importers.actuals_sheet`` reads it back as it is written here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from portfolio.importers.actuals_columns import (
    INDICATOR_HEADERS,
    INDICATOR_SHEET,
    NOTES_SHEET,
    PROJECT_HEADERS,
    PROJECT_SHEET,
    SPEND_HEADER,
)
from portfolio.importers.actuals_sheet import STATUS_CHOICES

_HEADER_FONT = Font(bold=True)
_GIVEN_FILL = PatternFill("solid", fgColor="DDEBF7")  # what the office's data says
_TO_FILL = PatternFill("solid", fgColor="FFF2CC")  # what the reporter fills in
_WRAP = Alignment(wrap_text=True, vertical="top")
_PROJECT_WIDTHS = (8, 18, 8, 6, 36, 18, 7, 12, 14, 9, 10, 10, 24, 16)
_INDICATOR_WIDTHS = (18, 8, 6, 36, 10, 7, 12, 12, 24, 16)
_SPARE_ROWS = 200  # rows below the data that keep the checks, for rows added by hand


@dataclass(frozen=True)
class TemplateProject:
    """One project-year row of the template, with the plan's figures for reference."""

    project_id: int
    plan: str
    table: str
    seq: str
    name: str
    places: str
    year: int
    planned_wan: int | None


@dataclass(frozen=True)
class TemplateIndicator:
    """One indicator-year row of the template, with the plan's target for reference."""

    plan: str
    table: str
    seq: str
    name: str
    unit: str
    year: int
    target: str


_NOTES: tuple[tuple[str, str], ...] = (
    (
        "用途 Purpose",
        "填报各项目每年的实际完成投资和进度状态，以及指标的实际值；填好后用"
        "“portfolio import-actuals 文件 --report-date 报告日期”导入（或在网页上传）。"
        " Report each project's actual spend and status per year, and the indicators' values;"
        " then import the file with portfolio import-actuals FILE --report-date DATE.",
    ),
    (
        "每行 Rows",
        "“实际完成情况”表每行是一个项目的一个年份（计划年限内、截至今年）。蓝色列来自项目库，"
        "仅供参考，请勿修改项目ID和项目名称；黄色列由填报人填写。某年不填的行不会导入。"
        "计划年限以外的年份（如延期项目）可复制一行后改年份。"
        " One row per project and year of its planned window up to this year. Blue columns come"
        " from the portfolio (do not change 项目ID or 项目名称); fill in the yellow ones. Rows"
        " left empty are not imported; copy a row to report a year outside the planned window.",
    ),
    (
        "项目 Project",
        "以项目ID识别项目；没有项目ID时按项目名称识别，名称重复时须同时填写规划、表和序号。"
        " A row's project is its 项目ID; without one, its 项目名称 (with 规划, 表 and 序号"
        " where the name is not unique).",
    ),
    (
        SPEND_HEADER,
        "当年实际完成的投资，单位万元，整数（不填小数，不写公式）；没有投资填 0。"
        "只报告状态时可空着。"
        " The year's actual spend in whole 万元 (no decimals, no formulas); 0 if none."
        " May stay empty when only the status is reported.",
    ),
    (
        "状态 Status",
        f"从下拉列表选择：{STATUS_CHOICES}。"
        " Choose from the list: not started, in progress, completed, halted or slowed, cancelled.",
    ),
    (
        "开工/完工 Years",
        "实际开工年份、实际完工年份填四位年份（如 2023），同一项目各行须一致；"
        "状态为已完工时，完工年份不能晚于报告日期。"
        " Actual start and completion years (e.g. 2023), the same on every row of a project;"
        " a completed project's completion year is not after the report's date.",
    ),
    (
        "备注/来源 Notes",
        "备注写说明（如延期原因）；来源写数据出处（如填报单位）。"
        " A note (why late, say) and where the figures come from (the reporting unit).",
    ),
    (
        "指标 Indicators",
        "“指标”表每行是一个指标的一个年份，目标值来自规划，仅供参考；在“实际值”列填写数值。"
        " One row per indicator and year; the target is the plan's. Fill in 实际值.",
    ),
    (
        "报告日期 Date",
        "每次导入都是一份带日期的报告，之前的报告保持不变，可按日期查看当时的情况；"
        "同一文件只能导入一次。有任何错误时整份文件都不导入，并逐条列出所在行列。"
        " Each import is a dated report; earlier ones stay as they were. A file is imported"
        " once. A file with any problem is refused whole, every problem named by row and column.",
    ),
)


def write_actuals_template(
    path: Path,
    projects: Sequence[TemplateProject],
    indicators: Sequence[TemplateIndicator],
) -> None:
    """Write the progress-report workbook for ``projects`` and ``indicators`` to ``path``."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook always has one worksheet
    sheet.title = PROJECT_SHEET
    _project_sheet(sheet, projects)
    _indicator_sheet(workbook.create_sheet(INDICATOR_SHEET), indicators)
    _notes_sheet(workbook.create_sheet(NOTES_SHEET))
    workbook.save(path)


def _header_row(sheet: Worksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
    sheet.append(list(headers))
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.alignment = _HEADER_FONT, _WRAP
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _shade(sheet: Worksheet, first_to_fill: int, rows: int) -> None:
    """Blue headers over what is given, yellow over what the reporter fills in."""
    for index in range(1, sheet.max_column + 1):
        fill = _TO_FILL if index >= first_to_fill else _GIVEN_FILL
        sheet.cell(row=1, column=index).fill = fill
    sheet.auto_filter.ref = f"A1:{get_column_letter(sheet.max_column)}{rows + 1}"


def _project_sheet(sheet: Worksheet, projects: Sequence[TemplateProject]) -> None:
    _header_row(sheet, PROJECT_HEADERS, _PROJECT_WIDTHS)
    for p in projects:
        sheet.append(
            [p.project_id, p.plan, p.table, p.seq, p.name, p.places, p.year, p.planned_wan]
        )
    spend = PROJECT_HEADERS.index(SPEND_HEADER) + 1
    _shade(sheet, spend, len(projects))
    last = len(projects) + 1 + _SPARE_ROWS
    status = DataValidation(
        type="list", formula1=f'"{STATUS_CHOICES.replace("、", ",")}"', allow_blank=True
    )
    status.error, status.errorTitle, status.showErrorMessage = (
        f"请从列表中选择：{STATUS_CHOICES}",
        "状态",
        True,
    )
    amount = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    amount.allow_blank, amount.showErrorMessage = True, True
    amount.errorTitle, amount.error = "实际完成投资", "请填整数万元（不小于 0）"
    for validation, column in ((amount, spend), (status, spend + 1)):
        sheet.add_data_validation(validation)
        letter = get_column_letter(column)
        validation.add(f"{letter}2:{letter}{last}")


def _indicator_sheet(sheet: Worksheet, indicators: Sequence[TemplateIndicator]) -> None:
    _header_row(sheet, INDICATOR_HEADERS, _INDICATOR_WIDTHS)
    for i in indicators:
        sheet.append([i.plan, i.table, i.seq, i.name, i.unit, i.year, i.target])
    _shade(sheet, INDICATOR_HEADERS.index("实际值") + 1, len(indicators))


def _notes_sheet(sheet: Worksheet) -> None:
    _header_row(sheet, ("主题 Topic", "说明 Notes"), (22, 110))
    for topic, text in _NOTES:
        sheet.append([topic, text])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAP
