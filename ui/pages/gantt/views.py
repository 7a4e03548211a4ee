"""Pure functions behind the 甘特图 page: schedule DTOs in, bars, rows and figures out.

Every figure comes from one :class:`~portfolio.exports.model.ScheduleExport` (the plan or a
stored run), the same service output the Excel exports are written from. Money stays integer
万元; it becomes text only through :func:`yi_text`. Nothing here touches Dash or the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from portfolio.actuals import ActualStatus
from portfolio.exports.model import ScheduleExport, ScheduleRow
from portfolio.formatting import yi_text
from portfolio.i18n import gettext
from portfolio.progress import ActualSpan
from portfolio.scenarios.periods import PeriodUnit
from ui.components.schedule_choice import city_of
from ui.i18n import export_lang, later, t

SCHEDULE_META = "schedule"  # ``meta`` of the solid bars, so tests and clicks find the projects
GHOST_META = "planned"
UNFUNDED_COLOUR, MOVED_COLOUR = "#a61b1b", "#8a4b00"  # the labels of unfunded and moved bars
ACTIVE_META = "active"
ACTUAL_META = "actual"  # ``meta`` of the thin bars of the years a project actually ran
# The actual bars' colours by reported status (no status: the in-progress colour).
ACTUAL_COLOURS: dict[ActualStatus | None, str] = {
    ActualStatus.IN_PROGRESS: "#1f4e79",
    None: "#1f4e79",
    ActualStatus.COMPLETED: "#2e7d32",
    ActualStatus.SUSPENDED: "#d35400",
    ActualStatus.CANCELLED: "#7f7f7f",
    ActualStatus.NOT_STARTED: "#7f7f7f",
}

# Colours per table, in the order tables first appear (Plotly's qualitative palette "Safe").
TABLE_COLOURS = (
    "#88CCEE",
    "#CC6677",
    "#DDCC77",
    "#117733",
    "#332288",
    "#AA4499",
    "#44AA99",
    "#999933",
    "#882255",
    "#661100",
)


@dataclass(frozen=True)
class GanttBar:
    """One project in one county-level place (or whole city, or 福建省) it stands in."""

    project_id: int
    group: str  # the place the bar is listed under
    city: str
    label: str  # the y-axis text, unique within the figure
    name: str
    plan: str
    table: str
    seq: str
    units: tuple[str, ...]
    places: str
    total_wan: int
    part_wan: int  # the schedule's spend in ``group``: the place's share of the investment
    planned_start: int
    planned_end: int
    funded: bool
    start: int | None
    end: int | None
    delay_years: int
    stretch_years: int
    # A run in quarters or months: the delay and stretch counted in them ("quarter", "month").
    periods: str = "year"
    delay_periods: int | None = None
    stretch_periods: int | None = None
    actual: ActualSpan | None = None  # the years it actually ran, by the latest reports


def _in_scope(export: ScheduleExport, place: str, county: str | None, city: str | None) -> bool:
    if county:
        return place == county
    if city:
        return city_of(export, place) == city
    return True


def selected_rows(
    export: ScheduleExport, *, county: str | None = None, city: str | None = None
) -> list[ScheduleRow]:
    """The schedule's projects standing in ``county`` (else ``city``; all when neither)."""
    return [
        row
        for row in export.rows
        if any(_in_scope(export, place, county, city) for place in row.county_spend)
    ]


def gantt_bars(
    export: ScheduleExport,
    *,
    county: str | None = None,
    city: str | None = None,
    actuals: Mapping[int, ActualSpan] | None = None,
) -> list[GanttBar]:
    """One bar per project and place in scope, grouped by place (city, then place name).

    A project standing in several places gets a bar in each, with that place's part of the
    scheduled spend. Within a place the projects keep the plans' document order. ``actuals``
    gives the years projects actually ran, where reported.
    """
    actuals = actuals or {}
    bars: list[GanttBar] = []
    for row in export.rows:
        for place, spend in row.county_spend.items():
            if not _in_scope(export, place, county, city):
                continue
            bars.append(
                GanttBar(
                    project_id=row.project_id,
                    group=place,
                    city=city_of(export, place),
                    label=row.name,
                    name=row.name,
                    plan=row.plan,
                    table=row.table,
                    seq=row.seq,
                    units=row.units,
                    places=row.places,
                    total_wan=row.total_wan,
                    part_wan=sum(spend.values()),
                    planned_start=row.planned_start,
                    planned_end=row.planned_end,
                    funded=row.funded,
                    start=row.start,
                    end=row.end,
                    delay_years=row.delay_years,
                    stretch_years=row.stretch_years,
                    periods=export.periods,
                    delay_periods=row.delay_periods,
                    stretch_periods=row.stretch_periods,
                    actual=actuals.get(row.project_id),
                )
            )
    bars.sort(key=lambda bar: (bar.city, bar.group))  # stable: document order within a place
    return _with_unique_labels(bars, grouped=len({bar.group for bar in bars}) > 1)


def _with_unique_labels(bars: list[GanttBar], *, grouped: bool) -> list[GanttBar]:
    """Prefix the place when several are shown; a name twice in a place gets its table and row.

    Plans hold near-duplicates (one name twice, other money); both must stay visible.
    """
    labels = [f"{bar.group}｜{bar.name}" if grouped else bar.name for bar in bars]
    repeated = {label for label, n in Counter(labels).items() if n > 1}
    result = []
    for bar, label in zip(bars, labels, strict=True):
        if label in repeated:
            label = t("{label}（{table} 序号{seq}）", label=label, table=bar.table, seq=bar.seq)
        result.append(replace(bar, label=label))
    return result


def active_per_year(rows: Sequence[ScheduleRow], years: Iterable[int]) -> dict[int, int]:
    """Projects running in each year as scheduled (each project once, whatever its places)."""
    return {year: sum(1 for row in rows if row.active(year)) for year in years}


def year_span(bars: Sequence[GanttBar]) -> tuple[int, int] | None:
    """First and last year any bar, planned, scheduled or actual, covers (None without bars)."""
    starts = [bar.planned_start for bar in bars] + [b.start for b in bars if b.start is not None]
    ends = [bar.planned_end for bar in bars] + [b.end for b in bars if b.end is not None]
    starts += [bar.actual.start for bar in bars if bar.actual is not None]
    ends += [bar.actual.end for bar in bars if bar.actual is not None]
    return (min(starts), max(ends)) if starts else None


def table_colours(bars: Sequence[GanttBar]) -> dict[str, str]:
    """A colour per plan table, in the order the tables first appear."""
    tables = list(dict.fromkeys(bar.table for bar in bars))
    return {table: TABLE_COLOURS[i % len(TABLE_COLOURS)] for i, table in enumerate(tables)}


# The unit of a move counted in quarters or months (a move in years says its own sentence).
PERIOD_UNIT_WORDS = {PeriodUnit.QUARTER: later("个季度"), PeriodUnit.MONTH: later("个月")}


def moves(bar: GanttBar) -> list[str]:
    """How the schedule moved the bar: ``推迟 1 年``, ``延长 2 季度`` (none: not moved)."""
    moved = []
    if bar.periods != PeriodUnit.YEAR and bar.delay_periods is not None:
        unit = t(PERIOD_UNIT_WORDS[PeriodUnit(bar.periods)])
        if bar.delay_periods:
            moved.append(t("推迟 {n} {unit}", n=bar.delay_periods, unit=unit))
        if bar.stretch_periods:
            moved.append(t("延长 {n} {unit}", n=bar.stretch_periods, unit=unit))
    else:
        if bar.delay_years:
            moved.append(t("推迟 {n} 年", n=bar.delay_years))
        if bar.stretch_years:
            moved.append(t("延长 {n} 年", n=bar.stretch_years))
    return moved


def moved_text(bar: GanttBar) -> str:
    """The label beside a moved bar (empty when the bar is where the plan put it)."""
    return t("，").join(moves(bar))


def bar_hover(bar: GanttBar) -> str:
    """The hover text of a bar: investment (亿元), this place's share, units and years."""
    scheduled = t("未安排") if not bar.funded or bar.start is None else f"{bar.start}-{bar.end}"
    moved = moves(bar)
    return "<br>".join(
        [
            f"<b>{bar.name}</b>",
            f"{bar.table} · {bar.places}",
            t(
                "总投资 {total} 亿元；{place} {part} 亿元",
                total=yi_text(bar.total_wan),
                place=bar.group,
                part=yi_text(bar.part_wan),
            ),
            t("单位：{units}", units="、".join(bar.units) or "-"),
            t(
                "原计划 {planned}；安排 {scheduled}",
                planned=f"{bar.planned_start}-{bar.planned_end}",
                scheduled=scheduled,
            )
            + (t("（{moves}）", moves=t("，").join(moved)) if moved else ""),
            *([actual_hover(bar.actual)] if bar.actual is not None else []),
        ]
    )


def actual_status_text(status: ActualStatus | None) -> str:
    """A reported status in the reader's language (``-`` when none was given)."""
    return "-" if status is None else gettext(export_lang(), status.label)


def actual_hover(span: ActualSpan) -> str:
    """The line of a bar's hover that says what the reports say: years, status, spend."""
    return t(
        "实际 {years}（{status}）；实际完成 {spent} 亿元，报告至 {date}",
        years=f"{span.start}-{span.end}",
        status=actual_status_text(span.status),
        spent=yi_text(span.spent_wan),
        date=span.last_reported.isoformat() if span.last_reported else "-",
    )


def gantt_figure(bars: Sequence[GanttBar], active: Mapping[int, int]) -> go.Figure:
    """The Gantt chart with a strip of active projects per year under it, on one year axis.

    Each bar covers its years from the start of its first to the end of its last year: the
    planned years as a light ghost, the schedule's years solid, coloured by table.
    """
    figure = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.85, 0.15],
        vertical_spacing=0.02,
    )
    labels = [bar.label for bar in bars]
    figure.add_trace(
        go.Bar(
            y=labels,
            base=[bar.planned_start for bar in bars],
            x=[bar.planned_end - bar.planned_start + 1 for bar in bars],
            orientation="h",
            name=t("原计划"),
            meta=GHOST_META,
            marker={"color": "rgba(140,140,140,0.25)", "line": {"color": "#888", "width": 1}},
            text=[t("未安排") if bar.start is None else "" for bar in bars],
            textposition="inside",
            insidetextanchor="middle",
            textfont={"color": UNFUNDED_COLOUR},
            hoverinfo="skip",
        ),
        row=1,
        col=1,
    )
    for table, colour in table_colours(bars).items():
        shown = [bar for bar in bars if bar.table == table and bar.start is not None]
        figure.add_trace(
            go.Bar(
                y=[bar.label for bar in shown],
                base=[bar.start for bar in shown],
                x=[(bar.end or bar.start or 0) - (bar.start or 0) + 1 for bar in shown],
                orientation="h",
                name=table,
                meta=SCHEDULE_META,
                width=0.5,
                marker={"color": colour},
                customdata=[[bar.project_id, bar.name, bar.group] for bar in shown],
                hovertext=[bar_hover(bar) for bar in shown],
                hoverinfo="text",
                text=[moved_text(bar) for bar in shown],
                textposition="outside",
                cliponaxis=False,
                textfont={"color": MOVED_COLOUR},
            ),
            row=1,
            col=1,
        )
    _add_actual_bars(figure, bars)
    years = sorted(active)
    figure.add_trace(
        go.Bar(
            x=[year + 0.5 for year in years],
            y=[active[year] for year in years],
            name=t("在建项目数"),
            meta=ACTIVE_META,
            marker={"color": "#555"},
            text=[str(active[year]) for year in years],
            textposition="outside",
            hovertemplate=t("%{customdata} 年：%{y} 个项目在建<extra></extra>"),
            customdata=years,
            showlegend=False,
        ),
        row=2,
        col=1,
    )
    span = year_span(bars)
    ticks = list(range(span[0], span[1] + 1)) if span else years
    figure.update_xaxes(
        tickvals=[year + 0.5 for year in ticks],
        ticktext=[str(year) for year in ticks],
        range=[ticks[0], ticks[-1] + 1] if ticks else None,
        showgrid=False,
    )
    figure.update_yaxes(
        autorange="reversed", categoryorder="array", categoryarray=labels, row=1, col=1
    )
    figure.update_yaxes(title_text=t("在建"), rangemode="tozero", row=2, col=1)
    figure.update_layout(
        barmode="overlay",
        height=max(360, 24 * len(bars) + 220),
        margin={"l": 10, "r": 90, "t": 30, "b": 30},  # room for a label past the last year
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        plot_bgcolor="white",
    )
    return figure


def _add_actual_bars(figure: go.Figure, bars: Sequence[GanttBar]) -> None:
    """A thin bar under each planned bar that has reports: the years the project actually
    ran (its start to its completion, or to the last year reported), one trace per status."""
    reported = [bar for bar in bars if bar.actual is not None]
    statuses = list(dict.fromkeys(bar.actual.status for bar in reported if bar.actual))
    for status in statuses:
        shown = [bar for bar in reported if bar.actual is not None and bar.actual.status is status]
        spans = [bar.actual for bar in shown if bar.actual is not None]
        figure.add_trace(
            go.Bar(
                y=[bar.label for bar in shown],
                base=[span.start for span in spans],
                x=[span.end - span.start + 1 for span in spans],
                orientation="h",
                name=t("实际")
                if status is None
                else t("实际：{status}", status=actual_status_text(status)),
                meta=ACTUAL_META,
                # Under the scheduled bar, inside the planned ghost's lower edge.
                width=0.2,
                offset=0.22,
                marker={"color": ACTUAL_COLOURS[status]},
                customdata=[[bar.project_id, bar.name, bar.group] for bar in shown],
                hovertext=[bar_hover(bar) for bar in shown],
                hoverinfo="text",
            ),
            row=1,
            col=1,
        )


# The schedule service's reasons for leaving a project out, in the planners' words.
UNSCHEDULED_REASONS: dict[str, str] = {
    "counted once, under its row in the other plan": later(
        "与另一规划中的同一项目只计一次，见该行"
    ),
    "total investment unknown": later("总投资未知"),
}


def unscheduled_lines(export: ScheduleExport, project_ids: Iterable[int]) -> list[str]:
    """Why each of ``project_ids`` (e.g. a county's projects) has no bar: one line each."""
    wanted = set(project_ids)
    return [
        t(
            "{name}（{table}）：{reason}",
            name=line.name,
            table=line.table,
            reason=t(UNSCHEDULED_REASONS.get(line.reason, line.reason)),
        )
        for line in export.not_scheduled
        if line.project_id in wanted
    ]
