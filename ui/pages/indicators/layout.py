"""The 指标 page's parts: the targets' table, the chart and the choice of indicators (the page
module lays them out; ``callbacks.py`` redraws them)."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from portfolio.services.queries import IndicatorView
from ui.i18n import later, t
from ui.pages.indicators.views import (
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
    views: list[IndicatorView], indicator: str | None
) -> tuple[list[dict[str, str]], str | None]:
    """Dropdown options of the chartable indicators, and ``indicator`` if it is one of them."""
    options = [
        {"label": f"{view.plan} {view.table} {view.seq}. {view.name}", "value": indicator_key(view)}
        for view in chartable(views)
    ]
    keys = {option["value"] for option in options}
    return options, indicator if indicator in keys else None


def chart(views: list[IndicatorView], indicator: str | None) -> Any:
    """The chosen indicator's targets in a chart (a hint when none is chosen)."""
    chosen = next((view for view in views if indicator_key(view) == indicator), None)
    if chosen is None:
        return html.P(t("选择一个指标，查看其各年目标值。"), className="text-muted")
    return dcc.Graph(figure=indicator_figure(chosen), config={"displayModeBar": False})


def table(views: list[IndicatorView]) -> dbc.Table:
    """Every indicator's targets per year, as written."""
    years = indicator_years(views)
    rows = indicator_rows(views, years)
    keys = [key for key, _ in COLUMNS] + [str(year) for year in years] + ["note"]
    header = (
        [t(label) for _, label in COLUMNS]
        + [t("{year}年", year=year) for year in years]
        + [t("年均增长[累计]／备注")]
    )
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(text) for text in header])),
            html.Tbody([html.Tr([html.Td(row[key]) for key in keys]) for row in rows]),
        ],
        bordered=True,
        hover=True,
        size="sm",
        responsive=True,
        className="small",
    )
