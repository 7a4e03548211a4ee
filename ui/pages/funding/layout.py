"""The 资金 page's parts for one choice of scenario, grouping and groups (the page module lays
them out; ``callbacks.py`` redraws them)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from portfolio.exports.model import ScheduleExport
from portfolio.scenarios import words
from portfolio.services.exports import page_schedule
from portfolio.services.scenarios import UnknownScenarioError
from ui.context import current_workspace
from ui.i18n import export_lang, t
from ui.pages.funding.places import picker_options, place_caps, place_caps_figure, shown_groups
from ui.pages.funding.views import (
    FUNDING_BY_LABELS,
    PLAN_LABEL,
    TOTAL_LABEL,
    FundingQuery,
    cumulative_figure,
    funding_figure,
    funding_rows,
    group_label,
    shown_years,
    total_caps,
    yearly_groups,
)
from ui.views import scenario_problem


@dataclass(frozen=True)
class Content:
    """What the page shows for one choice of scenario and grouping."""

    query: FundingQuery  # as shown: an unknown scenario falls back to the plan
    shows: str
    chart: Any
    cumulative: Any
    table: dbc.Table
    error: str
    picker: list[dict[str, str]]  # every group, largest first
    place_caps: Any  # the capped places' panels, or None


def content(query: FundingQuery) -> Content:
    """The page's parts for ``query``: the plan with a message when its scenario's run cannot
    be shown."""
    workspace = current_workspace()
    plan = page_schedule(workspace, None)
    export, error = plan, ""
    if query.scenario is not None:
        try:
            export = page_schedule(workspace, query.scenario)
        except UnknownScenarioError as exc:
            error = t("{error}；显示规划（原计划）。", error=scenario_problem(exc))
            query = FundingQuery(scenario=None, by=query.by, picked=query.picked)
    return content_of(export, plan, query, error)


def content_of(
    export: ScheduleExport, plan: ScheduleExport, query: FundingQuery, error: str = ""
) -> Content:
    """The page's parts for ``export`` (the plan itself, or ``query.scenario``'s run beside
    ``plan``), from the schedules alone; picked names that are not groups are dropped."""
    years = shown_years(export)
    if query.scenario is not None:
        # Widen to the plan's years so the two cumulative curves share one axis.
        plan_years = shown_years(plan)
        years = list(range(min(years[0], plan_years[0]), max(years[-1], plan_years[-1]) + 1))
    by_label = t(FUNDING_BY_LABELS[query.by])
    groups = yearly_groups(export, query.by)
    label = query.scenario or t(PLAN_LABEL)
    query = replace(query, picked=tuple(key for key in query.picked if key in groups))
    return Content(
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
