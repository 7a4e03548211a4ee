"""Budget sweeps run on the scenario runs' workers: each point is a run of its own.

A sweep is N runs of N scenario texts (:func:`portfolio.scenarios.sweep.point_text`), asked
for through :class:`~portfolio.services.runs.Runs` like any run: each is checked, stored with
its scenario, queued, executed by the same workers (local processes, or Celery workers in
office mode), and its result stored. So a point's objectives are those of a single run of its
scenario, and a sweep cancelled half-way keeps the points that were done.

The points of one sweep are grouped by their runs' source, ``sweep:ID:AMOUNT`` (the jobs
table's own column), rather than by a table of their own: a sweep holds nothing a run does
not already hold but its id and each point's amount.

Warm start: the optimizer accepts a start schedule (``optimizer.solve(start=...)``), but the
points run at the same time, each from its scenario text alone; passing a neighbour's schedule
would make each point wait for its neighbour and serialise the sweep. Each point is therefore
warm-started as any run is (the greedy schedule), not from its neighbour.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from portfolio.access import Actor
from portfolio.db import models as m
from portfolio.scenarios.outcome import ScenarioResult
from portfolio.scenarios.sweep import (
    Knob,
    ProjectChange,
    Value,
    changes,
    knee,
    parse_value,
    point_text,
)
from portfolio.services.runs import JobState, JobStatus, Runs

SOURCE_PREFIX = "sweep:"
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class SweepPoint:
    """One point: its amount, its run (``job``), the run's stored result once it is done,
    and the projects that changed from the point before it."""

    value: Value
    job: JobStatus
    result: ScenarioResult | None = None
    changes: tuple[ProjectChange, ...] = ()

    @property
    def cap_wan(self) -> int | None:
        return self.value.wan

    @property
    def status(self) -> str:
        """The run's status when it has a result (``optimal``…), else its state."""
        return self.result.status.value if self.result is not None else self.job.state.value

    def objective(self, name: str) -> int | None:
        """The value of the objective ``name`` (``None``: not optimised, or no plan)."""
        if self.result is None or not self.result.has_plan:
            return None
        return next((o.value for o in self.result.objectives if o.name == name), None)


@dataclass(frozen=True)
class SweepSummary:
    """A stored sweep: its id, the scenario it sweeps, its points and how many are done."""

    id: str
    scenario: str
    points: int
    finished: int


def _source(sweep_id: str, value: Value) -> str:
    return f"{SOURCE_PREFIX}{sweep_id}:{value.written}"


def _split(source: str) -> tuple[str, str]:
    sweep_id, _, written = source.removeprefix(SOURCE_PREFIX).partition(":")
    return sweep_id, written


class Sweeps:
    """The sweeps of one workspace, run by the runs service ``runs``."""

    def __init__(self, runs: Runs) -> None:
        self.runs = runs
        self.workspace = runs.workspace

    def submit(
        self,
        text: str,
        knobs: Sequence[Knob],
        values: Sequence[Value],
        *,
        time_limit: float | None = None,
        actor: Actor | None = None,
    ) -> str:
        """Ask for one run per value (in order), and return the sweep's id. The first
        point's scenario is checked before anything is queued (raises ``ScenarioError``);
        the points differ only in the knob's amounts."""
        texts = [point_text(text, knobs, value)[1] for value in values]
        self.workspace.check_scenario(texts[0], "sweep")
        sweep_id = uuid.uuid4().hex[:10]
        for value, point in zip(values, texts, strict=True):
            self.runs.submit(point, _source(sweep_id, value), time_limit=time_limit, actor=actor)
        return sweep_id

    def _jobs(self, sweep_id: str) -> list[tuple[str, str]]:
        query = select(m.Job.id, m.Job.source).where(
            m.Job.source.startswith(f"{SOURCE_PREFIX}{sweep_id}:", autoescape=True)
        )
        with self.workspace.sessions() as session:
            return [(job_id, source) for job_id, source in session.execute(query)]

    def points(self, sweep_id: str) -> list[SweepPoint]:
        """The sweep's points by amount, each with its run's result once done and the
        projects that changed from the point before (empty for a point without a plan)."""
        rows = sorted((parse_value(_split(source)[1]), job) for job, source in self._jobs(sweep_id))
        statuses = self.runs.statuses([job_id for _, job_id in rows])
        points: list[SweepPoint] = []
        for (value, _), status in zip(rows, statuses, strict=True):
            result = None
            if status.state is JobState.DONE and status.run_id is not None:
                result = self.workspace.run(status.run_id)[2]
            moved: tuple[ProjectChange, ...] = ()
            prior = points[-1].result if points else None
            if result is not None and prior is not None:
                moved = changes(prior, result)
            points.append(SweepPoint(value, status, result, moved))
        return points

    def wait(
        self,
        sweep_id: str,
        timeout: float | None = None,
        on_point: Callable[[JobStatus], None] | None = None,
    ) -> list[SweepPoint]:
        """Block until every point has ended (or ``timeout``), telling ``on_point`` of each
        run as it ends; returns the points."""
        deadline = None if timeout is None else time.monotonic() + timeout
        told: set[str] = set()
        jobs = [job_id for job_id, _ in self._jobs(sweep_id)]
        while True:
            ended = [s for s in self.runs.statuses(jobs) if s.state.finished]
            for status in ended:
                if status.id not in told and on_point is not None:
                    on_point(status)
                told.add(status.id)
            if len(ended) == len(jobs) or (deadline is not None and time.monotonic() > deadline):
                return self.points(sweep_id)
            time.sleep(POLL_SECONDS)

    def cancel(self, sweep_id: str, *, actor: Actor | None = None) -> int:
        """Stop the points not yet ended (queued ones never run, running ones stop); the
        points done are kept. Returns how many were asked to stop."""
        stopped = 0
        for status in self.runs.statuses([job_id for job_id, _ in self._jobs(sweep_id)]):
            if not status.state.finished:
                self.runs.cancel(status.id, actor=actor)
                stopped += 1
        return stopped

    def list(self) -> list[SweepSummary]:
        """The stored sweeps, newest first."""
        query = (
            select(m.Job.source, m.Job.scenario, m.Job.state, m.Job.queued_at)
            .where(m.Job.source.startswith(SOURCE_PREFIX))
            .order_by(m.Job.queued_at.desc())
        )
        with self.workspace.sessions() as session:
            rows = list(session.execute(query))
        found: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for source, scenario, state, _ in rows:
            sweep_id = _split(source)[0]
            found.setdefault(sweep_id, []).append(state)
            names.setdefault(sweep_id, scenario.rsplit(" · ", 1)[0])
        return [
            SweepSummary(
                sweep_id,
                names[sweep_id],
                len(states),
                sum(JobState(s).finished for s in states),
            )
            for sweep_id, states in found.items()
        ]


def main_objective(points: Sequence[SweepPoint]) -> str | None:
    """The objective the frontier is drawn for: the scenario's first (its points share it)."""
    for point in points:
        if point.result is not None and point.result.objectives:
            return point.result.objectives[0].name
    return None


def knee_index(points: Sequence[SweepPoint]) -> int | None:
    """The index in ``points`` of the frontier's knee on the main objective (see
    :func:`portfolio.scenarios.sweep.knee`), among the points with a value for it."""
    name = main_objective(points)
    if name is None:
        return None
    valued = [(i, p.objective(name)) for i, p in enumerate(points)]
    drawn = [
        (i, float(p.value.number), float(v))
        for (i, v), p in zip(valued, points, strict=True)
        if v is not None
    ]
    found = knee([(x, y) for _, x, y in drawn])
    return None if found is None else drawn[found][0]
