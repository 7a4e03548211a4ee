"""The workspace a running app serves, looked up from the request being answered."""

from __future__ import annotations

import flask

from portfolio.services.runs import Runs
from portfolio.services.workspace import Workspace

_KEY = "portfolio_workspace"
_JOBS_KEY = "portfolio_scenario_jobs"


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
