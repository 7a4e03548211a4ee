"""``portfolio serve``: run the web app, on this computer or as the office server.

Both modes are served by waitress, a production WSGI server: pure Python (it installs and
runs the same on the Windows PCs many offices use), with a pool of threads, which fits Dash
(its callbacks are short requests, and the threads share the workspace's in-memory caches
and the scenario runner; a process per worker, as gunicorn has, would keep one of each per
process). Flask's development server is not made for a network. ``ident`` names the server
``portfolio`` instead of waitress and its version.
"""

from __future__ import annotations

import ipaddress
import threading
from typing import Annotated

import typer

from commands.options import DbOption, LangOption, fail
from commands.runs import BrokerOption
from portfolio.exports.model import Language
from portfolio.i18n import tr
from portfolio.services.workspace import Workspace, open_workspace

SERVER_NAME = "portfolio"  # what the Server header says: no software, no version
DEFAULT_THREADS = 8  # a page asks for several callbacks at once


def warm_up(workspace: Workspace) -> None:
    """Compute what the first visits need (it is kept until the data changes)."""
    from portfolio.services.exports import page_schedule

    page_schedule(workspace)
    workspace.scenario_baseline()


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address of this computer only (127.0.0.1, ::1, localhost).

    >>> [is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "192.168.1.5")]
    [True, True, True, False, False]
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: it may resolve to any address


def serve(
    db: DbOption = None,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on; 0.0.0.0 opens it to the network (office mode only, "
            "with an administrator)."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8050,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="A name the office reaches the server by (repeatable; with --host 0.0.0.0): "
            "requests naming any other host are refused, this computer's names always work.",
        ),
    ] = None,
    office: Annotated[
        bool,
        typer.Option(
            "--office",
            help="The office server: everyone signs in (portfolio users add), each role does "
            "what it may.",
        ),
    ] = False,
    https: Annotated[
        bool,
        typer.Option(
            "--https",
            envvar="PORTFOLIO_HTTPS",
            help="The office reaches the server over HTTPS (through a proxy that terminates "
            "it): cookies are then sent over HTTPS only.",
        ),
    ] = False,
    threads: Annotated[
        int, typer.Option(min=1, help="Requests answered at once.")
    ] = DEFAULT_THREADS,
    broker: BrokerOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Run the web app at http://HOST:PORT/ until stopped with Ctrl-C.

    Scenario runs are solved in worker processes of this computer; on the office server
    (``--office``) by the office's ``portfolio worker``s, through the broker."""
    # Imported here so that the other commands start without loading Dash.
    import waitress

    from portfolio.services.executors import CeleryExecutor, LocalExecutor
    from portfolio.services.runs import Runs
    from ui.app import create_app
    from ui.context import jobs_of
    from ui.security import allowed_hosts

    workspace = open_workspace(db, office=office)
    app = None
    try:
        workspace.ensure_ready()
        _check_opening(workspace, host, lang)
        hosts = allowed_hosts([host, *(allowed_host or [])])
        runs = Runs(workspace, CeleryExecutor(broker) if office else LocalExecutor(workspace.url))
        app = create_app(workspace, hosts, runs, https=https)
        # The plan's schedule (甘特图, 资金, 重叠) is computed while the first visitor arrives.
        threading.Thread(target=warm_up, args=(workspace,), name="warm-up", daemon=True).start()
        scheme = "https" if https else "http"
        typer.echo(f"serving {workspace.url} at {scheme}://{host}:{port}/ (Ctrl-C stops)")
        if office and not workspace.users.list():
            typer.echo(tr(lang, "还没有用户：portfolio users add 姓名 --role admin"), err=True)
        waitress.serve(
            app.server,
            host=host,
            port=port,
            threads=threads,
            ident=SERVER_NAME,
            url_scheme=scheme,
        )
    finally:
        if app is not None:
            # A scenario still solving is stopped and marked interrupted (it can be run
            # again), not waited for; queued runs stay queued for the next start.
            jobs_of(app.server).shutdown()
        workspace.close()


def _check_opening(workspace: Workspace, host: str, lang: Language) -> None:
    """Refuse to listen beyond this computer unless people must sign in and one of them can
    manage the others: otherwise anyone who reaches the port could change the office's data."""
    if is_loopback(host):
        return
    if not workspace.office:
        raise fail(
            tr(
                lang,
                "只在本机监听：--host {host} 只能用于办公室模式（--office）",
                host=host,
            ),
            lang,
        )
    if workspace.users.admins() == 0:
        raise fail(
            tr(
                lang,
                "先添加一位管理员：portfolio users add 姓名 --role admin",
            ),
            lang,
        )
