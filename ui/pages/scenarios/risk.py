"""The 情景 page's delay-risk simulation: a stored scenario's plan measured under sampled
delays and overruns (:mod:`portfolio.services.risks`), drawn as a fan chart (the P10-P90 band
of each year's need, the P50 line, the total caps as markers) with the caps' chances of being
exceeded and the projects most often delayed. The simulation runs in the request: measuring
a stored plan takes seconds; a scenario without a stored plan of its text is first solved by
the app's runs workers.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html, no_update

from portfolio.access import PermissionDeniedError, Right
from portfolio.errors import PortfolioError
from portfolio.formatting import yi_text
from portfolio.scenarios.outcome import CapRef
from portfolio.scenarios.risk_spec import MAX_SAMPLES
from portfolio.scenarios.spec import ScenarioError
from portfolio.scenarios.words import cap_words
from portfolio.services.risks import RiskError, RiskReport, Risks
from portfolio.services.scenarios import UnknownScenarioError
from ui import ids
from ui.components.dropdown import dropdown
from ui.context import current_jobs, current_workspace, may
from ui.i18n import export_lang, t

DELAYED_SHOWN = 10


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
    """The caps' chances of being exceeded, the projects most often delayed, the summary."""
    f, lang = report.figures, export_lang()
    caps = [
        html.Tr(
            [
                html.Td(
                    cap_words(
                        CapRef(r.cap.kind.value, r.cap.key, str(r.cap.period), r.cap.period), lang
                    )
                ),
                html.Td(yi_text(r.cap.amount)),
                html.Td(f"{100 * r.exceeded / max(r.samples, 1):.1f}%"),
            ]
        )
        for r in f.caps
    ]
    delayed = [
        html.Tr([html.Td(report.names[i]), html.Td(f"{100 * n / max(f.measured, 1):.1f}%")])
        for i, n in f.delayed[:DELAYED_SHOWN]
    ]
    summary = t(
        "{done}/{asked} 个样本（种子 {seed}），无法排期 {infeasible} 个；期望加权推迟 {delay:.2f}",
        done=f.measured,
        asked=f.asked,
        seed=report.seed,
        infeasible=f.infeasible,
        delay=float(f.expected_weighted_delay),
    )
    notes = [html.P(summary, className="small")]
    if report.assumed:
        notes.append(
            html.P(t("{n} 个项目的风险用了假设值", n=len(report.assumed)), className="small")
        )
    head = [t("上限"), t("金额（亿元）"), t("超出概率")]
    return [
        *notes,
        dbc.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(caps)], size="sm"),
        dbc.Table(
            [
                html.Thead(html.Tr([html.Th(t("最常推迟的项目")), html.Th(t("比例"))])),
                html.Tbody(delayed),
            ],
            size="sm",
        ),
    ]


def risk_card(stored: list[str], name: str | None) -> dbc.Card:
    """The form (a stored scenario, samples, seed) and the fan chart with its tables."""
    allowed = may(Right.RUN_SCENARIO)
    return dbc.Card(
        [
            dbc.CardHeader(t("延期风险模拟（固定计划）")),
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
                                md=5,
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
                                dbc.Button(t("模拟"), id=ids.SCEN_RISK_START, disabled=not allowed),
                                md=2,
                            ),
                        ],
                        className="g-2 mb-2",
                    ),
                    html.Div(id=ids.SCEN_RISK_ALERT, className="small text-danger"),
                    dcc.Loading(dcc.Graph(id=ids.SCEN_RISK_GRAPH, config={"displaylogo": False})),
                    html.Div(id=ids.SCEN_RISK_TABLES),
                ]
            ),
        ],
        className="mb-3",
    )


def simulate(
    _clicks: int | None, name: str | None, samples: int | None, seed: int | None
) -> tuple[Any, Any, str]:
    """Simulate the stored scenario ``name``; the fan chart, the tables, what went wrong."""
    if not name:
        return no_update, no_update, t("请选择要模拟的情景")
    try:
        text, _result = current_workspace().scenario(name)
        report = Risks(current_jobs()).simulate(text, samples=samples, seed=seed)
    except ScenarioError as exc:
        return no_update, no_update, exc.report(export_lang())
    except (RiskError, PermissionDeniedError, UnknownScenarioError) as exc:
        return no_update, no_update, exc.message(export_lang())
    except PortfolioError as exc:
        return no_update, no_update, str(exc)
    return fan_figure(report), risk_tables(report), ""


def register() -> None:
    """Register the simulation's callback with the app being built."""
    callback(
        Output(ids.SCEN_RISK_GRAPH, "figure"),
        Output(ids.SCEN_RISK_TABLES, "children"),
        Output(ids.SCEN_RISK_ALERT, "children"),
        Input(ids.SCEN_RISK_START, "n_clicks"),
        State(ids.SCEN_RISK_SCENARIO, "value"),
        State(ids.SCEN_RISK_SAMPLES, "value"),
        State(ids.SCEN_RISK_SEED, "value"),
        prevent_initial_call=True,
    )(simulate)
