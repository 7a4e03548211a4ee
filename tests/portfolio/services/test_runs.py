"""Scenario runs held in the database, executed by real local worker processes: queued,
followed, cancelled, found interrupted when their worker is gone, run again; a queued run
survives the service (a web server's restart)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, update

from portfolio.access import Actor, PermissionDeniedError, Role
from portfolio.db import models as m
from portfolio.exports.model import Language
from portfolio.scenarios.outcome import RunStatus
from portfolio.scenarios.spec import ScenarioError
from portfolio.services import run_worker
from portfolio.services.audit import list_entries
from portfolio.services.executors import DetachedExecutor, LocalExecutor
from portfolio.services.runs import (
    JobState,
    NotRerunnableError,
    Runs,
    UnknownJobError,
)
from portfolio.services.workspace import Workspace

CUT_2023 = 'name = "2023年压减20%"\nas_of = 2021\n[cuts]\n2023 = "20%"\n'
# Monthly, flexible spend under 30% cuts: the bundled portfolio takes its workers some
# twenty seconds, long enough to be stopped in the middle.
SLOW = (
    'name = "按月压减三成"\nas_of = 2021\nperiods = "month"\nobjectives = ["delay", "level"]\n'
    'time_limit = 20\n[limits]\nprofile = "flexible"\n[cuts]\n'
    + "".join(f'{year} = "30%"\n' for year in range(2022, 2026))
)


class Held:
    """An executor whose workers are away: runs stay queued (as behind a busy broker)."""

    def submit(self, job_id: str, time_limit: float) -> None:
        pass

    def shutdown(self) -> list[str]:
        return []


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


@pytest.fixture
def runs(workspace: Workspace) -> Iterator[Runs]:
    service = Runs(workspace, LocalExecutor(workspace.url))
    yield service
    service.shutdown()


def _count(workspace: Workspace, table: type[m.Base]) -> int:
    with workspace.sessions() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def wait_for_solver(runs: Runs, job_id: str) -> None:
    """Until the run's worker has reached the solver (its first level)."""
    deadline = time.monotonic() + 90
    while not any(line.startswith("level ") for line in runs.status(job_id).log):
        assert time.monotonic() < deadline, "the run never reached the solver"
        time.sleep(0.1)


def test_a_run_is_solved_by_a_worker_process_and_stored(workspace: Workspace, runs: Runs) -> None:
    job_id = runs.submit(CUT_2023)
    status = runs.wait(job_id, timeout=120)
    assert status.state is JobState.DONE and status.progress == 1.0
    assert status.result_status == "optimal" and status.scenario == "2023年压减20%"
    assert any(line.startswith("level 1/2: delay") for line in status.log)
    # A process of its own, not the test's.
    assert status.worker and not status.worker.endswith(f":{os.getpid()}")
    _, stored = workspace.scenario("2023年压减20%")
    assert stored is not None and stored.run_id == status.run_id
    result = runs.result(job_id)
    assert result is not None and result.status is RunStatus.OPTIMAL and result == stored
    assert [(s.id, s.state) for s in runs.list()] == [(job_id, JobState.DONE)]
    with workspace.sessions() as session:
        entries = list_entries(session)
    # Newest first: the run's outcome (by the worker, for the person who asked), the run
    # asked for, the scenario saved before it.
    assert [(e.action, e.target) for e in entries[:3]] == [
        ("run_scenario", "情景“2023年压减20%”"),
        ("queue_run", "情景“2023年压减20%”"),
        ("save_scenario", "情景“2023年压减20%”"),
    ]
    assert entries[1].after["job"] == job_id
    assert entries[0].after["run_id"] == status.run_id


def test_a_wrong_scenario_is_refused_before_anything_is_stored(
    workspace: Workspace, runs: Runs
) -> None:
    recorded = _count(workspace, m.AuditEntry)  # the plans' imports
    with pytest.raises(ScenarioError) as caught:
        runs.submit('name = "x"\n[caps.county."不存在县"]\n2023 = "1000万"\n')
    assert caught.value.by_key(Language.EN)[0][0] == "caps.county.不存在县.2023"
    assert _count(workspace, m.Job) == 0
    assert _count(workspace, m.Scenario) == 0
    assert _count(workspace, m.AuditEntry) == recorded


def test_the_scenario_is_saved_with_its_queued_run_before_it_runs(workspace: Workspace) -> None:
    held = Runs(workspace, Held())
    job_id = held.submit(CUT_2023, "test")
    status = held.status(job_id)
    assert status.state is JobState.QUEUED and status.requested_by.endswith("@本机")
    text, result = workspace.scenario("2023年压减20%")
    assert text == CUT_2023 and result is None


def test_a_queued_run_outlives_its_service(workspace: Workspace) -> None:
    """The web server stopped with a run queued: the next one finds it and runs it."""
    job_id = Runs(workspace, Held()).submit(CUT_2023)
    restarted = Runs(workspace, LocalExecutor(workspace.url))
    try:
        assert restarted.dispatch_queued() == 1
        assert restarted.wait(job_id, timeout=120).state is JobState.DONE
    finally:
        restarted.shutdown()


def test_a_queued_run_cancelled_never_runs(workspace: Workspace) -> None:
    held = Runs(workspace, Held())
    job_id = held.submit(CUT_2023)
    assert held.cancel(job_id).state is JobState.CANCELLED
    # Handed to a worker all the same (a message already in the broker): it is not run.
    assert run_worker.execute(workspace.url, job_id) is None
    assert held.status(job_id).state is JobState.CANCELLED
    assert _count(workspace, m.ScenarioRun) == 0
    with workspace.sessions() as session:
        assert [e.action for e in list_entries(session)][:2] == ["cancel_run", "queue_run"]


def test_cancelling_a_running_run_stops_its_worker_and_stores_it(
    workspace: Workspace, runs: Runs
) -> None:
    job_id = runs.submit(SLOW)
    wait_for_solver(runs, job_id)
    assert runs.cancel(job_id).cancel_requested
    status = runs.wait(job_id, timeout=30)
    assert status.state is JobState.CANCELLED, status
    assert status.run_id is not None and runs.result(job_id) is None
    _, stored = workspace.scenario("按月压减三成")
    assert stored is not None and stored.status is RunStatus.CANCELLED
    assert stored.run_id == status.run_id


def test_a_run_unheard_from_is_interrupted_with_its_reason_and_runs_again(
    workspace: Workspace, runs: Runs
) -> None:
    job_id = Runs(workspace, Held()).submit(CUT_2023)
    # A worker on another machine took it, then went silent (killed, or its machine lost).
    assert run_worker.claim(workspace, job_id, "gone:42") is not None
    silent_since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    with workspace.sessions.begin() as session:
        session.execute(update(m.Job).values(heartbeat_at=silent_since))
    status = runs.status(job_id)
    assert status.state is JobState.INTERRUPTED
    assert status.reason.startswith("worker gone:42 stopped answering; last heard from at ")
    assert silent_since.isoformat(timespec="seconds") in status.reason
    assert status.reason_text(Language.ZH).startswith("计算节点 gone:42 无响应，最后联系于 ")
    assert [s.id for s in runs.list(states={JobState.INTERRUPTED})] == [job_id]
    again = runs.rerun(job_id)
    assert again != job_id
    assert runs.wait(again, timeout=120).state is JobState.DONE
    with pytest.raises(NotRerunnableError):
        runs.rerun(again)


def test_a_worker_that_beats_is_not_interrupted(workspace: Workspace) -> None:
    held = Runs(workspace, Held(), stale_seconds=60)
    job_id = held.submit(CUT_2023)
    assert run_worker.claim(workspace, job_id, "alive:1") is not None
    assert run_worker.claim(workspace, job_id, "second:2") is None  # claimed once only
    assert held.status(job_id).state is JobState.RUNNING


def test_a_run_that_fails_says_why(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the solver's library is missing")

    monkeypatch.setattr("portfolio.services.scenarios.solve_built", broken)
    held = Runs(workspace, Held())
    job_id = held.submit(CUT_2023)
    # The worker's function, in this process so that the solver can be broken.
    assert run_worker.execute(workspace.url, job_id) == "failed"
    status = held.status(job_id)
    assert status.state is JobState.FAILED
    assert status.reason == "the solver's library is missing" and status.run_id is not None
    _, stored = workspace.scenario("2023年压减20%")
    assert stored is not None and stored.status is RunStatus.FAILED


def test_an_unknown_run_is_named(runs: Runs) -> None:
    with pytest.raises(UnknownJobError) as caught:
        runs.status("nope")
    assert caught.value.message(Language.ZH) == "没有编号为“nope”的运行"


def test_a_detached_worker_runs_a_queued_run(workspace: Workspace) -> None:
    """``portfolio scenario run --background`` outside office mode: a process of its own."""
    detached = Runs(workspace, DetachedExecutor(workspace.url))
    job_id = detached.submit(CUT_2023)
    assert detached.wait(job_id, timeout=120).state is JobState.DONE


@pytest.mark.slow
def test_a_local_worker_killed_mid_solve_leaves_the_run_interrupted_and_the_app_running(
    workspace: Workspace,
) -> None:
    runs = Runs(workspace, LocalExecutor(workspace.url), stale_seconds=6)
    try:
        job_id = runs.submit(SLOW)
        wait_for_solver(runs, job_id)
        solving = runs.status(job_id).worker
        os.kill(int(solving.rsplit(":", 1)[1]), signal.SIGKILL)
        status = runs.wait(job_id, timeout=60)
        assert status.state is JobState.INTERRUPTED
        assert status.reason.startswith(f"worker {solving} stopped answering")
        # The same service goes on with a new worker process.
        after = runs.submit(CUT_2023)
        done = runs.wait(after, timeout=120)
        assert done.state is JobState.DONE and done.worker != solving
    finally:
        runs.shutdown()


def test_stopping_the_service_interrupts_the_run_it_was_solving(workspace: Workspace) -> None:
    runs = Runs(workspace, LocalExecutor(workspace.url))
    job_id = runs.submit(SLOW)
    wait_for_solver(runs, job_id)
    runs.shutdown()
    status = runs.status(job_id)
    assert status.state is JobState.INTERRUPTED
    assert status.reason_text(Language.ZH) == "网页服务在运行中停止"


def test_on_the_office_server_a_planner_runs_and_others_are_refused(workspace: Workspace) -> None:
    """The office's workspace has no default person: the run names who asked for it, and
    the worker acts for them; a viewer, or no one, queues nothing."""
    office = Workspace(workspace.url, office=True)
    runs = Runs(office, LocalExecutor(office.url))
    try:
        for who in (None, Actor("陈局长", Role.VIEWER)):
            with pytest.raises(PermissionDeniedError):
                runs.submit(CUT_2023, actor=who)
        assert _count(workspace, m.Job) == 0
        job_id, saved = runs.submit_saved(CUT_2023, based_on=0, actor=Actor("王芳", Role.PLANNER))
        assert saved.version == 1
        status = runs.wait(job_id, timeout=120)
        assert status.state is JobState.DONE and status.requested_by == "王芳"
        with pytest.raises(PermissionDeniedError):
            runs.cancel(job_id, actor=Actor("陈局长", Role.VIEWER))
        summary = next(s for s in office.scenarios() if s.name == "2023年压减20%")
        assert summary.saved_by == "王芳"
    finally:
        runs.shutdown()
        office.close()
