"""The office server's runs: a real ``portfolio worker`` (Celery) process on Redis database
14 of 127.0.0.1:6379, started by the tests: runs solved through the broker, a worker killed
in the middle of a solve, a broker that is down, and the command line's ``--background``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from typer.testing import CliRunner

from commands.main import app
from portfolio.exports.model import Language
from portfolio.services.executors import BrokerUnavailableError, CeleryExecutor
from portfolio.services.runs import JobState, Runs
from portfolio.services.workspace import Workspace
from tests.portfolio.services.test_runs import CUT_2023, SLOW, wait_for_solver

pytestmark = pytest.mark.slow

BROKER = "redis://127.0.0.1:6379/14"
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens there: a broker that is down
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    redis.Redis.from_url(BROKER).flushdb()
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


@pytest.fixture
def start_worker(workspace: Workspace) -> Iterator[Callable[[], None]]:
    """Starts ``portfolio worker`` of this source tree, in a process of its own."""
    started: list[subprocess.Popen[bytes]] = []

    def start() -> None:
        started.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "commands",
                    "worker",
                    "--db",
                    workspace.url,
                    "--broker",
                    BROKER,
                ],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )

    yield start
    for process in started:
        os.killpg(process.pid, signal.SIGKILL)  # the worker and its pool processes
        process.wait()


@pytest.fixture
def worker(start_worker: Callable[[], None]) -> None:
    start_worker()


@pytest.fixture
def runs(workspace: Workspace) -> Iterator[Runs]:
    service = Runs(workspace, CeleryExecutor(BROKER), stale_seconds=6)
    yield service
    service.shutdown()


def test_a_run_goes_through_the_broker_to_a_worker(runs: Runs, worker: None) -> None:
    job_id = runs.submit(CUT_2023)
    status = runs.wait(job_id, timeout=120)
    assert status.state is JobState.DONE and status.result_status == "optimal"
    assert status.worker and status.run_id is not None


def test_a_worker_killed_mid_solve_leaves_the_run_interrupted_and_it_runs_again(
    runs: Runs, worker: None
) -> None:
    job_id = runs.submit(SLOW)
    wait_for_solver(runs, job_id)
    solving = runs.status(job_id).worker
    os.kill(int(solving.rsplit(":", 1)[1]), signal.SIGKILL)
    status = runs.wait(job_id, timeout=60)
    assert status.state is JobState.INTERRUPTED
    assert status.reason.startswith(f"worker {solving} stopped answering; last heard from at ")
    assert status.run_id is None
    # The worker's pool replaces the process it lost; the run is asked for again.
    again = runs.rerun(job_id)
    wait_for_solver(runs, again)
    assert runs.status(again).worker != solving
    runs.cancel(again)
    assert runs.wait(again, timeout=30).state is JobState.CANCELLED


def test_a_broker_that_is_down_is_said_and_the_run_goes_once_it_is_back(
    workspace: Workspace, start_worker: Callable[[], None]
) -> None:
    cut_off = Runs(workspace, CeleryExecutor(NOWHERE))
    started = time.monotonic()
    with pytest.raises(BrokerUnavailableError) as caught:
        cut_off.submit(CUT_2023)
    assert time.monotonic() - started < 15, "the planner is told soon"
    assert caught.value.message(Language.ZH).startswith("无法连接任务队列 redis://127.0.0.1:1/0")
    job_id = caught.value.job_id
    assert job_id is not None
    assert cut_off.status(job_id).state is JobState.QUEUED  # stored, waiting for the broker
    # The broker answers again (here: a broker that works): the worker starting sends what
    # it never took, as would any reading of the runs.
    start_worker()
    back = Runs(workspace, CeleryExecutor(BROKER))
    assert back.wait(job_id, timeout=120).state is JobState.DONE


def test_the_command_line_queues_through_the_broker_and_lists_runs(
    workspace: Workspace, worker: None, tmp_path: Path
) -> None:
    scenario = tmp_path / "cut.toml"
    scenario.write_text(CUT_2023, encoding="utf-8")
    cli = CliRunner()
    queued = cli.invoke(
        app, ["scenario", "run", str(scenario), "--background", "--db", workspace.url,
              "--broker", BROKER],
    )  # fmt: skip
    assert queued.exit_code == 0, queued.output
    job_id = queued.stdout.strip()
    assert Runs(workspace, CeleryExecutor(BROKER)).wait(job_id, timeout=120).state.finished
    listed = cli.invoke(app, ["runs", "--format", "json", "--db", workspace.url])
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.stdout)
    assert row["id"] == job_id and row["state"] == "done" and row["scenario"] == "2023年压减20%"
    assert set(row) == {
        "id", "scenario", "state", "requested_by", "queued_at", "started_at", "ended_at",
        "reason", "run_id",
    }  # fmt: skip
    down = cli.invoke(
        app, ["scenario", "run", str(scenario), "--background", "--db", workspace.url,
              "--broker", NOWHERE, "--lang", "en"],
    )  # fmt: skip
    assert down.exit_code == 1
    assert "error: cannot reach the task queue redis://127.0.0.1:1/0" in down.stderr
