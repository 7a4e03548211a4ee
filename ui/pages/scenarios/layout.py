"""The 情景 page's parts: the form, a run's result and the comparison, drawn from the stored
scenarios and runs (the page module wires them to its callbacks)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from portfolio.errors import PortfolioError
from portfolio.scenarios.outcome import ScenarioResult
from portfolio.services.exports import page_schedule
from portfolio.services.scenarios import ScenarioBaseline, UnknownScenarioError
from ui import ids
from ui.context import current_workspace
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
from ui.pages.scenarios.views import (
    PLAN_LABEL,
    PLAN_VALUE,
    binding_cap_rows,
    comparison_rows,
    county_comparison_rows,
    delay_columns,
    delay_rows,
    delayed_column,
    differing_rows,
    infeasible_lines,
    marginal_lines,
    objective_rows,
    relaxation_lines,
    status_text,
)

DEFAULT_AS_OF = 2021  # the first year of the 14th Five-Year plans
MAX_COMPARED = 3


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
            dcc.Dropdown(
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
        {"field": "cap", "headerName": t("总额上限（亿元或%）"), "editable": True},
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
        {"field": "cap", "headerName": t("上限（亿元或%）"), "editable": True},
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
                dcc.Dropdown(
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
                dcc.Dropdown(
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
                            t("追加资金测算（亿元）"),
                            ids.SCEN_STEP,
                            ids.SCEN_STEP_FEEDBACK,
                            form.explain_step or "",
                            t("默认 {value}", value=10),
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
                        dbc.Button(
                            t("保存"), id=ids.SCEN_SAVE, color="secondary", className="me-2"
                        ),
                        dbc.Button(t("运行"), id=ids.SCEN_RUN, color="primary", className="me-2"),
                        dbc.Button(
                            t("取消运行"),
                            id=ids.SCEN_CANCEL,
                            color="danger",
                            outline=True,
                            disabled=True,
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


def result_card(name: str | None, run_id: int | None = None) -> dbc.Card:
    return dbc.Card(
        [
            dbc.CardHeader(t("运行结果")),
            dbc.CardBody(result_view(name, run_id), id=ids.SCEN_RESULT),
            dbc.CardFooter(
                [
                    dbc.Button(
                        t("下载该情景的投资计划（Excel）"),
                        id=ids.SCEN_EXPORT_BUTTON,
                        size="sm",
                        color="secondary",
                        outline=True,
                    ),
                    dcc.Download(id=ids.SCEN_EXPORT_DOWNLOAD),
                ]
            ),
        ],
        className="mb-3",
    )


def result_view(name: str | None, run_id: int | None = None) -> Any:
    """A stored run, whatever its outcome: the last run of scenario ``name``, or the run
    ``run_id``. A run with no plan shows its outcome, the conflict and the smallest changes
    that work, and no per-project figures."""
    workspace = current_workspace()
    try:
        if run_id is not None:
            name, _, result = workspace.run(run_id)
        elif name is None:
            return html.P(t("运行情景后在此查看结果。"), className="text-muted")
        else:
            _, stored = workspace.scenario(name)
            if stored is None:
                return html.P(
                    t("情景“{name}”已保存，尚未运行。", name=name), className="text-muted"
                )
            result = stored
    except PortfolioError as exc:
        return dbc.Alert(str(exc), color="warning")
    return _run_parts(name, result)


OUTCOME_COLORS = {
    "optimal": "success",
    "feasible": "success",
    "partly_funded": "warning",
    "infeasible": "danger",
    "timed_out": "warning",
    "invalid": "danger",
    "cancelled": "secondary",
    "failed": "danger",
}


def _apply_button(result: ScenarioResult, index: int | None) -> list[Any]:
    """The button that makes a new scenario with relaxation ``index`` (none when it cannot
    be applied)."""
    if index is None or result.run_id is None:
        return []
    return [
        " ",
        dbc.Button(
            t("按此新建情景"),
            id={"type": ids.SCEN_APPLY, "run": result.run_id, "index": index},
            size="sm",
            color="primary",
            outline=True,
            className="ms-1 py-0",
        ),
    ]


def _run_parts(name: str, result: ScenarioResult) -> list[Any]:
    parts: list[Any] = [
        html.H5(name, id=ids.SCEN_SHOWN),
        dbc.Alert(
            status_text(result),
            id=ids.SCEN_OUTCOME,
            color=OUTCOME_COLORS[result.outcome.value],
            className="py-2",
        ),
    ]
    conflict = infeasible_lines(result)
    if conflict:
        parts += [
            html.H6(t("不能同时满足的条件（最小冲突集）")),
            html.Ul(
                [html.Li(line) for line in conflict], className="text-danger", id=ids.SCEN_CONFLICT
            ),
        ]
    relaxations = relaxation_lines(result)
    if relaxations:
        parts += [
            html.H6(t("最小改动（均已求解验证）")),
            html.Ul(
                [
                    html.Li([line, *_apply_button(result, index)], className="mb-1")
                    for index, line in relaxations
                ],
                id=ids.SCEN_RELAXATIONS,
            ),
            html.Div(id=ids.SCEN_APPLY_TEXT, className="small text-muted"),
        ]
    if not result.has_plan:
        return parts
    delays = delay_rows(result)
    marginal = marginal_lines(result)
    caps = binding_cap_rows(result)
    shown = quote(name)
    parts += [
        _table(objective_rows(result)),
        html.H6(t("推迟或未安排的项目（{n}）", n=len(delays))),
        html.Div(
            _table(delays, keys=delay_columns(result))
            if delays
            else html.P(t("无：所有项目按计划年份安排。")),
            id=ids.SCEN_DELAYS,
        ),
    ]
    if marginal:
        parts += [html.H6(t("追加资金的效果")), html.Ul([html.Li(line) for line in marginal])]
    if caps:
        parts += [html.H6(t("已满的上限")), _table(caps)]
    parts.append(
        html.P(
            [
                dcc.Link(t("甘特图"), href=f"/gantt?scenario={shown}"),
                " · ",
                dcc.Link(t("资金"), href=f"/funding?scenario={shown}"),
                " · ",
                dcc.Link(t("重叠"), href=f"/overlap?scenario={shown}"),
            ],
            className="mt-2",
        )
    )
    return parts


def _table(rows: list[dict[str, Any]], keys: list[str] | None = None) -> dbc.Table:
    keys = keys or (list(rows[0]) if rows else [])
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(t(k)) for k in keys])),
            html.Tbody([html.Tr([html.Td(str(row.get(k, ""))) for k in keys]) for row in rows]),
        ],
        bordered=True,
        size="sm",
        className="small",
    )


def compare_card(stored: list[str], compared: list[str]) -> dbc.Card:
    options = [{"value": PLAN_VALUE, "label": t(PLAN_LABEL)}] + [
        {"value": n, "label": n} for n in stored
    ]
    return dbc.Card(
        [
            dbc.CardHeader(t("情景比较（最多三个）")),
            dbc.CardBody(
                [
                    dcc.Dropdown(
                        id=ids.SCEN_COMPARE,
                        options=options,
                        value=compared,
                        multi=True,
                        placeholder=t("选择原计划和情景…"),
                        className="mb-2",
                    ),
                    html.Div(comparison(compared), id=ids.SCEN_COMPARE_RESULT),
                ]
            ),
        ],
        className="mb-3",
    )


def comparison(chosen: list[str]) -> Any:
    if len(chosen) < 2:
        return html.P(t("选择两个或三个进行比较。"), className="text-muted")
    if len(chosen) > MAX_COMPARED:
        return dbc.Alert(t("最多比较 {n} 个。", n=MAX_COMPARED), color="warning")
    workspace = current_workspace()
    exports = {}
    for value in chosen:
        label = t(PLAN_LABEL) if value == PLAN_VALUE else value
        try:
            exports[label] = page_schedule(workspace, None if value == PLAN_VALUE else value)
        except UnknownScenarioError as exc:
            return dbc.Alert(str(exc), color="warning")
    differing = differing_rows(exports)
    counties = [
        row for row in county_comparison_rows(exports)
        if any(row.get(delayed_column(label)) for label in exports)
    ]  # fmt: skip
    return [
        html.Div(_table(comparison_rows(exports)), id=ids.SCEN_COMPARE_TABLE),
        html.H6(t("有推迟的县（市、区）（{n}）", n=len(counties))),
        _table(counties) if counties else html.P(t("无。")),
        html.H6(t("年份不同的项目（{n}）", n=len(differing))),
        _table(differing) if differing else html.P(t("无。")),
    ]


def choices() -> tuple[list[str], list[dict[str, str]]]:
    """Options of the load and compare dropdowns: the stored scenarios (and the plan)."""
    stored = [s.name for s in current_workspace().scenarios()]
    return stored, [{"value": PLAN_VALUE, "label": t(PLAN_LABEL)}] + [
        {"value": n, "label": n} for n in stored
    ]
