"""Pure functions behind the 指标 page: the plans' indicator targets as rows, numbers and a
figure, with the values progress reports give beside them. Targets and reported values stay
as written (``20以上``, ``-``); only the chart reads a number out of a target. Nothing here
touches Dash callbacks or the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from urllib.parse import urlencode

import plotly.graph_objects as go

from portfolio.services.progress import ReportedValue
from portfolio.services.queries import IndicatorView
from ui.i18n import t

# An indicator's reported values by year (``portfolio.services.progress.indicator_values``).
Reported = Mapping[int, Mapping[int, ReportedValue]]

INDICATOR_PLAN_PARAM = "plan"
INDICATOR_PARAM = "indicator"
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def indicator_key(view: IndicatorView) -> str:
    """A name for the indicator that survives reloading the plans: ``plan/table/seq``."""
    return f"{view.plan}/{view.table}/{view.seq}"


def indicator_plans(views: Sequence[IndicatorView]) -> list[str]:
    """The plans that have indicators, in the order they come."""
    return list(dict.fromkeys(view.plan for view in views))


def indicator_years(views: Sequence[IndicatorView], reported: Reported | None = None) -> list[int]:
    """Every year some indicator has a target or a reported value for, sorted."""
    reported = reported or {}
    return sorted(
        {year for view in views for year in view.targets}
        | {year for view in views for year in reported.get(view.id, {})}
    )


def indicator_rows(
    views: Sequence[IndicatorView], years: Sequence[int], reported: Reported | None = None
) -> list[dict[str, str]]:
    """One row per indicator with its targets exactly as written; ``""`` where none is given.

    Keys: ``key``, ``plan``, ``table``, ``seq``, ``name``, ``unit``, ``note`` and each year as
    text; beside a year's target, ``{year}-reported`` is the value reported for it (as written,
    ``""`` when none) and ``{year}-source`` where it came from.
    """
    reported = reported or {}
    rows: list[dict[str, str]] = []
    for view in views:
        row = {
            "key": indicator_key(view),
            "plan": view.plan,
            "table": view.table,
            "seq": view.seq,
            "name": view.name,
            "unit": view.unit,
            "note": view.note,
        }
        row |= {str(year): view.targets.get(year, "") for year in years}
        values = reported.get(view.id, {})
        for year in years:
            value = values.get(year)
            row[f"{year}-reported"] = value.value_raw if value else ""
            row[f"{year}-source"] = (
                t("{date} 报告：{source}", date=value.report_date.isoformat(), source=value.source)
                if value
                else ""
            )
        rows.append(row)
    return rows


def target_number(text: str) -> Decimal | None:
    """The number a target states (``20以上`` → 20, ``＞18`` → 18); None if not exactly one.

    Full-width digits and signs are read as their ASCII forms; ``-`` alone means no value.
    """
    plain = text.translate(_FULL_WIDTH).replace(" ", "")
    numbers = _NUMBER.findall(plain)
    return Decimal(numbers[0]) if len(numbers) == 1 else None


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")


def numeric_targets(view: IndicatorView) -> dict[int, Decimal]:
    """The years whose target states a number, with that number."""
    numbers = {year: target_number(text) for year, text in sorted(view.targets.items())}
    return {year: number for year, number in numbers.items() if number is not None}


def numeric_reported(values: Mapping[int, ReportedValue]) -> dict[int, Decimal]:
    """The years whose reported value is a number, with that number."""
    return {year: v.value for year, v in sorted(values.items()) if v.value is not None}


def chartable(
    views: Sequence[IndicatorView], reported: Reported | None = None
) -> list[IndicatorView]:
    """The indicators with at least one numeric target or reported value."""
    reported = reported or {}
    return [
        view
        for view in views
        if numeric_targets(view) or numeric_reported(reported.get(view.id, {}))
    ]


def indicator_search(plan: str | None, indicator: str | None) -> str:
    """The query string that carries the chosen plan and indicator."""
    params = {INDICATOR_PLAN_PARAM: plan, INDICATOR_PARAM: indicator}
    kept = {key: value for key, value in params.items() if value}
    return f"?{urlencode(kept)}" if kept else ""


def indicator_figure(
    view: IndicatorView, reported: Mapping[int, ReportedValue] | None = None
) -> go.Figure:
    """The indicator's numeric targets per year, each point labelled as written, and the
    values reported for it beside them (a second line, when any is a number)."""
    numbers = numeric_targets(view)
    years = list(numbers)
    figure = go.Figure(
        go.Scatter(
            x=years,
            y=[float(numbers[year]) for year in years],
            text=[view.targets[year] for year in years],
            name=t("目标"),
            mode="lines+markers+text",
            textposition="top center",
            hovertemplate=t("%{x}年：%{text}<extra></extra>"),
        )
    )
    actual = numeric_reported(reported or {})
    if actual:
        values = reported or {}
        figure.add_trace(
            go.Scatter(
                x=list(actual),
                y=[float(number) for number in actual.values()],
                text=[values[year].value_raw for year in actual],
                name=t("实际"),
                mode="lines+markers+text",
                textposition="bottom center",
                line={"color": "#c0392b"},
                hovertemplate=t("%{x}年实际：%{text}<extra></extra>"),
            )
        )
    unit = t("（{unit}）", unit=view.unit) if view.unit else ""
    figure.update_layout(
        title=f"{view.seq}. {view.name}{unit}",
        xaxis={"title": t("年份"), "dtick": 1},
        yaxis={"title": view.unit},
        margin={"t": 50, "l": 60, "r": 20, "b": 40},
        height=320,
    )
    return figure
