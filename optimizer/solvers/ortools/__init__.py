"""The OR-Tools CP-SAT back end: the only package that imports OR-Tools."""

from __future__ import annotations

from collections.abc import Mapping

from optimizer.options import ScheduleOption
from optimizer.params import SolveParams
from optimizer.problem import ProblemData
from optimizer.solvers.ortools.conflict import find_conflict
from optimizer.solvers.ortools.model import CpSatModel
from optimizer.solvers.outcome import Outcome

__all__ = ["CpSatModel", "find_conflict", "solve_lexicographic"]


def solve_lexicographic(
    data: ProblemData,
    params: SolveParams,
    hint: Mapping[str, ScheduleOption | None] | None = None,
) -> Outcome:
    """Build the model, add ``hint`` as a warm start, and solve level by level."""
    model = CpSatModel(data, params.objective_order)
    if hint is not None:
        model.hint(hint)
    return model.solve(params)
