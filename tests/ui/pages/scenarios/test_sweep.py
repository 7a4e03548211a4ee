"""The 情景 page's budget sweep through the app's own server and real local workers: a sweep
of a stored scenario asked for from the form, its frontier with the knee, a click that opens
a point's run."""

from __future__ import annotations

from collections.abc import Iterator

import dash
import pytest

from portfolio.services.executors import LocalExecutor
from portfolio.services.runs import Runs
from portfolio.services.sweeps import Sweeps
from portfolio.services.workspace import Workspace
from ui.app import create_app
from ui.i18n import LANG_COOKIE
from ui.pages.scenarios.sweep import open_point, show_sweep, start_sweep

CAPPED = 'name = "2023总额"\nas_of = 2021\ntime_limit = 10\n[caps.total]\n2023 = "60亿"\n'


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    ws.save_scenario(CAPPED, "test")
    yield ws
    ws.close()


@pytest.fixture
def runs(workspace: Workspace) -> Iterator[Runs]:
    service = Runs(workspace, LocalExecutor(workspace.url, workers=2))
    yield service
    service.shutdown()


@pytest.fixture
def app(workspace: Workspace, runs: Runs) -> dash.Dash:
    return create_app(workspace, runs=runs)


def test_a_sweep_from_the_page_draws_its_frontier_and_opens_a_point(
    app: dash.Dash, runs: Runs
) -> None:
    with app.server.test_request_context("/scenarios"):
        options, sweep_id, alert = start_sweep(1, "2023总额", "总额:2023", "40亿", "100亿", "20亿")
        assert alert == "" and [o["value"] for o in options] == [sweep_id]
        Sweeps(runs).wait(sweep_id, timeout=300)
        figure, progress, stop = show_sweep(sweep_id, 1)
    assert progress == "已完成 4/4 个点" and stop
    line = figure.data[0]
    assert list(line.x) == ["40亿", "60亿", "80亿", "100亿"]
    points = Sweeps(runs).points(sweep_id)
    assert list(line.y) == [p.objective("delay") for p in points]
    assert list(line.customdata) == [p.job.run_id for p in points]
    # The knee: a second trace, one point, one of the sweep's.
    assert len(figure.data) == 2 and figure.data[1].x[0] in line.x
    click = {"points": [{"x": "60亿", "customdata": points[1].job.run_id}]}
    assert open_point(click) == f"/scenarios?run={points[1].job.run_id}"
    assert open_point({"points": [{"x": "60亿"}]}) is dash.no_update
    page = next(page for page in dash.page_registry.values() if page["path"] == "/scenarios")
    with app.server.test_request_context("/scenarios"):
        assert "预算扫描" in str(page["layout"]())


def test_a_wrong_range_is_said_and_nothing_runs(app: dash.Dash, runs: Runs) -> None:
    with app.server.test_request_context("/scenarios"):
        _o, _v, alert = start_sweep(1, "2023总额", "total:2023", "40亿", "100亿", "0万")
        assert "步长" in alert
        _o, _v, alert = start_sweep(1, None, "total:2023", "40亿", "100亿", "10亿")
        assert alert == "请选择要扫描的情景"
    with app.server.test_request_context("/scenarios", headers={"Cookie": f"{LANG_COOKIE}=en"}):
        _o, _v, alert = start_sweep(1, "2023总额", "budget:2023", "40亿", "100亿", "10亿")
        assert "budget:2023" in alert
    assert runs.list() == []
