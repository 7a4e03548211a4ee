"""Re-planned risk samples in office mode: chunks go through Redis (database 11 of
127.0.0.1:6379) to a real ``portfolio worker`` (Celery) process and their figures come back
through Redis; they equal the samples re-planned in this process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from portfolio.services.executors import CeleryExecutor, InProcess
from portfolio.services.risks import Risks
from portfolio.services.workspace import Workspace
from tests.portfolio.services.test_risks import REPLAN
from tests.servers import celery_runs

pytestmark = pytest.mark.slow

BROKER = "redis://127.0.0.1:6379/11"


@pytest.fixture
def risks(db_url: str, tmp_path: Path) -> Iterator[Risks]:
    redis.Redis.from_url(BROKER).flushdb()
    workspace = Workspace(db_url)
    workspace.init()
    with celery_runs(workspace, BROKER, tmp_path / "worker.log") as runs:
        yield Risks(runs)
    workspace.close()


def test_samples_re_planned_by_celery_workers_equal_those_re_planned_here(risks: Risks) -> None:
    assert isinstance(risks.tasks, CeleryExecutor)
    through_broker = risks.simulate(REPLAN, samples=6, chunk=2)
    here = Risks(risks.runs, InProcess()).simulate(REPLAN, samples=6, chunk=6)
    assert through_broker.figures.measured == 6 and through_broker.figures.infeasible == 0
    assert through_broker.figures == here.figures
