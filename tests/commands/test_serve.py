"""``portfolio serve``: through waitress, on this computer only unless it is the office server
with an administrator; the database made on first run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import flask
import pytest
import waitress
from typer.testing import CliRunner

from commands.main import app
from portfolio.access import Role
from portfolio.services.workspace import Workspace


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What waitress would have been asked to serve (the server itself is not started)."""
    calls: list[dict[str, Any]] = []

    def serve(application: Any, **kwargs: Any) -> None:
        assert isinstance(application, flask.Flask)
        calls.append(kwargs)

    monkeypatch.setattr(waitress, "serve", serve)
    return calls


def test_serve_listens_on_this_computer_only_through_waitress(
    tmp_path: Path, runs: list[dict[str, Any]]
) -> None:
    database = tmp_path / "new" / "portfolio.sqlite3"
    result = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{database}"])
    assert result.exit_code == 0, result.output
    assert runs == [
        {
            "host": "127.0.0.1",
            "port": 8050,
            "threads": 8,
            "ident": "portfolio",  # no server name or version disclosed
            "url_scheme": "http",
        }
    ]
    assert database.exists()  # created and loaded without any set-up step
    assert "http://127.0.0.1:8050/" in result.output


def test_serve_opens_to_the_network_only_as_the_office_server_with_an_admin(
    tmp_path: Path, runs: list[dict[str, Any]]
) -> None:
    db = f"sqlite:///{tmp_path / 'portfolio.sqlite3'}"
    embedded = CliRunner().invoke(app, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert embedded.exit_code == 1
    assert "错误：只在本机监听：--host 0.0.0.0 只能用于办公室模式（--office）" in embedded.output
    office = ["serve", "--db", db, "--host", "0.0.0.0", "--office"]
    lonely = CliRunner().invoke(app, [*office, "--lang", "en"])
    assert lonely.exit_code == 1
    assert "error: add an administrator first: portfolio users add NAME --role admin" in (
        lonely.output
    )
    assert runs == []

    workspace = Workspace(db)
    workspace.users.add("李明", Role.PLANNER, "planner secret")
    planner_only = CliRunner().invoke(app, office)
    assert planner_only.exit_code == 1
    workspace.users.add("王芳", Role.ADMIN, "admin secret")
    workspace.close()
    opened = CliRunner().invoke(app, [*office, "--threads", "16", "--https"])
    assert opened.exit_code == 0, opened.output
    assert runs == [
        {
            "host": "0.0.0.0",
            "port": 8050,
            "threads": 16,
            "ident": "portfolio",
            "url_scheme": "https",
        }
    ]
