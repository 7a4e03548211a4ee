"""The 情景 page's result and comparison parts, drawn from the stored runs (the form's parts
are in ``form_layout.py``; the page module and ``callbacks.py`` wire them)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import dash_bootstrap_components as dbc
from dash import dcc, html

from portfolio.access import Right
from portfolio.errors import PortfolioError
from portfolio.scenarios.outcome import ScenarioResult
from portfolio.services.exports import page_schedule
from portfolio.services.scenarios import UnknownScenarioError
from ui import ids
from ui.components.dropdown import dropdown
from ui.context import current_workspace, may
from ui.i18n import t
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
    replan_lines,
    status_text,
)
from ui.views import scenario_problem

MAX_COMPARED = 3


def result_card(body: Any) -> dbc.Card:
    """The result panel around ``body`` (a run drawn by :func:`result_view`)."""
    return dbc.Card(
        [
            dbc.CardHeader(t("运行结果")),
            dbc.CardBody(body, id=ids.SCEN_RESULT),
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
    return run_view(name, result)


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
    be applied, or the person may not write scenarios)."""
    if index is None or result.run_id is None or not may(Right.WRITE_SCENARIO):
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


def run_view(name: str, result: ScenarioResult) -> list[Any]:
    """A run of scenario ``name`` as the panel shows it (see :func:`result_view`)."""
    parts: list[Any] = [
        html.H5(name, id=ids.SCEN_SHOWN),
        dbc.Alert(
            status_text(result),
            id=ids.SCEN_OUTCOME,
            color=OUTCOME_COLORS[result.outcome.value],
            className="py-2",
        ),
    ]
    replanned, notes = replan_lines(result)
    if replanned is not None:
        parts.append(
            html.Details(
                [html.Summary(replanned), html.Ul([html.Li(line) for line in notes])],
                id=ids.SCEN_REPLAN,
                className="small mb-2",
            )
        )
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
                    dropdown(
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
            return dbc.Alert(
                t("{error}：请先运行该情景。", error=scenario_problem(exc)), color="warning"
            )
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
