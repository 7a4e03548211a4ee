"""Scenario runs in the background: submit, follow the progress, cancel.

The web app must stay responsive while a scenario solves for up to a minute, and the planner
must be able to stop a run. A run is checked at once (so a wrong scenario is refused before
it is queued, with its problems by key), then solved on a worker thread; CP-SAT releases the
GIL while it searches, so the app keeps answering. Runs go one at a time (the solver uses
both cores); later ones wait in the queue. A cancelled or failed run is stored as a run
with no plan (and its message), with the scenario as the planner typed it.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum

from portfolio.errors import PortfolioError
from portfolio.scenarios.outcome import ScenarioResult
from portfolio.services.scenarios import ScenarioCancelledError
from portfolio.services.workspace import Workspace

LOG_LINES = 40
MILESTONES = ("level ", "explaining")
# The marginal values re-solve up to three raised caps of a second each; counted in the
# time a run is expected to take, so the bar does not sit at 100% while they run.
EXPLAIN_SECONDS = 3.0


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


class UnknownJobError(PortfolioError):
    """No run with that id was submitted to this app."""


@dataclass(frozen=True)
class JobStatus:
    """What the planner sees of a run: state, stage, progress (0-1), and the outcome."""

    id: str
    scenario: str
    state: JobState
    stage: str
    progress: float
    elapsed_seconds: float
    time_limit: float
    result_status: str | None
    run_id: int | None
    error: str | None
    log: tuple[str, ...]


class _Job:
    def __init__(self, job_id: str, scenario: str, text: str, time_limit: float) -> None:
        self.id = job_id
        self.scenario = scenario
        self.text = text
        self.time_limit = time_limit
        self.cancel = threading.Event()
        self.state = JobState.QUEUED
        self.stage = "queued"
        self.started: float | None = None
        self.ended: float | None = None
        self.result: ScenarioResult | None = None
        self.error: str | None = None
        self.log: deque[str] = deque(maxlen=LOG_LINES)
        self.lock = threading.Lock()

    def note(self, line: str) -> None:
        """A progress line: the optimizer's own lines (a level begun or solved, explanations)
        are kept and name the stage; the solver's search log is not kept."""
        if not line.startswith(MILESTONES):
            return
        with self.lock:
            self.log.append(line)
            self.stage = line.split(",")[0].split(" (")[0]

    def status(self) -> JobStatus:
        with self.lock:
            now = time.perf_counter()
            elapsed = 0.0 if self.started is None else (self.ended or now) - self.started
            if self.state is JobState.DONE:
                progress = 1.0
            elif self.state is JobState.RUNNING:
                # Time is the honest measure: a level may finish early (proven optimal),
                # never later than its share of the limit.
                progress = min(0.95, elapsed / (self.time_limit + EXPLAIN_SECONDS))
            else:
                progress = 0.0
            return JobStatus(
                id=self.id,
                scenario=self.scenario,
                state=self.state,
                stage=self.stage,
                progress=progress,
                elapsed_seconds=elapsed,
                time_limit=self.time_limit,
                result_status=None if self.result is None else self.result.outcome.value,
                run_id=None if self.result is None else self.result.run_id,
                error=self.error,
                log=tuple(self.log),
            )


class ScenarioJobs:
    """Background runs of scenarios against one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._jobs: dict[str, _Job] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scenario-run")

    def submit(self, text: str, source: str = "web", *, time_limit: float | None = None) -> str:
        """Check the scenario now (raises ``ScenarioError``), queue its run, return its id."""
        built = self.workspace.check_scenario(text, source)
        job = _Job(
            uuid.uuid4().hex[:12], built.spec.name, text, time_limit or built.spec.time_limit
        )
        self._jobs[job.id] = job
        self._executor.submit(self._run, job, source)
        return job.id

    def _run(self, job: _Job, source: str) -> None:
        with job.lock:
            if job.cancel.is_set():
                job.state, job.stage = JobState.CANCELLED, "cancelled"
                return
            job.state, job.stage, job.started = JobState.RUNNING, "checking", time.perf_counter()
        try:
            result = self.workspace.run_scenario(
                job.text, source, time_limit=job.time_limit, progress=job.note, cancel=job.cancel
            )
        except ScenarioCancelledError as exc:
            self._finish(job, JobState.CANCELLED, error=str(exc))
        except Exception as exc:  # the run's message is what the planner needs to see
            self._finish(job, JobState.FAILED, error=str(exc))
        else:
            self._finish(job, JobState.DONE, result=result)

    @staticmethod
    def _finish(
        job: _Job,
        state: JobState,
        *,
        error: str | None = None,
        result: ScenarioResult | None = None,
    ) -> None:
        with job.lock:
            job.state, job.stage, job.ended = state, state.value, time.perf_counter()
            job.error, job.result = error, result

    def status(self, job_id: str) -> JobStatus:
        return self._job(job_id).status()

    def result(self, job_id: str) -> ScenarioResult | None:
        """The result of a finished run (``None`` until it is done)."""
        return self._job(job_id).result

    def cancel(self, job_id: str) -> JobStatus:
        """Ask the run to stop; a queued run never starts (and stores nothing). A running one
        is stored as cancelled, with no plan and the scenario as typed."""
        job = self._job(job_id)
        job.cancel.set()
        with job.lock:
            if job.state is JobState.QUEUED:
                job.state, job.stage = JobState.CANCELLED, "cancelled"
        return job.status()

    def wait(self, job_id: str, timeout: float | None = None) -> JobStatus:
        """Block until the run has finished (for the command line and tests)."""
        deadline = None if timeout is None else time.perf_counter() + timeout
        job = self._job(job_id)
        while not job.status().state.finished:
            if deadline is not None and time.perf_counter() > deadline:
                break
            time.sleep(0.05)
        return job.status()

    def shutdown(self) -> None:
        """Stop every run and the worker thread."""
        for job_id in list(self._jobs):
            self.cancel(job_id)
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _job(self, job_id: str) -> _Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise UnknownJobError(f"no run with id “{job_id}”")
        return job
