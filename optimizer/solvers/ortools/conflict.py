"""Smallest sets of constraints that cannot hold together.

Every droppable constraint is enforced by its own literal (``Switches``). A check solves the
model with some of those literals fixed to true and the others to false (their domains set
in the model itself: no copy per check); fixed literals let presolve simplify the model as it
does the scenario's own (assumptions would not: on a monthly scenario a check under
assumptions ran out of its time where the fixed model was proven infeasible at once).

QuickXplain (``optimizer/quickxplain.py``) shrinks the droppable constraints to a set from
which no member can be dropped, trying them in the order of ``optimizer/pressure.py``: the
most pressed first, so that the conflict found is made of them, and found in fewer checks.
With two workers two checks run at once, each in its own copy of the model with one solver
thread: the one QuickXplain asks now and the one it will ask next if the first gets its
likely answer (most checks hold), so that most questions are answered in the time of half a
check. Answers are kept: a set inside one that held holds, a set around one that failed
fails.

CP-SAT's assumption core does not narrow the candidates first: on the bundled scenarios
(quarters and months) its solve under assumptions ran out of its second in five cases of
six, and where it came (every year at 85%, years and quarters) QuickXplain from it ended at
18 members where from all candidates it ends at 5.
A check that runs out of time counts as feasible, which only keeps members in: the set is
still a conflict, but not proven minimal.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, Protocol

from ortools.sat.python import cp_model

from optimizer import quickxplain
from optimizer.params import Objective, SolveParams
from optimizer.pressure import likely_conflict_order
from optimizer.problem import ProblemData
from optimizer.result import ConstraintRef, SolveStatus
from optimizer.solvers.ortools.model import CpSatModel, run_solver

_Key = frozenset[ConstraintRef]


class _Checks(Protocol):
    params: SolveParams

    def status(self, enforced: Iterable[ConstraintRef], time_limit: float) -> SolveStatus: ...


class _Checker:
    """Solves the model with a given set of droppable constraints enforced, ``slots`` checks
    at a time (each in its own copy of the model)."""

    def __init__(self, model: CpSatModel, params: SolveParams, slots: int = 1) -> None:
        self.model = model
        self.params = params
        self.refs = sorted(model.switches.literals)
        self._indices = [(ref, model.switches.literals[ref].index) for ref in self.refs]
        self._copies: queue.SimpleQueue[cp_model.CpModel] = queue.SimpleQueue()
        self._copies.put(model.model)
        for _ in range(slots - 1):
            self._copies.put(model.model.clone())
        self._lock = threading.Lock()
        self.checks = 0

    def status(self, enforced: Iterable[ConstraintRef], time_limit: float) -> SolveStatus:
        """Solve with only ``enforced`` among the droppable constraints, the rest switched
        off (presolve then drops them); ``UNKNOWN`` and ``TIMED_OUT`` mean no answer."""
        on = set(enforced)
        copy = self._copies.get()
        try:
            variables = copy.proto.variables
            for ref, index in self._indices:
                value = int(ref in on)
                domain = variables[index].domain
                domain[0] = value
                domain[1] = value
            # One worker: runs repeat exactly.
            solver = self.model.solver(time_limit, 1, self.params.random_seed)
            # Presolve's probing was most of a check's time (the bundled 晋江 scenario in
            # quarters was explained sooner without it).
            solver.parameters.cp_model_probing_level = 0
            status = run_solver(solver, copy, cancel=self.params.cancel)
        finally:
            self._copies.put(copy)
        with self._lock:
            self.checks += 1
        return status

    def infeasible(self, enforced: Sequence[ConstraintRef]) -> bool:
        """Whether ``enforced`` was proven unable to hold within ``explain_time_limit``."""
        return self.status(enforced, self.params.explain_time_limit) is SolveStatus.INFEASIBLE


class _Answers:
    """What the checks found, and what follows from it: a set inside one that holds holds, a
    set around one that fails fails (an answer that did not come in time only for its own
    set, and it counts as holding)."""

    def __init__(self) -> None:
        self.exact: dict[_Key, SolveStatus] = {}
        self.infeasible: list[_Key] = []
        self.feasible: list[_Key] = []

    def add(self, key: _Key, status: SolveStatus) -> None:
        self.exact[key] = status
        if status is SolveStatus.INFEASIBLE:
            self.infeasible.append(key)
        elif status.has_solution:
            self.feasible.append(key)

    def get(self, key: _Key) -> SolveStatus | None:
        if key in self.exact:
            return self.exact[key]
        if any(known <= key for known in self.infeasible):
            return SolveStatus.INFEASIBLE
        if any(key <= known for known in self.feasible):
            return SolveStatus.FEASIBLE
        return None


def _answered(status: SolveStatus) -> bool:
    return status is SolveStatus.INFEASIBLE or status.has_solution


def _shrink(
    checker: _Checks, candidates: Sequence[ConstraintRef], slots: int, first_limit: float
) -> tuple[tuple[ConstraintRef, ...] | None, bool]:
    """QuickXplain over ``candidates`` with ``slots`` checks at a time: the members of a
    conflict (``None`` if all of them hold together) and whether every answer it rests on
    came in time. The first check (all the candidates) gets ``first_limit``, the others
    ``explain_time_limit``."""
    step = quickxplain.start(tuple(candidates))
    answers = _Answers()
    running: dict[_Key, Future[SolveStatus]] = {}
    exact = True

    def submit(check: quickxplain.Check[ConstraintRef], key: _Key) -> None:
        first = len(check.enforced) == len(candidates) and check.likely_infeasible
        limit = first_limit if first else checker.params.explain_time_limit
        running[key] = pool.submit(checker.status, check.enforced, limit)

    with ThreadPoolExecutor(max_workers=slots, thread_name_prefix="conflict-check") as pool:
        while True:
            # Follow the answers already known.
            while isinstance(step, quickxplain.Check):
                status = answers.get(frozenset(step.enforced))
                if status is None:
                    break
                exact = exact and _answered(status)
                step = step.answer(status is SolveStatus.INFEASIBLE)
            if isinstance(step, quickxplain.Done):
                return step.members, exact
            # The question asked now, then those that follow from likely answers.
            ahead: quickxplain.Check[ConstraintRef] | quickxplain.Done[ConstraintRef] = step
            while isinstance(ahead, quickxplain.Check):
                key = frozenset(ahead.enforced)
                status = answers.get(key)
                if status is None and key not in running:
                    if ahead is not step and len(running) >= slots:
                        break
                    submit(ahead, key)
                infeasible = (
                    ahead.likely_infeasible if status is None else status is SolveStatus.INFEASIBLE
                )
                ahead = ahead.answer(infeasible)
            done, _pending = wait(list(running.values()), return_when=FIRST_COMPLETED)
            for key, future in list(running.items()):
                if future in done:
                    del running[key]
                    answers.add(key, future.result())


def find_conflict(
    data: ProblemData, objectives: Sequence[Objective], params: SolveParams
) -> tuple[tuple[ConstraintRef, ...], bool] | None:
    """A set of constraints that cannot all hold, and whether it was proven minimal.

    ``None`` when the scenario is feasible or the first solve ran out of time.
    """
    model = CpSatModel(data, objectives, explain=True)
    say: Callable[[str], Any] = params.log or (lambda _message: None)
    # Two checks at once at most: the one asked and the one likely next.
    slots = min(params.num_workers, 2)
    checker = _Checker(model, params, slots)
    say(f"conflict: {len(checker.refs)} constraints before filtering")
    # The most pressed constraints first: QuickXplain keeps the earliest it can.
    order = likely_conflict_order(data, model.options, checker.refs)
    # The first check proves infeasibility of the whole scenario: it gets the full budget.
    members, exact = _shrink(checker, order, slots, params.time_limit)
    if members is None:
        return None
    say(
        f"conflict: {len(members)} constraints after filtering "
        f"({checker.checks} checks, {'all' if exact else 'not all'} answered in time)"
    )
    return tuple(sorted(members)), exact
