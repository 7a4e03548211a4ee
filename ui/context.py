"""The workspace a running app serves, looked up from the request being answered."""

from __future__ import annotations

import flask

from portfolio.services.workspace import Workspace

_KEY = "portfolio_workspace"


def attach_workspace(server: flask.Flask, workspace: Workspace) -> None:
    """Make ``workspace`` the one that pages and callbacks of ``server`` read from."""
    server.extensions[_KEY] = workspace


def current_workspace() -> Workspace:
    """The workspace of the app answering the current request (layouts and callbacks)."""
    workspace = flask.current_app.extensions[_KEY]
    if not isinstance(workspace, Workspace):
        raise TypeError("the app has no portfolio workspace attached")
    return workspace
