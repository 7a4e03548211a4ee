"""The 进度 page's parts for one choice of report date, scope and threshold (the page module
lays them out; ``callbacks.py`` redraws them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash_ag_grid as dag
from dash import html

from portfolio.formatting import rate_text, yi_text
from portfolio.progress import ScopeKind
from portfolio.services.progress import Progress, progress
from ui.context import current_workspace
from ui.i18n import later, t
from ui.pages.progress.views import (
    SCOPE_LABELS,
    ProgressQuery,
    curve_figure,
    finding_counts,
    finding_rows,
    ordered,
    ordered_projects,
    project_columns,
    project_rows,
    scope_options,
    shown_query,
    year_columns,
    year_rows,
)

NO_REPORT = later(
    "尚未导入实际完成情况：使用 portfolio import-actuals 文件.xlsx 导入各项目每年的实际完成投资"
    "和状态（每次导入为一个报告，带报告日期），此页即显示计划与实际的对比。"
)

Rows = list[dict[str, Any]]
MOST_FINDINGS, MOST_ROWS = 10, 20  # rows a grid shows at once; it scrolls beyond


@dataclass(frozen=True)
class Content:
    """What the page shows for one choice."""

    query: ProgressQuery  # as shown: the date shown, a scope's key that names something
    progress: Progress
    options: list[dict[str, str]]  # the scope's plans, places or projects
    summary: str
    figure: Any
    table_title: Any  # 各项目 with a hint, or 各年 for one project
    table_columns: list[dict[str, object]]
    table_rows: Rows
    finding_count: str
    finding_rows: Rows


def content(query: ProgressQuery) -> Content:
    """The page's parts for ``query`` (empty ones when no report is stored)."""
    shown = progress(current_workspace(), query.report_date)
    query = shown_query(shown, query)
    options = scope_options(shown, query.scope.kind)
    if not shown.has_reports:
        return Content(query, shown, options, "", {}, None, [], [], "", [])
    title, columns, rows = _table(shown, query)
    count, found = _findings(shown, query)
    return Content(
        query=query,
        progress=shown,
        options=options,
        summary=_summary(shown, query),
        figure=curve_figure(shown.curve(query.scope), _title(query, options)),
        table_title=title,
        table_columns=columns,
        table_rows=rows,
        finding_count=count,
        finding_rows=found,
    )


def _title(query: ProgressQuery, options: list[dict[str, str]]) -> str:
    name = next((o["label"] for o in options if o["value"] == query.scope.key), "")
    where = name or t(SCOPE_LABELS[ScopeKind.ALL])
    return t("{where}：计划与实际累计投资（亿元）", where=where)


def _summary(shown: Progress, query: ProgressQuery) -> str:
    projects = shown.in_scope(query.scope)
    curve = shown.curve(query.scope)
    reported = sum(1 for p in projects if p.actuals is not None)
    return t(
        "报告日期 {date}，实际数报至 {year} 年：{reported}/{n} 个项目有报告；"
        "至 {year} 年计划 {planned} 亿元（其中有报告的项目 {reported_planned} 亿元），"
        "实际 {actual} 亿元；"
        "完成率 {rate}（实际累计 / 计划总投资 {total} 亿元）。",
        date=shown.report_date.isoformat() if shown.report_date else "-",
        year=shown.through_year or "-",
        reported=reported,
        n=len(projects),
        planned=yi_text(curve.planned_to_date()),
        reported_planned=yi_text(curve.planned_to_date(reported=True)),
        actual=yi_text(curve.actual_to_date()),
        rate=rate_text(curve.completion()),
        total=yi_text(curve.total_wan),
    )


def _table(shown: Progress, query: ProgressQuery) -> tuple[Any, list[dict[str, object]], Rows]:
    """The table's title, columns and rows: a project's years, or the scope's projects."""
    if query.scope.kind is ScopeKind.PROJECT:
        project = shown.project(int(query.scope.key)) if query.scope.key.isdigit() else None
        rows: Rows = [] if project is None else list(year_rows(project, shown.through_year))
        return html.H4(t("各年")), year_columns(), rows
    hints = [t("有报告的项目在前。悬停“实际至今”可见各年实际数的来源（报告文件、工作表、行）。")]
    if query.scope.kind is ScopeKind.COUNTY:
        hints.append(t("表中为项目全额；曲线为各项目在该县（市、区）的份额。"))
    title = [
        html.H4(t("各项目")),
        *(html.P(hint, className="small text-muted mb-1") for hint in hints),
    ]
    projects = ordered_projects(shown.in_scope(query.scope))
    return title, project_columns(), list(project_rows(projects, shown.through_year))


def _findings(shown: Progress, query: ProgressQuery) -> tuple[str, Rows]:
    """The findings' count per kind, and their rows."""
    found = ordered(shown.findings(query.scope, query.threshold_pct))
    if not found:
        return t("没有发现：计划与实际之差都在阈值以内。"), []
    projects = {p.project_id: p for p in shown.projects}
    counts = t("；").join(f"{label} {n}" for label, n in finding_counts(found).items())
    return (
        t("共 {n} 条：{counts}", n=len(found), counts=counts),
        list(finding_rows(found, projects)),
    )


ROW_PX, HEADER_PX = 42, 64  # a grid row's height, and its header's (two lines of text)


def grid_style(rows: int, most: int) -> dict[str, str]:
    """A grid as tall as its rows, up to ``most`` of them (it scrolls beyond)."""
    return {"height": f"{HEADER_PX + ROW_PX * min(max(rows, 1), most) + 4}px"}


def grid(grid_id: str, columns: list[dict[str, object]], rows: Rows, most: int) -> dag.AgGrid:
    """A grid of ``rows``: sortable, filterable, columns sized to the page, headers whole."""
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        columnSize="responsiveSizeToFit",
        dashGridOptions={"animateRows": False, "tooltipShowDelay": 300},
        style=grid_style(len(rows), most),
    )
