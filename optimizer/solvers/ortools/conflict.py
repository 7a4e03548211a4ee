"""Smallest sets of constraints that cannot hold together, found with assumptions.

CP-SAT returns a sufficient set of assumptions when the model is infeasible under them; that
set need not be minimal, so it is shrunk by deletion filtering: drop one member, re-solve
briefly, and keep the member out if the rest is still infeasible.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from optimizer.params import Objective, SolveParams
from optimizer.problem import ProblemData
from optimizer.result import ConstraintRef, SolveStatus
from optimizer.solvers.ortools.model import CpSatModel, run_solver


def _check(
    model: CpSatModel, refs: Sequence[ConstraintRef], params: SolveParams, time_limit: float
) -> tuple[SolveStatus, list[ConstraintRef]]:
    """Solve with only ``refs`` enforced; on infeasibility also return the core CP-SAT gives."""
    literals = model.switches.literals
    enforced = set(refs)
    model.model.clear_assumptions()
    # The other constraints are switched off outright rather than left free: presolve then
    # drops them, and feasible subsets are found at once instead of searched for.
    model.model.add_assumptions(
        [literal if ref in enforced else literal.Not() for ref, literal in literals.items()]
    )
    # One worker: assumption cores are reliable and runs repeat exactly.
    solver = model.solver(time_limit, 1, params.random_seed)
    status = run_solver(solver, model.model, cancel=params.cancel)
    if status is not SolveStatus.INFEASIBLE:
        return status, []
    by_index: dict[int, ConstraintRef] = {literal.index: ref for ref, literal in literals.items()}
    # Switched-off constraints cannot cause infeasibility: keep the enforced ones of the core.
    core = [
        by_index[index]
        for index in solver.sufficient_assumptions_for_infeasibility()
        if index in by_index and by_index[index] in enforced
    ]
    return status, sorted(core)


def find_conflict(
    data: ProblemData, objectives: Sequence[Objective], params: SolveParams
) -> tuple[tuple[ConstraintRef, ...], bool] | None:
    """A set of constraints that cannot all hold, and whether it was proven minimal.

    ``None`` when the scenario is feasible or the first solve ran out of time.
    """
    model = CpSatModel(data, objectives, explain=True)
    say: Callable[[str], Any] = params.log or (lambda _message: None)
    # The first solve proves infeasibility of the whole scenario: it gets the full budget.
    status, core = _check(model, sorted(model.switches.literals), params, params.time_limit)
    if status is not SolveStatus.INFEASIBLE:
        return None
    say(f"conflict: {len(core)} constraints before filtering")
    members = list(core)
    minimal = True
    for ref in list(members):
        if ref not in members:
            continue  # already dropped by a smaller core
        trial = [other for other in members if other != ref]
        status, smaller = _check(model, trial, params, params.explain_time_limit)
        if status is SolveStatus.INFEASIBLE:
            members = smaller or trial
        elif not status.has_solution:
            minimal = False  # could not tell in time: keep it, and say so
    say(f"conflict: {len(members)} constraints after filtering")
    return tuple(members), minimal
