"""The 导入 page's parts: the kind of file, the file itself, the details its kind needs, the
buttons, and what a check or an import says (the page module lays them out; ``callbacks.py``
redraws them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from portfolio.records import PlanLevel
from portfolio.regions import RegionKind, RegionTable
from portfolio.services.plan_import import MAX_IMPORT_BYTES
from ui import ids
from ui.components.dropdown import dropdown
from ui.i18n import later, t
from ui.pages.upload.outcomes import (
    Shown,
    preview_column_defs,
)
from ui.pages.upload.views import (
    KIND_LABELS,
    LEVEL_LABELS,
    SUFFIXES,
    Kind,
    size_text,
)

HINTS = {
    Kind.PLAN: later(
        "项目表（{types}）：每个工作表一张项目表，表头含项目名称、总投资（注明亿元或万元）、起止年限、"
        "项目单位、所在县（市、区）；可用 portfolio template 生成模板。工作簿没有“规划”工作表时，"
        "按右侧填写的规划信息导入。"
    ),
    Kind.ACTUALS: later(
        "实际完成情况（{types}）：每个项目每年一行，至少有项目ID（或项目名称）、年份、"
        "实际完成投资（万元）和状态；可用 portfolio template --actuals 生成。每次导入是一份"
        "注明报告日期的记录。"
    ),
    Kind.SCHEDULE: later(
        "安排表（{types}）：导出的投资计划工作簿，改过各年金额后导入，作为项目的计划年度金额；"
        "各年金额须落在计划年限内并与总投资相符。"
    ),
}
# A preview of this many rows or fewer is drawn whole, without a scrolled frame.
FEW_ROWS = 15


def hint(kind: Kind) -> str:
    """What a file of ``kind`` holds, in one paragraph."""
    return t(HINTS[kind], types=" / ".join(SUFFIXES[kind]))


def form_card(regions: RegionTable, today: str, kind: Kind = Kind.PLAN) -> dbc.Card:
    """The kind, the file, the details and the buttons."""
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [
                        dbc.Col([_kind_choice(kind), _file_area()], lg=6),
                        dbc.Col(
                            [_plan_details(regions, kind), _actuals_details(today, kind)], lg=6
                        ),
                    ]
                ),
                _buttons(),
            ]
        ),
        className="mb-3",
    )


def _kind_choice(kind: Kind) -> html.Div:
    return html.Div(
        [
            dbc.Label(t("文件类型"), html_for=ids.UPLOAD_KIND, className="fw-bold"),
            dbc.RadioItems(
                id=ids.UPLOAD_KIND,
                options=[{"label": t(KIND_LABELS[k]), "value": k.value} for k in Kind],
                value=kind.value,
                inline=True,
            ),
            html.P(hint(kind), id=ids.UPLOAD_HINT, className="small text-muted mt-1"),
        ]
    )


def _file_area() -> html.Div:
    return html.Div(
        [
            dcc.Upload(
                html.Div(
                    [
                        t("拖放文件到这里，或"),
                        html.A(t("选择文件"), className="link-primary"),
                        html.Div(
                            t("最大 {limit}", limit=size_text(MAX_IMPORT_BYTES)),
                            className="small text-muted",
                        ),
                    ]
                ),
                id=ids.UPLOAD_FILE,
                multiple=False,
                className="border border-2 rounded text-center p-3 bg-light",
                style={"borderStyle": "dashed", "cursor": "pointer"},
            ),
            dcc.Loading(html.Div(id=ids.UPLOAD_FILE_STATUS, className="mt-2"), type="dot"),
        ]
    )


def _plan_details(regions: RegionTable, kind: Kind) -> html.Div:
    """What a project table's plan is, when its workbook has no 规划 sheet."""

    def field(label: str, control: Any, width: int = 6) -> dbc.Col:
        return dbc.Col(
            [dbc.Label(label, html_for=control.id, className="small"), control], md=width
        )

    return html.Div(
        [
            html.Div(t("规划信息（工作簿有“规划”工作表时以其为准）"), className="fw-bold mb-1"),
            dbc.Row(
                [
                    field(
                        t("规划代码"),
                        dbc.Input(
                            id=ids.UPLOAD_PLAN_KEY,
                            placeholder=t("不填则由文件名生成"),
                            debounce=True,
                            size="sm",
                        ),
                    ),
                    field(
                        t("规划名称"),
                        dbc.Input(
                            id=ids.UPLOAD_PLAN_TITLE,
                            placeholder=t("默认为文件名"),
                            debounce=True,
                            size="sm",
                        ),
                    ),
                    field(
                        t("规划级别"),
                        dropdown(
                            id=ids.UPLOAD_PLAN_LEVEL,
                            options=[
                                {"label": t(LEVEL_LABELS[level]), "value": level.value}
                                for level in PlanLevel
                            ],
                            value=PlanLevel.CITY.value,
                            clearable=False,
                        ),
                    ),
                    field(
                        t("发布地区"),
                        dropdown(
                            id=ids.UPLOAD_PLAN_REGION,
                            options=region_options(regions),
                            value=regions.province.name,
                            clearable=False,
                        ),
                    ),
                    field(t("规划起始年"), _year_input(ids.UPLOAD_PLAN_START, 2021), 3),
                    field(t("规划结束年"), _year_input(ids.UPLOAD_PLAN_END, 2025), 3),
                ],
                className="g-2",
            ),
        ],
        id=ids.UPLOAD_PLAN_DETAILS,
        hidden=kind is not Kind.PLAN,
    )


def region_options(regions: RegionTable) -> list[str]:
    """The places a plan can be issued by: the province, its cities, then its counties."""
    order = {RegionKind.PROVINCE: 0, RegionKind.CITY: 1}
    ranked = sorted(regions.regions, key=lambda region: order.get(region.kind, 2))
    return [region.name for region in ranked]


def _year_input(component_id: str, year: int) -> dbc.Input:
    return dbc.Input(
        id=component_id, type="number", value=year, min=1949, max=2100, debounce=True, size="sm"
    )


def _actuals_details(today: str, kind: Kind) -> html.Div:
    return html.Div(
        [
            dbc.Label(t("报告日期"), html_for=ids.UPLOAD_REPORT_DATE, className="fw-bold"),
            dbc.Input(id=ids.UPLOAD_REPORT_DATE, type="date", value=today, debounce=True),
            html.Div(
                t("所报为截至该日期的实际完成情况；以后按日期查看时，取该日期及以前最近的一份。"),
                className="small text-muted",
            ),
        ],
        id=ids.UPLOAD_ACTUALS_DETAILS,
        hidden=kind is not Kind.ACTUALS,
    )


def _buttons() -> html.Div:
    return html.Div(
        [
            dbc.Button(t("检查"), id=ids.UPLOAD_CHECK, color="primary", className="me-2"),
            dbc.Button(
                t("确认导入"),
                id=ids.UPLOAD_CONFIRM,
                color="success",
                className="me-2",
                disabled=True,
            ),
            dbc.Button(t("取消"), id=ids.UPLOAD_CANCEL, color="secondary", outline=True),
        ],
        className="mt-3",
    )


def result(shown: Shown | None) -> Any:
    """What a check or an import says, with its table (nothing before the first)."""
    if shown is None:
        return html.P(
            t("选好文件后点“检查”：先列出将导入的内容或文件中的每个问题，不作任何改动。"),
            className="text-muted",
        )
    parts: list[Any] = [html.Div(shown.message)]
    if shown.note:
        parts.append(html.Div(shown.note, className="small mt-1"))
    if shown.link is not None:
        label, href = shown.link
        parts.append(dcc.Link(label, href=href, className="alert-link"))
    alert = dbc.Alert(parts, color=shown.color, className="mb-2")
    table = [] if not shown.rows else [_grid(shown) if shown.grid else _problems(shown)]
    more = [html.Div(result(other), className="mt-3") for other in shown.also]
    return [alert, *table, *more]


def _grid(shown: Shown) -> dag.AgGrid:
    """A sortable grid: as tall as its rows when they are few, else scrolled in half a page.
    The first of a result is the preview (the tests find it by its id)."""
    few = len(shown.rows) <= FEW_ROWS
    named = {"id": ids.UPLOAD_PREVIEW} if shown.confirmable else {}
    return dag.AgGrid(
        **named,
        rowData=list(shown.rows),
        columnDefs=preview_column_defs(shown),
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        columnSize="responsiveSizeToFit",
        dashGridOptions={"animateRows": False} | ({"domLayout": "autoHeight"} if few else {}),
        style={"height": None} if few else {"height": "50vh"},
    )


def _problems(shown: Shown) -> dbc.Table:
    """Every problem in a plain table (at most 50): all of them on the page, in order."""
    fields: Sequence[str] = [field for field, _ in shown.columns]
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(t(label)) for _, label in shown.columns])),
            html.Tbody(
                [html.Tr([html.Td(str(row[field])) for field in fields]) for row in shown.rows]
            ),
        ],
        id=ids.UPLOAD_PROBLEMS,
        bordered=True,
        hover=True,
        size="sm",
        responsive=True,
        className="small",
    )


def not_allowed(message: str) -> html.Div:
    """The page for someone whose role may not import."""
    return html.Div(
        [html.H2(t("导入")), dbc.Alert(message, color="warning")], className="container-fluid"
    )
