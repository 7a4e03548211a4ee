"""项目库 Portfolio: every project in a grid, a county filter carried in the URL, row details."""

from __future__ import annotations

from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from portfolio.access import PermissionDeniedError, Right
from portfolio.project_settings import SettingsError, StoredSettings, UnknownProjectError
from portfolio.services.queries import ProjectFilter, ProjectView, UnknownNameError
from portfolio.versions import StaleVersionError
from ui import ids
from ui.components.dropdown import dropdown
from ui.components.progress_form import SAVE_PROGRESS, progress_form, save_progress
from ui.context import current_actor, current_workspace, may
from ui.i18n import export_lang, keep_lang, page_title, t
from ui.settings_form import INVALID_CHECK, settings_form
from ui.settings_views import (
    form_values,
    parse_settings_form,
    service_errors,
    settings_labels,
    settings_summary,
    stored_by,
)
from ui.views import (
    PROJECT_COLUMNS,
    ProjectDetail,
    county_options,
    find_project,
    matching,
    project_column_defs,
    project_detail,
    project_rows,
    search_for_county,
)

dash.register_page(__name__, path="/portfolio", name="项目库", title=page_title("项目库"), order=1)  # type: ignore[no-untyped-call]


def layout(county: str | None = None, q: str | None = None, **_query: str) -> html.Div:
    """The grid, filtered by ``?county=`` and searched by ``?q=`` when the URL carries them."""
    workspace = current_workspace()
    everything = workspace.projects()
    options = county_options(everything)
    views, error = _projects(county, q)
    rows = project_rows(views, workspace.all_project_settings())
    return html.Div(
        [
            # refresh=False: the callback rewrites the query string without reloading the page.
            dcc.Location(id=ids.PROJECTS_LOCATION, refresh=False),
            html.H2(t("项目库")),
            dbc.Row(
                [
                    dbc.Col(
                        dropdown(
                            id=ids.PROJECTS_COUNTY,
                            options=options,
                            value=county if county in options else None,
                            placeholder=t("全部县（市、区）"),
                            clearable=True,
                        ),
                        md=4,
                    ),
                    dbc.Col(
                        dbc.Input(
                            id=ids.PROJECTS_SEARCH,
                            type="search",
                            value=q or "",
                            placeholder=t("搜索：项目名称、单位、地点、表…"),
                            debounce=True,
                        ),
                        md=4,
                    ),
                    dbc.Col(html.Div(_count_text(views), id=ids.PROJECTS_COUNT), md=4),
                ],
                className="mb-2 align-items-center",
            ),
            dbc.Alert(error, id=ids.PROJECTS_ERROR, color="warning", is_open=bool(error)),
            dag.AgGrid(
                id=ids.PROJECTS_GRID,
                rowData=rows,
                # Widths from every project, so that a filter never cuts a plan key.
                columnDefs=project_column_defs(
                    project_rows(everything), {field: t(h) for field, h in PROJECT_COLUMNS}
                ),
                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                getRowId="params.data.id",
                columnSize="responsiveSizeToFit",
                dashGridOptions={"animateRows": False},
                style={"height": "60vh"},
            ),
            html.Div(
                html.P(t("点击一行查看其来源与数据质量提示。"), className="text-muted"),
                id=ids.PROJECTS_DETAIL,
                className="mt-3",
            ),
        ],
        className="container-fluid",
    )


@callback(
    Output(ids.PROJECTS_GRID, "rowData"),
    Output(ids.PROJECTS_COUNT, "children"),
    Output(ids.PROJECTS_ERROR, "children"),
    Output(ids.PROJECTS_ERROR, "is_open"),
    Output(ids.PROJECTS_LOCATION, "search"),
    Input(ids.PROJECTS_COUNTY, "value"),
    Input(ids.PROJECTS_SEARCH, "value"),
    prevent_initial_call=True,
)
def filter_by_county(
    county: str | None, query: str | None = None
) -> tuple[list[dict[str, Any]], str, str, bool, str]:
    """Show the chosen county's projects that match the search, and put both in the URL."""
    views, error = _projects(county, query)
    rows = project_rows(views, current_workspace().all_project_settings())
    search = keep_lang(search_for_county(county, query))
    return rows, _count_text(views), error, bool(error), search


@callback(
    Output(ids.PROJECTS_DETAIL, "children"),
    Input(ids.PROJECTS_GRID, "cellClicked"),
    prevent_initial_call=True,
)
def show_detail(clicked: dict[str, Any] | None) -> html.Div:
    """The clicked project's source lines, raw row text, findings and scenario settings."""
    if not clicked or clicked.get("rowId") is None:
        return html.Div()
    workspace = current_workspace()
    view = find_project(workspace.projects(), int(clicked["rowId"]))
    if view is None:
        return html.Div(t("该项目已不在数据库中。"), className="text-danger")
    detail = project_detail(view, workspace.findings(plan=view.plan))
    form = settings_form(
        view.id,
        workspace.stored_project_settings(view.id),
        counted=view.counted_in_totals,
        editable=may(Right.EDIT_SETTINGS),
    )
    window = (
        (view.start_year, view.end_year)
        if view.start_year is not None and view.end_year is not None
        else None
    )
    progress = progress_form(
        view.id,
        window,
        view.investment_wan,
        workspace.actuals.at().get(view.id),
        editable=may(Right.EDIT_SETTINGS),
    )
    return html.Div(_detail_card(detail, html.Div([form, progress])))


@callback(
    output={
        "priority_invalid": Output(ids.SETTINGS_PRIORITY, "invalid"),
        "priority_feedback": Output(ids.SETTINGS_PRIORITY_FEEDBACK, "children"),
        "max_delay_invalid": Output(ids.SETTINGS_MAX_DELAY, "invalid"),
        "max_delay_feedback": Output(ids.SETTINGS_MAX_DELAY_FEEDBACK, "children"),
        "excluded_class": Output(ids.SETTINGS_EXCLUDED, "input_class_name"),
        "excluded_feedback": Output(ids.SETTINGS_EXCLUDED_FEEDBACK, "children"),
        "message": Output(ids.SETTINGS_MESSAGE, "children"),
        "color": Output(ids.SETTINGS_MESSAGE, "color"),
        "is_open": Output(ids.SETTINGS_MESSAGE, "is_open"),
        "priority": Output(ids.SETTINGS_PRIORITY, "value"),
        "must_fund": Output(ids.SETTINGS_MUST_FUND, "value"),
        "locked": Output(ids.SETTINGS_LOCKED, "value"),
        "excluded": Output(ids.SETTINGS_EXCLUDED, "value"),
        "max_delay": Output(ids.SETTINGS_MAX_DELAY, "value"),
        "summary": Output(ids.SETTINGS_SUMMARY, "children"),
        "stored_by": Output(ids.SETTINGS_STORED_BY, "children"),
        "version": Output(ids.SETTINGS_VERSION, "data"),
        "row": Output(ids.PROJECTS_GRID, "rowTransaction"),
    },
    inputs={
        "save": Input(ids.SETTINGS_SAVE, "n_clicks"),
        "reset": Input(ids.SETTINGS_RESET, "n_clicks"),
        "project_id": State(ids.SETTINGS_PROJECT, "data"),
        "version": State(ids.SETTINGS_VERSION, "data"),
        "priority": State(ids.SETTINGS_PRIORITY, "value"),
        "must_fund": State(ids.SETTINGS_MUST_FUND, "value"),
        "locked": State(ids.SETTINGS_LOCKED, "value"),
        "excluded": State(ids.SETTINGS_EXCLUDED, "value"),
        "max_delay": State(ids.SETTINGS_MAX_DELAY, "value"),
    },
    prevent_initial_call=True,
)
def save_settings(
    save: int | None,
    reset: int | None,
    project_id: int,
    version: int | None,
    priority: str | None,
    must_fund: bool | None,
    locked: bool | None,
    excluded: bool | None,
    max_delay: str | None,
) -> dict[str, Any]:
    """Check the form; store the settings (or the defaults, on reset) only when all is valid
    and nobody saved them since the form was shown.

    Opening a project puts a new form in the page, which makes Dash call this with neither
    button clicked (its grid output was already there): nothing is saved, nothing is said."""
    if not (save or reset):
        raise PreventUpdate
    workspace = current_workspace()
    errors: dict[str, str] = {}
    stored: StoredSettings | None = None
    try:
        if ctx.triggered_id == ids.SETTINGS_RESET:
            stored = workspace.reset_project_settings(
                project_id, based_on=version, actor=current_actor()
            )
        else:
            form = parse_settings_form(priority, must_fund, locked, excluded, max_delay)
            errors = form.errors
            if form.settings is not None:
                stored = workspace.save_project_settings(
                    project_id, form.settings, based_on=version, actor=current_actor()
                )
    except SettingsError as exc:
        errors = service_errors(exc.problems)
    except UnknownProjectError:
        return _settings_response({}, None, settings_labels()["unknown_project"], project_id)
    except (StaleVersionError, PermissionDeniedError) as exc:
        return _settings_response({}, None, exc.message(export_lang()), project_id)
    if stored is None:
        return _settings_response(errors, None, settings_labels()["not_saved"], project_id)
    done = "reset_done" if ctx.triggered_id == ids.SETTINGS_RESET else "saved"
    return _settings_response({}, stored, settings_labels()[done], project_id)


def _settings_response(
    errors: dict[str, str], stored: StoredSettings | None, message: str, project_id: int
) -> dict[str, Any]:
    """The form's outputs: messages next to the bad fields, or the stored values shown."""
    response: dict[str, Any] = {
        "priority_invalid": "priority" in errors,
        "priority_feedback": errors.get("priority", ""),
        "max_delay_invalid": "max_delay" in errors,
        "max_delay_feedback": errors.get("max_delay", ""),
        "excluded_class": INVALID_CHECK if "excluded" in errors else "",
        "excluded_feedback": errors.get("excluded", ""),
        "message": message,
        "color": "success" if stored is not None else "danger",
        "is_open": True,
    }
    if stored is None:
        unchanged = (
            *("priority", "must_fund", "locked", "excluded", "max_delay"),
            *("summary", "stored_by", "version", "row"),
        )
        return response | dict.fromkeys(unchanged, dash.no_update)
    values = form_values(stored.settings)
    view = find_project(current_workspace().projects(), project_id)
    return response | {
        "priority": values.priority,
        "must_fund": values.must_fund,
        "locked": values.locked,
        "excluded": values.excluded,
        "max_delay": values.max_delay,
        "summary": settings_summary(stored.settings),
        "stored_by": stored_by(stored),
        "version": stored.version,
        "row": (
            {"update": project_rows([view], {project_id: stored.settings})}
            if view
            else dash.no_update
        ),
    }


def _projects(county: str | None, query: str | None = None) -> tuple[list[ProjectView], str]:
    """Projects of ``county`` (all when None) matching ``query``; an unknown county shows
    every project and says so."""
    workspace = current_workspace()
    try:
        return matching(workspace.projects(ProjectFilter(county=county)), query), ""
    except UnknownNameError as exc:
        error = exc.message(export_lang())
        return matching(workspace.projects(), query), t("{error}；显示全部项目。", error=error)


def _count_text(views: list[ProjectView]) -> str:
    return t("{n} 个项目", n=len(views))


def _detail_card(detail: ProjectDetail, settings_form: html.Div) -> dbc.Card:
    findings = (
        html.Ul(
            [
                html.Li([dbc.Badge(f.label, color=_badge(f.severity), className="me-2"), f.message])
                for f in detail.findings
            ]
        )
        if detail.findings
        else html.P(t("无数据质量提示。"), className="text-muted")
    )
    return dbc.Card(
        [
            dbc.CardHeader(html.H5(f"{detail.seq}　{detail.name}", className="mb-0")),
            dbc.CardBody(
                [
                    html.P(
                        t(
                            "{plan} · {table} · 总投资 {investment} 亿元 · {years}",
                            plan=detail.plan,
                            table=detail.table,
                            investment=detail.investment,
                            years=detail.years,
                        )
                    ),
                    html.P(
                        [
                            html.Strong(t("来源：")),
                            t(
                                "{document} 第 {lines} 行",
                                document=detail.source_document,
                                lines=detail.lines,
                            ),
                        ]
                    ),
                    html.Pre(detail.source_text, className="bg-light p-2 border"),
                    html.H6(t("数据质量提示")),
                    findings,
                    settings_form,
                ]
            ),
        ]
    )


def _badge(severity: str) -> str:
    return {"error": "danger", "warning": "warning"}.get(severity, "secondary")


callback(**SAVE_PROGRESS)(save_progress)  # the 项目库 progress form's save
