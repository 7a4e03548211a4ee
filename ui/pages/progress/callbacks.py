"""The 进度 page's callbacks: thin wiring from the page's inputs to its parts. Each callback
names its outputs (a dict of ``Output``) and returns a dict.

The page module calls :func:`register` each time Dash loads it, so every app gets them.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, callback, ctx

from ui import ids
from ui.i18n import keep_lang
from ui.pages.progress.layout import MOST_FINDINGS, MOST_ROWS, content, grid_style
from ui.pages.progress.views import progress_query, search_for_progress


def choose(
    date: str | None, by: str | None, key: str | None, threshold: float | None
) -> dict[str, Any]:
    """Show the chosen report date, scope and threshold, and put them in the URL to share.

    Another kind of scope names other things: choosing one starts from its first."""
    if ctx.triggered_id == ids.PROGRESS_BY:
        key = None
    shown = content(progress_query(date, by, key, threshold))
    return {
        "options": shown.options,
        "key": shown.query.scope.key or None,
        "key_disabled": not shown.options,
        "summary": shown.summary,
        "figure": shown.figure,
        "table_title": shown.table_title,
        "table_columns": shown.table_columns,
        "table_rows": shown.table_rows,
        "table_style": grid_style(len(shown.table_rows), MOST_ROWS),
        "finding_count": shown.finding_count,
        "findings_style": grid_style(len(shown.finding_rows), MOST_FINDINGS),
        "findings": shown.finding_rows,
        "search": keep_lang(search_for_progress(shown.query)),
    }


def register() -> None:
    """Register the page's callbacks with the app being built."""
    callback(
        output={
            "options": Output(ids.PROGRESS_KEY, "options"),
            "key": Output(ids.PROGRESS_KEY, "value"),
            "key_disabled": Output(ids.PROGRESS_KEY, "disabled"),
            "summary": Output(ids.PROGRESS_SUMMARY, "children"),
            "figure": Output(ids.PROGRESS_CURVE, "figure"),
            "table_title": Output(ids.PROGRESS_TABLE_TITLE, "children"),
            "table_columns": Output(ids.PROGRESS_TABLE, "columnDefs"),
            "table_rows": Output(ids.PROGRESS_TABLE, "rowData"),
            "table_style": Output(ids.PROGRESS_TABLE, "style"),
            "finding_count": Output(ids.PROGRESS_FINDING_COUNT, "children"),
            "findings_style": Output(ids.PROGRESS_FINDINGS, "style"),
            "findings": Output(ids.PROGRESS_FINDINGS, "rowData"),
            "search": Output(ids.PROGRESS_LOCATION, "search"),
        },
        inputs={
            "date": Input(ids.PROGRESS_DATE, "value"),
            "by": Input(ids.PROGRESS_BY, "value"),
            "key": Input(ids.PROGRESS_KEY, "value"),
            "threshold": Input(ids.PROGRESS_THRESHOLD, "value"),
        },
        prevent_initial_call=True,
    )(choose)
