"""The 指标 page's callbacks: thin wiring from the page's inputs to its parts. Each callback
names its outputs (a dict of ``Output``) and returns a dict.

The page module calls :func:`register` each time Dash loads it, so every app gets them.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, callback

from portfolio.services.progress import indicator_values
from ui import ids
from ui.context import current_workspace
from ui.i18n import keep_lang
from ui.pages.indicators.layout import chart, choices, of_plan, table
from ui.pages.indicators.views import indicator_search


def choose_plan(plan: str | None) -> dict[str, Any]:
    """Show the chosen plan's targets (and reported values) and offer its indicators for the
    chart."""
    workspace = current_workspace()
    views = of_plan(workspace.indicators(), plan)
    reported = indicator_values(workspace)
    options, _ = choices(views, None, reported)
    return {"table": table(views, reported), "options": options, "indicator": None}


def choose_indicator(indicator: str | None, plan: str | None) -> dict[str, Any]:
    """Chart the chosen indicator and put plan and indicator in the URL to share."""
    workspace = current_workspace()
    views = of_plan(workspace.indicators(), plan)
    reported = indicator_values(workspace)
    _, indicator = choices(views, indicator, reported)
    return {
        "chart": chart(views, indicator, reported),
        "search": keep_lang(indicator_search(plan, indicator)),
    }


def register() -> None:
    """Register the page's callbacks with the app being built."""
    callback(
        output={
            "table": Output(ids.INDICATORS_TABLE, "children"),
            "options": Output(ids.INDICATORS_CHOICE, "options"),
            "indicator": Output(ids.INDICATORS_CHOICE, "value"),
        },
        inputs={"plan": Input(ids.INDICATORS_PLAN, "value")},
        prevent_initial_call=True,
    )(choose_plan)
    callback(
        output={
            "chart": Output(ids.INDICATORS_CHART, "children"),
            "search": Output(ids.INDICATORS_LOCATION, "search"),
        },
        inputs={
            "indicator": Input(ids.INDICATORS_CHOICE, "value"),
            "plan": Input(ids.INDICATORS_PLAN, "value"),
        },
        prevent_initial_call=True,
    )(choose_indicator)
