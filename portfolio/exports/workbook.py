"""Investment schedules as Excel workbooks and CSV: DTOs in, a file out.

The workbook holds a summary, the whole schedule, one sheet per city (or county) ready to send
on, a run in quarters or months period by period, the overlap of projects per county, the
changes against the plan with their reasons, the data-quality findings and the scenario file.
Money cells hold exact values (万元 integers, or 亿元 with four decimals); totals are formulas.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from portfolio.cells import WAN_PER_YI
from portfolio.exports.labels import Labels
from portfolio.exports.model import (
    ExportOptions,
    Grouping,
    MoneyUnit,
    ScheduleExport,
    ScheduleRow,
)
from portfolio.exports.printing import PageText
from portfolio.exports.report_sheets import (
    PeriodLayout,
    write_changes,
    write_findings,
    write_overlap,
    write_parameters,
    write_periods,
    write_summary,
)
from portfolio.exports.risk_sheet import write_risk
from portfolio.exports.schedule_sheet import (
    FIXED_COLUMNS,
    Section,
    SheetLayout,
    write_schedule,
    years_text,
)
from portfolio.exports.style import Styles, csv_text, sheet_title


@dataclass(frozen=True)
class WorkbookLayout:
    """Sheet names of a written workbook and where each schedule sheet put its rows."""

    summary: str
    schedule: str
    places: dict[str, str]  # city or county → sheet name
    layouts: dict[str, SheetLayout]  # sheet name → layout of its grid
    periods: tuple[str, PeriodLayout] | None = None  # a run in quarters or months


def write_workbook(
    export: ScheduleExport, path: Path, options: ExportOptions | None = None
) -> WorkbookLayout:
    """Write the schedule workbook to ``path`` (.xlsx)."""
    options = options or ExportOptions()
    labels = Labels(options.lang, options.unit)
    book = Workbook()
    styles = Styles(book, options.unit)
    default = book.active
    taken: set[str] = set()
    summary = book.create_sheet(sheet_title(labels["summary"], taken))
    schedule_name = sheet_title(labels["schedule"], taken)
    schedule = book.create_sheet(schedule_name)
    if default is not None:
        book.remove(default)
    scenario = export.scenario if export.run_id is not None else labels["the_plan"]
    note = (
        f"{labels['scenario']}: {scenario} · {labels['as_of']}: {export.as_of} · "
        f"{labels['unit']}: {labels.unit}"
    )
    title = labels["schedule_title"].format(scenario=scenario)
    page = PageText(
        title=title,
        scenario=f"{labels['scenario']}: {scenario}",
        date=f"{labels['made_at']}: {export.made_at:%Y-%m-%d}",
    )
    layouts: dict[str, SheetLayout] = {}
    layouts[schedule_name] = write_schedule(
        schedule,
        title=title,
        note=note,
        sections=main_sections(export, options.by, labels),
        years=export.years,
        styles=styles,
        labels=labels,
        page=page,
    )
    places: dict[str, str] = {}
    for place, sections in place_sections(export, options.by, labels).items():
        name = sheet_title(place, taken)
        places[place] = name
        layouts[name] = write_schedule(
            book.create_sheet(name),
            title=f"{place} · {title}",
            note=f"{note} · {labels['share_note']}",
            sections=sections,
            years=export.years,
            styles=styles,
            labels=labels,
            page=replace(page, title=f"{place} · {title}"),
        )
    periods = None
    if export.period_labels:
        name = sheet_title(labels[f"by_{export.periods}"], taken)
        periods = (name, write_periods(book.create_sheet(name), export, styles, labels, page))
    main = (schedule_name, layouts[schedule_name])
    write_summary(summary, export, options, styles, labels, main, page)
    write_overlap(
        book.create_sheet(sheet_title(labels["overlap"], taken)),
        export,
        styles,
        labels,
        list(main[1].year_columns),
        page,
    )
    write_changes(
        book.create_sheet(sheet_title(labels["changes"], taken)), export, styles, labels, page
    )
    if export.risk is not None:
        write_risk(
            book.create_sheet(sheet_title(labels["risk"], taken)), export.risk, styles, labels, page
        )
    write_findings(
        book.create_sheet(sheet_title(labels["findings"], taken)), export, styles, labels, page
    )
    write_parameters(
        book.create_sheet(sheet_title(labels["parameters"], taken)), export, styles, labels, page
    )
    book.active = 1  # open on the schedule
    book.save(path)
    return WorkbookLayout(labels["summary"], schedule_name, places, layouts, periods)


def _place_order(export: ScheduleExport, by: Grouping) -> dict[str, tuple[str, str]]:
    """Sort keys of cities (by name) or counties (by city, then name)."""
    keys = {key for row in export.rows for key in row.parts(by)}
    if by is Grouping.CITY:
        return {key: (key, "") for key in keys}
    return {key: (export.city_of.get(key, key), key) for key in keys}


def main_sections(export: ScheduleExport, by: Grouping, labels: Labels) -> list[Section]:
    """The whole schedule cut by city or county; a project in several places, or in none,
    goes to a section of its own so that every project is counted once."""
    order = _place_order(export, by)
    groups: dict[str, list[tuple[ScheduleRow, Mapping[int, int]]]] = {}
    several: list[tuple[ScheduleRow, Mapping[int, int]]] = []
    nowhere: list[tuple[ScheduleRow, Mapping[int, int]]] = []
    for row in export.rows:
        keys = list(row.parts(by))
        target = groups.setdefault(keys[0], []) if len(keys) == 1 else several if keys else nowhere
        target.append((row, row.spend))
    sections = [Section(key, groups[key]) for key in sorted(groups, key=lambda k: order[k])]
    if several:
        sections.append(Section(labels["several"], several))
    if nowhere:
        sections.append(Section(labels["no_place"], nowhere))
    return sections


def place_sections(
    export: ScheduleExport, by: Grouping, labels: Labels
) -> dict[str, list[Section]]:
    """Per city (its counties as sections) or per county (one section): each project with the
    share of its spend that falls there."""
    order = _place_order(export, by)
    result: dict[str, list[Section]] = {}
    for place in sorted(order, key=lambda k: order[k]):
        lines = [(row, row.parts(by)[place]) for row in export.rows if place in row.parts(by)]
        if by is Grouping.COUNTY:
            result[place] = [Section(place, lines)]
            continue
        by_county: dict[str, list[tuple[ScheduleRow, Mapping[int, int]]]] = {}
        for row, spend in lines:
            inside = [k for k in row.county_spend if export.city_of.get(k, k) == place]
            key = inside[0] if len(inside) == 1 else labels["several"]
            by_county.setdefault(key, []).append((row, spend))
        ordered = sorted(by_county, key=lambda k: (k == labels["several"], k))
        result[place] = [Section(key, by_county[key]) for key in ordered]
    return result


def write_csv(export: ScheduleExport, path: Path, options: ExportOptions | None = None) -> None:
    """The schedule as CSV (UTF-8 with a byte-order mark, so that Excel reads the Chinese).

    One line per project, no subtotals. Text that a spreadsheet would run as a formula gets a
    leading apostrophe, as spreadsheets themselves mark literal text.
    """
    options = options or ExportOptions()
    labels = Labels(options.lang, options.unit)
    years = export.years
    header = [labels.money(k) if k == "total" else labels[k] for k in FIXED_COLUMNS]
    header += [labels.year(year) for year in years] + [labels.money("sum")]

    def money(wan: int) -> str:
        if options.unit is MoneyUnit.WAN:
            return str(wan)
        return f"{Decimal(wan) / WAN_PER_YI:.4f}"

    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in export.rows:
            text = [
                row.plan,
                row.table,
                row.seq,
                row.name,
                "、".join(row.units),
                row.places,
            ]
            writer.writerow(
                [
                    row.project_id,
                    *(csv_text(t) for t in text),
                    money(row.total_wan),
                    years_text(row.planned_start, row.planned_end),
                    years_text(row.start, row.end) if row.funded else labels["not_funded"],
                    row.delay_years,
                    *(money(row.spend[y]) if y in row.spend else "" for y in years),
                    money(sum(row.spend.values())),
                ]
            )
