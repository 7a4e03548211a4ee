"""The 资金 page's callbacks: thin wiring from the page's inputs to its parts. Each callback
names its outputs (a dict of ``Output``) and returns a dict.

The page module calls :func:`register` each time Dash loads it, so every app gets them.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, callback, ctx

from ui import ids
from ui.i18n import keep_lang
from ui.pages.funding.layout import content
from ui.pages.funding.views import funding_query, search_for_funding


def choose(scenario: str | None, by: str | None, picked: list[str] | None) -> dict[str, Any]:
    """Show the chosen scenario, grouping and groups, and put them in the URL to share.

    Another grouping names other groups: choosing one starts again from its largest ten."""
    if ctx.triggered_id == ids.FUNDING_BY:
        picked = None
    shown = content(funding_query(scenario, by, picked))
    return {
        "chart": shown.chart,
        "cumulative": shown.cumulative,
        "table": shown.table,
        "shows": shown.shows,
        "error": shown.error,
        "error_open": bool(shown.error),
        "picker": shown.picker,
        "picked": list(shown.query.picked),
        "place_caps": shown.place_caps or {},
        "place_caps_hidden": shown.place_caps is None,
        "search": keep_lang(search_for_funding(shown.query)),
    }


def register() -> None:
    """Register the page's callbacks with the app being built."""
    callback(
        output={
            "chart": Output(ids.FUNDING_CHART, "figure"),
            "cumulative": Output(ids.FUNDING_CUMULATIVE, "figure"),
            "table": Output(ids.FUNDING_TABLE, "children"),
            "shows": Output(ids.FUNDING_SHOWS, "children"),
            "error": Output(ids.FUNDING_ERROR, "children"),
            "error_open": Output(ids.FUNDING_ERROR, "is_open"),
            "picker": Output(ids.FUNDING_PICKED, "options"),
            "picked": Output(ids.FUNDING_PICKED, "value"),
            "place_caps": Output(ids.FUNDING_PLACE_CAPS, "figure"),
            "place_caps_hidden": Output(ids.FUNDING_PLACE_CAPS_BOX, "hidden"),
            "search": Output(ids.FUNDING_LOCATION, "search"),
        },
        inputs={
            "scenario": Input(ids.FUNDING_SCENARIO, "value"),
            "by": Input(ids.FUNDING_BY, "value"),
            "picked": Input(ids.FUNDING_PICKED, "value"),
        },
        prevent_initial_call=True,
    )(choose)
