"""The sheets around the schedule: summary, overlap, changes, findings, parameters, and a run
in quarters or months period by period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from portfolio.exports.labels import Labels
from portfolio.exports.model import CapLine, ExportOptions, Grouping, ScheduleExport
from portfolio.exports.printing import PageText, fit_row_heights, set_up_print
from portfolio.exports.schedule_sheet import SheetLayout, years_text
from portfolio.exports.style import Styles
from portfolio.finding_words import finding_kind, finding_message, severity_words
from portfolio.scenarios import words
from portfolio.scenarios.outcome import CapOutcome, CapRef


def _header(sheet: Worksheet, styles: Styles, texts: Sequence[str]) -> int:
    sheet.append([styles.cell(sheet, text, "header") for text in texts])
    return sheet.max_row


def _heading(sheet: Worksheet, styles: Styles, text: str) -> None:
    sheet.append([])
    sheet.append([styles.cell(sheet, text, "label")])


def _widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def cap_outcome(cap: CapLine) -> CapOutcome:
    """A cap of the export as the scenario's words take it."""
    ref = CapRef(cap.kind, cap.key, cap.period or str(cap.year), cap.year)
    return CapOutcome(ref, cap.cap_wan, cap.used_wan, cap.binding)


def status_text(export: ScheduleExport, labels: Labels) -> str:
    """The run's status in the workbook's language; the plan as written has none."""
    if export.run_id is None:
        return labels["status_plan"]
    return words.status_words(export.status, labels.lang)


def write_summary(
    sheet: Worksheet,
    export: ScheduleExport,
    options: ExportOptions,
    styles: Styles,
    labels: Labels,
    schedule: tuple[str, SheetLayout],
    page: PageText,
) -> None:
    """Scenario facts, objectives, caps against spend, totals per year, place and table.

    The years are the schedule sheet's; a cap's state is said as the changes sheet says it
    (:func:`portfolio.scenarios.words.cap_state`), from the run's one measure of it."""
    lang = labels.lang
    scenario = export.scenario if export.run_id is not None else labels["the_plan"]
    title = f"{labels['summary']} · {scenario}"
    sheet.append([styles.cell(sheet, title, "title")])
    facts: list[tuple[str, object]] = [
        (labels["scenario"], scenario),
        (labels["run"], export.run_id if export.run_id is not None else "-"),
        (labels["status"], status_text(export, labels)),
        (labels["as_of"], export.as_of),
        (labels["horizon"], f"{export.horizon[0]}-{export.horizon[1]}"),
        (labels["made_at"], export.made_at.isoformat(timespec="seconds")),
        (labels["database"], export.database),
        (labels["unit"], labels.unit),
    ]
    sheet_name, layout = schedule
    years = list(layout.year_columns)
    for label, value in facts:
        sheet.append([styles.cell(sheet, label, "label"), styles.cell(sheet, value, "text")])
        # A fact's value spans the year columns: column B stays a year's width for print.
        row = sheet.max_row
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(years) + 2)

    if export.objectives:
        _heading(sheet, styles, labels["objectives"])
        _header(
            sheet, styles, [labels[k] for k in ("objective", "value", "bound", "gap", "status")]
        )
        for objective in export.objectives:
            sheet.append(
                [
                    styles.cell(sheet, words.objective_name(objective.name, export.periods, lang)),
                    styles.cell(sheet, objective.value, "count"),
                    styles.cell(sheet, objective.bound, "count"),
                    styles.cell(sheet, objective.gap, "text"),
                    styles.cell(sheet, words.status_words(objective.status, lang)),
                ]
            )

    _heading(sheet, styles, labels["by_year"])
    _header(sheet, styles, ["", *[labels.year(y) for y in years], labels.money("sum")])
    cells = [styles.cell(sheet, labels["used"], "label")]
    for year in years:
        letter = get_column_letter(layout.year_columns[year])
        reference = f"={quote_sheetname(sheet_name)}!{letter}{layout.total_row}"
        cells.append(styles.formula(sheet, reference, "total"))
    row = sheet.max_row + 1
    cells.append(styles.formula(sheet, _row_sum(row, len(years)), "total"))
    sheet.append(cells)

    if export.caps:
        _heading(sheet, styles, labels["caps"])
        _header(
            sheet,
            styles,
            [labels["cap_name"], labels["year_col"]]
            + [labels.money(k) for k in ("cap", "used", "slack")]
            + [labels["cap_state"]],
        )
        for cap in export.caps:
            row = sheet.max_row + 1
            said = cap_outcome(cap)
            sheet.append(
                [
                    styles.cell(sheet, words.cap_words(said.cap, lang)),
                    # A quarter's or month's cap shows its period where a year's shows the year.
                    styles.cell(sheet, cap.year, "int")
                    if cap.whole_year
                    else styles.cell(sheet, cap.period),
                    styles.money(sheet, cap.cap_wan),
                    styles.money(sheet, cap.used_wan),
                    styles.formula(sheet, f"=C{row}-D{row}", "money"),
                    styles.cell(sheet, words.cap_state(said, lang)),
                ]
            )

    by_label = labels["city"] if options.by is Grouping.CITY else labels["county"]
    _heading(sheet, styles, labels["by_city"])
    _header(sheet, styles, [by_label, *[labels.year(y) for y in years], labels.money("sum")])
    for key, per_year in export.totals_by(options.by).items():
        _money_line(sheet, styles, [key], [per_year[y] for y in years])

    _heading(sheet, styles, labels["by_table"])
    # Plan and table in one column, so that every yearly table's years share the columns.
    table_label = f"{labels['plan']} · {labels['table']}"
    _header(sheet, styles, [table_label, *[labels.year(y) for y in years], labels.money("sum")])
    for (plan, table), per_year in export.totals_by_table().items():
        _money_line(sheet, styles, [f"{plan} · {table}"], [per_year[y] for y in years])

    _heading(sheet, styles, labels["legend"])
    for style, key in (
        ("active", "legend_active"),
        ("delayed", "legend_delayed"),
        ("vacated", "legend_vacated"),
    ):
        sheet.append([styles.cell(sheet, None, style), styles.cell(sheet, labels[key], "text")])
    widths = [30, *[12] * (len(years) + 1)]
    _widths(sheet, widths)
    set_up_print(
        sheet, replace(page, title=title), labels["footer_page"], widths=widths, title_cols="A:A"
    )


def _row_sum(row: int, count: int, first_column: int = 2) -> str:
    first = get_column_letter(first_column)
    last = get_column_letter(first_column + count - 1)
    return f"=SUM({first}{row}:{last}{row})"


def _money_line(
    sheet: Worksheet, styles: Styles, keys: Sequence[str], amounts: Sequence[int]
) -> None:
    row = sheet.max_row + 1
    cells = [styles.cell(sheet, key) for key in keys]
    cells += [styles.money(sheet, amount) for amount in amounts]
    cells.append(styles.formula(sheet, _row_sum(row, len(amounts), len(keys) + 1), "row_total"))
    sheet.append(cells)


def write_overlap(
    sheet: Worksheet,
    export: ScheduleExport,
    styles: Styles,
    labels: Labels,
    years: Sequence[int],
    page: PageText,
) -> None:
    """Active projects per county and year (the schedule sheet's years), coloured from few
    to many."""
    sheet.append([styles.cell(sheet, labels["active_projects"], "title")])
    _header(sheet, styles, [labels["city"], labels["county"], *[labels.year(y) for y in years]])
    for county, per_year in export.overlap().items():
        sheet.append(
            [
                styles.cell(sheet, export.city_of.get(county, "")),
                styles.cell(sheet, county),
                *[styles.cell(sheet, per_year[y], "count") for y in years],
            ]
        )
    last_row = sheet.max_row
    if last_row > 2 and len(years):
        area = f"C3:{get_column_letter(2 + len(years))}{last_row}"
        sheet.conditional_formatting.add(
            area,
            ColorScaleRule(  # type: ignore[no-untyped-call]
                start_type="min", start_color="FFFFFF", end_type="max", end_color="F8696B"
            ),
        )
    sheet.freeze_panes = "C3"
    widths = [12, 18, *[9] * len(years)]
    _widths(sheet, widths)
    set_up_print(
        sheet,
        replace(page, title=labels["active_projects"]),
        labels["footer_page"],
        widths=widths,
        title_rows="2:2",
        title_cols="A:B",
    )


def write_changes(
    sheet: Worksheet,
    export: ScheduleExport,
    styles: Styles,
    labels: Labels,
    page: PageText,
) -> None:
    """Projects that moved against the plan, by how much and why; then those left out."""
    lang = labels.lang
    reasons = {change.project_id: change.text(lang) for change in export.changes}
    sheet.append([styles.cell(sheet, labels["moved"], "title")])
    keys = ["id", "plan", "table", "name", "planned", "scheduled", "delay", "stretch", "funded"]
    _header(sheet, styles, [*[labels[k] for k in keys], labels["reason"]])
    for row in export.rows:
        if not row.moved:
            continue
        sheet.append(
            [
                styles.cell(sheet, row.project_id, "int"),
                styles.cell(sheet, row.plan),
                styles.cell(sheet, row.table),
                styles.cell(sheet, row.name),
                styles.cell(sheet, years_text(row.planned_start, row.planned_end)),
                styles.cell(sheet, years_text(row.start, row.end) or labels["not_funded"]),
                styles.cell(sheet, row.delay_years, "int"),
                styles.cell(sheet, row.stretch_years, "int"),
                styles.cell(sheet, labels.yes_no(row.funded)),
                styles.cell(sheet, reasons.get(row.project_id, "")),
            ]
        )
    _heading(sheet, styles, labels["not_scheduled"])
    _header(sheet, styles, [labels[k] for k in ("id", "plan", "table", "name", "reason")])
    for line in export.not_scheduled:
        sheet.append(
            [
                styles.cell(sheet, line.project_id, "int"),
                styles.cell(sheet, line.plan),
                styles.cell(sheet, line.table),
                styles.cell(sheet, line.name),
                styles.cell(sheet, line.text(lang)),
            ]
        )
    widths = [7, 16, 8, 30, 11, 11, 8, 8, 8, 60]
    _widths(sheet, widths)
    fit_row_heights(sheet, range(1, len(widths) + 1), 2, 2)
    fit_row_heights(sheet, [2, 4, 10], 3)
    sheet.freeze_panes = "E3"
    set_up_print(
        sheet,
        replace(page, title=labels["moved"]),
        labels["footer_page"],
        widths=widths,
        title_rows="2:2",
        title_cols="A:D",
    )


def write_findings(
    sheet: Worksheet, export: ScheduleExport, styles: Styles, labels: Labels, page: PageText
) -> None:
    """Data-quality findings with their source lines, in the workbook's language."""
    lang = labels.lang
    sheet.append([styles.cell(sheet, labels["findings"], "title")])
    keys = ["id", "plan", "id", "project", "kind", "severity", "message", "source"]
    _header(sheet, styles, [labels[k] for k in keys])
    for f in export.findings:
        sheet.append(
            [
                styles.cell(sheet, f.id, "int"),
                styles.cell(sheet, f.plan),
                styles.cell(sheet, f.project_id, "int"),
                styles.cell(sheet, f.project_name or ""),
                styles.cell(sheet, finding_kind(f.kind, lang)),
                styles.cell(sheet, severity_words(f.severity, lang)),
                styles.cell(sheet, finding_message(f.message, lang)),
                styles.cell(sheet, f.source),
            ]
        )
    sheet.auto_filter.ref = f"A2:H{max(sheet.max_row, 2)}"
    sheet.freeze_panes = "A3"
    widths = [7, 16, 7, 30, 16, 8, 60, 24]
    _widths(sheet, widths)
    fit_row_heights(sheet, [2, 4, 5, 7, 8], 3)
    set_up_print(
        sheet,
        replace(page, title=labels["findings"]),
        labels["footer_page"],
        widths=widths,
        title_rows="2:2",
    )


def write_parameters(
    sheet: Worksheet, export: ScheduleExport, styles: Styles, labels: Labels, page: PageText
) -> None:
    """The scenario file in full, one line a row."""
    sheet.append([styles.cell(sheet, labels["parameters"], "title")])
    for line in export.parameters.splitlines():
        sheet.append([styles.cell(sheet, line, "code")])
    _widths(sheet, [100])
    set_up_print(
        sheet, replace(page, title=labels["parameters"]), labels["footer_page"], widths=[100]
    )


@dataclass(frozen=True)
class PeriodLayout:
    """Where the sheet of a run's quarters or months put its rows, for readers and tests."""

    detail_rows: dict[int, int]  # project id → sheet row
    total_row: int
    period_columns: dict[str, int]  # period label → column number
    sum_column: int


PERIOD_FIXED = ("id", "name", "scheduled_periods", "delay")
PERIOD_HEADER_ROW = 3


def write_periods(
    sheet: Worksheet, export: ScheduleExport, styles: Styles, labels: Labels, page: PageText
) -> PeriodLayout:
    """A run in quarters or months, period by period: each project's spend in every period
    of the horizon with its total, and a total row (formulas). A year's periods add up to
    its column in the schedule sheet."""
    unit = export.periods
    title = labels[f"by_{unit}_title"].format(scenario=export.scenario)
    sheet.append([styles.cell(sheet, title, "title")])
    sheet.append([styles.cell(sheet, f"{labels['unit']}: {labels.unit}", "subtitle")])
    headers = [labels[key] for key in PERIOD_FIXED[:-1]] + [labels[f"delay_{unit}"]]
    _header(sheet, styles, [*headers, *export.period_labels, labels["sum"]])
    first = len(PERIOD_FIXED) + 1
    columns = {label: first + i for i, label in enumerate(export.period_labels)}
    sum_column = first + len(columns)
    detail_rows: dict[int, int] = {}
    for row in export.rows:
        line = sheet.max_row + 1
        detail_rows[row.project_id] = line
        scheduled = (
            f"{row.start_period}-{row.end_period}"
            if row.funded and row.start_period
            else labels["not_funded"]
        )
        cells: list[object] = [
            styles.cell(sheet, row.project_id, "int"),
            styles.cell(sheet, row.name),
            styles.cell(sheet, scheduled),
            styles.cell(sheet, row.delay_periods if row.funded else None, "int"),
        ]
        cells += [
            styles.money(sheet, row.period_spend.get(label)) if label in row.period_spend else None
            for label in export.period_labels
        ]
        cells.append(styles.formula(sheet, _row_sum(line, len(columns), first), "row_total"))
        sheet.append(cells)
    total_row = sheet.max_row + 1
    totals: list[object] = [styles.cell(sheet, labels["grand_total"], "total_text")]
    totals += [styles.cell(sheet, None, "total_text") for _ in PERIOD_FIXED[1:]]
    for column in [*columns.values(), sum_column]:
        letter = get_column_letter(column)
        formula = (
            f"=SUM({letter}{PERIOD_HEADER_ROW + 1}:{letter}{total_row - 1})"
            if total_row > PERIOD_HEADER_ROW + 1
            else "=0"
        )
        totals.append(styles.formula(sheet, formula, "total"))
    sheet.append(totals)
    sheet.freeze_panes = sheet.cell(row=PERIOD_HEADER_ROW + 1, column=first).coordinate
    widths = [7, 36, 16, 9, *[11] * len(columns), 13]
    _widths(sheet, widths)
    fit_row_heights(sheet, range(1, len(widths) + 1), PERIOD_HEADER_ROW, PERIOD_HEADER_ROW)
    fit_row_heights(sheet, [2], PERIOD_HEADER_ROW + 1)
    set_up_print(
        sheet,
        replace(page, title=title),
        labels["footer_page"],
        widths=widths,
        title_rows=f"{PERIOD_HEADER_ROW}:{PERIOD_HEADER_ROW}",
        title_cols="A:B",
    )
    return PeriodLayout(detail_rows, total_row, columns, sum_column)
