"""The 甘特图 of many places: one row per place, opened with a click, no taller than a screen.

A bar per project and place makes hundreds of rows for a province. Grouped, each place is one
summary row (its projects' years, how many were delayed or not funded); a click on it opens
the place's projects under it and a second click closes it. Pure functions: bars in, rows
and figures out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from ui.i18n import t
from ui.pages.gantt.views import GanttBar, gantt_figure, moves

PLACE_META = "place"  # ``meta`` of the summary rows, so clicks and tests find the places
# More bars than this and a view of several places opens with every place closed.
MAX_OPEN_BARS = 30
ROW_PX, FRAME_PX, MIN_PX = 24, 220, 360  # the figure's height: per row, axes and strip
PLACE_COLOUR = "#4a5a6a"


@dataclass(frozen=True)
class PlaceRow:
    """A place's summary row: its projects' years and what the schedule did to them."""

    group: str
    city: str
    projects: int
    planned_start: int
    planned_end: int
    start: int | None  # the first scheduled year of its projects (None: none is funded)
    end: int | None
    delayed: int  # projects delayed or stretched
    unfunded: int
    is_open: bool

    @property
    def label(self) -> str:
        """``▸ 晋江市（20 个项目）``; ▾ when open."""
        mark = "▾" if self.is_open else "▸"
        return t("{mark} {place}（{n} 个项目）", mark=mark, place=self.group, n=self.projects)

    @property
    def note(self) -> str:
        """``3 个推迟 · 1 个未安排`` (empty when nothing moved)."""
        parts = []
        if self.delayed:
            parts.append(t("{n} 个推迟", n=self.delayed))
        if self.unfunded:
            parts.append(t("{n} 个未安排", n=self.unfunded))
        return " · ".join(parts)


def should_group(bars: Sequence[GanttBar]) -> bool:
    """Several places with more bars than fit a screen: show a row per place."""
    return len({bar.group for bar in bars}) > 1 and len(bars) > MAX_OPEN_BARS


def place_rows(bars: Sequence[GanttBar], opened: Collection[str] = ()) -> list[PlaceRow]:
    """One summary row per place of ``bars``, in the bars' order (city, then place)."""
    per_place: dict[str, list[GanttBar]] = {}
    for bar in bars:
        per_place.setdefault(bar.group, []).append(bar)
    rows = []
    for group, own in per_place.items():
        funded = [bar for bar in own if bar.start is not None]
        rows.append(
            PlaceRow(
                group=group,
                city=own[0].city,
                projects=len(own),
                planned_start=min(bar.planned_start for bar in own),
                planned_end=max(bar.planned_end for bar in own),
                start=min((bar.start for bar in funded if bar.start is not None), default=None),
                end=max((bar.end or bar.start or 0 for bar in funded), default=None),
                delayed=sum(1 for bar in funded if moves(bar)),
                unfunded=len(own) - len(funded),
                is_open=group in opened,
            )
        )
    return rows


def toggled(opened: Sequence[str], place: str) -> list[str]:
    """The open places after a click on ``place``'s row: opened if closed, closed if open."""
    return [p for p in opened if p != place] if place in opened else [*opened, place]


def grouped_figure(
    bars: Sequence[GanttBar], active: Mapping[int, int], opened: Collection[str] = ()
) -> go.Figure:
    """The Gantt chart with a summary row per place; the projects of open places under it."""
    rows = place_rows(bars, opened)
    shown = [bar for bar in bars if bar.group in opened]
    figure = gantt_figure(shown, active)
    figure.add_trace(
        go.Bar(
            y=[row.label for row in rows],
            base=[row.start if row.start is not None else row.planned_start for row in rows],
            x=[_span(row) for row in rows],
            orientation="h",
            name=t("县（市、区）汇总"),
            meta=PLACE_META,
            width=0.7,
            marker={"color": [PLACE_COLOUR if row.start is not None else "#bbb" for row in rows]},
            text=[row.note for row in rows],
            textposition="inside",
            insidetextanchor="start",
            textfont={"color": "white"},
            customdata=[[None, row.group, PLACE_META] for row in rows],
            hovertemplate=t("%{y}：点击展开或收起<extra></extra>"),
        ),
        row=1,
        col=1,
    )
    order = []
    for row in rows:
        order.append(row.label)
        order += [bar.label for bar in shown if bar.group == row.group]
    figure.update_yaxes(categoryarray=order, row=1, col=1)
    figure.update_layout(height=max(MIN_PX, ROW_PX * len(order) + FRAME_PX))
    return figure


def _span(row: PlaceRow) -> int:
    if row.start is None or row.end is None:
        return row.planned_end - row.planned_start + 1
    return row.end - row.start + 1


def clicked_place(click: Mapping[str, object] | None) -> str | None:
    """The place whose summary row a Plotly ``clickData`` names (None for a project's bar)."""
    points = (click or {}).get("points")
    if not isinstance(points, list) or not points:
        return None
    data = points[0].get("customdata") if isinstance(points[0], dict) else None
    if isinstance(data, list) and len(data) == 3 and data[2] == PLACE_META:
        return str(data[1])
    return None
