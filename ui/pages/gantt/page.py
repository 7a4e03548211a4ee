"""甘特图 Gantt: per county (or city) what runs when, planned against the scenario's schedule.

The URL carries the view (``?county=晋江市&scenario=…``) so it can be shared.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import dash
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from portfolio.exports.model import ScheduleExport
from portfolio.services.exports import page_schedule
from portfolio.services.queries import ProjectFilter, UnknownNameError
from portfolio.services.scenarios import UnknownScenarioError
from ui import ids
from ui.components.dropdown import dropdown
from ui.context import current_workspace
from ui.gantt_groups import clicked_place, grouped_figure, should_group, toggled
from ui.gantt_views import (
    PLAN_LABEL,
    PLAN_VALUE,
    active_per_year,
    gantt_bars,
    gantt_figure,
    place_options,
    scenario_name,
    scenario_options,
    search_for,
    selected_rows,
    unscheduled_lines,
)
from ui.i18n import keep_lang, later, page_title, t
from ui.views import scenario_problem

dash.register_page(__name__, path="/gantt", name="甘特图", title=page_title("甘特图"), order=5)  # type: ignore[no-untyped-call]

ALL_CITIES = later("全部设区市")
ALL_COUNTIES = later("全部县（市、区），按县分组")
# Above this many bars, or places, a visit that names no place opens on the city with the
# most bars: a chart of thousands of bars takes the browser many seconds to draw, and a row
# per place of a whole province is taller than a screen.
MAX_DEFAULT_BARS = 1500
MAX_DEFAULT_PLACES = 20


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
    figure, summary, unscheduled, error, cities, counties, city = _view(
        chosen, city, county, [], pick_city=first_visit
    )
    if scenario and scenario not in names:
        error = t("没有名为“{scenario}”的情景；显示规划（原计划）。", scenario=scenario) + error
    return html.Div(
        [
            dcc.Location(id=ids.GANTT_LOCATION, refresh=False),
            dcc.Store(id=ids.GANTT_OPENED, data=[]),
            html.H2(t("甘特图")),
            dbc.Row(
                [
                    dbc.Col(
                        dropdown(
                            id=ids.GANTT_SCENARIO,
                            options=scenario_options(names),
                            value=chosen,
                            clearable=False,
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        dropdown(
                            id=ids.GANTT_CITY,
                            options=cities,
                            value=city if city in cities else None,
                            placeholder=t(ALL_CITIES),
                        ),
                        md=3,
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
            html.P(summary, id=ids.GANTT_SUMMARY),
            html.P(
                t(
                    "灰色浅条为原计划年限，彩色实条为所选情景的安排（按规划表着色）；"
                    "跨县项目在每个县各列一次，悬停可见该县所占投资。下方条形为每年在建项目数。"
                )
                + t("地点较多时每个县一行：点击该行展开或收起其项目。"),
                className="small text-muted",
            ),
            dcc.Graph(id=ids.GANTT_GRAPH, figure=figure, config={"displaylogo": False}),
            html.Div(unscheduled, id=ids.GANTT_UNSCHEDULED, className="small"),
        ],
        className="container-fluid",
    )


@callback(
    output={
        "figure": Output(ids.GANTT_GRAPH, "figure"),
        "summary": Output(ids.GANTT_SUMMARY, "children"),
        "unscheduled": Output(ids.GANTT_UNSCHEDULED, "children"),
        "error": Output(ids.GANTT_ERROR, "children"),
        "error_open": Output(ids.GANTT_ERROR, "is_open"),
        "counties": Output(ids.GANTT_COUNTY, "options"),
        "county": Output(ids.GANTT_COUNTY, "value"),
        "opened": Output(ids.GANTT_OPENED, "data"),
        "search": Output(ids.GANTT_LOCATION, "search"),
    },
    inputs={
        "scenario": Input(ids.GANTT_SCENARIO, "value"),
        "city": Input(ids.GANTT_CITY, "value"),
        "county": Input(ids.GANTT_COUNTY, "value"),
        "click": Input(ids.GANTT_GRAPH, "clickData"),
        "opened": State(ids.GANTT_OPENED, "data"),
    },
    prevent_initial_call=True,
)
def update_chart(
    scenario: str | None,
    city: str | None,
    county: str | None,
    click: dict[str, Any] | None,
    opened: list[str] | None,
) -> dict[str, Any]:
    """Redraw for the chosen scenario and place, and put the choice in the URL; a click on a
    place's row opens or closes it (a click on a project's bar changes nothing)."""
    opened = list(opened or [])
    if ctx.triggered_id == ids.GANTT_GRAPH:
        place = clicked_place(click)
        if place is None:
            raise PreventUpdate
        opened = toggled(opened, place)
    elif ctx.triggered_id in (ids.GANTT_CITY, ids.GANTT_COUNTY):
        opened = []
    figure, summary, unscheduled, error, _, counties, _ = _view(scenario, city, county, opened)
    county = county if county in counties else None
    search = keep_lang(search_for(county=county, city=city, scenario=scenario_name(scenario)))
    return {
        "figure": figure,
        "summary": summary,
        "unscheduled": unscheduled,
        "error": error,
        "error_open": bool(error),
        "counties": counties,
        "county": county,
        "opened": opened,
        "search": search,
    }


def _view(
    scenario: str | None,
    city: str | None,
    county: str | None,
    opened: list[str],
    *,
    pick_city: bool = False,
) -> tuple[go.Figure, str, Any, str, list[str], list[str], str | None]:
    """Figure, summary, unscheduled note, error, city options, county options and the city
    shown. With ``pick_city``, too many bars or places for all places open the busiest city
    instead. Several places with many bars are drawn a row per place, ``opened`` ones open."""
    export, error = _export(scenario_name(scenario))
    cities, per_city = place_options(export)
    city = city if city in cities else None
    every_county = sorted({p for ps in per_city.values() for p in ps})
    county = county if county in (per_city[city] if city else every_county) else None
    bars = gantt_bars(export, county=county, city=city)
    places = len({bar.group for bar in bars})
    too_many = len(bars) > MAX_DEFAULT_BARS or places > MAX_DEFAULT_PLACES
    if pick_city and city is None and county is None and too_many:
        per_bar_city = Counter(bar.city for bar in bars)
        city = max(cities, key=lambda c: (per_bar_city[c], c))
        bars = [bar for bar in bars if bar.city == city]
        note = t(
            "共 {n} 条、{places} 个地点，一屏放不下：先显示{city}，可在上方选择其他设区市或全部。",
            n=sum(per_bar_city.values()),
            places=places,
            city=city,
        )
        error = f"{note} {error}".strip()
    counties = per_city[city] if city else every_county
    rows = selected_rows(export, county=county, city=city)
    active = active_per_year(rows, export.years)
    grouped = county is None and should_group(bars)
    figure = grouped_figure(bars, active, opened) if grouped else gantt_figure(bars, active)
    moved = sum(1 for row in rows if row.moved)
    where = county or city or t("全部地区")
    shown = export.scenario if export.run_id is not None else t(PLAN_LABEL)
    summary = t(
        "{where}：{n} 个项目（{bars} 条）；情景：{shown}；其中 {moved} 个调整。",
        where=where,
        n=len(rows),
        bars=len(bars),
        shown=shown,
        moved=moved,
    )
    return figure, summary, _unscheduled(export, county, city), error, cities, counties, city


def _export(scenario: str | None) -> tuple[ScheduleExport, str]:
    """The scenario's last run, or the plan (with a message) when it cannot be shown."""
    workspace = current_workspace()
    if scenario is None:
        return page_schedule(workspace), ""
    try:
        return page_schedule(workspace, scenario), ""
    except UnknownScenarioError as exc:
        return page_schedule(workspace), t(
            "{error}；显示规划（原计划）。", error=scenario_problem(exc)
        )


def _unscheduled(export: ScheduleExport, county: str | None, city: str | None) -> Any:
    """The place's projects that have no bar, and why."""
    try:
        views = current_workspace().projects(ProjectFilter(county=county, city=city))
    except UnknownNameError:
        return None
    lines = unscheduled_lines(export, (view.id for view in views))
    if not lines:
        return None
    return [
        html.H6(t("未列入甘特图的项目（{n}）", n=len(lines))),
        html.Ul([html.Li(line) for line in lines]),
    ]
