"""Scenario runs held in the database: ask for one, follow it, cancel it, run it again.

A run is checked when it is asked for (a wrong scenario is refused before anything is
queued, with its problems by key); then the scenario as typed, the queued run and its audit
entry are stored in one transaction, and only then is the run handed to an executor
(:mod:`portfolio.services.executors`), which has a worker process execute it
(:mod:`portfolio.services.run_worker`). No process holds a run alone:

- a queued run outlives the web server (the next start hands it over again);
- a run whose worker was killed stops being heard from; whoever reads the runs next marks it
  ``interrupted``, naming the worker and when it was last heard from, and it can be run again;
- a broker that is down leaves the run queued, and it is sent once the broker answers.

States: queued → running → done | failed | cancelled; queued → cancelled; running →
interrupted. Only readers decide a run is interrupted, from its heartbeat's age.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from portfolio.access import Actor, Right
from portfolio.db import models as m
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import tr
from portfolio.scenarios.outcome import ScenarioResult
from portfolio.services import audit, scenarios
from portfolio.services.executors import BrokerUnavailableError, Executor
from portfolio.services.run_worker import HEARTBEAT_SECONDS, NOT_DATA, WORKER_STOPPED, now
from portfolio.services.workspace import Workspace
from portfolio.versions import scenario_named

# The marginal values re-solve up to three raised caps of a second each; counted in the
# time a run is expected to take, so the bar does not sit at 100% while they run.
EXPLAIN_SECONDS = 3.0
STALE_SECONDS = 10 * HEARTBEAT_SECONDS  # unheard from this long: the worker is gone
RESEND_SECONDS = 5.0  # how often runs the broker never took are offered to it again
SERVER_STOPPED = "the web server stopped during the run"


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    INTERRUPTED = "interrupted"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self not in (JobState.QUEUED, JobState.RUNNING)

    @property
    def rerunnable(self) -> bool:
        return self in (JobState.FAILED, JobState.INTERRUPTED, JobState.CANCELLED)


class UnknownJobError(PortfolioError):
    """No run with that id was asked for."""

    def __init__(self, job_id: str) -> None:
        super().__init__(f"no run with id “{job_id}”")
        self.job_id = job_id

    def message(self, lang: Language) -> str:
        return tr(lang, "没有编号为“{id}”的运行", id=self.job_id)


class NotRerunnableError(PortfolioError):
    """Only a run that ended without its plan (failed, interrupted, cancelled) runs again."""

    def __init__(self, job_id: str, state: JobState) -> None:
        super().__init__(f"run “{job_id}” is {state.value}: only an ended run is run again")
        self.job_id = job_id
        self.state = state

    def message(self, lang: Language) -> str:
        return tr(lang, "运行“{id}”状态为 {state}，不能重新运行", id=self.job_id, state=self.state)


@dataclass(frozen=True)
class JobStatus:
    """What the planner sees of a run: state, stage, progress (0-1), the outcome, and why it
    failed or was interrupted (``reason``)."""

    id: str
    scenario: str
    state: JobState
    stage: str
    progress: float
    elapsed_seconds: float
    time_limit: float
    result_status: str | None
    run_id: int | None
    reason: str
    log: tuple[str, ...]
    requested_by: str = ""
    queued_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    worker: str = ""
    cancel_requested: bool = False
    heard_at: dt.datetime | None = None

    def reason_text(self, lang: Language) -> str:
        """Why the run failed or was interrupted, in ``lang`` (a failure's own message is
        shown as the solver or the scenario wrote it)."""
        if self.state is not JobState.INTERRUPTED:
            return self.reason
        if self.reason == SERVER_STOPPED:
            return tr(lang, "网页服务在运行中停止")
        if self.reason.startswith(WORKER_STOPPED):
            return tr(lang, "计算节点 {worker} 在运行中被停止", worker=self.worker)
        heard = "?" if self.heard_at is None else self.heard_at.astimezone().strftime("%H:%M:%S")
        return tr(
            lang, "计算节点 {worker} 无响应，最后联系于 {time}", worker=self.worker, time=heard
        )


class Runs:
    """The runs of one workspace's database, executed by ``executor``.

    Every reading first marks the runs whose worker is gone (unheard from for
    ``stale_seconds``) and offers the broker the runs it never took.
    """

    def __init__(
        self, workspace: Workspace, executor: Executor, *, stale_seconds: float = STALE_SECONDS
    ) -> None:
        self.workspace = workspace
        self.executor = executor
        self.stale_seconds = stale_seconds
        self._last_resend = 0.0
        self._resend_lock = threading.Lock()

    def submit(
        self,
        text: str,
        source: str = "web",
        *,
        time_limit: float | None = None,
        actor: Actor | None = None,
    ) -> str:
        """Check the scenario (raises ``ScenarioError``), store it as typed with its queued
        run, hand the run over, and return its id. A broker that is down raises
        :class:`BrokerUnavailableError` with the run stored and queued all the same."""
        return self.submit_saved(text, source, time_limit=time_limit, actor=actor)[0]

    def submit_saved(
        self,
        text: str,
        source: str = "web",
        *,
        time_limit: float | None = None,
        based_on: int | None = None,
        actor: Actor | None = None,
    ) -> tuple[str, scenarios.SavedScenario]:
        """:meth:`submit`, the scenario's save based on the version ``based_on`` the person
        opened (see :meth:`Workspace.save_scenario`); returns the run's id and the scenario's
        new version, which the next save from the same form is based on."""
        who = self.workspace.acting(actor, Right.RUN_SCENARIO)
        with self.workspace.sessions.begin() as session:
            built = scenarios.prepare(session, text, source)
            row = scenarios.save(session, built.spec, who, based_on)
            saved = scenarios.SavedScenario(row.name, row.version)
            job = m.Job(
                id=uuid.uuid4().hex[:12],
                scenario=built.spec.name,
                spec_toml=text,
                source=source[:255],
                state=JobState.QUEUED.value,
                stage="queued",
                log="",
                time_limit=time_limit or built.spec.time_limit,
                requested_by=who.name,
                queued_at=now(),
                worker="",
                cancel_requested=False,
                reason="",
            )
            session.add(job)
            audit.record(
                session,
                who,
                audit.AuditAction.QUEUE_RUN,
                scenario_named(job.scenario, Language.ZH),
                after={"job": job.id, "source": source, "time_limit": job.time_limit},
            )
        try:
            self._dispatch(job.id, job.time_limit)
        except BrokerUnavailableError as exc:
            exc.job_id = job.id
            raise
        return job.id, saved

    def _dispatch(self, job_id: str, time_limit: float) -> None:
        self.executor.submit(job_id, time_limit)
        with self.workspace.sessions.begin() as session:
            session.execute(
                update(m.Job).where(m.Job.id == job_id).values(dispatched_at=now()),
                execution_options=NOT_DATA,
            )

    def dispatch_queued(self, *, only_undispatched: bool = False) -> int:
        """Hand every queued run over again (at the web server's start: a restart loses no
        queued run), or only those never handed over (the broker was down). Returns how
        many were sent; a second delivery of a run is harmless (its claim is a no-op)."""
        query = select(m.Job.id, m.Job.time_limit).where(m.Job.state == JobState.QUEUED.value)
        if only_undispatched:
            query = query.where(m.Job.dispatched_at.is_(None))
        with self.workspace.sessions() as session:
            queued = list(session.execute(query.order_by(m.Job.queued_at)))
        for job_id, time_limit in queued:
            self._dispatch(job_id, time_limit)
        return len(queued)

    def status(self, job_id: str) -> JobStatus:
        """The run as it stands (raises :class:`UnknownJobError`)."""
        self._catch_up()
        with self.workspace.sessions() as session:
            row = session.execute(_with_result().where(m.Job.id == job_id)).one_or_none()
        if row is None:
            raise UnknownJobError(job_id)
        return _status(row[0], row[1])

    def list(
        self, *, states: set[JobState] | None = None, limit: int | None = None
    ) -> list[JobStatus]:
        """Runs, newest first; of the given states only when given."""
        self._catch_up()
        query = _with_result().order_by(m.Job.queued_at.desc(), m.Job.id)
        if states:
            query = query.where(m.Job.state.in_([s.value for s in states]))
        if limit is not None:
            query = query.limit(limit)
        with self.workspace.sessions() as session:
            return [_status(job, status) for job, status in session.execute(query)]

    def statuses(self, job_ids: Sequence[str]) -> Sequence[JobStatus]:
        """The runs of ``job_ids`` as they stand, in that order (unknown ids left out): one
        reading for many runs (a sweep's points)."""
        self._catch_up()
        with self.workspace.sessions() as session:
            rows = session.execute(_with_result().where(m.Job.id.in_(job_ids)))
            found = {job.id: _status(job, status) for job, status in rows}
        return [found[job_id] for job_id in job_ids if job_id in found]

    def result(self, job_id: str) -> ScenarioResult | None:
        """The stored result of a run that is done (``None`` otherwise)."""
        status = self.status(job_id)
        if status.state is not JobState.DONE or status.run_id is None:
            return None
        return self.workspace.run(status.run_id)[2]

    def cancel(self, job_id: str, *, actor: Actor | None = None) -> JobStatus:
        """Stop a run: a queued one is cancelled at once and never runs; a running one is
        asked to stop (its worker sees it within a heartbeat and stores it as cancelled,
        with no plan)."""
        who = self.workspace.acting(actor, Right.RUN_SCENARIO)
        with self.workspace.sessions.begin() as session:
            job = session.get(m.Job, job_id, with_for_update=True)
            if job is None:
                raise UnknownJobError(job_id)
            before = job.state
            if job.state == JobState.QUEUED.value:
                job.state, job.stage, job.ended_at = "cancelled", "cancelled", now()
            elif job.state == JobState.RUNNING.value:
                job.cancel_requested = True
            if before in (JobState.QUEUED.value, JobState.RUNNING.value):
                audit.record(
                    session,
                    who,
                    audit.AuditAction.CANCEL_RUN,
                    scenario_named(job.scenario, Language.ZH),
                    before={"job": job.id, "state": before},
                    after={"job": job.id, "state": job.state},
                )
        return self.status(job_id)

    def rerun(self, job_id: str, *, actor: Actor | None = None) -> str:
        """Ask again for a run that ended without its plan (failed, interrupted, cancelled):
        a new run of the same scenario text; returns its id."""
        with self.workspace.sessions() as session:
            job = session.get(m.Job, job_id)
            if job is None:
                raise UnknownJobError(job_id)
            text, source, limit, state = job.spec_toml, job.source, job.time_limit, job.state
        if not JobState(state).rerunnable:
            raise NotRerunnableError(job_id, JobState(state))
        return self.submit(text, source, time_limit=limit, actor=actor)

    def wait(self, job_id: str, timeout: float | None = None) -> JobStatus:
        """Block until the run has ended or ``timeout`` seconds have passed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not (status := self.status(job_id)).state.finished:
            if deadline is not None and time.monotonic() > deadline:
                break
            time.sleep(0.1)
        return status

    def shutdown(self) -> None:
        """Stop the executor; runs it stopped in the middle are marked interrupted (queued
        runs stay queued for the next start)."""
        stopped = self.executor.shutdown()
        if stopped:
            with self.workspace.sessions.begin() as session:
                session.execute(
                    update(m.Job)
                    .where(m.Job.state == JobState.RUNNING.value, m.Job.worker.in_(stopped))
                    .values(
                        state=JobState.INTERRUPTED.value,
                        stage=JobState.INTERRUPTED.value,
                        ended_at=now(),
                        reason=SERVER_STOPPED,
                    ),
                    execution_options=NOT_DATA,
                )

    def _catch_up(self) -> None:
        with self.workspace.sessions.begin() as session:
            mark_interrupted(session, self.stale_seconds)
        with self._resend_lock:
            due = time.monotonic() - self._last_resend >= RESEND_SECONDS
            if due:
                self._last_resend = time.monotonic()
        if due:
            # Still down: the runs stay queued, and the next reading tries again.
            with contextlib.suppress(BrokerUnavailableError):
                self.dispatch_queued(only_undispatched=True)


def mark_interrupted(session: Session, stale_seconds: float = STALE_SECONDS) -> int:
    """Mark interrupted every running run unheard from for ``stale_seconds`` (its worker was
    killed or lost its machine), naming the worker and when it was last heard from."""
    cutoff = now() - dt.timedelta(seconds=stale_seconds)
    stale = session.execute(
        select(m.Job.id, m.Job.worker, m.Job.heartbeat_at).where(
            m.Job.state == JobState.RUNNING.value, m.Job.heartbeat_at < cutoff
        )
    ).all()
    for job_id, worker, heard in stale:
        assert heard is not None  # compared with the cutoff above
        session.execute(
            update(m.Job)
            # Only if still as read: a worker that beat meanwhile is alive.
            .where(m.Job.id == job_id, m.Job.state == "running", m.Job.heartbeat_at == heard)
            .values(
                state=JobState.INTERRUPTED.value,
                stage=JobState.INTERRUPTED.value,
                ended_at=now(),
                reason=f"worker {worker} stopped answering; last heard from at "
                f"{_utc(heard).isoformat(timespec='seconds')}",
            ),
            execution_options=NOT_DATA,
        )
    return len(stale)


def _with_result() -> Select[m.Job, str]:
    return select(m.Job, m.ScenarioRun.status).outerjoin(
        m.ScenarioRun, m.ScenarioRun.id == m.Job.scenario_run_id
    )


def _utc(stamp: dt.datetime) -> dt.datetime:
    # SQLite gives back naive datetimes; every stamp is written in UTC.
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _status(job: m.Job, result_status: str | None) -> JobStatus:
    state = JobState(job.state)
    started = _utc(job.started_at) if job.started_at else None
    ended = _utc(job.ended_at) if job.ended_at else None
    elapsed = 0.0 if started is None else ((ended or now()) - started).total_seconds()
    if state is JobState.DONE:
        progress = 1.0
    elif state is JobState.RUNNING:
        # Time is the honest measure: a level may finish early (proven optimal), never
        # later than its share of the limit.
        progress = min(0.95, elapsed / (job.time_limit + EXPLAIN_SECONDS))
    else:
        progress = 0.0
    return JobStatus(
        id=job.id,
        scenario=job.scenario,
        state=state,
        stage=job.stage,
        progress=progress,
        elapsed_seconds=max(0.0, elapsed),
        time_limit=job.time_limit,
        result_status=result_status,
        run_id=job.scenario_run_id,
        reason=job.reason,
        log=tuple(line for line in job.log.split("\n") if line),
        requested_by=job.requested_by,
        queued_at=_utc(job.queued_at),
        started_at=started,
        ended_at=ended,
        worker=job.worker,
        cancel_requested=job.cancel_requested,
        heard_at=_utc(job.heartbeat_at) if job.heartbeat_at else None,
    )
