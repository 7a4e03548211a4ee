"""重叠 Overlap: where projects pile up (place × year), busy units, and overlapping pairs.

The URL carries the view (``?scenario=…&city=…&measure=spend&county=…``) so it can be shared.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Input, Output, callback, dcc, html

from portfolio.exports.model import ScheduleExport
from portfolio.services.exports import page_schedule
from portfolio.services.scenarios import UnknownScenarioError
from ui import ids
from ui.components.dropdown import dropdown
from ui.context import current_workspace
from ui.gantt_views import (
    PLAN_VALUE,
    overlap_heatmap,
    place_options,
    scenario_name,
    scenario_options,
    search_for,
    unit_load_rows,
    unit_loads,
)
from ui.i18n import keep_lang, later, page_title, t
from ui.views import scenario_problem

dash.register_page(__name__, path="/overlap", name="重叠", title=page_title("重叠"), order=6)  # type: ignore[no-untyped-call]

MEASURES = (("count", later("在建项目数")), ("spend", later("年度投资（亿元）")))
UNIT_HEADER = (
    ("unit", later("单位")),
    ("year", later("年份")),
    ("count", later("同时在建项目数")),
    ("projects", later("项目")),
)
PAIR_HEADER = (
    ("first", later("项目甲")),
    ("second", later("项目乙")),
    ("years", later("重叠年份")),
    ("n", later("年数")),
)


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
    measure = measure if measure in dict(MEASURES) else "count"
    export, error = _export(scenario_name(chosen))
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
                    dbc.Col(
                        dropdown(
                            id=ids.OVERLAP_SCENARIO,
                            options=scenario_options(names),
                            value=chosen,
                            clearable=False,
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        dropdown(
                            id=ids.OVERLAP_CITY,
                            options=cities,
                            value=city,
                            placeholder=t("全部设区市"),
                        ),
                        md=3,
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
            html.Div(_unit_table(export), id=ids.OVERLAP_UNITS),
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
            html.Div(_pairs_table(export, county), id=ids.OVERLAP_PAIRS),
        ],
        className="container-fluid",
    )


@callback(
    Output(ids.OVERLAP_HEATMAP, "figure"),
    Output(ids.OVERLAP_UNITS, "children"),
    Output(ids.OVERLAP_PAIRS, "children"),
    Output(ids.OVERLAP_ERROR, "children"),
    Output(ids.OVERLAP_ERROR, "is_open"),
    Output(ids.OVERLAP_LOCATION, "search"),
    Input(ids.OVERLAP_SCENARIO, "value"),
    Input(ids.OVERLAP_CITY, "value"),
    Input(ids.OVERLAP_MEASURE, "value"),
    Input(ids.OVERLAP_COUNTY, "value"),
    prevent_initial_call=True,
)
def update_overlap(
    scenario: str | None, city: str | None, measure: str | None, county: str | None
) -> tuple[go.Figure, Any, Any, str, bool, str]:
    """Redraw for the chosen scenario, city, measure and county; put them in the URL."""
    export, error = _export(scenario_name(scenario))
    measure = measure if measure in dict(MEASURES) else "count"
    search = keep_lang(
        search_for(
            scenario=scenario_name(scenario),
            city=city,
            measure=None if measure == "count" else measure,
            county=county,
        )
    )
    return (
        overlap_heatmap(export, measure=measure, city=city),
        _unit_table(export),
        _pairs_table(export, county),
        error,
        bool(error),
        search,
    )


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


def _table(header: tuple[tuple[str, str], ...], rows: list[dict[str, Any]]) -> dbc.Table:
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(t(label)) for _, label in header])),
            html.Tbody([html.Tr([html.Td(row[key]) for key, _ in header]) for row in rows]),
        ],
        bordered=True,
        hover=True,
        size="sm",
    )


def _unit_table(export: ScheduleExport) -> Any:
    """Busy units in a grid: it draws only the rows in view, so thousands stay quick.

    (As an HTML table, 3,900 unit-years of a 5,000-project portfolio took seconds to draw.)
    """
    rows = unit_load_rows(unit_loads(export))
    if not rows:
        return html.P(t("没有单位在同一年承担两个以上在建项目。"), className="text-muted")
    columns: list[dict[str, Any]] = [
        {"field": field, "headerName": t(header)} for field, header in UNIT_HEADER
    ]
    columns[-1] |= {"flex": 1, "tooltipField": "projects"}
    return dag.AgGrid(
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions={"animateRows": False, "tooltipShowDelay": 300},
        style={"height": "50vh"},
    )


def _pairs_table(export: ScheduleExport, county: str | None) -> Any:
    if not county:
        return html.P(t("选择一个县（市、区）查看其时间重叠的项目对。"), className="text-muted")
    pairs = export.overlapping_pairs(county)
    if not pairs:
        return html.P(t("{county}没有时间重叠的项目。", county=county), className="text-muted")
    rows = [
        {
            "first": pair.first,
            "second": pair.second,
            "years": f"{pair.from_year}-{pair.to_year}",
            "n": pair.years,
        }
        for pair in pairs
    ]
    return [html.P(t("{county}：{n} 对", county=county, n=len(pairs))), _table(PAIR_HEADER, rows)]
