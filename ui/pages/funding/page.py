"""资金 Funding: spend per year of the plan or a stored scenario, stacked by place or table.

The URL carries the view (``?scenario=…&by=county&show=晋江市``) so it can be shared. The
callbacks are in ``callbacks.py``, the parts in ``layout.py``, the pure views in ``views.py``
and ``places.py`` (the largest groups, the picker, the places' caps).
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from ui import ids
from ui.components.dropdown import dropdown
from ui.context import current_workspace
from ui.i18n import page_title, t
from ui.pages.funding import callbacks
from ui.pages.funding.layout import content
from ui.pages.funding.places import TOP_GROUPS
from ui.pages.funding.views import FUNDING_BY_LABELS, PLAN_LABEL, PLAN_VALUE, funding_query

dash.register_page(__name__, path="/funding", name="资金", title=page_title("资金"), order=3)  # type: ignore[no-untyped-call]

callbacks.register()


def layout(
    scenario: str | None = None,
    by: str | None = None,
    show: str | list[str] | None = None,
    **_query: str,
) -> html.Div:
    """The funding view for ``?scenario=...&by=...&show=...`` (the plan by city when absent)."""
    shown = content(funding_query(scenario, by, show))
    options = [{"label": t(PLAN_LABEL), "value": PLAN_VALUE}] + [
        {"label": summary.name, "value": summary.name}
        for summary in current_workspace().scenarios()
    ]
    return html.Div(
        [
            # refresh=False: the callback rewrites the query string without reloading the page.
            dcc.Location(id=ids.FUNDING_LOCATION, refresh=False),
            html.H2(t("资金")),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("情景"), html_for=ids.FUNDING_SCENARIO),
                            dropdown(
                                id=ids.FUNDING_SCENARIO,
                                options=options,
                                value=shown.query.scenario or PLAN_VALUE,
                                clearable=False,
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("分组")),
                            dbc.RadioItems(
                                id=ids.FUNDING_BY,
                                options=[
                                    {"label": t(label), "value": by.value}
                                    for by, label in FUNDING_BY_LABELS.items()
                                ],
                                value=shown.query.by.value,
                                inline=True,
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("单独显示"), html_for=ids.FUNDING_PICKED),
                            dropdown(
                                id=ids.FUNDING_PICKED,
                                options=shown.picker,
                                value=list(shown.query.picked),
                                multi=True,
                                placeholder=t("投资最多的 {n} 个，其余合为“其他”", n=TOP_GROUPS),
                            ),
                        ],
                        md=5,
                    ),
                ],
                className="mb-2 align-items-end",
            ),
            dbc.Alert(
                shown.error, id=ids.FUNDING_ERROR, color="warning", is_open=bool(shown.error)
            ),
            html.P(shown.shows, id=ids.FUNDING_SHOWS, className="text-muted"),
            dcc.Graph(id=ids.FUNDING_CHART, figure=shown.chart),
            html.Div(
                dcc.Graph(id=ids.FUNDING_PLACE_CAPS, figure=shown.place_caps or {}),
                id=ids.FUNDING_PLACE_CAPS_BOX,
                hidden=shown.place_caps is None,
            ),
            dcc.Graph(id=ids.FUNDING_CUMULATIVE, figure=shown.cumulative),
            html.H4(t("各年投资（亿元）"), className="mt-3"),
            html.Div(shown.table, id=ids.FUNDING_TABLE),
        ],
        className="container-fluid",
    )
