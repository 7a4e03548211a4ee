"""The 风险模拟 sheet: a delay-risk simulation of the run's scenario (when the workbook is
written with one): its facts, each year's P10/P50/P90 need in total and per county, each
cap's chance of being exceeded, the projects most often delayed and left out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from openpyxl.worksheet.worksheet import Worksheet

from portfolio.exports.labels import Labels
from portfolio.exports.model import RiskExport
from portfolio.exports.printing import PageText, set_up_print
from portfolio.exports.report_sheets import _header, _heading, _widths
from portfolio.exports.style import Styles


def write_risk(
    sheet: Worksheet, risk: RiskExport, styles: Styles, labels: Labels, page: PageText
) -> None:
    """The simulation's figures; money in the workbook's unit, chances as percentages."""
    sheet.append([styles.cell(sheet, labels["risk"], "title")])
    for name, value in risk.facts:
        sheet.append([styles.cell(sheet, name, "label"), styles.cell(sheet, value)])
    _heading(sheet, styles, labels["risk_need"])
    _header(
        sheet,
        styles,
        [labels["risk_scope"], labels["year_col"], *(f"{p}（{labels.unit}）" for p in PERCENTILES)],
    )
    for band in risk.bands:
        sheet.append(
            [
                styles.cell(sheet, band.place or labels["grand_total"]),
                styles.cell(sheet, band.year, "int"),
                *(styles.money(sheet, amount) for amount in (band.p10, band.p50, band.p90)),
            ]
        )
    if risk.caps:
        _heading(sheet, styles, labels["risk_caps"])
        _header(
            sheet,
            styles,
            [
                labels["risk_cap"],
                labels.money("risk_cap_amount"),
                labels["risk_samples"],
                labels["risk_share"],
            ],
        )
        for cap in risk.caps:
            sheet.append(
                [
                    styles.cell(sheet, cap.cap),
                    styles.money(sheet, cap.cap_wan),
                    styles.cell(sheet, cap.exceeded, "count"),
                    styles.cell(sheet, cap.exceeded / cap.samples if cap.samples else 0, "share"),
                ]
            )
    for key, projects in (("risk_delayed", risk.delayed), ("risk_dropped", risk.dropped)):
        if not projects:
            continue
        _heading(sheet, styles, labels[key])
        _header(sheet, styles, [labels["name"], labels["risk_samples"], labels["risk_share"]])
        for name, count in projects:
            share = count / risk.measured if risk.measured else 0
            sheet.append(
                [
                    styles.cell(sheet, name),
                    styles.cell(sheet, count, "count"),
                    styles.cell(sheet, share, "share"),
                ]
            )
    if risk.notes:
        sheet.append([])
        for note in risk.notes:
            sheet.append([styles.cell(sheet, note)])
    widths: Sequence[float] = [40, 14, 16, 16, 16]
    _widths(sheet, widths)
    set_up_print(sheet, replace(page, title=labels["risk"]), labels["footer_page"], widths=widths)


PERCENTILES = ("P10", "P50", "P90")
