"""The 情景 page's delay-risk simulation: a stored scenario's plan under sampled delays and
overruns (:mod:`portfolio.services.risks`), each future re-planned under the caps on the
app's workers or the plan measured as it is, drawn as a fan chart (the P10-P90 band of each
year's need, the P50 line, the total caps as markers) with the caps' chances of being
exceeded and the projects most often delayed. The simulation runs in the background of the
server (:mod:`portfolio.services.risk_jobs`); the page polls its progress, can stop it, and
offers the figures as a workbook once it ends.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html, no_update

from portfolio.access import PermissionDeniedError, Right
from portfolio.errors import PortfolioError
from portfolio.exports.model import ExportOptions
from portfolio.formatting import yi_text
from portfolio.scenarios.risk_report import RiskReport, cap_ref, footer, mode_words, share_text
from portfolio.scenarios.risk_spec import MAX_SAMPLES, MODES
from portfolio.scenarios.spec import ScenarioError
from portfolio.scenarios.words import cap_words
from portfolio.services.exports import risk_workbook
from portfolio.services.risks import RiskError, Risks
from portfolio.services.scenarios import UnknownScenarioError
from ui import ids
from ui.components.dropdown import dropdown
from ui.context import current_actor, current_jobs, current_simulations, current_workspace, may
from ui.i18n import export_lang, t

DELAYED_SHOWN = 10
POLL_MS = 1000
LOCAL_OWNER = "本机"


def fan_figure(report: RiskReport | None) -> go.Figure:
    """Each year's need in 亿元: the P10-P90 band, the P50 line, the total caps."""
    figure = go.Figure()
    figure.update_layout(margin={"l": 50, "r": 10, "t": 10, "b": 40}, height=340)
    if report is None:
        return figure
    bands = report.figures.total
    years = [b.year for b in bands]
    yi = [[b.p90 / 10000 for b in bands], [b.p10 / 10000 for b in bands]]
    figure.add_trace(go.Scatter(x=years, y=yi[0], mode="lines", line={"width": 0}, name="P90"))
    figure.add_trace(
        go.Scatter(x=years, y=yi[1], mode="lines", line={"width": 0}, fill="tonexty", name="P10")
    )
    figure.add_trace(
        go.Scatter(x=years, y=[b.p50 / 10000 for b in bands], mode="lines+markers", name="P50")
    )
    caps = [r.cap for r in report.figures.caps if r.cap.kind.value == "total"]
    if caps:
        figure.add_trace(
            go.Scatter(
                x=[c.period for c in caps],
                y=[c.amount / 10000 for c in caps],
                mode="markers",
                marker={"symbol": "line-ew-open", "size": 24, "color": "#d62728"},
                name=t("总额上限"),
            )
        )
    figure.update_layout(xaxis_title=t("年份"), yaxis_title=t("每年所需（亿元）"))
    return figure


def risk_tables(report: RiskReport) -> list[Any]:
    """The caps' chances of being exceeded, the projects most often delayed (and, re-planned,
    left out), the summary."""
    f, lang = report.figures, export_lang()
    caps = [
        html.Tr(
            [
                html.Td(cap_words(cap_ref(r), lang)),
                html.Td(yi_text(r.cap.amount)),
                html.Td(share_text(r.exceeded, r.samples)),
            ]
        )
        for r in f.caps
    ]
    notes = [html.P(line, className="small mb-1") for line in footer(report, lang).splitlines()]
    head = [t("上限"), t("金额（亿元）"), t("超出概率")]
    tables = [
        *notes,
        dbc.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(caps)], size="sm"),
    ]
    for title, counted in (
        (t("最常推迟的项目"), f.delayed),
        (t("重排时最常未安排的项目"), f.dropped),
    ):
        if not counted:
            continue
        rows = [
            html.Tr([html.Td(report.names.get(i, i)), html.Td(share_text(n, f.measured))])
            for i, n in counted[:DELAYED_SHOWN]
        ]
        tables.append(
            dbc.Table(
                [html.Thead(html.Tr([html.Th(title), html.Th(t("比例"))])), html.Tbody(rows)],
                size="sm",
            )
        )
    return tables


def risk_card(stored: list[str], name: str | None) -> dbc.Card:
    """The form (a stored scenario, samples, seed, mode), the progress, the fan chart with
    its tables, and the workbook of the figures."""
    allowed = may(Right.RUN_SCENARIO)
    modes = [{"value": mode, "label": mode_words(mode, export_lang())} for mode in MODES]
    return dbc.Card(
        [
            dbc.CardHeader(t("延期风险模拟")),
            dbc.CardBody(
                [
                    dbc.Row(
                        [
                            dbc.Col(
                                dropdown(
                                    id=ids.SCEN_RISK_SCENARIO,
                                    options=[{"value": n, "label": n} for n in stored],
                                    value=name,
                                    placeholder=t("选择已保存的情景…"),
                                ),
                                md=4,
                            ),
                            dbc.Col(
                                dbc.Input(
                                    id=ids.SCEN_RISK_SAMPLES,
                                    type="number",
                                    min=1,
                                    max=MAX_SAMPLES,
                                    placeholder=t("样本数（默认取情景文件）"),
                                ),
                                md=3,
                            ),
                            dbc.Col(
                                dbc.Input(
                                    id=ids.SCEN_RISK_SEED, type="number", placeholder=t("种子")
                                ),
                                md=2,
                            ),
                            dbc.Col(
                                dbc.ButtonGroup(
                                    [
                                        dbc.Button(
                                            t("模拟"), id=ids.SCEN_RISK_START, disabled=not allowed
                                        ),
                                        dbc.Button(
                                            t("停止"),
                                            id=ids.SCEN_RISK_STOP,
                                            color="secondary",
                                            outline=True,
                                            disabled=True,
                                        ),
                                    ]
                                ),
                                md=3,
                            ),
                        ],
                        className="g-2 mb-2",
                    ),
                    dbc.RadioItems(
                        id=ids.SCEN_RISK_MODE,
                        options=modes,
                        value=None,
                        inline=True,
                        className="small mb-2",
                    ),
                    html.Div(
                        t("不选方式时取情景文件的 [risk] mode（默认逐个样本重新排期）。"),
                        className="small text-muted mb-2",
                    ),
                    dbc.Progress(
                        id=ids.SCEN_RISK_PROGRESS, value=0, label="", className="mb-2 d-none"
                    ),
                    html.Div(id=ids.SCEN_RISK_ALERT, className="small text-danger"),
                    dcc.Graph(id=ids.SCEN_RISK_GRAPH, config={"displaylogo": False}),
                    html.Div(id=ids.SCEN_RISK_TABLES),
                    dbc.Button(
                        t("下载风险模拟工作簿"),
                        id=ids.SCEN_RISK_EXPORT,
                        color="link",
                        className="p-0 small",
                        disabled=True,
                    ),
                    dcc.Download(id=ids.SCEN_RISK_DOWNLOAD),
                    dcc.Store(id=ids.SCEN_RISK_TOKEN),
                    dcc.Interval(id=ids.SCEN_RISK_POLL, interval=POLL_MS, disabled=True),
                ]
            ),
        ],
        className="mb-3",
    )


def _owner() -> str:
    actor = current_actor()
    return actor.name if actor is not None else LOCAL_OWNER


def start(
    _clicks: int | None,
    name: str | None,
    samples: int | None,
    seed: int | None,
    mode: str | None,
) -> tuple[Any, bool, str]:
    """Start simulating the stored scenario ``name`` in the background: its token, whether
    the poll stays off, what went wrong."""
    if not name:
        return no_update, True, t("请选择要模拟的情景")
    try:
        text, _result = current_workspace().scenario(name)
        token = current_simulations().start(
            Risks(current_jobs()),
            text,
            owner=_owner(),
            samples=samples,
            seed=seed,
            mode=mode,
            actor=current_actor(),
        )
    except ScenarioError as exc:
        return no_update, True, exc.report(export_lang())
    except UnknownScenarioError as exc:
        return no_update, True, exc.message(export_lang())
    except PortfolioError as exc:
        return no_update, True, str(exc)
    return token, False, ""


def follow(_ticks: int | None, token: str | None) -> tuple[Any, ...]:
    """The simulation's progress; once it ends, its fan chart and tables (or why not): the
    figure, the tables, the alert, the progress value and label, whether the poll stops,
    the progress bar's class, whether 停止 and the download are disabled."""
    simulation = current_simulations().get(token, _owner())
    if simulation is None:
        return (no_update,) * 5 + (True, "mb-2 d-none", True, True)
    label = t("样本 {done}/{asked}", done=simulation.done, asked=simulation.asked)
    value = 100 * simulation.done / max(simulation.asked, 1)
    if not simulation.finished:
        return no_update, no_update, "", value, label, False, "mb-2", False, True
    report, error = simulation.report, simulation.error
    if report is None:
        return no_update, [], _error_text(error), value, label, True, "mb-2", True, True
    cancelled = t("已停止：图表只含已完成的样本。") if simulation.cancel.is_set() else ""
    figure, tables = fan_figure(report), risk_tables(report)
    return figure, tables, cancelled, value, label, True, "mb-2", True, False


def _error_text(error: Exception | None) -> str:
    if isinstance(error, RiskError | PermissionDeniedError | UnknownScenarioError):
        return error.message(export_lang())
    if isinstance(error, ScenarioError):
        return error.report(export_lang())
    return t("模拟出错：{error}", error=error)


def stop(_clicks: int | None, token: str | None) -> bool:
    """Ask the simulation to stop; the samples done are kept."""
    current_simulations().cancel(token, _owner())
    return True


def download(_clicks: int | None, token: str | None) -> Any:
    """The workbook of the simulated scenario's run with a 风险模拟 sheet."""
    simulation = current_simulations().get(token, _owner())
    if simulation is None or simulation.report is None:
        return no_update
    options = ExportOptions(lang=export_lang())
    name, content = risk_workbook(current_workspace(), simulation.report, options)
    return dcc.send_bytes(content, name)  # type: ignore[attr-defined, no-untyped-call]


def register() -> None:
    """Register the simulation's callbacks with the app being built."""
    callback(
        Output(ids.SCEN_RISK_TOKEN, "data"),
        Output(ids.SCEN_RISK_POLL, "disabled", allow_duplicate=True),
        Output(ids.SCEN_RISK_ALERT, "children", allow_duplicate=True),
        Input(ids.SCEN_RISK_START, "n_clicks"),
        State(ids.SCEN_RISK_SCENARIO, "value"),
        State(ids.SCEN_RISK_SAMPLES, "value"),
        State(ids.SCEN_RISK_SEED, "value"),
        State(ids.SCEN_RISK_MODE, "value"),
        prevent_initial_call=True,
    )(start)

    callback(
        Output(ids.SCEN_RISK_GRAPH, "figure"),
        Output(ids.SCEN_RISK_TABLES, "children"),
        Output(ids.SCEN_RISK_ALERT, "children", allow_duplicate=True),
        Output(ids.SCEN_RISK_PROGRESS, "value"),
        Output(ids.SCEN_RISK_PROGRESS, "label"),
        Output(ids.SCEN_RISK_POLL, "disabled", allow_duplicate=True),
        Output(ids.SCEN_RISK_PROGRESS, "className"),
        Output(ids.SCEN_RISK_STOP, "disabled"),
        Output(ids.SCEN_RISK_EXPORT, "disabled"),
        Input(ids.SCEN_RISK_POLL, "n_intervals"),
        State(ids.SCEN_RISK_TOKEN, "data"),
        prevent_initial_call=True,
    )(follow)
    callback(
        Output(ids.SCEN_RISK_STOP, "disabled", allow_duplicate=True),
        Input(ids.SCEN_RISK_STOP, "n_clicks"),
        State(ids.SCEN_RISK_TOKEN, "data"),
        prevent_initial_call=True,
    )(stop)
    callback(
        Output(ids.SCEN_RISK_DOWNLOAD, "data"),
        Input(ids.SCEN_RISK_EXPORT, "n_clicks"),
        State(ids.SCEN_RISK_TOKEN, "data"),
        prevent_initial_call=True,
    )(download)
