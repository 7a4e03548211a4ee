"""The project-settings form of the 项目库 detail panel (Dash components only)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from portfolio.project_settings import StoredSettings
from ui import ids
from ui.settings_views import form_values, settings_labels, settings_summary, stored_by

INVALID_CHECK = "is-invalid"  # Bootstrap's class for a checkbox with a problem


def settings_form(
    project_id: int, stored: StoredSettings, *, counted: bool = True, editable: bool = True
) -> html.Div:
    """Priority, must fund, locked, excluded, max delay; save and reset; room for messages.

    ``editable`` is false for a person whose role may not change settings (a viewer): the
    fields are shown disabled, without the buttons, and a line says why.

    ``counted`` is false for the second row of a project standing in two plans: scenarios
    schedule the other row, so the form says that these settings do not reach them.

    The number fields are text inputs so that what was typed reaches the server as typed and
    is refused with a message, rather than silently dropped by the browser. The version the
    form shows is kept with it: a save is based on it, so a colleague's save in between is
    not overwritten."""
    labels = settings_labels()
    settings = stored.settings
    values = form_values(settings)

    def number(component_id: str, feedback_id: str, name: str, value: str, **extra: str) -> dbc.Col:
        return dbc.Col(
            [
                dbc.Label(labels[name], html_for=component_id),
                dbc.Input(
                    id=component_id,
                    type="text",
                    inputmode="numeric",
                    value=value,
                    disabled=not editable,
                    **extra,
                ),
                dbc.FormFeedback(id=feedback_id, type="invalid"),
            ],
            md=3,
        )

    def check(component_id: str, name: str, value: bool) -> dbc.Checkbox:
        return dbc.Checkbox(id=component_id, label=labels[name], value=value, disabled=not editable)

    return html.Div(
        [
            dcc.Store(id=ids.SETTINGS_PROJECT, data=project_id),
            dcc.Store(id=ids.SETTINGS_VERSION, data=stored.version),
            html.H6(labels["title"]),
            html.P(labels["hint"], className="text-muted small"),
            *([] if counted else [dbc.Alert(labels["not_counted"], color="warning")]),
            dbc.Row(
                [
                    number(
                        ids.SETTINGS_PRIORITY,
                        ids.SETTINGS_PRIORITY_FEEDBACK,
                        "priority",
                        values.priority,
                    ),
                    dbc.Col(
                        [
                            check(ids.SETTINGS_MUST_FUND, "must_fund", values.must_fund),
                            check(ids.SETTINGS_LOCKED, "locked", values.locked),
                            check(ids.SETTINGS_EXCLUDED, "excluded", values.excluded),
                            html.Div(
                                id=ids.SETTINGS_EXCLUDED_FEEDBACK,
                                className="invalid-feedback d-block",
                            ),
                        ],
                        md=3,
                    ),
                    number(
                        ids.SETTINGS_MAX_DELAY,
                        ids.SETTINGS_MAX_DELAY_FEEDBACK,
                        "max_delay",
                        values.max_delay,
                        placeholder=labels["max_delay_placeholder"],
                    ),
                ],
                className="mb-2",
            ),
            *(
                [
                    dbc.Button(
                        labels["save"], id=ids.SETTINGS_SAVE, color="primary", className="me-2"
                    ),
                    dbc.Button(
                        labels["reset"], id=ids.SETTINGS_RESET, color="secondary", outline=True
                    ),
                ]
                if editable
                else [html.P(labels["read_only"], id=ids.SETTINGS_READ_ONLY, className="small")]
            ),
            dbc.Alert(id=ids.SETTINGS_MESSAGE, is_open=False, className="mt-2 mb-0"),
            html.P(
                [labels["stored"], html.Span(settings_summary(settings), id=ids.SETTINGS_SUMMARY)],
                className="mt-2 mb-0 text-muted",
            ),
            html.P(stored_by(stored), id=ids.SETTINGS_STORED_BY, className="small text-muted"),
        ],
        className="border-top pt-3 mt-3",
    )
