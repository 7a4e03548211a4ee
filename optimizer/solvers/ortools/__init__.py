"""The OR-Tools CP-SAT back end: the only package that imports OR-Tools."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping

from optimizer.decompose import SEPARABLE, combine, parts, restrict
from optimizer.options import ScheduleOption, all_options
from optimizer.params import SolveParams
from optimizer.problem import ProblemData
from optimizer.solvers.ortools.conflict import find_conflict
from optimizer.solvers.ortools.model import CpSatModel
from optimizer.solvers.outcome import Outcome

__all__ = ["CpSatModel", "find_conflict", "solve_lexicographic"]


def _solve_whole(
    data: ProblemData, params: SolveParams, hint: Mapping[str, ScheduleOption | None] | None
) -> Outcome:
    model = CpSatModel(data, params.objective_order)
    if hint is not None:
        model.hint(hint)
    return model.solve(params)


def solve_lexicographic(
    data: ProblemData,
    params: SolveParams,
    hint: Mapping[str, ScheduleOption | None] | None = None,
) -> Outcome:
    """Build the model, add ``hint`` as a warm start, and solve level by level.

    When every objective is a sum over projects and the scenario splits into independent
    parts (``optimizer.decompose``), the parts are solved one after the other, each with a
    share of the time left in proportion to its number of options.
    """
    groups = parts(data) if set(params.objective_order) <= SEPARABLE else []
    if len(groups) < 2:
        return _solve_whole(data, params, hint)
    began = time.perf_counter()
    options = all_options(data)
    sizes = [sum(len(options[project_id]) for project_id in group) for group in groups]
    outcomes: list[Outcome] = []
    for index, group in enumerate(groups):
        remaining = params.time_limit - (time.perf_counter() - began)
        # Proportional to size, but never so short that a small part cannot even be loaded.
        fair = remaining / (len(groups) - index)
        share = max(remaining * sizes[index] / max(sum(sizes[index:]), 1), min(fair, 1.0))
        part_params = dataclasses.replace(params, time_limit=max(share, 0.01))
        part_hint = None if hint is None else {key: hint.get(key) for key in group}
        outcome = _solve_whole(restrict(data, group), part_params, part_hint)
        if not outcome.status.has_solution:
            return combine([outcome], time.perf_counter() - began)
        outcomes.append(outcome)
    return combine(outcomes, time.perf_counter() - began)
