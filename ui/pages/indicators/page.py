"""指标 Indicators: the plans' indicator targets per year, as written, and one in a chart.

The URL carries the view (``?plan=…&indicator=…``) so it can be shared. The callbacks are in
``callbacks.py``, the parts in ``layout.py``, the pure views in ``views.py``.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from portfolio.services.progress import indicator_values
from ui import ids
from ui.components.dropdown import dropdown
from ui.context import current_workspace
from ui.i18n import page_title, t
from ui.pages.indicators import callbacks
from ui.pages.indicators.layout import ALL_PLANS, chart, choices, of_plan, table
from ui.pages.indicators.views import indicator_plans

dash.register_page(__name__, path="/indicators", name="指标", title=page_title("指标"), order=4)  # type: ignore[no-untyped-call]

callbacks.register()


def layout(plan: str | None = None, indicator: str | None = None, **_query: str) -> html.Div:
    """The targets of ``?plan=`` (all plans when absent) and the chart of ``?indicator=``."""
    workspace = current_workspace()
    every = workspace.indicators()
    reported = indicator_values(workspace)
    plans = indicator_plans(every)
    plan = plan if plan in plans else None
    views = of_plan(every, plan)
    options, indicator = choices(views, indicator, reported)
    return html.Div(
        [
            # refresh=False: the callbacks rewrite the query string without reloading the page.
            dcc.Location(id=ids.INDICATORS_LOCATION, refresh=False),
            html.H2(t("指标")),
            html.P(
                t(
                    "各规划所列指标的年度目标值，按文件原样显示（如“20以上”“-”）；"
                    "目标值属于规划，与预算情景无关。"
                )
                + (
                    t("红字为进度报告中的实际值（最近一次报告）；悬停可见其来源。")
                    if reported
                    else ""
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
            html.Div(chart(views, indicator, reported), id=ids.INDICATORS_CHART),
            html.Div(table(views, reported), id=ids.INDICATORS_TABLE),
        ],
        className="container-fluid",
    )
