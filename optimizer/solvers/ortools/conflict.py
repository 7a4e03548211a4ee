"""Smallest sets of constraints that cannot hold together.

Every droppable constraint is enforced by its own literal (``Switches``). A check solves the
model with some of those literals fixed to true and the others to false; fixed literals let
presolve simplify the model as it does the scenario's own (assumptions would not: on a
monthly scenario a check under assumptions ran out of its time where the fixed model was
proven infeasible at once).

QuickXplain (Junker, AAAI 2004) shrinks the droppable constraints to a set from which no
member can be dropped: a conflict of k members among n takes about 2k·log₂(n/k) checks.
CP-SAT's assumption core no longer narrows the candidates first: on the bundled scenarios
(quarters and months) its solve under assumptions ran out of its second in five cases of
six, and where it came (every year at 85%, years and quarters) QuickXplain from it ended at
18 members where from all candidates it ends at 5.
A check that runs out of time counts as feasible, which only keeps members in: the set is
still a conflict, but not proven minimal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from optimizer.params import Objective, SolveParams
from optimizer.problem import ProblemData
from optimizer.result import ConstraintRef, SolveStatus
from optimizer.solvers.ortools.model import CpSatModel, run_solver


class _Checks(Protocol):
    def infeasible(self, enforced: Sequence[ConstraintRef]) -> bool: ...


class _Checker:
    """Solves the model with a given set of droppable constraints enforced."""

    def __init__(self, model: CpSatModel, params: SolveParams) -> None:
        self.model = model
        self.params = params
        self.refs = sorted(model.switches.literals)
        self.checks = 0
        self.unknown = 0

    def status(self, enforced: Sequence[ConstraintRef], time_limit: float) -> SolveStatus:
        """Solve with only ``enforced`` among the droppable constraints, the rest switched
        off (presolve then drops them); ``UNKNOWN`` and ``TIMED_OUT`` mean no answer."""
        on = set(enforced)
        trial = self.model.model.clone()
        trial.clear_assumptions()
        for ref in self.refs:
            literal = trial.get_bool_var_from_proto_index(self.model.switches.literals[ref].index)
            trial.add_bool_and([literal if ref in on else literal.Not()])
        # One worker: runs repeat exactly.
        solver = self.model.solver(time_limit, 1, self.params.random_seed)
        # Presolve's probing was most of a check's time (the bundled 晋江 scenario in
        # quarters was explained sooner without it).
        solver.parameters.cp_model_probing_level = 0
        status = run_solver(solver, trial, cancel=self.params.cancel)
        self.checks += 1
        if status is not SolveStatus.INFEASIBLE and not status.has_solution:
            self.unknown += 1
        return status

    def infeasible(self, enforced: Sequence[ConstraintRef]) -> bool:
        return self.status(enforced, self.params.explain_time_limit) is SolveStatus.INFEASIBLE


def _quickxplain(
    checker: _Checks, background: list[ConstraintRef], candidates: list[ConstraintRef]
) -> list[ConstraintRef]:
    """A subset of ``candidates`` that with ``background`` cannot hold, none of it droppable
    (``background`` with all of ``candidates`` must not hold)."""

    def explain(
        background: list[ConstraintRef], added: bool, candidates: list[ConstraintRef]
    ) -> list[ConstraintRef]:
        if added and checker.infeasible(background):
            return []
        if len(candidates) == 1:
            return candidates
        half = len(candidates) // 2
        first, second = candidates[:half], candidates[half:]
        needed_second = explain(background + first, bool(first), second)
        needed_first = explain(background + needed_second, bool(needed_second), first)
        return needed_first + needed_second

    if not candidates:
        return []
    return explain(background, False, candidates)


def find_conflict(
    data: ProblemData, objectives: Sequence[Objective], params: SolveParams
) -> tuple[tuple[ConstraintRef, ...], bool] | None:
    """A set of constraints that cannot all hold, and whether it was proven minimal.

    ``None`` when the scenario is feasible or the first solve ran out of time.
    """
    model = CpSatModel(data, objectives, explain=True)
    say: Callable[[str], Any] = params.log or (lambda _message: None)
    checker = _Checker(model, params)
    # The first solve proves infeasibility of the whole scenario: it gets the full budget.
    if checker.status(checker.refs, params.time_limit) is not SolveStatus.INFEASIBLE:
        return None
    say(f"conflict: {len(checker.refs)} constraints before filtering")
    members = sorted(_quickxplain(checker, [], list(checker.refs)))
    say(
        f"conflict: {len(members)} constraints after filtering "
        f"({checker.checks} checks, {checker.unknown} without an answer in time)"
    )
    return tuple(members), checker.unknown == 0
