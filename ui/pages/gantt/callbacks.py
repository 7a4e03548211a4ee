"""The 甘特图 page's callbacks: thin wiring from the page's inputs to the chart's parts.
Each callback names its outputs (a dict of ``Output``) and returns a dict.

The page module calls :func:`register` each time Dash loads it, so every app gets them.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, callback, ctx
from dash.exceptions import PreventUpdate

from ui import ids
from ui.components.schedule_choice import scenario_name, search_for
from ui.i18n import keep_lang
from ui.pages.gantt.groups import clicked_place, toggled
from ui.pages.gantt.layout import chart_view


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
    view = chart_view(scenario, city, county, opened)
    chart = view.chart
    county = county if county in chart.counties else None
    search = keep_lang(search_for(county=county, city=city, scenario=scenario_name(scenario)))
    return {
        "figure": chart.figure,
        "summary": chart.summary,
        "unscheduled": view.unscheduled,
        "error": view.error,
        "error_open": bool(view.error),
        "counties": chart.counties,
        "county": county,
        "opened": opened,
        "search": search,
    }


def register() -> None:
    """Register the page's callbacks with the app being built."""
    callback(
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
    )(update_chart)
