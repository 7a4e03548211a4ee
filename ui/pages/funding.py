"""资金 Funding: spend per year of the plan or a stored scenario, stacked by place or table."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NamedTuple

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, ctx, dcc, html

from portfolio.exports.model import ScheduleExport
from portfolio.scenarios import words
from portfolio.services.exports import page_schedule
from portfolio.services.scenarios import UnknownScenarioError
from ui import ids
from ui.components.dropdown import dropdown
from ui.context import current_workspace
from ui.funding_places import (
    TOP_GROUPS,
    picker_options,
    place_caps,
    place_caps_figure,
    shown_groups,
)
from ui.funding_views import (
    FUNDING_BY_LABELS,
    PLAN_LABEL,
    PLAN_VALUE,
    TOTAL_LABEL,
    FundingQuery,
    cumulative_figure,
    funding_figure,
    funding_query,
    funding_rows,
    group_label,
    search_for_funding,
    shown_years,
    total_caps,
    yearly_groups,
)
from ui.i18n import export_lang, keep_lang, page_title, t
from ui.views import scenario_problem

dash.register_page(__name__, path="/funding", name="资金", title=page_title("资金"), order=3)  # type: ignore[no-untyped-call]


class _Content(NamedTuple):
    """What the page shows for one choice of scenario and grouping.

    A NamedTuple, not a dataclass: Dash loads page modules outside ``sys.modules``, where
    dataclasses cannot resolve string annotations.
    """

    query: FundingQuery  # as shown: an unknown scenario falls back to the plan
    shows: str
    chart: Any
    cumulative: Any
    table: dbc.Table
    error: str
    picker: list[dict[str, str]]  # every group, largest first
    place_caps: Any  # the capped places' panels, or None


def layout(
    scenario: str | None = None,
    by: str | None = None,
    show: str | list[str] | None = None,
    **_query: str,
) -> html.Div:
    """The funding view for ``?scenario=...&by=...&show=...`` (the plan by city when absent)."""
    content = _content(funding_query(scenario, by, show))
    options = [{"label": t(PLAN_LABEL), "value": PLAN_VALUE}] + [
        {"label": summary.name, "value": summary.name}
        for summary in current_workspace().scenarios()
    ]
    return html.Div(
        [
            # refresh=False: the callback rewrites the query string without reloading the page.
            dcc.Location(id=ids.FUNDING_LOCATION, refresh=False),
            html.H2(t("资金")),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("情景"), html_for=ids.FUNDING_SCENARIO),
                            dropdown(
                                id=ids.FUNDING_SCENARIO,
                                options=options,
                                value=content.query.scenario or PLAN_VALUE,
                                clearable=False,
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("分组")),
                            dbc.RadioItems(
                                id=ids.FUNDING_BY,
                                options=[
                                    {"label": t(label), "value": by.value}
                                    for by, label in FUNDING_BY_LABELS.items()
                                ],
                                value=content.query.by.value,
                                inline=True,
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("单独显示"), html_for=ids.FUNDING_PICKED),
                            dropdown(
                                id=ids.FUNDING_PICKED,
                                options=content.picker,
                                value=list(content.query.picked),
                                multi=True,
                                placeholder=t("投资最多的 {n} 个，其余合为“其他”", n=TOP_GROUPS),
                            ),
                        ],
                        md=5,
                    ),
                ],
                className="mb-2 align-items-end",
            ),
            dbc.Alert(
                content.error, id=ids.FUNDING_ERROR, color="warning", is_open=bool(content.error)
            ),
            html.P(content.shows, id=ids.FUNDING_SHOWS, className="text-muted"),
            dcc.Graph(id=ids.FUNDING_CHART, figure=content.chart),
            html.Div(
                dcc.Graph(id=ids.FUNDING_PLACE_CAPS, figure=content.place_caps or {}),
                id=ids.FUNDING_PLACE_CAPS_BOX,
                hidden=content.place_caps is None,
            ),
            dcc.Graph(id=ids.FUNDING_CUMULATIVE, figure=content.cumulative),
            html.H4(t("各年投资（亿元）"), className="mt-3"),
            html.Div(content.table, id=ids.FUNDING_TABLE),
        ],
        className="container-fluid",
    )


@callback(
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
)
def choose(scenario: str | None, by: str | None, picked: list[str] | None) -> dict[str, Any]:
    """Show the chosen scenario, grouping and groups, and put them in the URL to share.

    Another grouping names other groups: choosing one starts again from its largest ten."""
    if ctx.triggered_id == ids.FUNDING_BY:
        picked = None
    content = _content(funding_query(scenario, by, picked))
    return {
        "chart": content.chart,
        "cumulative": content.cumulative,
        "table": content.table,
        "shows": content.shows,
        "error": content.error,
        "error_open": bool(content.error),
        "picker": content.picker,
        "picked": list(content.query.picked),
        "place_caps": content.place_caps or {},
        "place_caps_hidden": content.place_caps is None,
        "search": keep_lang(search_for_funding(content.query)),
    }


def _content(query: FundingQuery) -> _Content:
    workspace = current_workspace()
    plan = page_schedule(workspace, None)
    export, error = plan, ""
    if query.scenario is not None:
        try:
            export = page_schedule(workspace, query.scenario)
        except UnknownScenarioError as exc:
            error = t("{error}；显示规划（原计划）。", error=scenario_problem(exc))
            query = FundingQuery(scenario=None, by=query.by, picked=query.picked)
    years = shown_years(export)
    if query.scenario is not None:
        # Widen to the plan's years so the two cumulative curves share one axis.
        plan_years = shown_years(plan)
        years = list(range(min(years[0], plan_years[0]), max(years[-1], plan_years[-1]) + 1))
    by_label = t(FUNDING_BY_LABELS[query.by])
    groups = yearly_groups(export, query.by)
    label = query.scenario or t(PLAN_LABEL)
    query = replace(query, picked=tuple(key for key in query.picked if key in groups))
    return _Content(
        query=query,
        shows=_shows(export, query),
        chart=funding_figure(
            shown_groups(groups, years, query.picked), years, total_caps(export), by_label
        ),
        cumulative=cumulative_figure(
            export.total_by_year(),
            years,
            label,
            plan.total_by_year() if query.scenario is not None else None,
        ),
        table=_table(funding_rows(groups, years), years, by_label),
        error=error,
        picker=picker_options(groups, years),
        place_caps=place_caps_figure(groups, years, place_caps(export, query.by), by_label),
    )


def _shows(export: ScheduleExport, query: FundingQuery) -> str:
    if query.scenario is None:
        return t("显示：规划（原计划），各项目按规划起止年份安排。")
    return t(
        "显示：情景“{scenario}”最近一次运行（{status}），从 {year} 年起调整。",
        scenario=query.scenario,
        status=words.status_words(export.status, export_lang()),
        year=export.as_of,
    )


def _table(rows: list[dict[str, str]], years: list[int], by_label: str) -> dbc.Table:
    keys = ["group", *(str(year) for year in years), "total"]
    header = [by_label, *(str(year) for year in years), t(TOTAL_LABEL)]
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(text) for text in header])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(group_label(row[key]) if key == "group" else row[key])
                            for key in keys
                        ],
                        className="fw-bold table-light" if row["group"] == TOTAL_LABEL else None,
                    )
                    for row in rows
                ]
            ),
        ],
        bordered=True,
        hover=True,
        size="sm",
        responsive=True,
        className="text-end small",
    )
