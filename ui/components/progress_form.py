"""The 项目库 detail panel's progress form: a project's reported years, and one more.

Saving stores one report dated today through the same service a workbook import uses
(``workspace.actuals``): earlier reports stay as they were, and the audit trail records it.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from portfolio.access import PermissionDeniedError
from portfolio.actuals import ProjectActuals
from portfolio.errors import PortfolioError
from portfolio.services.actuals import ActualInput
from ui import ids
from ui.components.progress_views import (
    parse_progress,
    progress_labels,
    progress_rows,
    progress_summary,
    status_options,
    today,
)
from ui.context import current_actor, current_workspace
from ui.i18n import export_lang


def progress_form(
    project_id: int,
    window: tuple[int, int] | None,
    total_wan: int | None,
    actuals: ProjectActuals | None,
    *,
    editable: bool,
) -> html.Div:
    """The project's reported years and, for a role that may edit, a row to add one."""
    labels = progress_labels()
    fields = (
        [
            dbc.Row(
                [
                    _field(ids.PROGRESS_YEAR, ids.PROGRESS_YEAR_FEEDBACK, labels["year"], 2),
                    _field(ids.PROGRESS_SPEND, ids.PROGRESS_SPEND_FEEDBACK, labels["spend"], 3),
                    dbc.Col(
                        [
                            dbc.Label(labels["status"], html_for=ids.PROGRESS_STATUS),
                            dbc.Select(
                                id=ids.PROGRESS_STATUS,
                                options=[{"value": "", "label": "-"}, *status_options()],
                                value="",
                            ),
                        ],
                        md=2,
                    ),
                    _field(ids.PROGRESS_NOTE, None, labels["note"], 3),
                ],
                className="mb-2",
            ),
            dbc.Button(labels["save"], id=ids.PROGRESS_SAVE, color="primary"),
            dbc.Alert(id=ids.PROGRESS_MESSAGE, is_open=False, className="mt-2 mb-0"),
        ]
        if editable and window is not None
        else [html.P(labels["read_only"], className="small")]
        if not editable
        else []
    )
    return html.Div(
        [
            dcc.Store(id=ids.PROGRESS_PROJECT, data=[project_id, window, total_wan]),
            html.H6(labels["title"]),
            html.P(labels["hint"], className="text-muted small"),
            html.P(progress_summary(actuals, total_wan), id=ids.PROGRESS_SUMMARY),
            html.Div(_table(progress_rows(actuals)), id=ids.PROGRESS_TABLE),
            *fields,
        ],
        className="border-top pt-3 mt-3",
    )


def _field(component_id: str, feedback_id: str | None, label: str, width: int) -> dbc.Col:
    parts: list[Any] = [
        dbc.Label(label, html_for=component_id),
        dbc.Input(id=component_id, type="text"),
    ]
    if feedback_id is not None:
        parts.append(dbc.FormFeedback(id=feedback_id, type="invalid"))
    return dbc.Col(parts, md=width)


def _table(rows: list[dict[str, Any]]) -> Any:
    if not rows:
        return html.Div()
    labels = progress_labels()
    keys = ("year", "spend", "note", "source")
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(labels[k]) for k in keys])),
            html.Tbody([html.Tr([html.Td(str(row[k])) for k in keys]) for row in rows]),
        ],
        bordered=True,
        size="sm",
        className="small",
    )


# Registered by the 项目库 page module (``callback(**SAVE_PROGRESS)(save_progress)``): Dash
# re-runs page modules for every app it makes, not this one.
SAVE_PROGRESS: dict[str, Any] = dict(
    output={
        "year_invalid": Output(ids.PROGRESS_YEAR, "invalid"),
        "year_feedback": Output(ids.PROGRESS_YEAR_FEEDBACK, "children"),
        "spend_invalid": Output(ids.PROGRESS_SPEND, "invalid"),
        "spend_feedback": Output(ids.PROGRESS_SPEND_FEEDBACK, "children"),
        "message": Output(ids.PROGRESS_MESSAGE, "children"),
        "color": Output(ids.PROGRESS_MESSAGE, "color"),
        "is_open": Output(ids.PROGRESS_MESSAGE, "is_open"),
        "summary": Output(ids.PROGRESS_SUMMARY, "children"),
        "table": Output(ids.PROGRESS_TABLE, "children"),
    },
    inputs={
        "save": Input(ids.PROGRESS_SAVE, "n_clicks"),
        "project": State(ids.PROGRESS_PROJECT, "data"),
        "year": State(ids.PROGRESS_YEAR, "value"),
        "spend": State(ids.PROGRESS_SPEND, "value"),
        "status": State(ids.PROGRESS_STATUS, "value"),
        "note": State(ids.PROGRESS_NOTE, "value"),
    },
    prevent_initial_call=True,
)


def save_progress(
    save: int | None,
    project: list[Any],
    year: str | None,
    spend: str | None,
    status: str | None,
    note: str | None,
) -> dict[str, Any]:
    """Check the row; store it as today's report of this project when all is valid."""
    if not save:
        raise PreventUpdate
    project_id, window, total_wan = project
    labels = progress_labels()
    form = parse_progress(year, spend, status, note, window=tuple(window))
    response: dict[str, Any] = {
        "year_invalid": "year" in form.errors,
        "year_feedback": form.errors.get("year", ""),
        "spend_invalid": "spend" in form.errors,
        "spend_feedback": form.errors.get("spend", ""),
        "is_open": True,
        "summary": dash.no_update,
        "table": dash.no_update,
    }
    if form.errors or form.year is None:
        return response | {"message": labels["not_saved"], "color": "danger"}
    workspace = current_workspace()
    date = today()
    row = ActualInput(project_id, form.year, form.spend_wan, form.status, note=form.note)
    try:
        workspace.actuals.record(date, [row], actor=current_actor())
    except PermissionDeniedError as exc:
        return response | {"message": exc.message(export_lang()), "color": "danger"}
    except PortfolioError as exc:
        return response | {"message": str(exc), "color": "danger"}
    actuals = workspace.actuals.at().get(project_id)
    return response | {
        "message": labels["saved"].format(date=date.isoformat()),
        "color": "success",
        "summary": progress_summary(actuals, total_wan),
        "table": _table(progress_rows(actuals)),
    }
