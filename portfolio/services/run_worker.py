"""One scenario run, executed in a worker process: claim it, solve it, keep it heard from.

The same function runs in a local worker process (the embedded app, ``--background`` at the
command line) and in a Celery worker (the office server), so both behave alike: the run's
whole state is in the ``jobs`` table, and this process only moves it along.

- The claim is one ``UPDATE … WHERE state = 'queued'``: a run sent twice (a broker that
  redelivers, a web server that dispatched it again after a restart) is solved once.
- A heartbeat thread writes ``heartbeat_at`` (and the stage and log of the optimizer's
  milestones) every :data:`HEARTBEAT_SECONDS`, and reads ``cancel_requested`` into the
  solver's cancel token. A worker killed outright stops beating; readers then mark the run
  interrupted (:mod:`portfolio.services.runs`).
- The database going away during a solve does not stop it: a beat that fails is skipped,
  and the run's result and its end are written once the database answers again (for up to
  :data:`FINISH_RETRY_SECONDS`).

- A local worker process whose web server is gone (killed outright, it could not stop its
  workers) finishes the run it is solving, still followed and cancellable through the
  database, takes no other (they stay queued for the server's next start), and ends
  (:func:`end_with_parent`).

``python -m portfolio.services.run_worker DB_URL JOB_ID`` runs one job in this process
(what ``portfolio scenario run --background`` starts, detached, outside office mode).
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import multiprocessing.connection
import os
import socket
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from portfolio.access import Actor, Role
from portfolio.db import models as m
from portfolio.scenarios.spec import ScenarioError
from portfolio.services.scenarios import SOLVER_THREADS_ENV, ScenarioCancelledError
from portfolio.services.workspace import Workspace

HEARTBEAT_SECONDS = 2.0
NOTE_SECONDS = 0.5  # how often a new milestone reaches the page, at most
LOG_LINES = 40
MILESTONES = ("level ", "explaining")
# Writes to the jobs table are not portfolio data: they must not raise the data revision,
# which would empty every page's cache at each heartbeat.
NOT_DATA: dict[str, Any] = {"portfolio_revision": True}
WORKER_STOPPED = "stopped the worker"
FINISH_RETRY_SECONDS = 600.0  # how long the end of a run waits for the database to return

log = logging.getLogger(__name__)
_workspaces: dict[str, Workspace] = {}
# Held while this process runs a job; set once the process that started it is gone.
_running = threading.Lock()
_orphaned = threading.Event()


def worker_name() -> str:
    """This process as the runs list names it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def workspace_for(url: str) -> Workspace:
    """One workspace (one engine) per database for this process's lifetime."""
    if url not in _workspaces:
        _workspaces[url] = Workspace(url)
    return _workspaces[url]


@dataclass(frozen=True)
class Claimed:
    text: str
    source: str
    time_limit: float
    requested_by: str


def claim(workspace: Workspace, job_id: str, worker: str) -> Claimed | None:
    """Take a queued run for ``worker``; ``None`` when it is not queued any more (cancelled,
    or already taken by another worker)."""
    with workspace.sessions.begin() as session:
        stamp = now()
        taken = session.execute(
            update(m.Job)
            .where(m.Job.id == job_id, m.Job.state == "queued")
            .values(
                state="running",
                stage="checking",
                worker=worker,
                started_at=stamp,
                heartbeat_at=stamp,
                reason="",
            ),
            execution_options=NOT_DATA,
        )
        if getattr(taken, "rowcount", 0) != 1:
            return None
        job = session.get_one(m.Job, job_id)
        return Claimed(job.spec_toml, job.source, job.time_limit, job.requested_by)


class Heartbeat(threading.Thread):
    """Keeps a running job heard from, carries its milestones to the database and its
    cancel request to the solver."""

    def __init__(self, workspace: Workspace, job_id: str, worker: str) -> None:
        super().__init__(name=f"heartbeat-{job_id}", daemon=True)
        self.workspace = workspace
        self.job_id = job_id
        self.worker = worker
        self.cancel = threading.Event()
        self.stopped = threading.Event()
        self.lines: deque[str] = deque(maxlen=LOG_LINES)
        self.stage = "checking"
        self._lock = threading.Lock()
        self._changed = False

    def note(self, line: str) -> None:
        """A progress line: the optimizer's milestones are kept and name the stage; the
        solver's search log is not."""
        if not line.startswith(MILESTONES):
            return
        with self._lock:
            self.lines.append(line)
            self.stage = line.split(",")[0].split(" (")[0][:100]
            self._changed = True

    def snapshot(self) -> tuple[str, str]:
        with self._lock:
            self._changed = False
            return self.stage, "\n".join(self.lines)

    def run(self) -> None:
        last = 0.0
        while not self.stopped.wait(NOTE_SECONDS):
            with self._lock:
                due = self._changed or time.monotonic() - last >= HEARTBEAT_SECONDS
            if not due:
                continue
            try:
                self.beat()
                last = time.monotonic()
            except OperationalError as exc:  # the database is away; the solve goes on
                log.warning("run %s: heartbeat not written: %s", self.job_id, exc)

    def beat(self) -> None:
        stage, lines = self.snapshot()
        with self.workspace.sessions.begin() as session:
            session.execute(
                update(m.Job)
                .where(m.Job.id == self.job_id, m.Job.worker == self.worker)
                .where(m.Job.state.in_(("running", "interrupted")))
                # A run marked interrupted while the database was away is running after all.
                .values(heartbeat_at=now(), stage=stage, log=lines, state="running"),
                execution_options=NOT_DATA,
            )
            wanted = session.scalar(select(m.Job.cancel_requested).where(m.Job.id == self.job_id))
        if wanted:
            self.cancel.set()


# Solves yield the processor to the web server: a page asked for while runs solve is answered
# first (on Unix; Windows has no niceness and runs them at normal priority).
WORKER_NICENESS = 10


def lower_priority(niceness: int = WORKER_NICENESS) -> None:
    """Run this process (and the processes it starts) after interactive work."""
    if hasattr(os, "nice"):
        os.nice(niceness)


def start_local_worker(threads: int | None = None) -> None:
    """The local pool's initializer: a lower priority than the web server's, an end once
    the web server is gone (:func:`end_with_parent`), and its share of the cores (``threads``
    solver threads, when the pool has several processes solving at once)."""
    lower_priority()
    if threads is not None:
        os.environ[SOLVER_THREADS_ENV] = str(threads)
    end_with_parent()


def end_with_parent() -> None:
    """In a local worker process (the pool's initializer): once the process that started it
    is gone, finish the run in hand, take no other, and end this process. A pool's worker
    would otherwise wait for work from a server that no longer exists, for ever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    threading.Thread(
        target=_end_after, args=(parent.sentinel,), name="end-with-parent", daemon=True
    ).start()


def _end_after(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    _orphaned.set()
    with _running:
        log.warning("the process that started this worker is gone: this worker ends")
        os._exit(0)


def execute(url: str, job_id: str) -> str | None:
    """Run the job ``job_id`` of the database at ``url`` in this process, if it is still
    queued; returns the state it ended in (``None`` when it was not ours to run)."""
    with _running:
        if _orphaned.is_set():
            return None  # left queued for the next web server
        return _execute(url, job_id)


def _execute(url: str, job_id: str) -> str | None:
    workspace = workspace_for(url)
    worker = worker_name()
    job = claim(workspace, job_id, worker)
    if job is None:
        return None
    heartbeat = Heartbeat(workspace, job_id, worker)
    heartbeat.start()
    run_ids: list[int] = []
    state, reason = "failed", ""
    try:
        # The right to run was checked when the run was asked for; the worker acts for them.
        workspace.run_scenario(
            job.text,
            job.source,
            time_limit=job.time_limit,
            progress=heartbeat.note,
            cancel=heartbeat.cancel,
            actor=Actor(job.requested_by, Role.PLANNER),
            stored=run_ids.append,
            store_wait=FINISH_RETRY_SECONDS,
        )
        state = "done"
    except ScenarioCancelledError as exc:
        state, reason = "cancelled", str(exc)
    except ScenarioError as exc:  # the portfolio changed since the run was queued
        reason = exc.report()
    except Exception as exc:
        reason = str(exc) or type(exc).__name__
    except BaseException:
        # The worker is being stopped (its time limit, a shutdown): say so at once rather
        # than wait for the heartbeat to go stale.
        heartbeat.stopped.set()
        _finish(workspace, job_id, worker, heartbeat, "interrupted", _stopped_reason(worker))
        raise
    heartbeat.stopped.set()
    _finish(workspace, job_id, worker, heartbeat, state, reason, run_ids[-1] if run_ids else None)
    return state


def _stopped_reason(worker: str) -> str:
    return f"{WORKER_STOPPED} {worker} during the run"


def _finish(
    workspace: Workspace,
    job_id: str,
    worker: str,
    heartbeat: Heartbeat,
    state: str,
    reason: str,
    run_id: int | None = None,
) -> None:
    """Write how the run ended; waits for a database that is away (up to
    :data:`FINISH_RETRY_SECONDS`), so that a run that finished is not lost."""
    heartbeat.join(timeout=HEARTBEAT_SECONDS)
    stage, lines = heartbeat.snapshot()
    deadline = time.monotonic() + FINISH_RETRY_SECONDS
    while True:
        try:
            with workspace.sessions.begin() as session:
                session.execute(
                    update(m.Job)
                    .where(m.Job.id == job_id, m.Job.worker == worker)
                    .where(m.Job.state.in_(("running", "interrupted")))
                    .values(
                        state=state,
                        stage=state if state != "done" else stage,
                        log=lines,
                        reason=reason,
                        ended_at=now(),
                        scenario_run_id=run_id,
                    ),
                    execution_options=NOT_DATA,
                )
            return
        except OperationalError as exc:
            if time.monotonic() > deadline:
                raise
            log.warning("run %s: end not written yet, the database is away: %s", job_id, exc)
            time.sleep(HEARTBEAT_SECONDS)


def main(argv: list[str]) -> int:
    """``python -m portfolio.services.run_worker DB_URL JOB_ID``: run one job here."""
    if len(argv) != 2:
        print("usage: python -m portfolio.services.run_worker DB_URL JOB_ID", file=sys.stderr)
        return 2
    execute(argv[0], argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
