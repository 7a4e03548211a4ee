"""重叠 Overlap: where projects pile up (place × year), busy units, and overlapping pairs.

The URL carries the view (``?scenario=…&city=…&measure=spend&county=…``) so it can be shared.
The callbacks are in ``callbacks.py``, the tables in ``layout.py``, the pure views in
``views.py``.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from ui import ids
from ui.components.dropdown import dropdown
from ui.components.schedule_choice import (
    PLAN_VALUE,
    place_options,
    scenario_name,
    schedule_columns,
    schedule_or_plan,
)
from ui.context import current_workspace
from ui.i18n import page_title, t
from ui.pages.overlap import callbacks
from ui.pages.overlap.layout import MEASURES, measure_of, pairs_table, unit_table
from ui.pages.overlap.views import overlap_heatmap

dash.register_page(__name__, path="/overlap", name="重叠", title=page_title("重叠"), order=6)  # type: ignore[no-untyped-call]

callbacks.register()


def layout(
    scenario: str | None = None,
    city: str | None = None,
    measure: str | None = None,
    county: str | None = None,
    **_query: str,
) -> html.Div:
    """Heatmap, unit table and the pairs of the county of the URL."""
    names = [summary.name for summary in current_workspace().scenarios()]
    chosen = scenario if scenario in names else PLAN_VALUE
    measure = measure_of(measure)
    export, error = schedule_or_plan(scenario_name(chosen))
    if scenario and scenario not in names:
        error = t("没有名为“{scenario}”的情景；显示规划（原计划）。", scenario=scenario)
    cities, per_city = place_options(export)
    places = sorted({place for ps in per_city.values() for place in ps})
    city = city if city in cities else None
    county = county if county in places else None
    return html.Div(
        [
            dcc.Location(id=ids.OVERLAP_LOCATION, refresh=False),
            html.H2(t("重叠")),
            dbc.Row(
                [
                    *schedule_columns(
                        ids.OVERLAP_SCENARIO, ids.OVERLAP_CITY, names, chosen, cities, city
                    ),
                    dbc.Col(
                        dbc.RadioItems(
                            id=ids.OVERLAP_MEASURE,
                            options=[{"label": t(label), "value": key} for key, label in MEASURES],
                            value=measure,
                            inline=True,
                        ),
                        md=6,
                    ),
                ],
                className="mb-2 align-items-center",
            ),
            dbc.Alert(error, id=ids.OVERLAP_ERROR, color="warning", is_open=bool(error)),
            html.H4(t("各县（市、区）每年在建项目")),
            html.P(
                t("跨县项目在每个所在县各计一次；投资按各县份额分摊。"),
                className="small text-muted",
            ),
            dcc.Graph(
                id=ids.OVERLAP_HEATMAP,
                figure=overlap_heatmap(export, measure=measure, city=city),
                config={"displaylogo": False},
            ),
            html.H4(t("同时承担多个项目的单位"), className="mt-4"),
            html.Div(unit_table(export), id=ids.OVERLAP_UNITS),
            html.H4(t("县内时间重叠的项目"), className="mt-4"),
            dbc.Row(
                dbc.Col(
                    dropdown(
                        id=ids.OVERLAP_COUNTY,
                        options=places,
                        value=county,
                        placeholder=t("选择县（市、区）"),
                    ),
                    md=3,
                ),
                className="mb-2",
            ),
            html.Div(pairs_table(export, county), id=ids.OVERLAP_PAIRS),
        ],
        className="container-fluid",
    )
