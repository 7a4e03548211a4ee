"""The planning office's web app: ``create_app`` builds it, ``portfolio serve`` runs it."""

from __future__ import annotations

from pathlib import Path

import dash
import dash_bootstrap_components as dbc
from dash import html

from portfolio.services.jobs import ScenarioJobs
from portfolio.services.workspace import Workspace
from ui import ids
from ui.context import attach_jobs, attach_workspace

HERE = Path(__file__).resolve().parent

# (path, label) of the navbar, in order; each path is a page under ui/pages/.
NAV_ITEMS: tuple[tuple[str, str], ...] = (
    ("/", "概览"),
    ("/portfolio", "项目库"),
    ("/funding", "资金"),
    ("/indicators", "指标"),
    ("/gantt", "甘特图"),
    ("/overlap", "重叠"),
    ("/scenarios", "情景"),
)


def create_app(workspace: Workspace) -> dash.Dash:
    """A Dash app serving ``workspace``: one page per module of ``ui/pages/``.

    The workspace must be ready (schema created, plans loaded); the app only reads it.
    Bootstrap's stylesheet is served from ``ui/assets/`` so the app works without internet.
    """
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        title="规划项目库",
        suppress_callback_exceptions=True,
    )
    attach_workspace(app.server, workspace)
    attach_jobs(app.server, ScenarioJobs(workspace))
    app.layout = dbc.Container(
        [_navbar(), html.Main(dash.page_container, className="pt-3")],
        fluid=True,
        className="px-0",
    )
    return app


def _navbar() -> dbc.Navbar:
    links = [
        dbc.NavItem(dbc.NavLink(label, href=path, active="exact")) for path, label in NAV_ITEMS
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand("规划项目库", href="/"),
                dbc.Nav(links, navbar=True),
            ],
            fluid=True,
        ),
        id=ids.NAVBAR,
        color="primary",
        dark=True,
    )
