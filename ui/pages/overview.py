"""概览 Overview: projects and investment per plan and table, findings per kind."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from portfolio.exports.model import ExportOptions
from portfolio.formatting import yi_text
from portfolio.services.exports import schedule_workbook
from portfolio.services.places import place_totals
from ui import ids
from ui.context import current_workspace
from ui.i18n import export_lang, later, page_title, t
from ui.views import finding_counts, overview_totals, plan_table_rows

dash.register_page(__name__, path="/", name="概览", title=page_title("概览"), order=0)  # type: ignore[no-untyped-call]

TABLE_HEADER = (
    ("plan", later("规划")),
    ("table", later("表")),
    ("title", later("标题")),
    ("projects", later("项目数")),
    ("unknown", later("总投资未知")),
    ("investment", later("总投资（亿元）")),
    ("linked", later("与他规划重复")),
)
# Words plan_table_rows writes into the rows besides the plans' own names.
ROW_WORDS = (later("合计"), later("（无金额）"))


def layout(**_query: str) -> html.Div:
    """The overview of the whole portfolio, read from the database on every visit."""
    workspace = current_workspace()
    projects = workspace.projects()
    findings = workspace.findings()
    totals = overview_totals(projects, findings)
    cards = dbc.Row(
        [
            _card(t("项目行数"), str(totals.rows), t("各规划表中的项目行"), ids.OVERVIEW_ROWS),
            _card(
                t("项目数"), str(totals.projects), t("跨规划项目只计一次"), ids.OVERVIEW_PROJECTS
            ),
            _card(
                t("总投资（亿元）"),
                yi_text(totals.consolidated_wan),
                t(
                    "跨规划项目只计一次；{n} 个项目未列金额，未计入",
                    n=totals.unknown_investment,
                ),
                ids.OVERVIEW_CONSOLIDATED,
            ),
            _card(t("数据质量提示"), str(totals.findings), t("见下表"), ids.OVERVIEW_FINDING_COUNT),
        ],
        id=ids.OVERVIEW_TOTALS,
        className="g-3 mb-4",
    )
    rows = plan_table_rows(workspace.table_summaries(), projects)
    table = dbc.Table(
        [
            html.Thead(html.Tr([html.Th(t(label)) for _, label in TABLE_HEADER])),
            html.Tbody(
                [
                    html.Tr(
                        [html.Td(_cell(row[key])) for key, _ in TABLE_HEADER],
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
            html.Thead(html.Tr([html.Th(t("类型")), html.Th(t("代码")), html.Th(t("条数"))])),
            html.Tbody(
                [
                    html.Tr([html.Td(t(label)), html.Td(html.Code(kind)), html.Td(str(count))])
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
            dbc.Button(t("下载投资计划（Excel）"), id=ids.OVERVIEW_EXPORT_BUTTON, color="primary"),
            html.Span(
                " " + t("按规划年份，每个设区市一张表；情景的投资计划在“情景”页下载。"),
                className="small text-muted",
            ),
            dcc.Download(id=ids.OVERVIEW_EXPORT_DOWNLOAD),
        ],
        className="mb-4",
    )
    return html.Div(
        [
            html.H2(t("概览")),
            cards,
            download,
            html.H4(t("各规划、各表的项目与投资（按文件所列）")),
            table,
            html.H4(t("各设区市、县（市、区）的项目与投资"), className="mt-4"),
            _places_table(),
            html.H4(t("数据质量提示（按类型）"), className="mt-4"),
            kinds,
        ],
        className="container-fluid",
    )


def _places_table() -> html.Div:
    """Per city, then its counties: projects there and their share of the money; a county
    links to its projects. Projects without a place are summed on the last line."""
    totals = place_totals(current_workspace())
    header = ("设区市", "县（市、区）", "项目数", "总投资（亿元）", "总投资未知")
    body = []
    for place in totals.places:
        county: Any = (
            dcc.Link(place.county, href=f"/portfolio?{urlencode({'county': place.county})}")
            if place.county
            else ""
        )
        body.append(
            html.Tr(
                [
                    html.Td(place.city if place.county is None else ""),
                    html.Td(county),
                    html.Td(str(place.projects)),
                    html.Td(yi_text(place.investment_wan)),
                    html.Td(str(place.unknown_investment)),
                ],
                className="fw-bold table-light" if place.county is None else None,
            )
        )
    body.append(
        html.Tr(
            [
                html.Td(t("全省范围或未列地点"), colSpan=2),
                html.Td(str(totals.unplaced_projects)),
                html.Td(yi_text(totals.unplaced_investment_wan)),
                html.Td(""),
            ]
        )
    )
    return html.Div(
        [
            dbc.Table(
                [html.Thead(html.Tr([html.Th(t(h)) for h in header])), html.Tbody(body)],
                id=ids.OVERVIEW_PLACES,
                bordered=True,
                hover=True,
                size="sm",
                className="w-auto",
            ),
            html.P(
                t("跨县项目在每个县各计一次，金额按其份额分摊；各设区市与最后一行相加等于总投资。"),
                className="small text-muted",
            ),
        ]
    )


def _cell(text: str) -> str:
    """A cell of the plan-table summary: its own words translated, the plans' names as given."""
    return t(text) if text in ROW_WORDS else text


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
    """The plan's investment schedule workbook, as the export command writes it.

    The workbook is in the visitor's language (``portfolio export --lang``).
    """
    options = ExportOptions(lang=export_lang())
    name, content = schedule_workbook(current_workspace(), options=options)
    return dcc.send_bytes(content, name)  # type: ignore[attr-defined, no-untyped-call, no-any-return]
