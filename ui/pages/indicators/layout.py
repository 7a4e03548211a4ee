"""The 指标 page's parts: the targets' table, the chart and the choice of indicators (the page
module lays them out; ``callbacks.py`` redraws them)."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from portfolio.services.queries import IndicatorView
from ui.i18n import later, t
from ui.pages.indicators.views import (
    Reported,
    chartable,
    indicator_figure,
    indicator_key,
    indicator_rows,
    indicator_years,
)

ALL_PLANS = later("全部规划")
COLUMNS = (
    ("plan", later("规划")),
    ("table", later("表")),
    ("seq", later("序号")),
    ("name", later("指标")),
    ("unit", later("单位")),
)


def of_plan(views: list[IndicatorView], plan: str | None) -> list[IndicatorView]:
    """The indicators of ``plan`` (every one when None)."""
    return [view for view in views if plan is None or view.plan == plan]


def choices(
    views: list[IndicatorView], indicator: str | None, reported: Reported | None = None
) -> tuple[list[dict[str, str]], str | None]:
    """Dropdown options of the chartable indicators, and ``indicator`` if it is one of them."""
    options = [
        {"label": f"{view.plan} {view.table} {view.seq}. {view.name}", "value": indicator_key(view)}
        for view in chartable(views, reported)
    ]
    keys = {option["value"] for option in options}
    return options, indicator if indicator in keys else None


def chart(
    views: list[IndicatorView], indicator: str | None, reported: Reported | None = None
) -> Any:
    """The chosen indicator's targets, and its reported values, in a chart (a hint when none
    is chosen)."""
    chosen = next((view for view in views if indicator_key(view) == indicator), None)
    if chosen is None:
        return html.P(t("选择一个指标，查看其各年目标值。"), className="text-muted")
    figure = indicator_figure(chosen, (reported or {}).get(chosen.id))
    return dcc.Graph(figure=figure, config={"displayModeBar": False})


def _cell(row: dict[str, str], key: str) -> html.Td:
    """A year's target, with the value reported for it under it (its source in the tooltip)."""
    reported = row.get(f"{key}-reported")
    if not reported:
        return html.Td(row[key])
    shown = html.Span(
        t("实际 {value}", value=reported), className="text-danger", title=row[f"{key}-source"]
    )
    return html.Td([row[key], html.Br(), shown] if row[key] else [shown])


def table(views: list[IndicatorView], reported: Reported | None = None) -> dbc.Table:
    """Every indicator's targets per year, as written, and the values reported beside them."""
    years = indicator_years(views, reported)
    rows = indicator_rows(views, years, reported)
    keys = [key for key, _ in COLUMNS] + [str(year) for year in years] + ["note"]
    header = (
        [t(label) for _, label in COLUMNS]
        + [t("{year}年", year=year) for year in years]
        + [t("年均增长[累计]／备注")]
    )
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(text) for text in header])),
            html.Tbody([html.Tr([_cell(row, key) for key in keys]) for row in rows]),
        ],
        bordered=True,
        hover=True,
        size="sm",
        responsive=True,
        className="small",
    )
