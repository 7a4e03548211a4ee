"""``portfolio serve`` killed with SIGKILL while its worker process solves a run: the worker
finishes that run and ends (it neither lingers nor takes the runs queued behind it), and the
next start solves the queued run. A real server of this source tree, on an SQLite file."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from portfolio.services.runs import JobState, Runs
from portfolio.services.workspace import Workspace
from tests.portfolio.services.test_runs import CUT_2023, SLOW, Held, wait_for_solver
from tests.servers import free_port, stop_group, this_tree

pytestmark = pytest.mark.slow


def alive(pid: int) -> bool:
    """Whether the process ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until(condition: Callable[[], bool], seconds: float) -> float:
    """Seconds until ``condition()`` held (fails after ``seconds``)."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "not within the time given"
        time.sleep(0.1)
    return time.monotonic() - started


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
            return int(response.status) == 200
    except OSError:
        return False


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Callable[[str, int], subprocess.Popen[bytes]]]:
    """Starts ``portfolio serve`` of this source tree; every server started (and the worker
    processes of its group) is killed at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def serve(url: str, port: int) -> subprocess.Popen[bytes]:
        log = tmp_path / f"serve-{len(started)}.log"
        server = this_tree(log, "serve", "--db", url, "--port", str(port))
        started.append(server)
        wait_until(lambda: answers(port) or server.poll() is not None, 60)
        assert server.poll() is None, log.read_text("utf-8")
        return server

    try:
        yield serve
    finally:
        for server in started:
            stop_group(server)


def test_the_web_server_killed_mid_run_leaves_every_run_accounted_for(
    tmp_path: Path, servers: Callable[[str, int], subprocess.Popen[bytes]]
) -> None:
    workspace = Workspace(f"sqlite:///{tmp_path / 'portfolio.sqlite3'}")
    workspace.init()
    reader = Runs(workspace, Held())  # reads the runs; hands nothing to any worker
    try:
        # Asked for from the 情景 page of a server that stopped: the next one takes them, the
        # slow one first, the other waiting behind it in the server's worker pool.
        slow = reader.submit(SLOW)
        behind = reader.submit(CUT_2023)
        port = free_port()
        server = servers(workspace.url, port)
        wait_for_solver(reader, slow)
        solving = reader.status(slow).worker
        worker_pid = int(solving.rsplit(":", 1)[1])
        assert reader.status(behind).state is JobState.QUEUED
        os.kill(server.pid, signal.SIGKILL)  # the server alone: it cannot stop its workers
        server.wait()
        killed = time.monotonic()
        # Its worker finishes the run in hand, followed through the database, then ends;
        # the run waiting behind it in the dead server's pool is not taken.
        status = reader.wait(slow, timeout=60)
        assert status.state is JobState.DONE and status.run_id is not None, status
        solved = time.monotonic() - killed
        ended = wait_until(lambda: not alive(worker_pid), 10)
        assert reader.status(behind).state is JobState.QUEUED, (solved, ended)
        # The server started again on the same database solves the queued run.
        servers(workspace.url, port)
        done = reader.wait(behind, timeout=60)
        assert done.state is JobState.DONE and done.worker != solving
        listed = CliRunner().invoke(app, ["runs", "--db", workspace.url])
        assert listed.exit_code == 0, listed.output
        rows = {line.split()[0]: line for line in listed.stdout.splitlines()[1:]}
        assert "已完成" in rows[slow] and "已完成" in rows[behind]
        _, stored = workspace.scenario("按月压减三成")
        assert stored is not None and stored.run_id == status.run_id
    finally:
        workspace.close()
