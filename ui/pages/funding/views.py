"""Pure functions behind the 资金 page: spend per year by group, as rows, query strings and
figures (the many places' top ten and caps are in ``places.py``).

Spend comes from a :class:`ScheduleExport` (the one source of every schedule figure); these
functions only regroup its totals, add them up as integers (万元) and turn them into rows,
query strings and figures. Nothing here touches Dash callbacks or the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from urllib.parse import parse_qs, urlencode

import plotly.graph_objects as go

from portfolio.cells import WAN_PER_YI
from portfolio.exports.model import Grouping, ScheduleExport
from portfolio.formatting import yi_text
from ui.i18n import later, t

# Labels stay Chinese here (they also key rows and groups); t() translates them where shown.
PLAN_LABEL = later("规划（原计划）")
PLAN_VALUE = ""  # the scenario dropdown's value for the plan itself
TOTAL_LABEL = later("合计")
UNPLACED_LABEL = later("（无地点）")
OTHERS_LABEL = later("其他")  # the groups not drawn apart, added up
CAP_LABEL = later("总额上限")


class FundingBy(StrEnum):
    """What the yearly spend is stacked by."""

    COUNTY = "county"
    CITY = "city"
    TABLE = "table"


FUNDING_BY_LABELS: dict[FundingBy, str] = {
    FundingBy.COUNTY: later("县（市、区）"),
    FundingBy.CITY: later("设区市"),
    FundingBy.TABLE: later("规划表"),
}
DEFAULT_BY = FundingBy.CITY
SHOW_PARAM = "show"  # ?show=晋江市&show=丰泽区: the groups drawn apart


@dataclass(frozen=True)
class FundingQuery:
    """The funding page's choices as a URL carries them."""

    scenario: str | None = None  # None: the plan itself
    by: FundingBy = DEFAULT_BY
    picked: tuple[str, ...] = ()  # groups drawn apart; none: the largest ten


def parse_by(text: str | None) -> FundingBy:
    """The grouping named by ``text``; the default for anything else."""
    try:
        return FundingBy(text or DEFAULT_BY)
    except ValueError:
        return DEFAULT_BY


def funding_query(
    scenario: str | None, by: str | None, picked: Sequence[str] | str | None = None
) -> FundingQuery:
    """The page's choices from its URL parameters (empty scenario: the plan).

    ``picked`` is the groups drawn apart (one name when the URL carries one ``show=``)."""
    names = [picked] if isinstance(picked, str) else list(picked or ())
    return FundingQuery(
        scenario=(scenario or "").strip() or None,
        by=parse_by(by),
        picked=tuple(dict.fromkeys(name.strip() for name in names if name.strip())),
    )


def funding_query_from_search(search: str | None) -> FundingQuery:
    """The choices of a query string such as ``?scenario=...&by=county&show=晋江市``."""
    params = parse_qs((search or "").lstrip("?"))
    return funding_query(
        params.get("scenario", [""])[0], params.get("by", [""])[0], params.get(SHOW_PARAM, [])
    )


def search_for_funding(query: FundingQuery) -> str:
    """The query string that carries ``query`` (the plan leaves ``scenario`` out)."""
    params: dict[str, str | list[str]] = {"scenario": query.scenario} if query.scenario else {}
    params["by"] = query.by.value
    if query.picked:
        params[SHOW_PARAM] = list(query.picked)
    return "?" + urlencode(params, doseq=True)


def yearly_groups(export: ScheduleExport, by: FundingBy) -> dict[str, dict[int, int]]:
    """Spend (万元) per group and year, from the export's own totals.

    Projects without a place have no county or city parts; their spend goes to a
    ``（无地点）`` group so that the groups add up to the schedule's total in every year.
    """
    if by is FundingBy.TABLE:
        groups = {
            f"{plan} {table}": spend for (plan, table), spend in export.totals_by_table().items()
        }
    else:
        grouping = Grouping.CITY if by is FundingBy.CITY else Grouping.COUNTY
        groups = export.totals_by(grouping)
    totals = export.total_by_year()
    unplaced = {
        year: total - sum(spend.get(year, 0) for spend in groups.values())
        for year, total in totals.items()
    }
    if any(unplaced.values()):
        groups[UNPLACED_LABEL] = unplaced
    return {
        key: {year: spend.get(year, 0) for year in export.years} for key, spend in groups.items()
    }


def total_caps(export: ScheduleExport) -> dict[int, int]:
    """The scenario's cap on total spend per year (the tightest when a year has several);
    a cap on one quarter or month is not a year's."""
    caps: dict[int, int] = {}
    for cap in export.caps:
        if cap.kind == "total" and cap.whole_year:
            caps[cap.year] = min(cap.cap_wan, caps.get(cap.year, cap.cap_wan))
    return dict(sorted(caps.items()))


def shown_years(export: ScheduleExport) -> list[int]:
    """The horizon's years from the first to the last with spend or a cap.

    The horizon reaches back to the oldest project's start and forward past the latest
    delay; years with nothing in them at either end only widen the chart.
    """
    totals = export.total_by_year()
    busy = [year for year in export.years if totals.get(year, 0) or year in total_caps(export)]
    if not busy:
        return list(export.years)
    return list(range(busy[0], busy[-1] + 1))


def column_totals(groups: Mapping[str, Mapping[int, int]], years: Sequence[int]) -> dict[int, int]:
    """Sum of the groups per year (the 合计 row)."""
    return {year: sum(spend.get(year, 0) for spend in groups.values()) for year in years}


def cumulative(totals: Mapping[int, int], years: Sequence[int]) -> list[int]:
    """Running total of ``totals`` over ``years``, in 万元."""
    running = 0
    curve: list[int] = []
    for year in years:
        running += totals.get(year, 0)
        curve.append(running)
    return curve


def funding_rows(
    groups: Mapping[str, Mapping[int, int]], years: Sequence[int]
) -> list[dict[str, str]]:
    """Table rows: one per group, then 合计; a column per year and a 合计 column, in 亿元.

    Keys are ``group``, each year as text, and ``total``. Every amount is exact (yi_text).
    """
    rows: list[dict[str, str]] = []
    for key, spend in [*groups.items(), (TOTAL_LABEL, column_totals(groups, years))]:
        row = {"group": key}
        row |= {str(year): yi_text(spend.get(year, 0)) for year in years}
        row["total"] = yi_text(sum(spend.get(year, 0) for year in years))
        rows.append(row)
    return rows


def group_label(group: str) -> str:
    """A group as shown: 合计, （无地点） and 其他 translated, places and tables as named."""
    return t(group) if group in (TOTAL_LABEL, UNPLACED_LABEL, OTHERS_LABEL) else group


def _yi(wan: int) -> float:
    # Plotly draws floats; the exact text goes in the hover label and in the table.
    return float(Decimal(wan) / WAN_PER_YI)


def funding_figure(
    groups: Mapping[str, Mapping[int, int]],
    years: Sequence[int],
    caps: Mapping[int, int],
    by_label: str,
) -> go.Figure:
    """Stacked bars of spend per year (亿元) by group, with the total caps as a line."""
    figure = go.Figure()
    for key, spend in groups.items():
        if not any(spend.get(year, 0) for year in years):
            continue
        figure.add_trace(
            go.Bar(
                name=group_label(key),
                x=list(years),
                y=[_yi(spend.get(year, 0)) for year in years],
                customdata=[yi_text(spend.get(year, 0)) for year in years],
                hovertemplate=t(
                    "{name}<br>%{{x}}年：%{{customdata}} 亿元<extra></extra>",
                    name=group_label(key),
                ),
            )
        )
    if caps:
        cap_years = [year for year in years if year in caps]
        figure.add_trace(
            go.Scatter(
                name=t(CAP_LABEL),
                x=cap_years,
                y=[_yi(caps[year]) for year in cap_years],
                customdata=[yi_text(caps[year]) for year in cap_years],
                mode="lines+markers",
                line={"color": "black", "dash": "dash"},
                marker={"symbol": "line-ew-open", "size": 24, "line": {"width": 3}},
                hovertemplate=t(
                    "{name}<br>%{{x}}年：%{{customdata}} 亿元<extra></extra>", name=t(CAP_LABEL)
                ),
            )
        )
    figure.update_layout(
        barmode="stack",
        title=t("各年投资（按{by}）", by=by_label),
        xaxis={"title": t("年份"), "dtick": 1},
        yaxis={"title": t("亿元")},
        legend={"orientation": "v"},
        margin={"t": 50, "l": 60, "r": 20, "b": 40},
        height=480,
    )
    return figure


def cumulative_figure(
    totals: Mapping[int, int],
    years: Sequence[int],
    label: str,
    plan_totals: Mapping[int, int] | None = None,
) -> go.Figure:
    """Cumulative spend (亿元) over ``years``; the plan's curve beside a scenario's."""
    figure = go.Figure()
    curves = [(label, totals, "solid")]
    if plan_totals is not None:
        curves.append((t(PLAN_LABEL), plan_totals, "dot"))
    for name, values, dash in curves:
        curve = cumulative(values, years)
        figure.add_trace(
            go.Scatter(
                name=name,
                x=list(years),
                y=[_yi(v) for v in curve],
                customdata=[yi_text(v) for v in curve],
                mode="lines+markers",
                line={"dash": dash},
                hovertemplate=t(
                    "{name}<br>至%{{x}}年累计：%{{customdata}} 亿元<extra></extra>", name=name
                ),
            )
        )
    figure.update_layout(
        title=t("累计投资"),
        xaxis={"title": t("年份"), "dtick": 1},
        yaxis={"title": t("亿元")},
        margin={"t": 50, "l": 60, "r": 20, "b": 40},
        height=360,
    )
    return figure
