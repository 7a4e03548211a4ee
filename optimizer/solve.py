"""The entry point: ``solve(data, params) -> Result``."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from optimizer.explain import delay_explanations, explain_infeasibility
from optimizer.greedy import greedy_choice
from optimizer.options import ScheduleOption
from optimizer.params import Objective, SolveParams
from optimizer.problem import ProblemData
from optimizer.result import LevelResult, Result, SolveStatus
from optimizer.solvers.ortools import solve_lexicographic
from optimizer.solvers.outcome import Outcome
from optimizer.usage import cap_usage, schedules_from_choice
from optimizer.validation import InvalidSolutionError, check_schedules, objective_values, validate


def solve(
    data: ProblemData,
    params: SolveParams | None = None,
    start: Mapping[str, ScheduleOption | None] | None = None,
) -> Result:
    """Optimise the scenario lexicographically and return a checked result.

    The greedy schedule warm-starts the solver, or ``start`` when given (an option per
    project, ``None`` for unfunded: a known schedule, such as that of a similar scenario).
    When the solver finds no schedule in time, the warm start's schedule is returned if it
    keeps every rule (``FEASIBLE``, no bound): on thousands of projects CP-SAT's presolve
    can take the whole limit before it reads the hint. A schedule found is re-checked by
    ``validate`` (an ``InvalidSolutionError`` is raised if it fails) and comes with
    explanations of every delay; an infeasible scenario comes with a minimal conflicting set
    of constraints when ``params.explain`` is set. Setting
    ``params.cancel`` stops the work and raises :class:`SolveCancelledError`.
    """
    params = params or SolveParams()
    objectives = params.objective_order
    hint = start
    if hint is None and params.warm_start:
        hint = greedy_choice(data, objectives)
    params.check_cancelled()
    outcome = solve_lexicographic(data, params, hint)
    if outcome.status is SolveStatus.TIMED_OUT and hint is not None:
        outcome = _hint_outcome(data, objectives, hint, outcome.solve_seconds) or outcome
        if outcome.status.has_solution and params.log is not None:
            params.log("no schedule from the solver in time: the warm start's schedule stands")
    if not outcome.status.has_solution:
        infeasibility = None
        if params.explain and outcome.status is SolveStatus.INFEASIBLE:
            infeasibility = explain_infeasibility(data, params)
        return Result(
            status=outcome.status,
            objectives=objectives,
            levels=outcome.levels,
            schedules={},
            cap_usage=(),
            solve_seconds=outcome.solve_seconds,
            infeasibility=infeasibility,
        )
    schedules = schedules_from_choice(data, outcome.chosen)
    result = Result(
        status=outcome.status,
        objectives=objectives,
        levels=outcome.levels,
        schedules=schedules,
        cap_usage=cap_usage(data, schedules),
        solve_seconds=outcome.solve_seconds,
    )
    violations = validate(data, result)
    if violations:
        raise InvalidSolutionError(violations)
    return dataclasses.replace(result, delays=delay_explanations(data, result))


def _hint_outcome(
    data: ProblemData,
    objectives: tuple[Objective, ...],
    hint: Mapping[str, ScheduleOption | None],
    seconds: float,
) -> Outcome | None:
    """The warm start ``hint`` as the outcome of a solve that found nothing in time: each
    level at the hint's value, not proven (no bound). ``None`` when the hint breaks a rule
    or leaves a project out."""
    if set(hint) != {project.id for project in data.projects}:
        return None
    schedules = schedules_from_choice(data, hint)
    if check_schedules(data, schedules, objectives):
        return None
    values = objective_values(data, schedules)
    levels = tuple(
        LevelResult(objective, SolveStatus.FEASIBLE, values[objective], None, seconds)
        for objective in objectives
    )
    return Outcome(SolveStatus.FEASIBLE, levels, dict(hint), seconds)
