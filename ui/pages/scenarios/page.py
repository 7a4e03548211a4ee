"""情景 Scenarios: write a budget scenario, run it in the background, read what slips and why,
compare scenarios side by side, sweep one over a range of a cap (its frontier), measure a
plan's delay risk (its fan chart).

The form builds the same TOML as a scenario file (shown under the form); a form with any
problem is refused field by field and nothing is saved or run. Runs go to the app's
background runner: a progress bar follows them and a button cancels them. ``?name=`` opens a
stored scenario, ``?run=ID`` one of its runs, ``?compare=A,B`` a comparison, so a view can
be shared. The callbacks are in ``callbacks.py``, the parts in ``layout.py``, the pure views
in ``views.py``.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from portfolio.errors import PortfolioError
from portfolio.services.scenarios import UnknownRunError
from ui import ids
from ui.context import current_workspace
from ui.i18n import page_title, t
from ui.pages.scenarios import callbacks, risk, sweep
from ui.pages.scenarios.form_layout import form_card, form_for
from ui.pages.scenarios.layout import compare_card, result_card, result_view, run_view
from ui.pages.scenarios.views import PLAN_VALUE

dash.register_page(__name__, path="/scenarios", name="情景", title=page_title("情景"), order=7)  # type: ignore[no-untyped-call]

POLL_MS = 500

callbacks.register()
sweep.register()
risk.register()


def layout(
    name: str | None = None, compare: str | None = None, run: str | None = None, **_query: str
) -> html.Div:
    """The form (empty, or the stored scenario of ``?name=``), its result and a comparison;
    ``?run=ID`` opens a stored run by its id, whatever its outcome."""
    workspace = current_workspace()
    baseline = workspace.scenario_baseline()
    stored = [s.name for s in workspace.scenarios()]
    shown: Any = None  # the run of ?run=ID, read once, or the last run of ?name=
    if run and run.isdigit():
        try:
            name, _text, result = workspace.run(int(run))
            shown = run_view(name, result)
        except UnknownRunError:
            pass  # an unknown run: the page opens as if it were not asked for
        except PortfolioError as exc:
            shown = dbc.Alert(str(exc), color="warning")
    name = name if name in stored else None
    form = form_for(name, baseline)
    compared = [c for c in (compare or "").split(",") if c in stored or c == PLAN_VALUE]
    return html.Div(
        [
            dcc.Location(id=ids.SCEN_LOCATION, refresh=False),
            dcc.Store(id=ids.SCEN_EXTRA, data=dict(form.extra)),
            dcc.Store(id=ids.SCEN_JOB),
            # The stored version the form was filled from: a save is based on it.
            dcc.Store(
                id=ids.SCEN_VERSION,
                data={"name": name, "version": workspace.scenario_version(name)},
            ),
            dcc.Interval(id=ids.SCEN_POLL, interval=POLL_MS, disabled=True),
            html.H2(t("情景")),
            html.P(
                t(
                    "设定年度总额上限或压减比例、县级上限、目标和项目设置，运行后查看哪些项目推迟、"
                    "推迟多少年、为什么，并与原计划或其他情景比较。金额写明单位（如 150亿、"
                    "5000万，精确到万元），也可填计划支出的百分比（如 80%）。"
                ),
                className="text-muted",
            ),
            dbc.Row(
                [
                    dbc.Col(form_card(form, baseline.horizon, baseline.counties, stored), lg=7),
                    dbc.Col(result_card(result_view(name) if shown is None else shown), lg=5),
                ]
            ),
            compare_card(stored, compared),
            sweep.sweep_card(stored, name),
            risk.risk_card(stored, name),
        ],
        className="container-fluid",
    )
