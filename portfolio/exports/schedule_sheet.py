"""The schedule grid: one row per project, one column per year, Gantt colours and formulas.

The same layout serves the whole schedule and each city's (or county's) sheet. Rows come in
sections (a city, a county); each section closes with a subtotal row and the sheet with a
grand total, all as formulas so that amounts edited in a spreadsheet recalculate. Detail rows
sit on outline level 1 under their subtotal, so a reader can fold a sheet to its subtotals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from portfolio.exports.labels import Labels
from portfolio.exports.model import ScheduleRow
from portfolio.exports.printing import PageText, fit_row_heights, set_up_print
from portfolio.exports.style import Styles

HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
FIXED_COLUMNS = (
    "id",
    "plan",
    "table",
    "seq",
    "name",
    "units",
    "places",
    "total",
    "planned",
    "scheduled",
    "delay",
)
FIRST_YEAR_COLUMN = len(FIXED_COLUMNS) + 1
NAME_COLUMN = FIXED_COLUMNS.index("name") + 1
FREEZE_AFTER = NAME_COLUMN  # id … name stay in view while scrolling the years, and on paper
YEAR_WIDTH = 11  # "4,314,611" or "431.4611" in bold
# Columns whose text wraps: their rows get the height of their lines.
_WRAPPED = [FIXED_COLUMNS.index(key) + 1 for key in ("name", "units", "places")]
_WIDTHS = {
    "id": 7,
    "plan": 16,
    "table": 8,
    "seq": 6,
    "name": 36,
    "units": 24,
    "places": 16,
    "total": 13,
    "planned": 11,
    "scheduled": 11,
    "delay": 7,
}


@dataclass(frozen=True)
class Section:
    """Rows under one label (a city or a county); ``spend`` is what each row shows."""

    label: str
    lines: Sequence[tuple[ScheduleRow, Mapping[int, int]]]


@dataclass(frozen=True)
class SheetLayout:
    """Where a written schedule sheet put its rows, for readers and tests."""

    detail_rows: dict[int, int]  # project id → sheet row
    subtotal_rows: dict[str, int]  # section label → sheet row
    total_row: int
    year_columns: dict[int, int]  # year → column number
    sum_column: int


def shown_years(sections: Sequence[Section], years: range) -> range:
    """The years a sheet shows: from the first to the last year of ``years`` in which one of
    its projects spends or was planned to run (so no trailing columns of zeros); all of
    ``years`` when nothing spends."""
    used = [
        year
        for section in sections
        for row, spend in section.lines
        for year in years
        if spend.get(year, 0) or row.planned_start <= year <= row.planned_end
    ]
    if not used:
        return years
    return range(min(used), max(used) + 1)


def years_text(start: int | None, end: int | None) -> str:
    if start is None or end is None:
        return ""
    return str(start) if start == end else f"{start}-{end}"


def write_schedule(
    sheet: Worksheet,
    *,
    title: str,
    note: str,
    sections: Sequence[Section],
    years: range,
    styles: Styles,
    labels: Labels,
    page: PageText,
) -> SheetLayout:
    """Write a schedule grid to ``sheet`` and set it up for screen and print; ``years`` are
    cut to those its projects spend in or were planned in (:func:`shown_years`)."""
    years = shown_years(sections, years)
    year_columns = {year: FIRST_YEAR_COLUMN + i for i, year in enumerate(years)}
    sum_column = FIRST_YEAR_COLUMN + len(years)
    first_letter = get_column_letter(FIRST_YEAR_COLUMN)
    last_letter = get_column_letter(sum_column - 1)
    money_columns = [*year_columns.values(), sum_column]

    sheet.append([styles.cell(sheet, title, "title")])
    sheet.append([styles.cell(sheet, note, "subtitle")])
    headers = [labels.money(key) if key == "total" else labels[key] for key in FIXED_COLUMNS] + [
        labels.year(year) for year in years
    ]
    headers.append(labels.money("sum"))
    sheet.append([styles.cell(sheet, text, "header") for text in headers])

    grouped = len(sections) > 1
    row_number = FIRST_DATA_ROW
    detail_rows: dict[int, int] = {}
    subtotal_rows: dict[str, int] = {}
    for section in sections:
        first = row_number
        for row, spend in section.lines:
            cells = _detail(sheet, row, spend, years, styles, labels)
            cells.append(
                styles.formula(
                    sheet,
                    f"=SUM({first_letter}{row_number}:{last_letter}{row_number})",
                    "row_total",
                )
            )
            sheet.append(cells)
            if grouped:
                sheet.row_dimensions[row_number].outlineLevel = 1
            detail_rows[row.project_id] = row_number
            row_number += 1
        if grouped:
            label = f"{section.label} {labels['subtotal']}"
            cells = [styles.cell(sheet, None, "subtotal_text") for _ in FIXED_COLUMNS]
            cells[NAME_COLUMN - 1] = styles.cell(sheet, label, "subtotal_text")
            for column in money_columns:
                letter = get_column_letter(column)
                cells.append(
                    styles.formula(
                        sheet,
                        f"=SUM({first_letter}{row_number}:{last_letter}{row_number})"
                        if column == sum_column
                        else f"=SUM({letter}{first}:{letter}{row_number - 1})",
                        "subtotal",
                    )
                )
            sheet.append(cells)
            subtotal_rows[section.label] = row_number
            row_number += 1

    total_row = row_number
    cells = [styles.cell(sheet, None, "total_text") for _ in FIXED_COLUMNS]
    cells[NAME_COLUMN - 1] = styles.cell(sheet, labels["grand_total"], "total_text")
    for column in money_columns:
        letter = get_column_letter(column)
        if column == sum_column:
            formula = f"=SUM({first_letter}{total_row}:{last_letter}{total_row})"
        elif grouped:
            formula = "=" + "+".join(f"{letter}{r}" for r in subtotal_rows.values())
        elif total_row > FIRST_DATA_ROW:
            formula = f"=SUM({letter}{FIRST_DATA_ROW}:{letter}{total_row - 1})"
        else:
            formula = "=0"
        cells.append(styles.formula(sheet, formula, "total"))
    sheet.append(cells)

    _set_up(sheet, sum_column, total_row, labels, page)
    return SheetLayout(detail_rows, subtotal_rows, total_row, year_columns, sum_column)


def _detail(
    sheet: Worksheet,
    row: ScheduleRow,
    spend: Mapping[int, int],
    years: range,
    styles: Styles,
    labels: Labels,
) -> list[object]:
    scheduled = years_text(row.start, row.end) if row.funded else labels["not_funded"]
    cells: list[object] = [
        styles.cell(sheet, row.project_id, "int"),
        styles.cell(sheet, row.plan),
        styles.cell(sheet, row.table),
        styles.cell(sheet, row.seq),
        styles.cell(sheet, row.name),
        styles.cell(sheet, "、".join(row.units)),
        styles.cell(sheet, row.places),
        styles.money(sheet, row.total_wan),
        styles.cell(sheet, years_text(row.planned_start, row.planned_end)),
        styles.cell(sheet, scheduled),
        styles.cell(sheet, row.delay_years, "int"),
    ]
    for year in years:
        planned = row.planned_start <= year <= row.planned_end
        if row.active(year):
            style = "active" if planned else "delayed"
            cells.append(styles.money(sheet, spend.get(year, 0), style))
        elif planned:
            cells.append(styles.cell(sheet, None, "vacated"))
        else:
            cells.append(None)
    return cells


def _set_up(
    sheet: Worksheet, sum_column: int, total_row: int, labels: Labels, page: PageText
) -> None:
    """Column widths, row heights, frozen panes, filter, outline and print set-up."""
    widths = [_WIDTHS[key] for key in FIXED_COLUMNS]
    widths += [YEAR_WIDTH] * (sum_column - FIRST_YEAR_COLUMN) + [13]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    fit_row_heights(sheet, range(1, sum_column + 1), HEADER_ROW, HEADER_ROW)
    fit_row_heights(sheet, _WRAPPED, FIRST_DATA_ROW)
    sheet.freeze_panes = f"{get_column_letter(FREEZE_AFTER + 1)}{FIRST_DATA_ROW}"
    last = get_column_letter(sum_column)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(total_row - 1, HEADER_ROW)}"
    outline = sheet.sheet_properties.outlinePr
    assert outline is not None  # openpyxl makes one with every sheet
    outline.summaryBelow = True
    set_up_print(
        sheet,
        page,
        labels["footer_page"],
        widths=widths,
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        title_cols=f"A:{get_column_letter(FREEZE_AFTER)}",
    )
    sheet.print_area = f"A1:{last}{total_row}"
