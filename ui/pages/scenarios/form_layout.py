"""The 情景 page's form: its fields, dropdowns and grids, filled from a stored scenario or
the defaults (the checks are in ``form.py``, the file format in ``file.py``)."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from portfolio.access import Right
from portfolio.services.scenarios import ScenarioBaseline
from ui import ids
from ui.components.dropdown import dropdown
from ui.context import current_workspace, may
from ui.i18n import t
from ui.pages.scenarios.file import (
    blank_county_rows,
    blank_link_rows,
    blank_override_rows,
    form_from_toml,
    year_rows,
)
from ui.pages.scenarios.form import (
    DEFAULT_MAX_DELAY,
    DEFAULT_OBJECTIVES,
    DEFAULT_TIME_LIMIT,
    OBJECTIVE_LABELS,
    PERIOD_LABELS,
    PROFILE_LABELS,
    FormInput,
)

DEFAULT_AS_OF = 2021  # the first year of the 14th Five-Year plans


def form_for(name: str | None, baseline: ScenarioBaseline | None = None) -> FormInput:
    workspace = current_workspace()
    baseline = baseline or workspace.scenario_baseline()
    if name is not None:
        text, _ = workspace.scenario(name)
        return form_from_toml(text, baseline.planned_by_year, baseline.horizon)
    return FormInput(
        as_of=str(DEFAULT_AS_OF),
        years=year_rows(baseline.planned_by_year, baseline.horizon),
        counties=blank_county_rows(),
        overrides=blank_override_rows(),
        links=blank_link_rows(),
    )


def _field(label: str, field_id: str, feedback_id: str, value: str, hint: str) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=field_id),
            dbc.Input(id=field_id, type="text", value=value, placeholder=hint, debounce=True),
            dbc.FormFeedback(id=feedback_id, type="invalid"),
        ],
        md=3,
    )


def _choice(
    label: str, field_id: str, feedback_id: str, choices: dict[str, str], value: str
) -> dbc.Col:
    """A dropdown of ``choices`` (value → Chinese label) with its message below."""
    return dbc.Col(
        [
            dbc.Label(label, html_for=field_id),
            dropdown(
                id=field_id,
                options=[{"value": k, "label": t(v)} for k, v in choices.items()],
                value=value,
                clearable=False,
            ),
            html.Div(id=feedback_id, className="text-danger small"),
        ],
        md=3,
    )


def _grid(grid_id: str, rows: list[Any], columns: list[dict[str, Any]]) -> dag.AgGrid:
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"resizable": True, "singleClickEdit": True},
        columnSize="responsiveSizeToFit",
        dashGridOptions={"animateRows": False, "stopEditingWhenCellsLoseFocus": True},
        style={"height": f"{min(34 * len(rows) + 50, 420)}px"},
    )


def _errors(errors_id: str) -> html.Ul:
    return html.Ul(id=errors_id, className="text-danger small mb-3")


def form_card(
    form: FormInput, horizon: tuple[int, int], counties: tuple[str, ...], stored: list[str]
) -> dbc.Card:
    first, last = horizon
    year_columns = [
        {"field": "year", "headerName": t("年份"), "editable": False, "maxWidth": 90},
        {"field": "planned", "headerName": t("计划支出（亿元）"), "editable": False},
        {"field": "cut", "headerName": t("压减比例（%）"), "editable": True},
        {"field": "cap", "headerName": t("总额上限（如 150亿、5000万 或 80%）"), "editable": True},
    ]
    county_columns = [
        {
            "field": "county",
            "headerName": t("县（市、区）"),
            "editable": True,
            "cellEditor": "agSelectCellEditor",
            "cellEditorParams": {"values": list(counties)},
        },
        {"field": "year", "headerName": t("年份"), "editable": True},
        {"field": "cap", "headerName": t("上限（如 12亿、5000万 或 80%）"), "editable": True},
        {"field": "limit", "headerName": t("同时在建上限（个）"), "editable": True},
    ]
    override_columns = [
        {
            "field": "project",
            "headerName": t("项目（名称或编号）"),
            "editable": True,
            "minWidth": 220,
        },
        {"field": "must_fund", "headerName": t("必须安排"), "editable": True},
        {"field": "locked", "headerName": t("已开工锁定"), "editable": True},
        {"field": "excluded", "headerName": t("排除"), "editable": True},
        {"field": "priority", "headerName": t("优先级"), "editable": True},
        {"field": "max_delay", "headerName": t("最大延期（年）"), "editable": True},
    ]
    link_columns = [
        {"field": "before", "headerName": t("前序项目（名称或编号）"), "editable": True},
        {"field": "after", "headerName": t("后续项目（名称或编号）"), "editable": True},
        {"field": "lag", "headerName": t("间隔（年）"), "editable": True, "maxWidth": 120},
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                dropdown(
                    id=ids.SCEN_LOAD,
                    options=stored,
                    value=form.name if form.name in stored else None,
                    placeholder=t("新建情景，或选择已存情景载入…"),
                    className="mb-3",
                ),
                dbc.Row(
                    [
                        _field(
                            t("情景名称"),
                            ids.SCEN_NAME,
                            ids.SCEN_NAME_FEEDBACK,
                            form.name or "",
                            t("如：2023年压减30%"),
                        ),
                        _field(
                            t("起算年（之前为已完成）"),
                            ids.SCEN_AS_OF,
                            ids.SCEN_AS_OF_FEEDBACK,
                            form.as_of or "",
                            f"{first}-{last}",
                        ),
                        _field(
                            t("最大延期（年）"),
                            ids.SCEN_MAX_DELAY,
                            ids.SCEN_MAX_DELAY_FEEDBACK,
                            form.max_delay or "",
                            t("默认 {value}", value=DEFAULT_MAX_DELAY),
                        ),
                        _field(
                            t("求解时限（秒）"),
                            ids.SCEN_TIME_LIMIT,
                            ids.SCEN_TIME_LIMIT_FEEDBACK,
                            form.time_limit or "",
                            t("默认 {value}", value=DEFAULT_TIME_LIMIT),
                        ),
                    ],
                    className="mb-2",
                ),
                dbc.Label(t("目标（按先后次序）"), html_for=ids.SCEN_OBJECTIVES),
                dropdown(
                    id=ids.SCEN_OBJECTIVES,
                    options=[{"value": k, "label": t(v)} for k, v in OBJECTIVE_LABELS.items()],
                    value=list(form.objectives or DEFAULT_OBJECTIVES),
                    multi=True,
                ),
                html.Div(id=ids.SCEN_OBJECTIVES_FEEDBACK, className="text-danger small mb-3"),
                dbc.Row(
                    [
                        _choice(
                            t("排期时段"),
                            ids.SCEN_PERIODS,
                            ids.SCEN_PERIODS_FEEDBACK,
                            PERIOD_LABELS,
                            form.periods or "year",
                        ),
                        _choice(
                            t("支出方式"),
                            ids.SCEN_PROFILE,
                            ids.SCEN_PROFILE_FEEDBACK,
                            PROFILE_LABELS,
                            form.profile or "planned",
                        ),
                        _field(
                            t("每期最低比例（%）"),
                            ids.SCEN_MIN_SHARE,
                            ids.SCEN_MIN_SHARE_FEEDBACK,
                            form.min_share or "",
                            "0",
                        ),
                        _field(
                            t("每期最高比例（%）"),
                            ids.SCEN_MAX_SHARE,
                            ids.SCEN_MAX_SHARE_FEEDBACK,
                            form.max_share or "",
                            "100",
                        ),
                    ],
                    className="mb-3",
                ),
                dbc.Row(
                    [
                        _field(
                            t("追加资金测算（如 10亿）"),
                            ids.SCEN_STEP,
                            ids.SCEN_STEP_FEEDBACK,
                            form.explain_step or "",
                            t("默认 {value}", value="10亿"),
                        ),
                        _field(
                            t("测算年份（如 2024，2025）"),
                            ids.SCEN_WHAT_IF,
                            ids.SCEN_WHAT_IF_FEEDBACK,
                            form.what_if or "",
                            "2024",
                        ),
                    ],
                    className="mb-3",
                ),
                html.H6(t("年度总额：压减比例或上限（每年只填一项）")),
                _grid(ids.SCEN_YEARS, list(form.years), year_columns),
                _errors(ids.SCEN_YEARS_ERRORS),
                html.H6(t("县（市、区）年度上限与同时在建项目上限（后者对各年有效）")),
                _grid(ids.SCEN_COUNTIES, list(form.counties), county_columns),
                dbc.Button(t("添加一行"), id=ids.SCEN_COUNTIES_ADD, size="sm", color="link"),
                _errors(ids.SCEN_COUNTIES_ERRORS),
                html.H6(t("项目设置（覆盖项目库中的设置）")),
                _grid(ids.SCEN_OVERRIDES, list(form.overrides), override_columns),
                dbc.Button(t("添加一行"), id=ids.SCEN_OVERRIDES_ADD, size="sm", color="link"),
                _errors(ids.SCEN_OVERRIDES_ERRORS),
                html.H6(t("前后衔接（后续项目在前序项目完工后开工，可加间隔年数）")),
                _grid(ids.SCEN_LINKS, list(form.links), link_columns),
                dbc.Button(t("添加一行"), id=ids.SCEN_LINKS_ADD, size="sm", color="link"),
                _errors(ids.SCEN_LINKS_ERRORS),
                dbc.Alert(id=ids.SCEN_ALERT, is_open=False, color="danger"),
                html.Div(
                    [
                        # Offered to the roles that may (the services refuse the others).
                        dbc.Button(
                            t("保存"),
                            id=ids.SCEN_SAVE,
                            color="secondary",
                            className="me-2",
                            disabled=not may(Right.WRITE_SCENARIO),
                        ),
                        dbc.Button(
                            t("运行"),
                            id=ids.SCEN_RUN,
                            color="primary",
                            className="me-2",
                            disabled=not may(Right.RUN_SCENARIO),
                        ),
                        dbc.Button(
                            t("取消运行"),
                            id=ids.SCEN_CANCEL,
                            color="danger",
                            outline=True,
                            disabled=True,
                            className="me-2",
                        ),
                        dcc.ConfirmDialogProvider(
                            dbc.Button(
                                t("删除情景"),
                                color="danger",
                                outline=True,
                                size="sm",
                                className="float-end",
                            ),
                            id=ids.SCEN_DELETE,
                            message=t("删除所载入的情景及其全部运行？操作记录会保留其内容。"),
                        ),
                    ],
                    className="mb-2",
                ),
                dbc.Progress(id=ids.SCEN_PROGRESS, value=0, striped=True, className="mb-1"),
                html.Div(id=ids.SCEN_JOB_TEXT, className="small mb-2"),
                html.Details(
                    [
                        html.Summary(t("情景文件（TOML，可用 portfolio scenario run 运行）")),
                        html.Pre(id=ids.SCEN_TOML, className="small bg-light p-2"),
                    ]
                ),
            ]
        ),
        className="mb-3",
    )
