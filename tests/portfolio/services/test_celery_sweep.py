"""A budget sweep in office mode: its points go through Redis (database 11 of
127.0.0.1:6379) to a real ``portfolio worker`` (Celery) process solving two at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from portfolio.scenarios.sweep import parse_knob, point_text, sweep_values
from portfolio.services.executors import CeleryExecutor
from portfolio.services.runs import JobState, Runs
from portfolio.services.sweeps import Sweeps
from portfolio.services.workspace import Workspace
from tests.portfolio.services.test_sweep import CAPPED

pytestmark = pytest.mark.slow

BROKER = "redis://127.0.0.1:6379/11"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    redis.Redis.from_url(BROKER).flushdb()
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


@pytest.fixture
def sweeps(workspace: Workspace) -> Iterator[Sweeps]:
    worker = subprocess.Popen(
        [sys.executable, "-m", "commands", "worker", "--db", workspace.url, "--broker", BROKER,
         "--concurrency", "2"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    runs = Runs(workspace, CeleryExecutor(BROKER))
    yield Sweeps(runs)
    runs.shutdown()
    os.killpg(worker.pid, signal.SIGKILL)  # the worker and its pool processes
    worker.wait()


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
