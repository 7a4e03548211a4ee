"""``portfolio serve``: run the web app on this computer."""

from __future__ import annotations

import threading
from typing import Annotated

import typer

from portfolio.cli_options import DbOption
from portfolio.services.workspace import Workspace, open_workspace


def warm_up(workspace: Workspace) -> None:
    """Compute what the first visits need (it is kept until the data changes)."""
    from portfolio.services.exports import page_schedule

    page_schedule(workspace)
    workspace.scenario_baseline()


def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")
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
) -> None:
    """Run the web app at http://HOST:PORT/ until stopped with Ctrl-C."""
    # Imported here so that the other commands start without loading Dash.
    from ui.app import create_app
    from ui.context import jobs_of
    from ui.security import QuietRequestHandler, allowed_hosts

    workspace = open_workspace(db)
    app = None
    try:
        workspace.ensure_ready()
        app = create_app(workspace, allowed_hosts([host, *(allowed_host or [])]))
        # The plan's schedule (甘特图, 资金, 重叠) is computed while the first visitor arrives.
        threading.Thread(target=warm_up, args=(workspace,), name="warm-up", daemon=True).start()
        typer.echo(f"serving {workspace.url} at http://{host}:{port}/ (Ctrl-C stops)")
        # debug stays off: the debugger would let any visitor run code.
        app.run(host=host, port=port, debug=False, request_handler=QuietRequestHandler)
    finally:
        if app is not None:
            # A scenario still solving is stopped and marked interrupted (it can be run
            # again), not waited for; queued runs stay queued for the next start.
            jobs_of(app.server).shutdown()
        workspace.close()
