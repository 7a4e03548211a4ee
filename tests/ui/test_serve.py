"""``portfolio serve``: on this computer only, debugger off, the database made on first run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dash
import pytest
from typer.testing import CliRunner

from ui.cli import app
from ui.security import QuietRequestHandler


def test_serve_listens_on_this_computer_only_with_the_debugger_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[dict[str, Any]] = []
    # The server itself is not started: the test sees how it would be.
    monkeypatch.setattr(dash.Dash, "run", lambda _self, **kwargs: runs.append(kwargs))
    database = tmp_path / "new" / "portfolio.sqlite3"
    result = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{database}"])
    assert result.exit_code == 0, result.output
    assert runs == [
        {
            "host": "127.0.0.1",
            "port": 8050,
            "debug": False,
            "request_handler": QuietRequestHandler,  # no server name or version disclosed
        }
    ]
    assert database.exists()  # created and loaded without any set-up step
    assert "http://127.0.0.1:8050/" in result.output
