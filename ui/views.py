"""Pure functions from the portfolio's DTOs to what the pages show: rows, totals, details.

Nothing here touches Dash or the database, so every figure on a page can be tested alone.
Money stays integer 万元 until it is written as text with :func:`yi_text`.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from portfolio.finding_words import FINDING_KIND_WORDS
from portfolio.formatting import yi_text
from portfolio.project_settings import ProjectSettings
from portfolio.services.queries import (
    FindingView,
    ProjectView,
    TableSummary,
    consolidated_total_wan,
)
from portfolio.services.scenarios import UnknownScenarioError
from ui.i18n import export_lang, later, t
from ui.settings_views import settings_summary

# (field, header) of the portfolio grid, in the planners' order.
PROJECT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("plan", later("规划")),
    ("table", later("表")),
    ("seq", later("序号")),
    ("name", later("项目名称")),
    ("investment", later("总投资（亿元）")),
    ("years", later("起止年限")),
    ("units", later("单位")),
    ("counties", later("所在县（市、区）")),
    ("settings", later("情景设置")),
)

# Pixels a character takes in the grid's font: Chinese (wide) characters about twice a Latin one.
_WIDE_PX, _NARROW_PX = 14, 8
# Room beside a header's text for its sort and filter icons, and a cell's padding.
_HEADER_ICONS_PX, _CELL_PADDING_PX = 64, 28


def text_width_px(text: str) -> int:
    """About how many pixels ``text`` takes in the grid (wide characters count double)."""
    return sum(
        _WIDE_PX if unicodedata.east_asian_width(char) in "WF" else _NARROW_PX for char in text
    )


def project_column_defs(
    rows: Sequence[Mapping[str, object]], headers: Mapping[str, str]
) -> list[dict[str, object]]:
    """The grid's columns: every header whole, and plan keys, tables and row numbers uncut.

    ``headers`` are the (translated) header texts by field. The short key columns are as wide
    as their longest value or header and keep that width; the others share what is left. The
    investment column's cells are right-aligned but its header is not, so that the header's
    text stays beside its own filter icon instead of leaving the icon alone like a column
    without a header.
    """
    defs: list[dict[str, object]] = []
    for field, _ in PROJECT_COLUMNS:
        header = headers[field]
        column: dict[str, object] = {
            "field": field,
            "headerName": header,
            "minWidth": text_width_px(header) + _HEADER_ICONS_PX,
        }
        if field in ("plan", "table", "seq"):
            longest = max((text_width_px(str(row.get(field, ""))) for row in rows), default=0)
            width = max(longest + _CELL_PADDING_PX, text_width_px(header) + _HEADER_ICONS_PX)
            column |= {"width": width, "minWidth": width, "suppressSizeToFit": True}
        if field == "investment":
            column |= {
                "comparator": {"function": "byInvestmentWan"},
                "filter": "agNumberColumnFilter",
                # The filter compares in 亿元; the cell still shows the exact text.
                "filterValueGetter": {
                    "function": "params.data.investment_wan == null ? null"
                    " : params.data.investment_wan / 10000"
                },
                "cellClass": "ag-right-aligned-cell",
            }
        if field == "name":
            column |= {"minWidth": 280, "tooltipField": "name"}
        defs.append(column)
    return defs


# The finding kinds' names, as the workbook says them; an unlisted kind shows its code.
FINDING_LABELS = FINDING_KIND_WORDS

COUNTY_PARAM = "county"
SEARCH_PARAM = "q"


def scenario_problem(exc: UnknownScenarioError) -> str:
    """Why a scenario's run cannot be shown, in the page's language: unknown, never run, or
    its last run has no plan (its outcome said as on the 情景 page)."""
    return exc.message(export_lang())


def years_text(view: ProjectView) -> str:
    """Start and end year as ``2021-2025``; ``*`` marks a start year the plan did not give."""
    start = "-" if view.start_year is None else str(view.start_year)
    if view.start_year_inferred:
        start += "*"
    end = "-" if view.end_year is None else str(view.end_year)
    return f"{start}-{end}"


def places_text(view: ProjectView) -> str:
    """Counties (or, lacking them, cities) joined with 、; 全省 for province-wide rows."""
    return "、".join(view.counties or view.cities) or (t("全省") if view.province_wide else "-")


def project_rows(
    views: Sequence[ProjectView], settings: Mapping[int, ProjectSettings] | None = None
) -> list[dict[str, str | int | None]]:
    """One grid row per project: the shown texts plus ``id`` and ``investment_wan`` for sorting.

    ``investment`` is the exact 亿元 text; ``investment_wan`` the integer the grid sorts by,
    ``None`` when the plan does not give the amount. ``settings`` are the projects' stored
    scenario settings (by id; absent: the defaults).
    """
    stored = settings or {}
    return [
        {
            "id": view.id,
            "plan": view.plan,
            "table": view.table,
            "seq": view.seq,
            "name": view.name,
            "investment": yi_text(view.investment_wan),
            "investment_wan": view.investment_wan,
            "years": years_text(view),
            "units": "、".join(view.units),
            "counties": places_text(view),
            "settings": settings_summary(stored.get(view.id)),
        }
        for view in views
    ]


def county_options(views: Sequence[ProjectView]) -> list[str]:
    """The county-level places that projects stand in, each once, sorted."""
    return sorted({county for view in views for county in view.counties})


def county_from_search(search: str | None) -> str | None:
    """The county of a query string such as ``?county=晋江市`` (None when absent or empty)."""
    values = parse_qs((search or "").lstrip("?")).get(COUNTY_PARAM, [])
    county = values[0].strip() if values else ""
    return county or None


def search_for_county(county: str | None, query: str | None = None) -> str:
    """The query string that carries ``county`` and the search words (``""`` for neither)."""
    params = {COUNTY_PARAM: county, SEARCH_PARAM: (query or "").strip()}
    kept = {key: value for key, value in params.items() if value}
    return f"?{urlencode(kept)}" if kept else ""


def matching(views: Sequence[ProjectView], query: str | None) -> list[ProjectView]:
    """The projects whose name, units, places, plan, table or number hold every word of
    ``query`` (case and width aside: ``ＡＩ`` finds ``AI``); all of them for no words."""
    words = unicodedata.normalize("NFKC", query or "").casefold().split()
    if not words:
        return list(views)

    def text(view: ProjectView) -> str:
        parts = (view.name, view.plan, view.table, view.seq, *view.units, *view.counties)
        return unicodedata.normalize("NFKC", " ".join((*parts, *view.cities))).casefold()

    return [view for view in views if all(word in text(view) for word in words)]


@dataclass(frozen=True)
class OverviewTotals:
    """Headline figures of the whole portfolio."""

    rows: int  # project rows in all plans' tables
    projects: int  # distinct projects: a project standing in two plans counts once
    consolidated_wan: int  # total investment, each such project counted once
    unknown_investment: int  # distinct projects whose plan lists no amount (or has no money column)
    findings: int


def overview_totals(
    projects: Sequence[ProjectView], findings: Sequence[FindingView]
) -> OverviewTotals:
    """Count rows, distinct projects and the consolidated total investment."""
    counted = [view for view in projects if view.counted_in_totals]
    return OverviewTotals(
        rows=len(projects),
        projects=len(counted),
        consolidated_wan=consolidated_total_wan(list(projects)),
        unknown_investment=sum(1 for view in counted if view.investment_wan is None),
        findings=len(findings),
    )


def plan_table_rows(
    summaries: Sequence[TableSummary], projects: Sequence[ProjectView]
) -> list[dict[str, str]]:
    """Rows of the per-plan, per-table summary, each plan closed by a 合计 row.

    Amounts are as the documents give them; ``linked`` counts the rows that stand in another
    plan too and are left out of the consolidated total.
    """
    linked: Counter[tuple[str, str]] = Counter(
        (view.plan, view.table) for view in projects if not view.counted_in_totals
    )
    rows: list[dict[str, str]] = []
    plans = list(dict.fromkeys(summary.plan for summary in summaries))
    for plan in plans:
        tables = [s for s in summaries if s.plan == plan]
        for summary in tables:
            rows.append(
                {
                    "plan": plan,
                    "table": summary.table,
                    "title": summary.title,
                    "projects": str(summary.projects),
                    "unknown": str(summary.unknown_investment) if summary.has_money else "-",
                    "investment": (
                        yi_text(summary.investment_wan) if summary.has_money else "（无金额）"
                    ),
                    "linked": str(linked[(plan, summary.table)]),
                }
            )
        with_money = [s for s in tables if s.has_money]
        rows.append(
            {
                "plan": plan,
                "table": "合计",
                "title": "",
                "projects": str(sum(s.projects for s in tables)),
                "unknown": str(sum(s.unknown_investment for s in with_money)),
                "investment": yi_text(sum(s.investment_wan for s in with_money)),
                "linked": str(sum(n for (p, _), n in linked.items() if p == plan)),
            }
        )
    return rows


def finding_counts(findings: Sequence[FindingView]) -> list[tuple[str, str, int]]:
    """(kind, Chinese label, count) per finding kind, most frequent first."""
    counts = Counter(finding.kind for finding in findings)
    return [
        (kind, t(FINDING_LABELS.get(kind, kind)), count)
        for kind, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


@dataclass(frozen=True)
class FindingLine:
    kind: str
    label: str
    severity: str
    message: str


@dataclass(frozen=True)
class ProjectDetail:
    """What the detail panel shows of one project: its source and its findings."""

    id: int
    name: str
    plan: str
    table: str
    seq: str
    investment: str
    years: str
    source_document: str
    lines: str  # ``12`` or ``12-14``
    source_text: str
    findings: tuple[FindingLine, ...]


def project_detail(view: ProjectView, findings: Sequence[FindingView]) -> ProjectDetail:
    """The project's source document, line range, raw row text and its own findings."""
    start, end = view.source_line_start, view.source_line_end
    own = [finding for finding in findings if finding.project_id == view.id]
    return ProjectDetail(
        id=view.id,
        name=view.name,
        plan=view.plan,
        table=view.table,
        seq=view.seq,
        investment=yi_text(view.investment_wan),
        years=years_text(view),
        source_document=view.source_document
        + (f"（{view.source_sheet}）" if view.source_sheet else ""),
        lines=str(start) if start == end else f"{start}-{end}",
        source_text=view.source_text,
        findings=tuple(
            FindingLine(f.kind, t(FINDING_LABELS.get(f.kind, f.kind)), f.severity, f.message)
            for f in own
        ),
    )


def find_project(views: Sequence[ProjectView], project_id: int) -> ProjectView | None:
    """The project with ``project_id`` among ``views``, if it is there."""
    return next((view for view in views if view.id == project_id), None)
