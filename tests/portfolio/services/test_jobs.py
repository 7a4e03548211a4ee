"""Background scenario runs: queued, followed, cancelled; a run that started is stored whatever
its outcome (a cancelled one with no plan), a queued run cancelled is never run."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from portfolio.db import models as m
from portfolio.exports.model import Language
from portfolio.scenarios import words
from portfolio.scenarios.outcome import Outcome, RunStatus
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


def _assert_stored_as_cancelled(workspace: Workspace, name: str, text: str) -> None:
    """One stored run, cancelled with no plan; the scenario kept as typed."""
    assert _runs(workspace) == 1
    assert [s.name for s in workspace.scenarios()] == [name]
    assert [s.last_status for s in workspace.scenarios()] == ["cancelled"]
    stored_text, result = workspace.scenario(name)
    assert stored_text == text
    assert result is not None and result.run_id is not None
    assert result.status is RunStatus.CANCELLED and result.outcome is Outcome.CANCELLED
    assert not result.has_plan and result.projects == () and result.caps == ()
    assert words.headline(result, Language.ZH) == "已取消：未得到方案，情景已保存。"
    assert words.headline(result, Language.EN) == "Cancelled: no plan; the scenario is kept."
    with workspace.sessions() as session:
        for table in (m.ScenarioRunProject, m.ScenarioRunSpend, m.ScenarioRunCap):
            assert session.scalar(select(func.count()).select_from(table)) == 0


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
    assert stored is not None and stored.run_id == status.run_id
    result = jobs.result(job_id)
    assert result is not None and result.run_id == status.run_id
    assert result.status is RunStatus.OPTIMAL and result == stored


def test_a_wrong_scenario_is_refused_before_it_is_queued(
    workspace: Workspace, jobs: ScenarioJobs
) -> None:
    with pytest.raises(ScenarioError) as caught:
        jobs.submit('name = "x"\n[caps.county."不存在县"]\n2023 = "1000万"\n')
    assert caught.value.by_key(Language.EN)[0][0] == "caps.county.不存在县.2023"
    assert _runs(workspace) == 0


def test_cancelling_a_running_job_stores_a_cancelled_run(
    workspace: Workspace, jobs: ScenarioJobs
) -> None:
    job_id = jobs.submit(CUT_2023)
    _wait_for_level_line(jobs, job_id)
    jobs.cancel(job_id)
    status = jobs.wait(job_id, timeout=60)
    assert status.state is JobState.CANCELLED
    assert status.error is not None and "was stopped before a plan was found" in status.error
    assert jobs.result(job_id) is None
    _assert_stored_as_cancelled(workspace, "2023年压减20%", CUT_2023)


def test_a_queued_job_cancelled_never_runs(workspace: Workspace, jobs: ScenarioJobs) -> None:
    first = jobs.submit(CUT_2023)
    second = jobs.submit(CUT_2023.replace("2023年压减20%", "second"))
    assert jobs.status(second).state is JobState.QUEUED
    jobs.cancel(second)
    assert jobs.wait(first, timeout=120).state is JobState.DONE
    assert jobs.wait(second, timeout=5).state is JobState.CANCELLED
    # The queued run never started: neither it nor its scenario is stored.
    assert [s.name for s in workspace.scenarios()] == ["2023年压减20%"]
    assert _runs(workspace) == 1


def test_an_unknown_job_is_named(jobs: ScenarioJobs) -> None:
    with pytest.raises(UnknownJobError, match="nope"):
        jobs.status("nope")


def test_the_service_stops_when_cancel_is_set_during_the_solve_and_stores_the_run(
    workspace: Workspace,
) -> None:
    cancel = threading.Event()

    def progress(line: str) -> None:
        if line.startswith("level "):
            cancel.set()

    with pytest.raises(ScenarioCancelledError):
        workspace.run_scenario(CUT_2023, progress=progress, cancel=cancel)
    _assert_stored_as_cancelled(workspace, "2023年压减20%", CUT_2023)


def test_shutting_down_stops_a_running_job(workspace: Workspace) -> None:
    runner = ScenarioJobs(workspace)
    job_id = runner.submit(CUT_2023)
    _wait_for_level_line(runner, job_id)
    runner.shutdown()
    assert runner.status(job_id).state is JobState.CANCELLED
    _assert_stored_as_cancelled(workspace, "2023年压减20%", CUT_2023)


def test_a_run_that_fails_is_stored_with_its_message(
    workspace: Workspace, jobs: ScenarioJobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the solver's library is missing")

    monkeypatch.setattr("portfolio.services.scenarios.solve_built", broken)
    job_id = jobs.submit(CUT_2023)
    status = jobs.wait(job_id, timeout=60)
    assert status.state is JobState.FAILED and status.error == "the solver's library is missing"
    assert _runs(workspace) == 1
    text, result = workspace.scenario("2023年压减20%")
    assert text == CUT_2023
    assert result is not None and result.status is RunStatus.FAILED and not result.has_plan
    assert result.error == "the solver's library is missing" and result.projects == ()
    assert words.headline(result, Language.ZH) == (
        "运行失败：the solver's library is missing。情景已保存，可修改后再运行。"
    )
