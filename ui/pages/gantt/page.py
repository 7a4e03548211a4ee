"""甘特图 Gantt: per county (or city) what runs when, planned against the scenario's schedule.

The URL carries the view (``?county=晋江市&scenario=…``) so it can be shared. The callbacks
are in ``callbacks.py``, the chart's parts in ``layout.py``, the pure views in ``views.py``
and ``groups.py`` (a row per place).
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from portfolio.services.progress import actual_spans
from ui import ids
from ui.components.dropdown import dropdown
from ui.components.schedule_choice import PLAN_VALUE, schedule_columns
from ui.context import current_workspace
from ui.i18n import page_title, t
from ui.pages.gantt import callbacks
from ui.pages.gantt.layout import ALL_COUNTIES, chart_view

dash.register_page(__name__, path="/gantt", name="甘特图", title=page_title("甘特图"), order=5)  # type: ignore[no-untyped-call]

callbacks.register()


def layout(
    county: str | None = None,
    city: str | None = None,
    scenario: str | None = None,
    **_query: str,
) -> html.Div:
    """The chart for the place and scenario of the URL (all places, the plan, by default)."""
    workspace = current_workspace()
    names = [summary.name for summary in workspace.scenarios()]
    chosen = scenario if scenario in names else PLAN_VALUE
    first_visit = city is None and county is None
    view = chart_view(chosen, city, county, [], pick_city=first_visit)
    chart, error = view.chart, view.error
    cities, counties = chart.cities, chart.counties
    if scenario and scenario not in names:
        error = t("没有名为“{scenario}”的情景；显示规划（原计划）。", scenario=scenario) + error
    return html.Div(
        [
            dcc.Location(id=ids.GANTT_LOCATION, refresh=False),
            dcc.Store(id=ids.GANTT_OPENED, data=[]),
            html.H2(t("甘特图")),
            dbc.Row(
                [
                    *schedule_columns(
                        ids.GANTT_SCENARIO,
                        ids.GANTT_CITY,
                        names,
                        chosen,
                        cities,
                        chart.city if chart.city in cities else None,
                    ),
                    dbc.Col(
                        dropdown(
                            id=ids.GANTT_COUNTY,
                            options=counties,
                            value=county if county in counties else None,
                            placeholder=t(ALL_COUNTIES),
                        ),
                        md=3,
                    ),
                ],
                className="mb-2",
            ),
            dbc.Alert(error, id=ids.GANTT_ERROR, color="warning", is_open=bool(error)),
            html.P(chart.summary, id=ids.GANTT_SUMMARY),
            html.P(
                t(
                    "灰色浅条为原计划年限，彩色实条为所选情景的安排（按规划表着色）；"
                    "跨县项目在每个县各列一次，悬停可见该县所占投资。下方条形为每年在建项目数。"
                )
                + t("地点较多时每个县一行：点击该行展开或收起其项目。")
                + (
                    t("彩色细条为实际进度：从实际开工到完工（或最近报告的年份），按状态着色。")
                    if actual_spans(workspace)
                    else ""
                ),
                className="small text-muted",
            ),
            dcc.Graph(id=ids.GANTT_GRAPH, figure=chart.figure, config={"displaylogo": False}),
            html.Div(view.unscheduled, id=ids.GANTT_UNSCHEDULED, className="small"),
        ],
        className="container-fluid",
    )
