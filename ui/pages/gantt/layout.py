"""The 甘特图 page's parts: what it draws for a scenario and a place (the page module lays
them out; ``callbacks.py`` redraws them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
from dash import html

from portfolio.exports.model import ScheduleExport
from portfolio.progress import ActualSpan
from portfolio.services.progress import actual_spans
from portfolio.services.queries import ProjectFilter, UnknownNameError
from ui.components.schedule_choice import (
    PLAN_LABEL,
    place_options,
    scenario_name,
    schedule_or_plan,
)
from ui.context import current_workspace
from ui.i18n import later, t
from ui.pages.gantt.groups import grouped_figure, should_group
from ui.pages.gantt.views import (
    active_per_year,
    gantt_bars,
    gantt_figure,
    selected_rows,
    unscheduled_lines,
)

ALL_COUNTIES = later("全部县（市、区），按县分组")
# Above this many bars, or places, a visit that names no place opens on the city with the
# most bars: a chart of thousands of bars takes the browser many seconds to draw, and a row
# per place of a whole province is taller than a screen.
MAX_DEFAULT_BARS = 1500
MAX_DEFAULT_PLACES = 20


@dataclass(frozen=True)
class Chart:
    """What the chart shows of one schedule for a place: pure, from the schedule alone."""

    figure: go.Figure
    summary: str
    note: str  # why a first visit opens on one city ("" when it shows what was asked)
    cities: list[str]  # the city dropdown's options
    counties: list[str]  # the county dropdown's options (the city's, or every one)
    city: str | None  # the city shown: the one asked for, or the busiest when picked
    county: str | None  # the county shown (None: the city's or every place)


@dataclass(frozen=True)
class ChartView:
    """What the page shows for one scenario and place."""

    chart: Chart
    unscheduled: Any  # the place's projects without a bar, and why (None: every one has one)
    error: str  # the pick's note, then why the scenario's run cannot be shown


def chart_view(
    scenario: str | None,
    city: str | None,
    county: str | None,
    opened: list[str],
    *,
    pick_city: bool = False,
) -> ChartView:
    """The chart of ``scenario`` (a dropdown value; its run, else the plan) for a place."""
    export, error = schedule_or_plan(scenario_name(scenario))
    actuals = actual_spans(current_workspace())
    chart = chart_of(export, city, county, opened, pick_city=pick_city, actuals=actuals)
    return ChartView(
        chart=chart,
        unscheduled=unscheduled(export, chart.county, chart.city),
        error=f"{chart.note} {error}".strip(),
    )


def chart_of(
    export: ScheduleExport,
    city: str | None,
    county: str | None,
    opened: list[str],
    *,
    pick_city: bool = False,
    actuals: Mapping[int, ActualSpan] | None = None,
) -> Chart:
    """The chart of ``export`` for ``county``, else ``city``, else all places.

    With ``pick_city``, too many bars or places for all places open the busiest city
    instead. Several places with many bars are drawn a row per place, ``opened`` ones open.
    ``actuals`` are the years projects actually ran, drawn under their planned bars."""
    cities, per_city = place_options(export)
    city = city if city in cities else None
    every_county = sorted({p for ps in per_city.values() for p in ps})
    county = county if county in (per_city[city] if city else every_county) else None
    bars = gantt_bars(export, county=county, city=city, actuals=actuals)
    places = len({bar.group for bar in bars})
    too_many = len(bars) > MAX_DEFAULT_BARS or places > MAX_DEFAULT_PLACES
    note = ""
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
    reported = sum(1 for row in rows if actuals and row.project_id in actuals)
    if reported:
        summary += t("{n} 个项目有实际进度报告（下方细条）。", n=reported)
    return Chart(
        figure=figure,
        summary=summary,
        note=note,
        cities=cities,
        counties=per_city[city] if city else every_county,
        city=city,
        county=county,
    )


def unscheduled(export: ScheduleExport, county: str | None, city: str | None) -> Any:
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
