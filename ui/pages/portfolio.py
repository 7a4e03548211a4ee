"""项目库 Portfolio: every project in a grid, a county filter carried in the URL, row details."""

from __future__ import annotations

from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from portfolio.services.queries import ProjectFilter, ProjectView, UnknownNameError
from ui import ids
from ui.context import current_workspace
from ui.views import (
    PROJECT_COLUMNS,
    ProjectDetail,
    county_options,
    find_project,
    project_detail,
    project_rows,
    search_for_county,
)

dash.register_page(__name__, path="/portfolio", name="项目库", title="项目库 · 规划项目库", order=1)  # type: ignore[no-untyped-call]

ALL_COUNTIES = "全部县（市、区）"


def layout(county: str | None = None, **_query: str) -> html.Div:
    """The grid, filtered by ``?county=`` when the URL carries one."""
    workspace = current_workspace()
    options = county_options(workspace.projects())
    views, error = _projects(county)
    return html.Div(
        [
            # refresh=False: the callback rewrites the query string without reloading the page.
            dcc.Location(id=ids.PROJECTS_LOCATION, refresh=False),
            html.H2("项目库"),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Dropdown(
                            id=ids.PROJECTS_COUNTY,
                            options=options,
                            value=county if county in options else None,
                            placeholder=ALL_COUNTIES,
                            clearable=True,
                        ),
                        md=4,
                    ),
                    dbc.Col(html.Div(_count_text(views), id=ids.PROJECTS_COUNT), md=8),
                ],
                className="mb-2 align-items-center",
            ),
            dbc.Alert(error, id=ids.PROJECTS_ERROR, color="warning", is_open=bool(error)),
            dag.AgGrid(
                id=ids.PROJECTS_GRID,
                rowData=project_rows(views),
                columnDefs=_column_defs(),
                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                getRowId="params.data.id",
                columnSize="responsiveSizeToFit",
                dashGridOptions={"animateRows": False},
                style={"height": "60vh"},
            ),
            html.Div(
                html.P("点击一行查看其来源与数据质量提示。", className="text-muted"),
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
    prevent_initial_call=True,
)
def filter_by_county(county: str | None) -> tuple[list[dict[str, Any]], str, str, bool, str]:
    """Show the chosen county's projects and put the choice in the URL to share."""
    views, error = _projects(county)
    return project_rows(views), _count_text(views), error, bool(error), search_for_county(county)


@callback(
    Output(ids.PROJECTS_DETAIL, "children"),
    Input(ids.PROJECTS_GRID, "cellClicked"),
    prevent_initial_call=True,
)
def show_detail(clicked: dict[str, Any] | None) -> html.Div:
    """The clicked project's source lines, raw row text and findings."""
    if not clicked or clicked.get("rowId") is None:
        return html.Div()
    workspace = current_workspace()
    view = find_project(workspace.projects(), int(clicked["rowId"]))
    if view is None:
        return html.Div("该项目已不在数据库中。", className="text-danger")
    return html.Div(_detail_card(project_detail(view, workspace.findings(plan=view.plan))))


def _projects(county: str | None) -> tuple[list[ProjectView], str]:
    """Projects of ``county`` (all when None); an unknown name shows every project and says so."""
    workspace = current_workspace()
    try:
        return workspace.projects(ProjectFilter(county=county)), ""
    except UnknownNameError as exc:
        return workspace.projects(), f"{exc}；显示全部项目。"


def _count_text(views: list[ProjectView]) -> str:
    return f"{len(views)} 个项目"


def _column_defs() -> list[dict[str, Any]]:
    defs: list[dict[str, Any]] = []
    for field, header in PROJECT_COLUMNS:
        column: dict[str, Any] = {"field": field, "headerName": header}
        if field == "investment":
            column |= {
                "comparator": {"function": "byInvestmentWan"},
                "filter": "agNumberColumnFilter",
                # The filter compares in 亿元; the cell still shows the exact text.
                "filterValueGetter": {
                    "function": "params.data.investment_wan == null ? null"
                    " : params.data.investment_wan / 10000"
                },
                "type": "rightAligned",
            }
        if field == "name":
            column |= {"minWidth": 280, "tooltipField": "name"}
        if field in ("plan", "table", "seq"):
            column |= {"maxWidth": 170}
        defs.append(column)
    return defs


def _detail_card(detail: ProjectDetail) -> dbc.Card:
    findings = (
        html.Ul(
            [
                html.Li([dbc.Badge(f.label, color=_badge(f.severity), className="me-2"), f.message])
                for f in detail.findings
            ]
        )
        if detail.findings
        else html.P("无数据质量提示。", className="text-muted")
    )
    return dbc.Card(
        [
            dbc.CardHeader(html.H5(f"{detail.seq}　{detail.name}", className="mb-0")),
            dbc.CardBody(
                [
                    html.P(
                        f"{detail.plan} · {detail.table} · 总投资 {detail.investment} 亿元 · "
                        f"{detail.years}"
                    ),
                    html.P(
                        [html.Strong("来源："), f"{detail.source_document} 第 {detail.lines} 行"]
                    ),
                    html.Pre(detail.source_text, className="bg-light p-2 border"),
                    html.H6("数据质量提示"),
                    findings,
                ]
            ),
        ]
    )


def _badge(severity: str) -> str:
    return {"error": "danger", "warning": "warning"}.get(severity, "secondary")
