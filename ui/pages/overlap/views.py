"""Pure functions behind the 重叠 page: a schedule DTO in, the heatmap and busy units out.

The heatmap reads the schedule's windows per place (``ScheduleExport.overlap``), the same
counts the workbook's 同时在建 is written from. Money stays integer 万元; it becomes text only
through :func:`yi_text`. Nothing here touches Dash or the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from portfolio.exports.model import Grouping, ScheduleExport
from portfolio.formatting import yi_text
from ui.components.schedule_choice import city_of
from ui.i18n import t


@dataclass(frozen=True)
class UnitLoad:
    """A unit that carries several active projects in one year."""

    unit: str
    year: int
    projects: tuple[str, ...]


def overlap_heatmap(
    export: ScheduleExport, *, measure: str = "count", city: str | None = None
) -> go.Figure:
    """Places × years: active projects (``count``) or scheduled spend (``spend``, 亿元 text).

    The colour follows integer 万元 for spend; the cell text and hover show exact 亿元.
    """
    values = export.totals_by(Grouping.COUNTY) if measure == "spend" else export.overlap()
    places = sorted(
        (place for place in values if not city or city_of(export, place) == city),
        key=lambda place: (city_of(export, place), place),
    )
    years = _busy_years(export)
    z = [[values[place].get(year, 0) for year in years] for place in places]
    if measure == "spend":
        text = [[yi_text(v) if v else "" for v in line] for line in z]
        hover = t("%{y} %{x} 年：%{text} 亿元<extra></extra>")
        title = t("万元")
    else:
        text = [[str(v) if v else "" for v in line] for line in z]
        hover = t("%{y} %{x} 年：%{z} 个项目在建<extra></extra>")
        title = t("项目数")
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[str(year) for year in years],
            y=[f"{city_of(export, p)}·{p}" if city_of(export, p) != p else p for p in places],
            text=text,
            texttemplate="%{text}",
            hovertemplate=hover,
            colorscale="YlOrRd",
            colorbar={"title": {"text": title}},
            xgap=1,
            ygap=1,
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(type="category")
    figure.update_layout(
        height=max(300, 22 * len(places) + 120),
        margin={"l": 10, "r": 10, "t": 20, "b": 30},
        plot_bgcolor="white",
    )
    return figure


def _busy_years(export: ScheduleExport) -> list[int]:
    """The horizon's years from the first to the last in which any project spends."""
    spent = [year for row in export.rows for year, amount in row.spend.items() if amount]
    return list(range(min(spent), max(spent) + 1)) if spent else list(export.years)


def unit_loads(export: ScheduleExport, *, at_least: int = 2) -> list[UnitLoad]:
    """Units carrying ``at_least`` projects active in the same year, busiest first.

    Unit names are taken as the plans give them (matched spellings already merged on import).
    """
    running: dict[tuple[str, int], list[str]] = defaultdict(list)
    for row in export.rows:
        active = [year for year in export.years if row.active(year)]  # once per project
        for unit in dict.fromkeys(row.units):
            for year in active:
                running[(unit, year)].append(row.name)
    loads = [
        UnitLoad(unit, year, tuple(names))
        for (unit, year), names in running.items()
        if len(names) >= at_least
    ]
    return sorted(loads, key=lambda load: (-len(load.projects), load.unit, load.year))


def unit_load_rows(loads: Sequence[UnitLoad]) -> list[dict[str, str | int]]:
    """Table rows of :func:`unit_loads`."""
    return [
        {
            "unit": load.unit,
            "year": load.year,
            "count": len(load.projects),
            "projects": "、".join(load.projects),
        }
        for load in loads
    ]
