"""The 重叠 page's callbacks: thin wiring from the page's inputs to its parts. Each callback
names its outputs (a dict of ``Output``) and returns a dict.

The page module calls :func:`register` each time Dash loads it, so every app gets them.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, callback

from ui import ids
from ui.components.schedule_choice import scenario_name, schedule_or_plan, search_for
from ui.i18n import keep_lang
from ui.pages.overlap.layout import measure_of, pairs_table, unit_table
from ui.pages.overlap.views import overlap_heatmap


def update_overlap(
    scenario: str | None, city: str | None, measure: str | None, county: str | None
) -> dict[str, Any]:
    """Redraw for the chosen scenario, city, measure and county; put them in the URL."""
    export, error = schedule_or_plan(scenario_name(scenario))
    measure = measure_of(measure)
    search = keep_lang(
        search_for(
            scenario=scenario_name(scenario),
            city=city,
            measure=None if measure == "count" else measure,
            county=county,
        )
    )
    return {
        "heatmap": overlap_heatmap(export, measure=measure, city=city),
        "units": unit_table(export),
        "pairs": pairs_table(export, county),
        "error": error,
        "error_open": bool(error),
        "search": search,
    }


def register() -> None:
    """Register the page's callbacks with the app being built."""
    callback(
        output={
            "heatmap": Output(ids.OVERLAP_HEATMAP, "figure"),
            "units": Output(ids.OVERLAP_UNITS, "children"),
            "pairs": Output(ids.OVERLAP_PAIRS, "children"),
            "error": Output(ids.OVERLAP_ERROR, "children"),
            "error_open": Output(ids.OVERLAP_ERROR, "is_open"),
            "search": Output(ids.OVERLAP_LOCATION, "search"),
        },
        inputs={
            "scenario": Input(ids.OVERLAP_SCENARIO, "value"),
            "city": Input(ids.OVERLAP_CITY, "value"),
            "measure": Input(ids.OVERLAP_MEASURE, "value"),
            "county": Input(ids.OVERLAP_COUNTY, "value"),
        },
        prevent_initial_call=True,
    )(update_overlap)
