"""Choosing the schedule a page draws: the plan or a stored scenario's last run, and a place.

The 甘特图 and 重叠 pages share these: their scenario dropdown (the plan first), the cities
and places a schedule's projects stand in, the query string that makes a view shareable, and
the schedule itself, the plan with a message when a scenario's run cannot be shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlencode

import dash_bootstrap_components as dbc

from portfolio.exports.model import ScheduleExport
from portfolio.services.exports import page_schedule
from portfolio.services.scenarios import UnknownScenarioError
from ui.components.dropdown import dropdown
from ui.context import current_workspace
from ui.i18n import later, t
from ui.views import scenario_problem

PLAN_VALUE = "__plan__"  # the scenario dropdown's value for the plan itself (no stored run)
PLAN_LABEL = later("规划（原计划）")  # t() translates it where shown
ALL_CITIES = later("全部设区市")  # the city dropdown's placeholder: no city chosen


def schedule_columns(
    scenario_id: str,
    city_id: str,
    names: Iterable[str],
    chosen: str,
    cities: list[str],
    city: str | None,
) -> list[dbc.Col]:
    """The scenario dropdown (the plan first) and the city dropdown, a column each."""
    return [
        dbc.Col(
            dropdown(
                id=scenario_id, options=scenario_options(names), value=chosen, clearable=False
            ),
            md=3,
        ),
        dbc.Col(
            dropdown(id=city_id, options=cities, value=city, placeholder=t(ALL_CITIES)),
            md=3,
        ),
    ]


def scenario_options(names: Iterable[str]) -> list[dict[str, str]]:
    """The scenario dropdown: the plan first, then each stored scenario."""
    return [{"label": t(PLAN_LABEL), "value": PLAN_VALUE}] + [
        {"label": name, "value": name} for name in names
    ]


def scenario_name(value: str | None) -> str | None:
    """The stored scenario a dropdown value or ``?scenario=`` names; None for the plan."""
    return None if not value or value == PLAN_VALUE else value


def search_for(**params: str | None) -> str:
    """A query string of the non-empty ``params`` (``""`` when none), for a shareable URL."""
    kept = {key: value for key, value in params.items() if value and value != PLAN_VALUE}
    return f"?{urlencode(kept)}" if kept else ""


def city_of(export: ScheduleExport, place: str) -> str:
    """The city a place belongs to; a whole city (or 福建省) is its own."""
    return export.city_of.get(place, place)


def place_options(export: ScheduleExport) -> tuple[list[str], dict[str, list[str]]]:
    """Cities, and per city its places, that scheduled projects stand in (sorted)."""
    per_city: dict[str, set[str]] = defaultdict(set)
    for row in export.rows:
        for place in row.county_spend:
            per_city[city_of(export, place)].add(place)
    return sorted(per_city), {city: sorted(places) for city, places in sorted(per_city.items())}


def schedule_or_plan(scenario: str | None) -> tuple[ScheduleExport, str]:
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
