"""The entry point: ``solve(data, params) -> Result``."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from optimizer.explain import delay_explanations, explain_infeasibility
from optimizer.greedy import greedy_choice
from optimizer.options import ScheduleOption
from optimizer.params import SolveParams
from optimizer.problem import ProblemData
from optimizer.result import Result, SolveStatus
from optimizer.solvers.ortools import solve_lexicographic
from optimizer.usage import cap_usage, schedules_from_choice
from optimizer.validation import InvalidSolutionError, validate


def solve(
    data: ProblemData,
    params: SolveParams | None = None,
    start: Mapping[str, ScheduleOption | None] | None = None,
) -> Result:
    """Optimise the scenario lexicographically and return a checked result.

    The greedy schedule warm-starts the solver, or ``start`` when given (an option per
    project, ``None`` for unfunded: a known schedule, such as that of a similar scenario).
    A schedule found is re-checked by ``validate`` (an ``InvalidSolutionError`` is raised if
    it fails) and comes with explanations of every delay; an infeasible scenario comes with a
    minimal conflicting set of constraints when ``params.explain`` is set. Setting
    ``params.cancel`` stops the work and raises :class:`SolveCancelledError`.
    """
    params = params or SolveParams()
    objectives = params.objective_order
    hint = start
    if hint is None and params.warm_start:
        hint = greedy_choice(data, objectives)
    params.check_cancelled()
    outcome = solve_lexicographic(data, params, hint)
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
