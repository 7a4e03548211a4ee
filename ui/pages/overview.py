"""概览 Overview: projects and investment per plan and table, findings per kind."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from portfolio.formatting import yi_text
from portfolio.services.exports import schedule_workbook
from ui import ids
from ui.context import current_workspace
from ui.views import finding_counts, overview_totals, plan_table_rows

dash.register_page(__name__, path="/", name="概览", title="概览 · 规划项目库", order=0)  # type: ignore[no-untyped-call]

TABLE_HEADER = (
    ("plan", "规划"),
    ("table", "表"),
    ("title", "标题"),
    ("projects", "项目数"),
    ("unknown", "总投资未知"),
    ("investment", "总投资（亿元）"),
    ("linked", "与他规划重复"),
)


def layout(**_query: str) -> html.Div:
    """The overview of the whole portfolio, read from the database on every visit."""
    workspace = current_workspace()
    projects = workspace.projects()
    findings = workspace.findings()
    totals = overview_totals(projects, findings)
    cards = dbc.Row(
        [
            _card("项目行数", str(totals.rows), "各规划表中的项目行", ids.OVERVIEW_ROWS),
            _card("项目数", str(totals.projects), "跨规划项目只计一次", ids.OVERVIEW_PROJECTS),
            _card(
                "总投资（亿元）",
                yi_text(totals.consolidated_wan),
                f"跨规划项目只计一次；{totals.unknown_investment} 个项目未列金额，未计入",
                ids.OVERVIEW_CONSOLIDATED,
            ),
            _card("数据质量提示", str(totals.findings), "见下表", ids.OVERVIEW_FINDING_COUNT),
        ],
        id=ids.OVERVIEW_TOTALS,
        className="g-3 mb-4",
    )
    rows = plan_table_rows(workspace.table_summaries(), projects)
    table = dbc.Table(
        [
            html.Thead(html.Tr([html.Th(label) for _, label in TABLE_HEADER])),
            html.Tbody(
                [
                    html.Tr(
                        [html.Td(row[key]) for key, _ in TABLE_HEADER],
                        className="fw-bold table-light" if row["table"] == "合计" else None,
                    )
                    for row in rows
                ]
            ),
        ],
        id=ids.OVERVIEW_TABLES,
        bordered=True,
        hover=True,
        size="sm",
    )
    kinds = dbc.Table(
        [
            html.Thead(html.Tr([html.Th("类型"), html.Th("代码"), html.Th("条数")])),
            html.Tbody(
                [
                    html.Tr([html.Td(label), html.Td(html.Code(kind)), html.Td(str(count))])
                    for kind, label, count in finding_counts(findings)
                ]
            ),
        ],
        id=ids.OVERVIEW_FINDINGS,
        bordered=True,
        size="sm",
        className="w-auto",
    )
    download = html.Div(
        [
            dbc.Button("下载投资计划（Excel）", id=ids.OVERVIEW_EXPORT_BUTTON, color="primary"),
            html.Span(
                " 按规划年份，每个设区市一张表；情景的投资计划见命令 portfolio export。",
                className="small text-muted",
            ),
            dcc.Download(id=ids.OVERVIEW_EXPORT_DOWNLOAD),
        ],
        className="mb-4",
    )
    return html.Div(
        [
            html.H2("概览"),
            cards,
            download,
            html.H4("各规划、各表的项目与投资（按文件所列）"),
            table,
            html.H4("数据质量提示（按类型）", className="mt-4"),
            kinds,
        ],
        className="container-fluid",
    )


def _card(title: str, value: str, note: str, value_id: str) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(title, className="text-muted small"),
                    html.Div(value, id=value_id, className="fs-3 fw-bold"),
                    html.Div(note, className="small"),
                ]
            )
        ),
        md=3,
    )


@callback(
    Output(ids.OVERVIEW_EXPORT_DOWNLOAD, "data"),
    Input(ids.OVERVIEW_EXPORT_BUTTON, "n_clicks"),
    prevent_initial_call=True,
)
def download_schedule(_clicks: int | None) -> dict[str, Any]:
    """The plan's investment schedule workbook, as the export command writes it."""
    name, content = schedule_workbook(current_workspace())
    return dcc.send_bytes(content, name)  # type: ignore[attr-defined, no-untyped-call, no-any-return]
