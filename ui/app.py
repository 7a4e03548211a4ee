"""The planning office's web app: ``create_app`` builds it, ``portfolio serve`` runs it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import flask
from dash import Input, Output, dcc, html
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from portfolio.access import Right
from portfolio.services.database import unreachable_message
from portfolio.services.executors import BrokerUnavailableError, LocalExecutor
from portfolio.services.plan_import import MAX_IMPORT_BYTES
from portfolio.services.runs import Runs
from portfolio.services.workspace import Workspace
from ui import ids
from ui.context import attach_jobs, attach_workspace, current_actor, may
from ui.i18n import (
    LANG_COOKIE,
    LANG_PARAM,
    Lang,
    current_lang,
    export_lang,
    remember_choice,
    t,
)
from ui.office import CSRF_FIELD, SIGNOUT_PATH, enable_office
from ui.security import LOCAL_NAMES, protect

HERE = Path(__file__).resolve().parent

# (path, label) of the navbar, in order; each path is a page under ui/pages/.
NAV_ITEMS: tuple[tuple[str, str], ...] = (
    ("/", "概览"),
    ("/portfolio", "项目库"),
    ("/funding", "资金"),
    ("/progress", "进度"),
    ("/indicators", "指标"),
    ("/gantt", "甘特图"),
    ("/overlap", "重叠"),
    ("/scenarios", "情景"),
    ("/upload", "导入"),
    ("/audit", "操作记录"),
)
# A request's largest body: an upload a little over the import limit still reaches the 导入
# page, which says so (base64 takes a third more); one far over it is refused unread.
MAX_IMPORT_MB = MAX_IMPORT_BYTES // (1024 * 1024)
MAX_REQUEST_BYTES = 2 * MAX_IMPORT_BYTES
# Pages only some roles may read, with the right they need (the page refuses the others too).
ADMIN_PAGES = {"/upload": Right.IMPORT, "/audit": Right.READ_AUDIT}


def create_app(
    workspace: Workspace,
    hosts: Iterable[str] = LOCAL_NAMES,
    runs: Runs | None = None,
    *,
    https: bool = False,
) -> dash.Dash:
    """A Dash app serving ``workspace``: one page per module of ``ui/pages/``.

    The workspace must be ready (schema created, plans loaded); the app only reads it.
    Bootstrap's stylesheet is served from ``ui/assets/`` so the app works without internet.
    It answers only to ``hosts`` (this computer's names by default) and sends the security
    headers of :mod:`ui.security` with every response. Scenario runs go to ``runs``, by
    default local worker processes; queued runs found in the database are handed to them
    at once (a restart loses no queued run). A workspace in office mode gets the office
    server's sign-in, sessions and CSRF checks (:mod:`ui.office`); ``https`` says the office
    serves it over HTTPS (its cookies are then sent over HTTPS only).
    """
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        title="规划项目库",
        suppress_callback_exceptions=True,
    )
    protect(app.server, hosts)
    _say_when_the_database_is_away(app.server, workspace)
    if workspace.office:
        enable_office(app.server, workspace, https=https)
    attach_workspace(app.server, workspace)
    if runs is None:
        runs = Runs(workspace, LocalExecutor(workspace.url))
    attach_jobs(app.server, runs)
    # A broker that is down keeps them queued; every reading of the runs offers them again.
    with contextlib.suppress(BrokerUnavailableError):
        runs.dispatch_queued()
    remember_choice(app.server)
    # A function: the navbar is drawn for each visit, in the visitor's language.
    app.layout = _layout
    dash.clientside_callback(
        f"""function(clicks) {{
            if (!clicks) {{ return window.dash_clientside.no_update; }}
            const english = document.cookie.split("; ").includes("{LANG_COOKIE}=en");
            document.cookie = "{LANG_COOKIE}=" + (english ? "zh" : "en") +
                "; path=/; max-age=31536000; SameSite=Lax";
            const url = new URL(window.location.href);
            url.searchParams.delete("{LANG_PARAM}");
            window.location.replace(url.toString());
            return clicks;
        }}""",
        Output(ids.LANG_SWITCHED, "data"),
        Input(ids.LANG_SWITCH, "n_clicks"),
        prevent_initial_call=True,
    )
    return app


def _say_when_the_database_is_away(server: flask.Flask, workspace: Workspace) -> None:
    """A request that finds the database unreachable is answered 503 with what the command
    line says (which database, that nothing was done), in the visitor's language; the page
    shows it (``assets/server_answers.js``). A request larger than ``MAX_REQUEST_BYTES`` (a
    file far over the import limit) is answered 413 without being read, saying the limit.
    Other errors stay 500s, saying nothing."""
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    def answer(exc: Exception) -> flask.typing.ResponseReturnValue:
        if isinstance(exc, RequestEntityTooLarge):
            too_large = t("文件太大：导入的文件不能超过 {limit} MB，未接收。", limit=MAX_IMPORT_MB)
            return flask.Response(too_large, status=413, mimetype="text/plain")
        if isinstance(exc, HTTPException):  # 400, 401, 404…: answered as they are
            return exc
        said = unreachable_message(exc, workspace.url, export_lang())
        if said is None:
            return InternalServerError()
        return flask.Response(said, status=503, mimetype="text/plain")

    server.register_error_handler(Exception, answer)


def _layout() -> dbc.Container:
    return dbc.Container(
        [
            _navbar(),
            dcc.Store(id=ids.LANG_SWITCHED),
            html.Main(dash.page_container, className="pt-3"),
        ],
        fluid=True,
        className="px-0",
    )


def _navbar() -> dbc.Navbar:
    links = [
        dbc.NavItem(dbc.NavLink(t(label), href=path, active="exact"))
        for path, label in NAV_ITEMS
        if path not in ADMIN_PAGES or may(ADMIN_PAGES[path])
    ]
    # The switch names the other language, in that language.
    other = "中文" if current_lang() is Lang.EN else "English"
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(t("规划项目库"), href="/"),
                dbc.Nav(links, navbar=True, className="me-auto"),
                *_person(),
                dbc.Button(other, id=ids.LANG_SWITCH, size="sm", color="light", outline=True),
            ],
            fluid=True,
        ),
        id=ids.NAVBAR,
        color="primary",
        dark=True,
    )


def _person() -> list[html.Span | html.Form]:
    """On the office server: who is signed in, their role, and a sign-out button (a POST with
    the CSRF token, so another site cannot sign anyone out)."""
    actor = current_actor()
    if actor is None:
        return []
    return [
        html.Span(
            f"{actor.name} · {actor.role.label(export_lang())}",
            id=ids.SIGNED_IN,
            className="navbar-text text-light me-2",
        ),
        html.Form(
            [
                dcc.Input(type="hidden", name=CSRF_FIELD, value=generate_csrf()),
                html.Button(
                    t("退出登录"),
                    id=ids.SIGN_OUT,
                    type="submit",
                    className="btn btn-sm btn-outline-light",
                ),
            ],
            method="post",
            action=SIGNOUT_PATH,
            className="me-2 mb-0",
        ),
    ]
