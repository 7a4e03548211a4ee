"""进度 Progress: planned against actual spend at a report date, over everything, one plan,
one county or one project: the S-curves, the projects (or the project's years) and what
differs beyond a threshold.

The URL carries the view (``?date=2025-12-31&by=county&key=晋江市&threshold=20``) so it can
be shared. The callbacks are in ``callbacks.py``, the parts in ``layout.py``, the pure views
in ``views.py``.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from ui import ids
from ui.components.dropdown import dropdown
from ui.i18n import page_title, t
from ui.pages.progress import callbacks
from ui.pages.progress.layout import (
    MOST_FINDINGS,
    MOST_ROWS,
    NO_REPORT,
    Content,
    content,
    grid,
)
from ui.pages.progress.views import (
    SCOPE_LABELS,
    date_options,
    finding_columns,
    progress_query,
)

dash.register_page(__name__, path="/progress", name="进度", title=page_title("进度"), order=8)  # type: ignore[no-untyped-call]

callbacks.register()


def layout(
    date: str | None = None,
    by: str | None = None,
    key: str | None = None,
    threshold: str | None = None,
    **_query: str,
) -> html.Div:
    """Planned against actual for ``?date=…&by=…&key=…&threshold=…`` (the latest report,
    everything, 20% when absent)."""
    shown = content(progress_query(date, by, key, threshold))
    empty = not shown.progress.has_reports
    return html.Div(
        [
            dcc.Location(id=ids.PROGRESS_LOCATION, refresh=False),
            html.H2(t("进度")),
            html.P(
                t(
                    "计划为规划的年度安排（已存年度安排，否则总投资按起止年份平均分摊），"
                    "实际为各报告的实际完成投资：每个项目每年取报告日期及以前最近一次报告。"
                ),
                className="text-muted",
            ),
            dbc.Alert(t(NO_REPORT), id=ids.PROGRESS_EMPTY, color="info", is_open=empty),
            html.Div(_controls(shown), hidden=empty),
            html.Div(_body(shown), id=ids.PROGRESS_BODY, hidden=empty),
        ],
        className="container-fluid",
    )


def _controls(shown: Content) -> dbc.Row:
    query = shown.query
    return dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label(t("报告日期"), html_for=ids.PROGRESS_DATE),
                    dropdown(
                        id=ids.PROGRESS_DATE,
                        options=date_options(shown.progress),
                        value=query.report_date.isoformat() if query.report_date else None,
                        clearable=False,
                    ),
                ],
                md=2,
            ),
            dbc.Col(
                [
                    dbc.Label(t("范围")),
                    dbc.RadioItems(
                        id=ids.PROGRESS_BY,
                        options=[
                            {"label": t(label), "value": kind.value}
                            for kind, label in SCOPE_LABELS.items()
                        ],
                        value=query.scope.kind.value,
                        inline=True,
                    ),
                ],
                md=4,
            ),
            dbc.Col(
                [
                    dbc.Label(t("规划、县（市、区）或项目"), html_for=ids.PROGRESS_KEY),
                    dropdown(
                        id=ids.PROGRESS_KEY,
                        options=shown.options,
                        value=query.scope.key or None,
                        clearable=False,
                        disabled=not shown.options,
                    ),
                ],
                md=4,
            ),
            dbc.Col(
                [
                    dbc.Label(t("偏差阈值（%）"), html_for=ids.PROGRESS_THRESHOLD),
                    dbc.Input(
                        id=ids.PROGRESS_THRESHOLD,
                        type="number",
                        min=0,
                        max=100,
                        step=1,
                        value=query.threshold_pct,
                        debounce=True,
                    ),
                ],
                md=2,
            ),
        ],
        className="mb-2 align-items-end",
    )


def _body(shown: Content) -> list[Component]:
    return [
        html.P(shown.summary, id=ids.PROGRESS_SUMMARY),
        dcc.Graph(id=ids.PROGRESS_CURVE, figure=shown.figure, config={"displaylogo": False}),
        html.H4(t("发现"), className="mt-3"),
        html.P(shown.finding_count, id=ids.PROGRESS_FINDING_COUNT, className="small"),
        grid(ids.PROGRESS_FINDINGS, finding_columns(), shown.finding_rows, MOST_FINDINGS),
        html.Div(shown.table_title, id=ids.PROGRESS_TABLE_TITLE, className="mt-4"),
        grid(ids.PROGRESS_TABLE, shown.table_columns, shown.table_rows, MOST_ROWS),
    ]
