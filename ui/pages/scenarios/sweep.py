"""The 情景 page's budget sweep: a stored scenario solved at a range of one cap, and the
frontier of a sweep (its main objective at each amount), the knee marked; a click on a point
opens its run (``/scenarios?run=ID``). Points run on the app's runs workers
(:mod:`portfolio.services.sweeps`); the chart refreshes while they finish.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html, no_update

from portfolio.access import PermissionDeniedError, Right
from portfolio.errors import PortfolioError
from portfolio.scenarios import words
from portfolio.scenarios.spec import ScenarioError
from portfolio.scenarios.sweep import SweepError, parse_knob, sweep_values
from portfolio.services.scenarios import UnknownScenarioError
from portfolio.services.sweeps import SweepPoint, Sweeps, knee_index, main_objective
from ui import ids
from ui.components.dropdown import dropdown
from ui.context import current_actor, current_jobs, current_workspace, may
from ui.i18n import export_lang, t

POLL_MS = 1000


def _sweeps() -> Sweeps:
    return Sweeps(current_jobs())


def sweep_options() -> list[dict[str, str]]:
    """The stored sweeps, newest first, as the chooser lists them."""
    return [
        {"value": s.id, "label": t("{name}（{n} 个点）", name=s.scenario, n=s.points)}
        for s in _sweeps().list()
    ]


def frontier_figure(points: Sequence[SweepPoint]) -> go.Figure:
    """The main objective at each amount with a plan; the knee marked; each marker carries
    its run's id (``customdata``) for the click that opens it."""
    name = main_objective(points)
    figure = go.Figure()
    figure.update_layout(margin={"l": 50, "r": 10, "t": 10, "b": 40}, height=320)
    if name is None:
        return figure
    drawn = [p for p in points if p.objective(name) is not None]
    found = knee_index(points)
    label = words.objective_name(name, "year", export_lang())
    figure.add_trace(
        go.Scatter(
            x=[p.value.shown for p in drawn],
            y=[p.objective(name) for p in drawn],
            customdata=[p.job.run_id for p in drawn],
            mode="lines+markers",
            name=label,
            hovertemplate=t("上限 %{x}：%{y}（点击打开运行）<extra></extra>"),
        )
    )
    if found is not None:
        knee = points[found]
        figure.add_trace(
            go.Scatter(
                x=[knee.value.shown],
                y=[knee.objective(name)],
                customdata=[knee.job.run_id],
                mode="markers+text",
                marker={"size": 16, "symbol": "star", "color": "#d62728"},
                text=[t("拐点")],
                textposition="top center",
                name=t("拐点"),
                hovertemplate=t("拐点 %{x}：%{y}<extra></extra>"),
            )
        )
    figure.update_layout(
        xaxis_title=t("上限"), yaxis_title=label, showlegend=False, xaxis_type="category"
    )
    return figure


def _progress(points: Sequence[SweepPoint]) -> str:
    done = sum(p.job.state.finished for p in points)
    return t("已完成 {done}/{n} 个点", done=done, n=len(points))


def sweep_card(stored: list[str], name: str | None) -> dbc.Card:
    """The sweep form (a stored scenario, the cap, from, to, step) and the frontier chart."""
    options = sweep_options()
    chosen = options[0]["value"] if options else None
    allowed = may(Right.RUN_SCENARIO)

    def field(cid: str, placeholder: str, width: int) -> dbc.Col:
        return dbc.Col(dbc.Input(id=cid, placeholder=placeholder, disabled=not allowed), md=width)

    return dbc.Card(
        [
            dbc.CardHeader(t("预算扫描（各上限下的最优结果）")),
            dbc.CardBody(
                [
                    dbc.Row(
                        [
                            dbc.Col(
                                dropdown(
                                    id=ids.SCEN_SWEEP_SCENARIO,
                                    options=[{"value": n, "label": n} for n in stored],
                                    value=name,
                                    placeholder=t("选择已保存的情景…"),
                                ),
                                md=3,
                            ),
                            field(
                                ids.SCEN_SWEEP_CAP,
                                t("上限，如 总额:2024、县:晋江市:2024、压减:2023"),
                                3,
                            ),
                            field(ids.SCEN_SWEEP_FROM, t("从，如 100亿"), 2),
                            field(ids.SCEN_SWEEP_TO, t("到，如 200亿"), 2),
                            field(ids.SCEN_SWEEP_STEP, t("步长，如 10亿"), 1),
                            dbc.Col(
                                dbc.Button(
                                    t("扫描"), id=ids.SCEN_SWEEP_START, disabled=not allowed
                                ),
                                md=1,
                            ),
                        ],
                        className="g-2 mb-2",
                    ),
                    html.Div(id=ids.SCEN_SWEEP_ALERT, className="small text-danger"),
                    dropdown(
                        id=ids.SCEN_SWEEP_PICK,
                        options=options,
                        value=chosen,
                        placeholder=t("选择扫描…"),
                        className="mb-2",
                    ),
                    html.Div(id=ids.SCEN_SWEEP_STATUS, className="small text-muted"),
                    dcc.Graph(id=ids.SCEN_SWEEP_GRAPH, config={"displaylogo": False}),
                    dcc.Interval(id=ids.SCEN_SWEEP_POLL, interval=POLL_MS, disabled=True),
                    dcc.Location(id=ids.SCEN_SWEEP_GO, refresh=True),
                ]
            ),
        ],
        className="mb-3",
    )


def start_sweep(
    _clicks: int | None, name: str | None, cap: str | None, start: str | None,
    stop: str | None, step: str | None,
) -> tuple[Any, Any, str]:  # fmt: skip
    """Queue a sweep of the stored scenario ``name``; returns the chooser's options and
    value (the new sweep) and what went wrong, if anything."""
    if not name:
        return no_update, no_update, t("请选择要扫描的情景")
    try:
        text, _result = current_workspace().scenario(name)
        knobs = [parse_knob(part) for part in (cap or "").split(",") if part.strip()]
        if not knobs:
            knobs = [parse_knob(cap or "")]
        values = sweep_values(start or "", stop or "", step or "")
        sweep_id = _sweeps().submit(text, knobs, values, actor=current_actor())
    except ScenarioError as exc:
        return no_update, no_update, exc.report(export_lang())
    except (SweepError, PermissionDeniedError, UnknownScenarioError) as exc:
        return no_update, no_update, exc.message(export_lang())
    except PortfolioError as exc:
        return no_update, no_update, str(exc)
    return sweep_options(), sweep_id, ""


def show_sweep(sweep_id: str | None, _ticks: int | None) -> tuple[go.Figure, str, bool]:
    """The chosen sweep's frontier and progress; the refresh stops once every point ended."""
    if not sweep_id:
        return frontier_figure([]), "", True
    points = _sweeps().points(sweep_id)
    finished = all(p.job.state.finished for p in points)
    return frontier_figure(points), _progress(points), finished


def open_point(click: dict[str, Any] | None) -> Any:
    """The address of the clicked point's run (nothing for a point without one)."""
    picked = (click or {}).get("points") or [{}]
    run_id = picked[0].get("customdata")
    return f"/scenarios?run={run_id}" if isinstance(run_id, int) else no_update


def register() -> None:
    """Register the sweep's callbacks with the app being built."""
    callback(
        Output(ids.SCEN_SWEEP_PICK, "options"),
        Output(ids.SCEN_SWEEP_PICK, "value"),
        Output(ids.SCEN_SWEEP_ALERT, "children"),
        Input(ids.SCEN_SWEEP_START, "n_clicks"),
        State(ids.SCEN_SWEEP_SCENARIO, "value"),
        State(ids.SCEN_SWEEP_CAP, "value"),
        State(ids.SCEN_SWEEP_FROM, "value"),
        State(ids.SCEN_SWEEP_TO, "value"),
        State(ids.SCEN_SWEEP_STEP, "value"),
        prevent_initial_call=True,
    )(start_sweep)
    callback(
        Output(ids.SCEN_SWEEP_GRAPH, "figure"),
        Output(ids.SCEN_SWEEP_STATUS, "children"),
        Output(ids.SCEN_SWEEP_POLL, "disabled"),
        Input(ids.SCEN_SWEEP_PICK, "value"),
        Input(ids.SCEN_SWEEP_POLL, "n_intervals"),
    )(show_sweep)
    callback(
        Output(ids.SCEN_SWEEP_GO, "href"),
        Input(ids.SCEN_SWEEP_GRAPH, "clickData"),
        prevent_initial_call=True,
    )(open_point)
