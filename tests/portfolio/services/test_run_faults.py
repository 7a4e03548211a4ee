"""Runs that survive faults, measured on real servers of the test's own: PostgreSQL stopped
and started again in the middle of a solve and when it ends, Redis killed and started again
under a Celery worker. The shared servers of the other tests are never touched."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from portfolio.exports.model import Language
from portfolio.services.executors import BrokerUnavailableError, CeleryExecutor, LocalExecutor
from portfolio.services.runs import JobState, Runs
from portfolio.services.workspace import Workspace
from tests.portfolio.services.test_runs import CUT_2023, SLOW, wait_for_solver
from tests.servers import PrivatePostgres, PrivateRedis, stop_group, this_tree

pytestmark = pytest.mark.slow

# The slow scenario with a short limit: its solve ends a few seconds after it starts.
SHORT = SLOW.replace("time_limit = 20", "time_limit = 3")
cli = CliRunner()


@pytest.fixture
def postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    try:
        server.start()
        server.create_database()
        yield server
    finally:
        server.remove()


@pytest.fixture
def on_postgres(postgres: PrivatePostgres) -> Iterator[Runs]:
    """The bundled plans on the private server, runs in local worker processes."""
    workspace = Workspace(postgres.url)
    workspace.init()
    runs = Runs(workspace, LocalExecutor(workspace.url))
    try:
        yield runs
    finally:
        runs.shutdown()
        workspace.close()


def _listed(url: str, job_id: str) -> dict[str, object]:
    listed = cli.invoke(app, ["runs", "--format", "json", "--db", url])
    assert listed.exit_code == 0, listed.output
    [row] = [row for row in json.loads(listed.stdout) if row["id"] == job_id]
    return dict(row)


@pytest.mark.postgres
def test_postgres_restarted_mid_solve_the_run_ends_done_and_commands_say_it_is_down(
    postgres: PrivatePostgres, on_postgres: Runs, tmp_path: Path
) -> None:
    runs = on_postgres
    job_id = runs.submit(SLOW)
    wait_for_solver(runs, job_id)
    postgres.stop("fast")  # every connection closed, as a restart of the server does
    down_at = time.monotonic()
    # Meanwhile the command line says which database does not answer, and does nothing.
    listed = cli.invoke(app, ["runs", "--db", postgres.url])
    assert listed.exit_code == 1
    assert listed.stderr.startswith(f"错误：无法连接数据库 {postgres.url}（")
    scenario = tmp_path / "cut.toml"
    scenario.write_text(CUT_2023, encoding="utf-8")
    queued = cli.invoke(
        app, ["scenario", "run", str(scenario), "--background", "--db", postgres.url,
              "--lang", "en"],
    )  # fmt: skip
    assert queued.exit_code == 1
    assert queued.stderr.startswith(f"error: cannot reach the database {postgres.url} (")
    assert "Nothing was done" in queued.stderr
    time.sleep(max(0.0, 8 - (time.monotonic() - down_at)))  # heartbeats missed meanwhile
    postgres.start()
    status = runs.wait(job_id, timeout=80)
    # The solve never needed the database; its heartbeat resumed and its end was written.
    assert status.state is JobState.DONE, status
    # Whatever the solver's outcome (a busy machine may find no plan in time), it is stored.
    assert status.result_status is not None and status.run_id is not None
    text, stored = runs.workspace.scenario("按月压减三成")
    assert text == SLOW and stored is not None and stored.run_id == status.run_id
    row = _listed(postgres.url, job_id)
    assert row["state"] == "done" and row["run_id"] == status.run_id
    # Nothing was stored for the scenario refused while the database was down.
    assert [s.id for s in runs.list()] == [job_id]


@pytest.mark.postgres
def test_postgres_down_when_the_solve_ends_the_result_is_stored_once_it_is_back(
    postgres: PrivatePostgres, on_postgres: Runs
) -> None:
    runs = on_postgres
    job_id = runs.submit(SHORT)
    wait_for_solver(runs, job_id)
    postgres.stop("immediate")  # as if the server's machine lost its power
    time.sleep(15)  # the solve (3 s a level) ends while the database is away
    postgres.start()
    status = runs.wait(job_id, timeout=60)
    assert status.state is JobState.DONE, status
    assert status.run_id is not None and status.result_status is not None
    result = runs.result(job_id)
    assert result is not None and result.run_id == status.run_id
    assert _listed(postgres.url, job_id)["state"] == "done"


@pytest.fixture
def broker() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    try:
        server.start()
        yield server
    finally:
        server.kill()


def test_redis_killed_mid_solve_the_run_ends_and_the_worker_takes_the_next_ones(
    broker: PrivateRedis, tmp_path: Path
) -> None:
    workspace = Workspace(f"sqlite:///{tmp_path / 'office.sqlite3'}")
    workspace.init()
    log = tmp_path / "worker.log"
    worker = this_tree(log, "worker", "--db", workspace.url, "--broker", broker.url)
    runs = Runs(workspace, CeleryExecutor(broker.url), stale_seconds=10)
    try:
        job_id = runs.submit(SLOW)
        wait_for_solver(runs, job_id)
        broker.kill()
        # Asked for while the broker is away: said, stored, queued.
        asked = time.monotonic()
        with pytest.raises(BrokerUnavailableError) as caught:
            runs.submit(CUT_2023)
        assert time.monotonic() - asked < 15, "the planner is told soon"
        assert caught.value.message(Language.ZH) == (
            f"无法连接任务队列 {broker.url}：运行已保存并排队，队列恢复后自动发送给计算节点。"
        )
        waiting = caught.value.job_id
        assert waiting is not None and runs.status(waiting).state is JobState.QUEUED
        time.sleep(3)
        broker.start()  # the same port, empty: every message it held is lost
        status = runs.wait(job_id, timeout=80)
        assert status.state is JobState.DONE, (status, log.read_text("utf-8"))
        # The run asked for while Redis was away is sent at a reading of the runs, and the
        # worker, connected again, solves it; then one asked for now.
        assert runs.wait(waiting, timeout=60).state is JobState.DONE, log.read_text("utf-8")
        after = runs.submit(CUT_2023)
        assert runs.wait(after, timeout=60).state is JobState.DONE, log.read_text("utf-8")
        assert {s.id: s.state for s in runs.list()} == dict.fromkeys(
            (job_id, waiting, after), JobState.DONE
        )
    finally:
        stop_group(worker)
        runs.shutdown()
        workspace.close()
