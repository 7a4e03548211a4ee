"""A budget sweep in office mode: its points go through Redis (database 11 of
127.0.0.1:6379) to a real ``portfolio worker`` (Celery) process solving two at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from portfolio.scenarios.sweep import parse_knob, point_text, sweep_values
from portfolio.services.runs import JobState
from portfolio.services.sweeps import Sweeps
from portfolio.services.workspace import Workspace
from tests.portfolio.services.test_sweep import CAPPED
from tests.servers import celery_runs

pytestmark = pytest.mark.slow

BROKER = "redis://127.0.0.1:6379/11"


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    redis.Redis.from_url(BROKER).flushdb()
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


@pytest.fixture
def sweeps(workspace: Workspace, tmp_path: Path) -> Iterator[Sweeps]:
    with celery_runs(workspace, BROKER, tmp_path / "worker.log") as runs:
        yield Sweeps(runs)


def test_a_sweep_through_the_broker_equals_single_runs(
    workspace: Workspace, sweeps: Sweeps
) -> None:
    knob = [parse_knob("total:2023")]
    points = sweeps.wait(sweeps.submit(CAPPED, knob, sweep_values("40亿", "80亿", "20亿")), 240)
    assert [p.job.state for p in points] == [JobState.DONE] * 3
    delays = [p.objective("delay") for p in points]
    for point in points:
        assert point.result is not None
        single = workspace.run_scenario(point_text(CAPPED, knob, point.value)[1], store=False)
        assert point.objective("delay") == next(o.value for o in single.objectives)
    assert delays[0] is not None and delays[2] is not None and delays[0] > delays[2]
