"""Background scenario runs: queued, followed, cancelled, and stored only when done."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from portfolio.db import models as m
from portfolio.scenarios.spec import ScenarioError
from portfolio.services.jobs import JobState, ScenarioJobs, UnknownJobError
from portfolio.services.scenarios import ScenarioCancelledError
from portfolio.services.workspace import Workspace

CUT_2023 = 'name = "2023年压减20%"\nas_of = 2021\n[cuts]\n2023 = "20%"\n'


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


@pytest.fixture
def jobs(workspace: Workspace) -> Iterator[ScenarioJobs]:
    runner = ScenarioJobs(workspace)
    yield runner
    runner.shutdown()


def _runs(workspace: Workspace) -> int:
    with workspace.sessions() as session:
        return session.scalar(select(func.count()).select_from(m.ScenarioRun)) or 0


def _wait_for_level_line(jobs: ScenarioJobs, job_id: str) -> None:
    deadline = time.perf_counter() + 60
    while not any(line.startswith("level ") for line in jobs.status(job_id).log):
        assert time.perf_counter() < deadline, "the run never reached the solver"
        time.sleep(0.005)


def test_a_run_is_followed_to_its_stored_result(workspace: Workspace, jobs: ScenarioJobs) -> None:
    job_id = jobs.submit(CUT_2023)
    status = jobs.wait(job_id, timeout=120)
    assert status.state is JobState.DONE
    assert status.progress == 1.0
    assert status.result_status == "optimal"
    assert status.scenario == "2023年压减20%"
    assert any(line.startswith("level 1/2: delay") for line in status.log)
    _, stored = workspace.scenario("2023年压减20%")
    assert stored is not None and stored["run_id"] == status.run_id
    result = jobs.result(job_id)
    assert result is not None and result["run_id"] == status.run_id


def test_a_wrong_scenario_is_refused_before_it_is_queued(
    workspace: Workspace, jobs: ScenarioJobs
) -> None:
    with pytest.raises(ScenarioError) as caught:
        jobs.submit('name = "x"\n[caps.county."不存在县"]\n2023 = 1000\n')
    assert caught.value.problems[0][0] == "caps.county.不存在县.2023"
    assert _runs(workspace) == 0


def test_cancelling_a_running_job_stores_nothing(workspace: Workspace, jobs: ScenarioJobs) -> None:
    job_id = jobs.submit(CUT_2023)
    _wait_for_level_line(jobs, job_id)
    jobs.cancel(job_id)
    status = jobs.wait(job_id, timeout=60)
    assert status.state is JobState.CANCELLED
    assert status.error is not None and "nothing was stored" in status.error
    assert _runs(workspace) == 0


def test_a_queued_job_cancelled_never_runs(workspace: Workspace, jobs: ScenarioJobs) -> None:
    first = jobs.submit(CUT_2023)
    second = jobs.submit(CUT_2023.replace("2023年压减20%", "second"))
    assert jobs.status(second).state is JobState.QUEUED
    jobs.cancel(second)
    assert jobs.wait(first, timeout=120).state is JobState.DONE
    assert jobs.wait(second, timeout=5).state is JobState.CANCELLED
    assert [s.name for s in workspace.scenarios()] == ["2023年压减20%"]


def test_an_unknown_job_is_named(jobs: ScenarioJobs) -> None:
    with pytest.raises(UnknownJobError, match="nope"):
        jobs.status("nope")


def test_the_service_stops_when_cancel_is_set_during_the_solve(workspace: Workspace) -> None:
    cancel = threading.Event()

    def progress(line: str) -> None:
        if line.startswith("level "):
            cancel.set()

    with pytest.raises(ScenarioCancelledError):
        workspace.run_scenario(CUT_2023, progress=progress, cancel=cancel)
    assert _runs(workspace) == 0


def test_shutting_down_stops_a_running_job(workspace: Workspace) -> None:
    runner = ScenarioJobs(workspace)
    job_id = runner.submit(CUT_2023)
    _wait_for_level_line(runner, job_id)
    runner.shutdown()
    assert runner.status(job_id).state is JobState.CANCELLED
    assert _runs(workspace) == 0
