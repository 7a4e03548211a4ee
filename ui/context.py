"""The workspace a running app serves, looked up from the request being answered."""

from __future__ import annotations

import flask
import flask_login

from portfolio.access import Actor, Right
from portfolio.services.risk_jobs import Simulations
from portfolio.services.runs import Runs
from portfolio.services.workspace import Workspace

_KEY = "portfolio_workspace"
_JOBS_KEY = "portfolio_scenario_jobs"
_SIMULATIONS_KEY = "portfolio_risk_simulations"


def attach_workspace(server: flask.Flask, workspace: Workspace) -> None:
    """Make ``workspace`` the one that pages and callbacks of ``server`` read from."""
    server.extensions[_KEY] = workspace


def current_workspace() -> Workspace:
    """The workspace of the app answering the current request (layouts and callbacks)."""
    workspace = flask.current_app.extensions[_KEY]
    if not isinstance(workspace, Workspace):
        raise TypeError("the app has no portfolio workspace attached")
    return workspace


def attach_jobs(server: flask.Flask, jobs: Runs) -> None:
    """Make ``jobs`` the runs service that the 情景 page submits scenario runs to."""
    server.extensions[_JOBS_KEY] = jobs


def current_jobs() -> Runs:
    """The background runner of the app answering the current request."""
    return jobs_of(flask.current_app)


def jobs_of(server: flask.Flask) -> Runs:
    """The background runner attached to ``server``."""
    jobs = server.extensions[_JOBS_KEY]
    if not isinstance(jobs, Runs):
        raise TypeError("the app has no scenario runner attached")
    return jobs


def current_simulations() -> Simulations:
    """The delay-risk simulations running in the background of this app's server."""
    found = flask.current_app.extensions.setdefault(_SIMULATIONS_KEY, Simulations())
    if not isinstance(found, Simulations):
        raise TypeError("the app's simulations are of the wrong kind")
    return found


def current_actor() -> Actor | None:
    """The person the current request acts for, to pass to the services as ``actor=``.

    On the office server, the person signed in (``None`` if no one, which the services
    refuse); on the embedded app ``None``, which the workspace takes as the person at this
    computer."""
    if not current_workspace().office:
        return None
    actor = getattr(flask_login.current_user, "actor", None)
    return actor if isinstance(actor, Actor) else None


def may(right: Right) -> bool:
    """Whether the page should offer what needs ``right`` (the services check anyway).

    Outside a request (a view drawn by a test or a script) and on the embedded app: yes."""
    if not flask.has_request_context() or not current_workspace().office:
        return True
    actor = current_actor()
    return actor is not None and actor.may(right)
