"""指标 Indicators: the plans' indicator targets per year, as written, and one in a chart."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from portfolio.services.queries import IndicatorView
from ui import ids
from ui.components.dropdown import dropdown
from ui.context import current_workspace
from ui.funding_views import (
    chartable,
    indicator_figure,
    indicator_key,
    indicator_plans,
    indicator_rows,
    indicator_search,
    indicator_years,
)
from ui.i18n import keep_lang, later, page_title, t

dash.register_page(__name__, path="/indicators", name="指标", title=page_title("指标"), order=4)  # type: ignore[no-untyped-call]

ALL_PLANS = later("全部规划")
COLUMNS = (
    ("plan", later("规划")),
    ("table", later("表")),
    ("seq", later("序号")),
    ("name", later("指标")),
    ("unit", later("单位")),
)


def layout(plan: str | None = None, indicator: str | None = None, **_query: str) -> html.Div:
    """The targets of ``?plan=`` (all plans when absent) and the chart of ``?indicator=``."""
    every = current_workspace().indicators()
    plans = indicator_plans(every)
    plan = plan if plan in plans else None
    views = _of_plan(every, plan)
    options, indicator = _choices(views, indicator)
    return html.Div(
        [
            # refresh=False: the callbacks rewrite the query string without reloading the page.
            dcc.Location(id=ids.INDICATORS_LOCATION, refresh=False),
            html.H2(t("指标")),
            html.P(
                t(
                    "各规划所列指标的年度目标值，按文件原样显示（如“20以上”“-”）；"
                    "目标值属于规划，与预算情景无关。"
                ),
                className="text-muted",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("规划"), html_for=ids.INDICATORS_PLAN),
                            dropdown(
                                id=ids.INDICATORS_PLAN,
                                options=plans,
                                value=plan,
                                placeholder=t(ALL_PLANS),
                                clearable=True,
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("图示指标"), html_for=ids.INDICATORS_CHOICE),
                            dropdown(
                                id=ids.INDICATORS_CHOICE,
                                options=options,
                                value=indicator,
                                placeholder=t("选择一个有数值目标的指标"),
                                clearable=True,
                            ),
                        ],
                        md=8,
                    ),
                ],
                className="mb-2 align-items-end",
            ),
            html.Div(_chart(views, indicator), id=ids.INDICATORS_CHART),
            html.Div(_table(views), id=ids.INDICATORS_TABLE),
        ],
        className="container-fluid",
    )


@callback(
    Output(ids.INDICATORS_TABLE, "children"),
    Output(ids.INDICATORS_CHOICE, "options"),
    Output(ids.INDICATORS_CHOICE, "value"),
    Input(ids.INDICATORS_PLAN, "value"),
    prevent_initial_call=True,
)
def choose_plan(plan: str | None) -> tuple[dbc.Table, list[dict[str, str]], str | None]:
    """Show the chosen plan's targets and offer its indicators for the chart."""
    views = _of_plan(current_workspace().indicators(), plan)
    options, _ = _choices(views, None)
    return _table(views), options, None


@callback(
    Output(ids.INDICATORS_CHART, "children"),
    Output(ids.INDICATORS_LOCATION, "search"),
    Input(ids.INDICATORS_CHOICE, "value"),
    Input(ids.INDICATORS_PLAN, "value"),
    prevent_initial_call=True,
)
def choose_indicator(indicator: str | None, plan: str | None) -> tuple[Any, str]:
    """Chart the chosen indicator and put plan and indicator in the URL to share."""
    views = _of_plan(current_workspace().indicators(), plan)
    _, indicator = _choices(views, indicator)
    return _chart(views, indicator), keep_lang(indicator_search(plan, indicator))


def _of_plan(views: list[IndicatorView], plan: str | None) -> list[IndicatorView]:
    return [view for view in views if plan is None or view.plan == plan]


def _choices(
    views: list[IndicatorView], indicator: str | None
) -> tuple[list[dict[str, str]], str | None]:
    """Dropdown options of the chartable indicators, and ``indicator`` if it is one of them."""
    options = [
        {"label": f"{view.plan} {view.table} {view.seq}. {view.name}", "value": indicator_key(view)}
        for view in chartable(views)
    ]
    keys = {option["value"] for option in options}
    return options, indicator if indicator in keys else None


def _chart(views: list[IndicatorView], indicator: str | None) -> Any:
    chosen = next((view for view in views if indicator_key(view) == indicator), None)
    if chosen is None:
        return html.P(t("选择一个指标，查看其各年目标值。"), className="text-muted")
    return dcc.Graph(figure=indicator_figure(chosen), config={"displayModeBar": False})


def _table(views: list[IndicatorView]) -> dbc.Table:
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
