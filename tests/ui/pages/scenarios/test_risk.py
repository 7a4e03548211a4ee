"""The 情景 page's delay-risk simulation through the app's own server and a real local
worker: a stored scenario's plan measured, its fan chart (band, P50, cap) and its tables."""

from __future__ import annotations

import base64
import io
import time
from collections.abc import Iterator
from typing import Any

import dash
import pytest
from openpyxl import load_workbook

from portfolio.services.executors import LocalExecutor
from portfolio.services.risks import Risks
from portfolio.services.runs import Runs
from portfolio.services.workspace import Workspace
from ui.app import create_app
from ui.context import current_simulations
from ui.pages.scenarios.risk import download, follow, start

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


def _finished(app: dash.Dash, token: str) -> tuple[Any, ...]:
    """Poll the simulation as the page does until it has ended."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        with app.server.test_request_context("/scenarios"):
            shown = follow(1, token)
        if shown[5] is True:  # the poll stops
            return shown
        time.sleep(0.2)
    raise AssertionError("the simulation did not end")


def test_the_page_draws_the_fan_and_the_tables(app: dash.Dash, workspace: Workspace) -> None:
    with app.server.test_request_context("/scenarios"):
        token, poll_off, alert = start(1, "2023总额", 30, None, "fixed")
    assert alert == "" and poll_off is False
    figure, tables, alert, value, label, _, _, stop_off, export_off = _finished(app, token)
    expected = Risks(Runs(workspace, LocalExecutor(workspace.url))).simulate(
        CAPPED, samples=30, mode="fixed"
    )
    assert alert == "" and value == 100 and label == "样本 30/30"
    assert stop_off is True and export_off is False
    p90, p10, p50, cap = figure.data
    bands = expected.figures.total
    assert list(p50.x) == [b.year for b in bands]
    assert list(p50.y) == [b.p50 / 10000 for b in bands]
    assert list(p10.y) == [b.p10 / 10000 for b in bands] and p10.fill == "tonexty"
    assert list(p90.y) == [b.p90 / 10000 for b in bands]
    assert list(cap.x) == [2023] and list(cap.y) == [60]
    assert "30/30 个样本（种子 5）" in str(tables)
    with app.server.test_request_context("/scenarios"):
        sent = download(1, token)
    sheets = load_workbook(io.BytesIO(base64.b64decode(sent["content"]))).sheetnames
    assert "风险模拟" in sheets and sent["filename"].startswith("风险模拟-2023总额-")


def test_re_planned_samples_show_their_progress_and_keep_the_cap(app: dash.Dash) -> None:
    with app.server.test_request_context("/scenarios"):
        token, _, alert = start(1, "2023总额", 6, None, None)
    assert alert == ""
    figure, tables, alert, _value, label, *_ = _finished(app, token)
    assert alert == "" and label == "样本 6/6"
    p90 = dict(zip(figure.data[0].x, figure.data[0].y, strict=True))
    assert p90[2023] <= 60
    assert "逐个样本在上限内重新排期" in str(tables)


def test_someone_else_cannot_follow_a_simulation(app: dash.Dash) -> None:
    with app.server.test_request_context("/scenarios"):
        token, _, _ = start(1, "2023总额", 3, None, "fixed")
        simulations = current_simulations()
        assert simulations.get(token, "王芳") is None
        assert simulations.get(token, "本机") is not None


def test_a_scenario_must_be_chosen(app: dash.Dash) -> None:
    with app.server.test_request_context("/scenarios"):
        assert start(1, None, None, None, None)[2] == "请选择要模拟的情景"
