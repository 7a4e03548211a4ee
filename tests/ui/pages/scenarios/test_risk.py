"""The 情景 page's delay-risk simulation through the app's own server and a real local
worker: a stored scenario's plan measured, its fan chart (band, P50, cap) and its tables."""

from __future__ import annotations

from collections.abc import Iterator

import dash
import pytest

from portfolio.services.executors import LocalExecutor
from portfolio.services.risks import Risks
from portfolio.services.runs import Runs
from portfolio.services.workspace import Workspace
from ui.app import create_app
from ui.pages.scenarios.risk import simulate

CAPPED = (
    'name = "2023总额"\nas_of = 2021\ntime_limit = 10\n[caps.total]\n2023 = "60亿"\n'
    "[risk]\nseed = 5\n"
)


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    ws.save_scenario(CAPPED, "test")
    yield ws
    ws.close()


@pytest.fixture
def app(workspace: Workspace) -> Iterator[dash.Dash]:
    runs = Runs(workspace, LocalExecutor(workspace.url, workers=1))
    yield create_app(workspace, runs=runs)
    runs.shutdown()


def test_the_page_draws_the_fan_and_the_tables(app: dash.Dash, workspace: Workspace) -> None:
    with app.server.test_request_context("/scenarios"):
        figure, tables, alert = simulate(1, "2023总额", 30, None)
        expected = Risks(Runs(workspace, LocalExecutor(workspace.url))).simulate(CAPPED, samples=30)
    assert alert == ""
    p90, p10, p50, cap = figure.data
    bands = expected.figures.total
    assert list(p50.x) == [b.year for b in bands]
    assert list(p50.y) == [b.p50 / 10000 for b in bands]
    assert list(p10.y) == [b.p10 / 10000 for b in bands] and p10.fill == "tonexty"
    assert list(p90.y) == [b.p90 / 10000 for b in bands]
    assert list(cap.x) == [2023] and list(cap.y) == [60]
    assert "30/30 个样本（种子 5）" in str(tables)


def test_a_scenario_must_be_chosen(app: dash.Dash) -> None:
    with app.server.test_request_context("/scenarios"):
        assert simulate(1, None, None, None)[2] == "请选择要模拟的情景"
