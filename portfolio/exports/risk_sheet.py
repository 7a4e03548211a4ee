"""The 风险模拟 sheet: a delay-risk simulation of the run's scenario (when the workbook is
written with one): its facts, each year's P10/P50/P90 need in total and per county, each
cap's chance of being exceeded, the projects most often delayed and left out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from openpyxl.worksheet.worksheet import Worksheet

from portfolio.exports.labels import Labels
from portfolio.exports.model import RiskBandLine, RiskExport
from portfolio.exports.printing import PageText, set_up_print
from portfolio.exports.report_sheets import _header, _heading, _widths
from portfolio.exports.style import Styles


def write_risk(
    sheet: Worksheet, risk: RiskExport, styles: Styles, labels: Labels, page: PageText
) -> None:
    """The simulation's facts, each cap's chance of being exceeded, each year's need in
    total, the projects most often delayed and left out, then each county's need; money in
    the workbook's unit, chances as percentages."""
    sheet.append([styles.cell(sheet, labels["risk"], "title")])
    for name, value in risk.facts:
        sheet.append([styles.cell(sheet, name, "label"), styles.cell(sheet, value, "line")])
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
    total = [band for band in risk.bands if not band.place]
    _bands(sheet, styles, labels, labels["risk_need"], total)
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
    counties = [band for band in risk.bands if band.place]
    if counties:
        _bands(sheet, styles, labels, labels["risk_county_need"], counties)
    if risk.notes:
        sheet.append([])
        for note in risk.notes:
            sheet.append([styles.cell(sheet, note, "line")])
    widths: Sequence[float] = [40, 16, 16, 16, 16]
    _widths(sheet, widths)
    set_up_print(sheet, replace(page, title=labels["risk"]), labels["footer_page"], widths=widths)


def _bands(
    sheet: Worksheet, styles: Styles, labels: Labels, title: str, bands: Sequence[RiskBandLine]
) -> None:
    _heading(sheet, styles, title)
    percentiles = (f"{p}（{labels.unit}）" for p in PERCENTILES)
    _header(sheet, styles, [labels["risk_scope"], labels["year_col"], *percentiles])
    for band in bands:
        sheet.append(
            [
                styles.cell(sheet, band.place or labels["grand_total"]),
                styles.cell(sheet, band.year, "int"),
                *(styles.money(sheet, amount) for amount in (band.p10, band.p50, band.p90)),
            ]
        )


PERCENTILES = ("P10", "P50", "P90")
