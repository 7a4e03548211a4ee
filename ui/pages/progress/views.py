"""Pure functions behind the 进度 page: the page's choices, the S-curve, the rows of its
tables. Figures come from :class:`~portfolio.services.progress.Progress` (the one service of
planned against actual); money stays integer 万元 until :func:`yi_text` writes it, rates
exact until :func:`rate_text` does. Nothing here touches Dash callbacks or the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from urllib.parse import parse_qs, urlencode

import plotly.graph_objects as go

from portfolio.cells import WAN_PER_YI
from portfolio.formatting import rate_text, yi_text
from portfolio.i18n import gettext
from portfolio.progress import (
    DEFAULT_THRESHOLD_PCT,
    EVERYTHING,
    Curve,
    FindingKind,
    ProgressFinding,
    ProjectProgress,
    Scope,
    ScopeKind,
)
from portfolio.progress_words import PLANNED_BY_LABELS, finding_label, finding_text
from portfolio.services.progress import Progress
from ui.i18n import export_lang, later, t

SCOPE_LABELS: dict[ScopeKind, str] = {
    ScopeKind.ALL: later("全部"),
    ScopeKind.PLAN: later("规划"),
    ScopeKind.COUNTY: later("县（市、区）"),
    ScopeKind.PROJECT: later("项目"),
}
PROVINCE_WIDE = later("全省")  # the places of a province-wide project (as the listings say)
# ``meta`` of the curves, for tests: planned (all projects, and those with a report), actual.
PLANNED_META, REPORTED_PLANNED_META, ACTUAL_META = "planned", "reported-planned", "actual"
# The order findings are listed in: money first, then dates, then what is missing.
FINDING_ORDER = (
    FindingKind.OVERRUN_TOTAL,
    FindingKind.UNDERRUN_COMPLETED,
    FindingKind.OVERRUN_YEAR,
    FindingKind.UNDERRUN_YEAR,
    FindingKind.LATE_START,
    FindingKind.NOT_COUNTED,
    FindingKind.NOT_REPORTED,
)


@dataclass(frozen=True)
class ProgressQuery:
    """The page's choices as its URL carries them."""

    report_date: dt.date | None = None  # None: the latest report
    scope: Scope = EVERYTHING
    threshold_pct: int = DEFAULT_THRESHOLD_PCT


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _threshold(value: str | int | float | None) -> int:
    try:
        number = int(value) if value not in (None, "") else DEFAULT_THRESHOLD_PCT
    except (TypeError, ValueError):
        return DEFAULT_THRESHOLD_PCT
    return min(100, max(0, number))


def progress_query(
    date: str | None,
    by: str | None,
    key: str | None = None,
    threshold: str | int | float | None = None,
) -> ProgressQuery:
    """The choices of the URL's ``date``, ``by``, ``key`` and ``threshold`` (anything else
    or nothing: the latest report, everything, 20%)."""
    try:
        kind = ScopeKind(by or ScopeKind.ALL)
    except ValueError:
        kind = ScopeKind.ALL
    key = (key or "").strip() if kind is not ScopeKind.ALL else ""
    return ProgressQuery(_date(date), Scope(kind, key), _threshold(threshold))


def progress_query_from_search(search: str | None) -> ProgressQuery:
    """The choices of a query string such as ``?date=2025-12-31&by=county&key=晋江市``."""
    params = {key: values[0] for key, values in parse_qs((search or "").lstrip("?")).items()}
    return progress_query(
        params.get("date"), params.get("by"), params.get("key"), params.get("threshold")
    )


def search_for_progress(query: ProgressQuery) -> str:
    """The query string that carries ``query`` (defaults left out)."""
    params: dict[str, str] = {}
    if query.report_date is not None:
        params["date"] = query.report_date.isoformat()
    if query.scope.kind is not ScopeKind.ALL:
        params["by"] = query.scope.kind.value
        params["key"] = query.scope.key
    if query.threshold_pct != DEFAULT_THRESHOLD_PCT:
        params["threshold"] = str(query.threshold_pct)
    return f"?{urlencode(params)}" if params else ""


def shown_query(progress: Progress, query: ProgressQuery) -> ProgressQuery:
    """``query`` as it can be shown: a scope's key that names nothing falls back to the first
    of its kind (everything when the kind has none)."""
    keys = [option["value"] for option in scope_options(progress, query.scope.kind)]
    scope = query.scope
    if scope.kind is not ScopeKind.ALL and scope.key not in keys:
        scope = Scope(scope.kind, keys[0]) if keys else Scope()
    return ProgressQuery(progress.report_date, scope, query.threshold_pct)


def scope_options(progress: Progress, kind: ScopeKind) -> list[dict[str, str]]:
    """The plans, places or projects one can look at (nothing for 全部)."""
    if kind is ScopeKind.PLAN:
        return [{"label": plan, "value": plan} for plan in progress.plans()]
    if kind is ScopeKind.COUNTY:
        return [
            {"label": f"{progress.city_of.get(place, place)} {place}".strip(), "value": place}
            if progress.city_of.get(place, place) != place
            else {"label": place, "value": place}
            for place in progress.counties()
        ]
    if kind is ScopeKind.PROJECT:
        return [
            {"label": f"{p.name}（{p.plan} {p.table} {p.seq}）", "value": str(p.project_id)}
            for p in progress.projects
        ]
    return []


def date_options(progress: Progress) -> list[dict[str, str]]:
    """The reports' dates, the latest first."""
    return [{"label": d.isoformat(), "value": d.isoformat()} for d in progress.report_dates]


def _yi(wan: int) -> float:
    # Plotly draws floats; the exact text goes in the hover label and in the tables.
    return float(Decimal(wan) / WAN_PER_YI)


def curve_figure(curve: Curve, title: str) -> go.Figure:
    """The S-curves: planned and actual spend added up year by year (亿元); the actual
    curve ends at the last year reported."""
    years = curve.years()
    figure = go.Figure()
    planned: list[int | None] = list(curve.cumulative_planned(years))
    actual = curve.cumulative_actual(years)
    lines: list[tuple[str, str, list[int | None], dict[str, object]]] = [
        (t("计划"), PLANNED_META, planned, {"color": "#888", "dash": "dash"}),
    ]
    if curve.reported_planned != curve.planned:
        # Some projects have not reported: their plan beside what those that did spent.
        reported: list[int | None] = list(curve.cumulative_planned(years, reported=True))
        lines.append(
            (
                t("计划（有报告的项目）"),
                REPORTED_PLANNED_META,
                reported,
                {"color": "#1f4e79", "dash": "dot"},
            )
        )
    lines.append((t("实际"), ACTUAL_META, actual, {"color": "#c0392b", "width": 3}))
    for name, meta, values, line in lines:
        known = [(year, v) for year, v in zip(years, values, strict=True) if v is not None]
        figure.add_trace(
            go.Scatter(
                name=name,
                meta=meta,
                x=[year for year, _ in known],
                y=[_yi(v) for _, v in known],
                customdata=[yi_text(v) for _, v in known],
                mode="lines+markers",
                line=line,
                hovertemplate=t(
                    "{name}<br>至%{{x}}年累计：%{{customdata}} 亿元<extra></extra>", name=name
                ),
            )
        )
    if curve.through_year is not None and years:
        figure.add_vline(x=curve.through_year, line={"color": "#bbb", "dash": "dot"})
    figure.update_layout(
        title=title,
        xaxis={"title": t("年份"), "dtick": 1},
        yaxis={"title": t("亿元"), "rangemode": "tozero"},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        margin={"t": 60, "l": 60, "r": 20, "b": 40},
        height=380,
    )
    return figure


def status_text(project: ProjectProgress) -> str:
    """The project's latest reported status; 未报告 without a report."""
    if project.actuals is None:
        return t("未报告")
    status = project.status
    return "-" if status is None else gettext(export_lang(), status.label)


def _deviation(actual: int, planned: int) -> str:
    """``+0.5（+12.5%）``: actual less planned in 亿元, and against planned."""
    wan = actual - planned
    sign = "+" if wan > 0 else ""
    rate = rate_text(Fraction(wan, planned), signed=True) if planned else "-"
    return t("{amount}（{rate}）", amount=f"{sign}{yi_text(wan)}", rate=rate)


def project_rows(
    projects: Sequence[ProjectProgress], through: int | None
) -> list[dict[str, str | int | float | None]]:
    """One row per project: planned and actual to date (亿元), completion rate, status, last
    report and deviation; ``sources`` says where each reported year's figure came from.

    Each amount is there twice: as exact text (``planned``) and in 万元 to sort by
    (``planned_wan``; None where unknown); the completion rate too (``completion_value``).
    """
    rows: list[dict[str, str | int | float | None]] = []
    for p in projects:
        planned, actual = p.planned_through(through), p.actual_through(through)
        reported = p.actuals is not None
        completion = p.completion() if reported else None
        rows.append(
            {
                "id": str(p.project_id),
                "name": p.name,
                "table": f"{p.plan} {p.table} {p.seq}",
                "places": t(p.places) if p.places == PROVINCE_WIDE else p.places,
                "total": yi_text(p.total_wan),
                "total_wan": p.total_wan,
                "planned": yi_text(planned),
                "planned_wan": planned,
                "actual": yi_text(actual) if reported else "-",
                "actual_wan": actual if reported else None,
                "completion": rate_text(completion),
                "completion_value": None if completion is None else float(completion),
                "status": status_text(p),
                "last": p.actuals.last_reported.isoformat()
                if p.actuals and p.actuals.last_reported
                else "-",
                "deviation": _deviation(actual, planned) if reported else "-",
                "deviation_wan": actual - planned if reported else None,
                "sources": sources_text(p.actuals.sources if p.actuals else {}),
            }
        )
    return rows


def sources_text(sources: Mapping[int, str]) -> str:
    """Where each year's actual came from: ``2023年：进度.xlsx · 实际 · 第5行；2024年：…``."""
    return t("；").join(
        t("{year}年：{source}", year=y, source=s) for y, s in sorted(sources.items())
    )


def year_rows(project: ProjectProgress, through: int | None) -> list[dict[str, str]]:
    """One project's years: planned, actual, deviation and where each figure came from."""
    sources = project.actuals.sources if project.actuals else {}
    planned_by = (
        gettext(export_lang(), PLANNED_BY_LABELS[project.planned_by]) if project.planned_by else ""
    )
    years = sorted(set(project.planned) | set(project.actual) | set(sources))
    rows = []
    for year in years:
        planned = project.planned.get(year, 0)
        known = year in project.actual or year in sources
        actual = project.actual.get(year, 0)
        rows.append(
            {
                "year": str(year),
                "planned": yi_text(planned),
                "actual": yi_text(actual) if known else "-",
                "deviation": _deviation(actual, planned) if known else "-",
                "source": sources.get(year, "")
                or ("" if through is None or year > through else t("未报告")),
                "planned_by": planned_by if year in project.planned else "",
            }
        )
    return rows


def ordered(findings: Sequence[ProgressFinding]) -> list[ProgressFinding]:
    """The findings as listed: by kind (money, then dates, then what is missing), each kind
    in the plans' document order."""
    return sorted(findings, key=lambda f: FINDING_ORDER.index(f.kind))


def ordered_projects(projects: Sequence[ProjectProgress]) -> list[ProjectProgress]:
    """Projects with a report first, then those without, each in document order."""
    return sorted(projects, key=lambda p: p.actuals is None)


def finding_rows(
    findings: Sequence[ProgressFinding], projects: Mapping[int, ProjectProgress]
) -> list[dict[str, str]]:
    """One row per finding: its project, kind, year, words and where its figure came from."""
    lang = export_lang()
    rows = []
    for f in findings:
        project = projects.get(f.project_id)
        rows.append(
            {
                "kind": f.kind.value,
                "label": finding_label(f.kind, lang),
                "name": f.name,
                "table": f"{project.plan} {project.table} {project.seq}" if project else "",
                "year": "" if f.year is None else str(f.year),
                "text": finding_text(f, lang),
                "source": f.source,
            }
        )
    return rows


def _money_column(field: str, header: str) -> dict[str, object]:
    """A column of amounts: sorted by the exact 万元 (``{field}_wan``), shown as the row's
    exact 亿元 text, filtered in 亿元."""
    return {
        "field": f"{field}_wan",
        "headerName": header,
        "valueFormatter": {"function": f"params.data.{field}"},
        "filter": "agNumberColumnFilter",
        "filterValueGetter": {
            "function": f"params.data.{field}_wan == null ? null : params.data.{field}_wan / 10000"
        },
        "cellClass": "ag-right-aligned-cell",
    }


def project_columns() -> list[dict[str, object]]:
    """The project grid's columns, in the planners' order."""
    return [
        {"field": "name", "headerName": t("项目"), "minWidth": 260, "tooltipField": "name"},
        {
            "field": "table",
            "headerName": t("规划 表 序号"),
            "minWidth": 190,
            "tooltipField": "table",
        },
        {
            "field": "places",
            "headerName": t("所在县（市、区）"),
            "minWidth": 120,
            "tooltipField": "places",
        },
        _money_column("total", t("总投资（亿元）")),
        _money_column("planned", t("计划至今（亿元）")),
        _money_column("actual", t("实际至今（亿元）")) | {"tooltipField": "sources"},
        {
            "field": "completion_value",
            "headerName": t("完成率"),
            "valueFormatter": {"function": "params.data.completion"},
            "filter": False,
            "cellClass": "ag-right-aligned-cell",
        },
        {"field": "status", "headerName": t("状态")},
        {"field": "last", "headerName": t("最近报告")},
        _money_column("deviation", t("偏差（亿元）")) | {"minWidth": 170},
    ]


def year_columns() -> list[dict[str, object]]:
    """The columns of one project's years."""
    return [
        {"field": "year", "headerName": t("年份"), "maxWidth": 110},
        {"field": "planned", "headerName": t("计划（亿元）"), "cellClass": "ag-right-aligned-cell"},
        {"field": "actual", "headerName": t("实际（亿元）"), "cellClass": "ag-right-aligned-cell"},
        {"field": "deviation", "headerName": t("偏差（亿元）")},
        {"field": "source", "headerName": t("实际数来源"), "minWidth": 280},
        {"field": "planned_by", "headerName": t("计划数来源"), "minWidth": 200},
    ]


def finding_columns() -> list[dict[str, object]]:
    """The findings grid's columns."""
    return [
        {"field": "label", "headerName": t("类型"), "maxWidth": 140},
        {"field": "name", "headerName": t("项目"), "tooltipField": "name"},
        {"field": "table", "headerName": t("规划 表 序号"), "minWidth": 190, "maxWidth": 220},
        {"field": "text", "headerName": t("说明"), "minWidth": 380, "tooltipField": "text"},
        {"field": "source", "headerName": t("来源"), "tooltipField": "source"},
    ]


def finding_counts(findings: Sequence[ProgressFinding]) -> dict[str, int]:
    """How many findings of each kind (by the kind's label), most first."""
    counts: dict[str, int] = {}
    for f in findings:
        label = finding_label(f.kind, export_lang())
        counts[label] = counts.get(label, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))
