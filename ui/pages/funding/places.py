"""The 资金 page with many places: the largest groups and 其他, the picker, the places' caps.

A portfolio of a hundred places stacks a hundred colours nobody can tell apart. The chart
shows the ten groups that spend most (or those the planner picks) and adds the rest up as
其他, so each year's stack still adds up to the schedule's total. A scenario's caps on one
county or city are drawn on a chart of their own, one panel per capped place: on a stack of
every place a place's cap has nothing to be compared with.

Pure functions: integer 万元 in, rows, options and figures out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from portfolio.cells import WAN_PER_YI
from portfolio.exports.model import CapLine, ScheduleExport
from portfolio.formatting import yi_text
from ui.i18n import t
from ui.pages.funding.views import OTHERS_LABEL

TOP_GROUPS = 10  # groups drawn apart when the planner picks none
MAX_CAP_PANELS = 12  # capped places drawn side by side; more would be too small to read
PLACE_CAP_KINDS = {"county": "region", "city": "city"}  # the page's grouping → the cap's kind
CAP_COLOUR, BINDING_COLOUR = "#333", "#c0392b"


@dataclass(frozen=True)
class PlaceCap:
    """A place's cap in one year (the tightest of the year's whole-year caps on it)."""

    place: str
    year: int
    cap_wan: int
    used_wan: int
    binding: bool


def group_totals(groups: Mapping[str, Mapping[int, int]], years: Sequence[int]) -> dict[str, int]:
    """Each group's spend over ``years`` (万元), largest first, ties by name."""
    totals = {key: sum(spend.get(year, 0) for year in years) for key, spend in groups.items()}
    return dict(sorted(totals.items(), key=lambda item: (-item[1], item[0])))


def largest_groups(
    groups: Mapping[str, Mapping[int, int]], years: Sequence[int], n: int = TOP_GROUPS
) -> list[str]:
    """The ``n`` groups that spend most over ``years`` (groups that spend nothing never)."""
    return [key for key, total in group_totals(groups, years).items() if total][:n]


def shown_groups(
    groups: Mapping[str, Mapping[int, int]],
    years: Sequence[int],
    picked: Sequence[str] = (),
) -> dict[str, dict[int, int]]:
    """The picked groups (the largest ten when none is picked), largest first, then 其他.

    其他 adds up every group not shown, so each year still totals the schedule's spend; it
    is left out when nothing else spends. Picked names that are not groups are ignored.
    """
    known = [key for key in picked if key in groups]
    order = list(group_totals(groups, years))
    shown = sorted(known, key=order.index) if known else largest_groups(groups, years)
    result = {key: {year: groups[key].get(year, 0) for year in years} for key in shown}
    rest = [spend for key, spend in groups.items() if key not in result]
    others = {year: sum(spend.get(year, 0) for spend in rest) for year in years}
    if any(others.values()):
        result[OTHERS_LABEL] = others
    return result


def picker_options(
    groups: Mapping[str, Mapping[int, int]], years: Sequence[int]
) -> list[dict[str, str]]:
    """The picker's choices, largest first, each with its spend: ``晋江市（464.2813 亿元）``."""
    return [
        {"label": t("{group}（{yi} 亿元）", group=key, yi=yi_text(total)), "value": key}
        for key, total in group_totals(groups, years).items()
    ]


def place_caps(export: ScheduleExport, by: str) -> dict[str, dict[int, PlaceCap]]:
    """The run's whole-year caps on single places of the grouping ``by`` (county or city).

    A cap on one quarter or month is not a year's; a year with several caps on a place
    shows the tightest. Places in order of name, years in order.
    """
    kind = PLACE_CAP_KINDS.get(by)
    caps: dict[str, dict[int, PlaceCap]] = {}
    for line in export.caps:
        if line.kind != kind or not line.whole_year:
            continue
        known = caps.setdefault(line.key, {}).get(line.year)
        if known is None or line.cap_wan < known.cap_wan:
            caps[line.key][line.year] = _place_cap(line)
    return {place: dict(sorted(years.items())) for place, years in sorted(caps.items())}


def _place_cap(line: CapLine) -> PlaceCap:
    return PlaceCap(line.key, line.year, line.cap_wan, line.used_wan, line.binding)


def _yi(wan: int) -> float:
    # Plotly draws floats; the exact text goes in the hover label.
    return float(Decimal(wan) / WAN_PER_YI)


def place_caps_figure(
    groups: Mapping[str, Mapping[int, int]],
    years: Sequence[int],
    caps: Mapping[str, Mapping[int, PlaceCap]],
    by_label: str,
) -> go.Figure | None:
    """One panel per capped place: its spend per year (亿元) and its cap as a dashed line.

    A year where the cap binds (the schedule spends all of it) is marked in red. None when
    no place has a cap. At most :data:`MAX_CAP_PANELS` places, those with most caps first.
    """
    if not caps:
        return None
    places = sorted(caps, key=lambda place: (-len(caps[place]), place))[:MAX_CAP_PANELS]
    columns = min(3, len(places))
    rows = -(-len(places) // columns)
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=places,
        shared_xaxes=True,
        vertical_spacing=0.5 / rows if rows > 1 else 0.1,
    )
    for i, place in enumerate(places):
        row, col = i // columns + 1, i % columns + 1
        spend = groups.get(place, {})
        figure.add_trace(
            go.Bar(
                x=list(years),
                y=[_yi(spend.get(year, 0)) for year in years],
                customdata=[yi_text(spend.get(year, 0)) for year in years],
                name=t("安排投资"),
                legendgroup="spend",
                showlegend=i == 0,
                marker={"color": "#88CCEE"},
                hovertemplate=t(
                    "{name}<br>%{{x}}年：%{{customdata}} 亿元<extra></extra>", name=place
                ),
            ),
            row=row,
            col=col,
        )
        capped = [cap for year, cap in caps[place].items() if year in years]
        figure.add_trace(
            go.Scatter(
                x=[cap.year for cap in capped],
                y=[_yi(cap.cap_wan) for cap in capped],
                customdata=[[yi_text(cap.cap_wan), yi_text(cap.used_wan)] for cap in capped],
                name=t("上限"),
                legendgroup="cap",
                showlegend=i == 0,
                text=[yi_text(cap.cap_wan) for cap in capped],
                textposition="top center",
                mode="lines+markers+text",
                line={"color": CAP_COLOUR, "dash": "dash"},
                marker={
                    "symbol": "line-ew-open",
                    "size": 36,
                    "line": {
                        "width": 3,
                        "color": [BINDING_COLOUR if cap.binding else CAP_COLOUR for cap in capped],
                    },
                },
                hovertemplate=t(
                    "{place}<br>%{{x}}年上限：%{{customdata[0]}} 亿元；"
                    "安排 %{{customdata[1]}} 亿元<extra></extra>",
                    place=place,
                ),
            ),
            row=row,
            col=col,
        )
    figure.update_xaxes(dtick=1)
    figure.update_yaxes(rangemode="tozero")
    figure.update_layout(
        title=t("有上限的{by}：各年安排投资与上限（亿元）；红色为已用满的上限", by=by_label),
        height=120 + 240 * rows,
        margin={"t": 80, "l": 60, "r": 20, "b": 40},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
    )
    return figure
