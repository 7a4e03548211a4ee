"""Priority-list scheduling: a baseline to compare with, and a warm start for the solver.

Projects are taken in order (fixed ones first, then must-fund ones, then the rest; within
each group by priority, highest first, then by planned start and id), never before their
link predecessors. Each takes its first option that fits the caps, concurrency limits and
links left by the projects before it, the one that finishes earliest first (by lateness at
completion, as the ``delay`` objective counts it, then by start delay: on time and stretched
before late and not); a project for which nothing fits goes unfunded, unless it must be
funded, in which case the rule has failed.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Sequence

from optimizer.options import ScheduleOption, all_options, concurrency_keys
from optimizer.params import DEFAULT_OBJECTIVES, Objective, funds_everything, normalize_objectives
from optimizer.problem import ConcurrencyKind, ProblemData, Project
from optimizer.result import LevelResult, Result, SolveStatus
from optimizer.usage import cap_usage, schedules_from_choice
from optimizer.validation import objective_values
from optimizer.windows import cap_index, spend_per_cap

Chosen = dict[str, ScheduleOption | None]


def priority_order(data: ProblemData) -> list[Project]:
    """Projects in greedy order: a topological order of the links that prefers fixed
    projects, then must-fund ones, then higher priority, earlier planned start, smaller id."""

    def rank(project: Project) -> tuple[int, int, int, str]:
        group = 0 if data.is_fixed(project) else 1 if project.must_fund else 2
        return (group, -project.priority, project.planned_start, project.id)

    waiting = {project.id: 0 for project in data.projects}
    successors: dict[str, list[str]] = {}
    for link in data.links:
        waiting[link.successor] += 1
        successors.setdefault(link.predecessor, []).append(link.successor)
    ready = [rank(p) for p in data.projects if waiting[p.id] == 0]
    heapq.heapify(ready)
    order: list[Project] = []
    while ready:
        project = data.project(heapq.heappop(ready)[3])
        order.append(project)
        for successor in successors.get(project.id, []):
            waiting[successor] -= 1
            if waiting[successor] == 0:
                heapq.heappush(ready, rank(data.project(successor)))
    return order


class _Ledger:
    """Room left under caps and concurrency limits as projects are placed (a cap spanning
    several periods has one room for all of them)."""

    def __init__(self, data: ProblemData) -> None:
        enforced = [cap for cap in data.caps if data.is_enforced(cap)]
        self.room: list[int] = [cap.amount for cap in enforced]
        self.caps_at = cap_index(enforced)
        first_planning = data.first_planning_period
        self.seats: dict[tuple[ConcurrencyKind, str, int], int] = {}
        for limit in data.concurrency:
            periods = data.planning_periods if limit.period is None else [limit.period]
            for period in periods:
                if period >= first_planning:
                    key = (limit.kind, limit.key, period)
                    self.seats[key] = min(limit.limit, self.seats.get(key, limit.limit))

    def fits(self, project: Project, option: ScheduleOption) -> bool:
        for position, amount in spend_per_cap(self.caps_at, option.scopes).items():
            if self.room[position] < amount:
                return False
        for kind, key in concurrency_keys(project):
            for period in range(option.start, option.end + 1):
                if self.seats.get((kind, key, period), 1) < 1:
                    return False
        return True

    def take(self, project: Project, option: ScheduleOption) -> None:
        for position, amount in spend_per_cap(self.caps_at, option.scopes).items():
            self.room[position] -= amount
        for kind, key in concurrency_keys(project):
            for period in range(option.start, option.end + 1):
                if (kind, key, period) in self.seats:
                    self.seats[(kind, key, period)] -= 1


def _finish_order(option: ScheduleOption) -> tuple[int, int]:
    """The order in which the rule tries a project's options: earliest finish first."""
    return (option.lateness, option.delay)


def greedy_choice(
    data: ProblemData, objectives: Sequence[Objective | str] = DEFAULT_OBJECTIVES
) -> Chosen | None:
    """The option the priority rule gives each project (``None``: unfunded), or ``None``
    when some project that must be funded finds no room."""
    required = funds_everything(normalize_objectives(objectives))
    options = all_options(data)
    ledger = _Ledger(data)
    predecessors: dict[str, list[tuple[str, int]]] = {}
    for link in data.links:
        predecessors.setdefault(link.successor, []).append((link.predecessor, link.lag))
    chosen: Chosen = {}
    for project in priority_order(data):
        if project.excluded:
            chosen[project.id] = None
            continue
        earliest = data.horizon[0]
        linked_ok = True
        for predecessor, lag in predecessors.get(project.id, []):
            before = chosen.get(predecessor)
            if before is None:
                linked_ok = False
            else:
                earliest = max(earliest, before.end + 1 + lag)
        pick = None
        if linked_ok:
            for option in sorted(options[project.id], key=_finish_order):
                if option.start >= earliest and ledger.fits(project, option):
                    pick = option
                    break
        if pick is None:
            if data.has_started(project) or project.must_fund or required:
                return None
        else:
            ledger.take(project, pick)
        chosen[project.id] = pick
    return chosen


def greedy(
    data: ProblemData, objectives: Sequence[Objective | str] = DEFAULT_OBJECTIVES
) -> Result | None:
    """The greedy baseline as a ``Result`` (status ``FEASIBLE``, levels without bounds), or
    ``None`` when the priority rule cannot fund every project that must be funded."""
    began = time.perf_counter()
    order = normalize_objectives(objectives)
    chosen = greedy_choice(data, order)
    if chosen is None:
        return None
    schedules = schedules_from_choice(data, chosen)
    values = objective_values(data, schedules)
    seconds = time.perf_counter() - began
    return Result(
        status=SolveStatus.FEASIBLE,
        objectives=order,
        levels=tuple(
            LevelResult(objective, SolveStatus.FEASIBLE, values[objective], None, seconds)
            for objective in order
        ),
        schedules=schedules,
        cap_usage=cap_usage(data, schedules),
        solve_seconds=seconds,
    )
