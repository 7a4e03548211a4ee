"""The CP-SAT model of a scenario and its lexicographic solve."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ortools.sat.python import cp_model

from optimizer.bounds import clamp_bound
from optimizer.options import ScheduleOption, all_options
from optimizer.params import CancelToken, Objective, SolveCancelledError, SolveParams
from optimizer.problem import ProblemData
from optimizer.result import LevelResult, SolveStatus
from optimizer.solvers.ortools.constraints import add_caps, add_concurrency, add_funding, add_links
from optimizer.solvers.ortools.constraints.cumulative import (
    SchedulingPlan,
    add_scheduling_view,
    plan_scheduling_view,
)
from optimizer.solvers.ortools.constraints.flexible import (
    add_flexible_spend,
    chosen_amounts,
    hint_flexible,
)
from optimizer.solvers.ortools.constraints.symmetry import (
    add_symmetry_breaking,
    identical_groups,
    sorted_hint,
)
from optimizer.solvers.ortools.core import CORE_MIN_OPTIONS, CORE_SHARE, core_fixings
from optimizer.solvers.ortools.objectives import evaluate, level_excesses, objective_expression
from optimizer.solvers.ortools.relaxation import relax
from optimizer.solvers.ortools.switches import Switches
from optimizer.solvers.ortools.variables import Variables, add_variables
from optimizer.solvers.outcome import Outcome

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.MODEL_INVALID: SolveStatus.INVALID,
    cp_model.UNKNOWN: SolveStatus.TIMED_OUT,
}


def map_status(status: Any) -> SolveStatus:
    """Our status for a CP-SAT status (``UNKNOWN`` means time ran out without a solution)."""
    return _STATUS[status]


# Above this many option Booleans, presolve probing is skipped: on province-scale portfolios
# (5,000 projects, 20,000 options) each probing pass took 3-4 s of wall time for a few
# fixed literals, delaying the first schedule past 15 s; smaller models keep the default.
# Large models also keep the default two workers on delay and level (see ``solver``).
LARGE_MODEL_OPTIONS = 10_000


def run_solver(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None = None,
    cancel: CancelToken | None = None,
) -> SolveStatus:
    """Solve, stopping the search soon after ``cancel`` is set (then raises
    :class:`SolveCancelledError`). CP-SAT releases the GIL while it searches, so a watcher
    thread can ask it to stop."""
    if cancel is None:
        return map_status(solver.solve(model, callback))
    if cancel.is_set():
        raise SolveCancelledError("the solve was cancelled")
    cancel_requested = cancel
    finished = threading.Event()

    def watch() -> None:
        while not finished.wait(0.05):
            if cancel_requested.is_set():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, name="solve-cancel-watcher", daemon=True)
    watcher.start()
    try:
        status = solver.solve(model, callback)
    finally:
        finished.set()
        watcher.join()
    if cancel.is_set():
        raise SolveCancelledError("the solve was cancelled")
    return map_status(status)


def level_weight(index: int) -> int:
    """The first level's time counts twice that of each later one.

    Each level gets ``remaining × weight / (sum of the weights of the levels left)``; what a
    level proven early leaves over goes to the next. The first level decides the most (the
    later ones only choose among its optima, from its schedule, with its value held): on
    the province-scale benchmark the ``value`` level of each city is what its time is short
    for, and ``delay`` starts from value's schedule.
    """
    return 2 if index == 0 else 1


def two_workers(objective: Objective | None, *, flexible: bool) -> tuple[str, ...]:
    """The two full searches of a level solved with two workers (the default pair is the
    plain LP search and LNS), measured on 2 cores:

    - ``value``: the full LP with cuts beside the default LP search. On the province-scale
      benchmark's cities (no scheduling view under value) the bounds close 0.3% (14,584
      against 14,631 for the nine at 3.3 s each) and the schedules are as good (14,412
      against 14,392).
    - ``delay`` and ``level``: the full LP beside an objective lower-bound search. On the
      bundled capital-budgeting scenario the default pair left the level's bound 2% low for
      8 s and took 1-4 s for the delay level; with this pair and the symmetry breaking the
      three levels take 2.1-3.1 s against 3.2-6.9 s.
    - ``level`` with flexible spend: the LP bound is exact at once (the amounts even out);
      the work is a schedule that reaches it, which a second LP-guided search finds sooner
      (bundled 2023 cut, 5%-60% shares: 0.2-0.7 s on average against 0.8-1.1 s, the slowest
      of six 1.4 s against 4.3 s).
    - ``completion``: the default LP search beside quick restarts. On the four hardest PSPLIB
      j30 instances (j3013_2, _5, _6, j3029_8; three seeds each) the known optimum was
      reached in 2.6 s on average, every time within 6.7 s; with the default pair 5.7 s
      on average, twice not within 10 s.

    Not on large models (see ``LARGE_MODEL_OPTIONS``): on 5,000 projects under total caps the
    delay level with the full LP ended at 14 instead of a proven 0 in 20 s.
    """
    if objective is Objective.VALUE:
        return ("max_lp", "default_lp")
    if objective is Objective.LEVEL and flexible:
        return ("max_lp", "default_lp")
    if objective in (Objective.DELAY, Objective.LEVEL):
        return ("max_lp", "objective_lb_search")
    if objective is Objective.COMPLETION:
        return ("default_lp", "quick_restart")
    return ()


class _FirstSolution(cp_model.CpSolverSolutionCallback):
    """Notes when the solver reports its first solution (seconds after ``began``)."""

    def __init__(self, began: float) -> None:
        super().__init__()
        self.began = began
        self.seconds: float | None = None

    def on_solution_callback(self) -> None:
        """Called by the solver on each improving solution; only the first one counts."""
        if self.seconds is None:
            self.seconds = time.perf_counter() - self.began


class CpSatModel:
    """A scenario as a CP-SAT model: option Booleans, the constraint families, objectives.

    With ``explain=True`` fixed projects get all their options back and every droppable
    constraint is guarded by a literal in ``switches`` (for infeasibility explanations).
    """

    def __init__(
        self, data: ProblemData, objectives: Sequence[Objective], *, explain: bool = False
    ) -> None:
        self.data = data
        self.objectives = tuple(objectives)
        self.model = cp_model.CpModel()
        self.options = all_options(data, free_fixed=explain)
        # The scheduling view restates caps; explanations switch caps off one by one, so it
        # stays out of their models. It comes before the other constraints: it gives projects
        # start variables that links and objectives then use.
        self.plan: SchedulingPlan | None = (
            None if explain else plan_scheduling_view(data, self.options, self.objectives)
        )
        start_only = self.plan.start_only if self.plan is not None else frozenset()
        self.variables: Variables = add_variables(self.model, data, self.options, start_only)
        self.switches = Switches(self.model, active=explain)
        self.intervals: dict[str, Any] = (
            {}
            if self.plan is None
            else add_scheduling_view(self.model, self.variables, self.options, self.plan)
        )
        add_funding(self.model, data, self.variables, self.objectives, self.switches)
        add_flexible_spend(self.model, data, self.variables, self.switches)
        covered = self.plan.covered if self.plan is not None else frozenset()
        add_caps(self.model, data, self.variables, self.switches, skip=covered)
        add_concurrency(self.model, data, self.variables, self.switches)
        add_links(self.model, data, self.variables, self.switches)
        # Explanations drop constraints one by one; symmetry breaking would only muddle them.
        self.identical = [] if explain else identical_groups(data, self.variables, self.options)
        add_symmetry_breaking(self.model, data, self.variables, self.identical)
        self.expressions: dict[Objective, Any] = {}
        self.excesses: list[Any] = []
        # Explanations only ask whether constraints can hold: objectives would only slow them.
        for objective in () if explain else self.objectives:
            if objective is Objective.LEVEL:
                self.excesses = level_excesses(data, self.variables)
            expression = objective_expression(
                self.model, data, self.variables, objective, self.excesses
            )
            if isinstance(expression, int):
                expression = self.model.new_constant(expression)
            self.expressions[objective] = expression

    def hint(self, chosen: Mapping[str, ScheduleOption | None]) -> None:
        """Suggest a complete solution (for example the greedy one) to the solver."""
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        chosen = sorted_hint(chosen, self.identical, self.options)
        for project_id, choices in self.variables.choices.items():
            picked = chosen.get(project_id)
            self.model.add_hint(self.variables.funded[project_id], picked is not None)
            for option, var in choices:
                self.model.add_hint(var, option == picked)
            start = self.variables.starts.get(project_id)
            if start is not None:
                self.model.add_hint(start, 0 if picked is None else picked.start)
        hint_flexible(self.model, self.data, self.variables, chosen)

    def chosen(self, solver: cp_model.CpSolver) -> dict[str, ScheduleOption | None]:
        """The option each project takes in the solver's solution (``None``: unfunded)."""
        chosen: dict[str, ScheduleOption | None] = {p.id: None for p in self.data.projects}
        for project_id, choices in self.variables.choices.items():
            for option, var in choices:
                if solver.boolean_value(var):
                    chosen[project_id] = option
        for project_id, by_start in self.variables.by_start.items():
            if solver.boolean_value(self.variables.funded[project_id]):
                chosen[project_id] = by_start[solver.value(self.variables.starts[project_id])]
        chosen_amounts(solver, self.data, self.variables, chosen)
        return chosen

    def solver(
        self,
        time_limit: float,
        workers: int,
        seed: int,
        log: Callable[[str], None] | None = None,
        objective: Objective | None = None,
    ) -> cp_model.CpSolver:
        """A CP-SAT solver with our parameters (some depend on the level's ``objective``)."""
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(time_limit, 0.01)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        large = self.option_count() > LARGE_MODEL_OPTIONS
        if objective is Objective.VALUE:
            # Presolve's dual reductions (dominance between a project's options, the funded
            # literal dropped as a singleton) rewrite Σ priority × funded over option Booleans
            # whose at-most-one is gone, so the LP may count two options of one project: on
            # the bundled portfolio at 70% the bound stayed at 174 for 151 projects. Keeping
            # all feasible solutions turns those reductions off; the bound then closes.
            solver.parameters.keep_all_feasible_solutions_in_presolve = True
        if objective in (Objective.LEVEL, Objective.VALUE):
            # Presolve factors sums shared by several linear constraints into new variables;
            # the level's per-period excesses share most of their terms with the next
            # period's, a county's caps of one year with the next year's, and the factored
            # model searched slower. Without it (dumped level models, 3-6 seeds each):
            # bundled capital budgeting 0.86-1.04 s against 1.09-1.71 s on average, the
            # flexible 2023 cut 0.11-0.56 s against 0.34-0.86 s, the 2023 cut in months 1.1 s
            # against 3.0 s; the nine cities' value levels of the province-scale benchmark
            # (4.4 s each) 14,452 against 14,424, bounds 14,590 against 14,580.
            solver.parameters.find_big_linear_overlap = False
        if workers <= 2 and not large:
            solver.parameters.subsolvers.extend(
                two_workers(objective, flexible=bool(self.variables.amounts))
            )
        if large:
            solver.parameters.cp_model_probing_level = 0
        if log is not None:
            solver.parameters.log_search_progress = True
            solver.parameters.log_to_stdout = False
            solver.log_callback = log
        return solver

    def option_count(self) -> int:
        """How many option Booleans the model has."""
        return sum(len(choices) for choices in self.variables.choices.values())

    def core_start(
        self, time_limit: float, params: SolveParams, first: _FirstSolution
    ) -> dict[str, ScheduleOption | None] | None:
        """The best schedule of the ``value`` level's core (``core.py``) found within
        ``time_limit``, or ``None`` (the LP has no optimum, or the core no schedule in time).
        The model must have the ``value`` objective set."""
        say = params.log or (lambda _message: None)
        values = relax(self.model)
        if values is None:
            return None
        fixings = core_fixings(self.data, self.variables, values)
        core = self.model.clone()
        for literal, value in fixings:
            core.add(core.get_bool_var_from_proto_index(literal.index) == value)
        solver = self.solver(
            time_limit, params.num_workers, params.random_seed, params.log, Objective.VALUE
        )
        status = run_solver(solver, core, first, params.cancel)
        if not status.has_solution:
            say(f"core: no schedule in {time_limit:.1f} s; searching the whole")
            return None
        fixed = sum(1 for _literal, value in fixings if value == 1)
        say(
            f"core: {fixed} projects kept funded, {len(fixings) - fixed} left out by the LP; "
            f"value {round(solver.objective_value)} ({status.value})"
        )
        return self.chosen(solver)

    def _value(self, solver: cp_model.CpSolver, objective: Objective) -> int:
        return evaluate(solver, objective, self.expressions[objective], self.excesses)

    def solve(self, params: SolveParams) -> Outcome:
        """Optimise the objectives in order, holding each level's value while solving the next.

        A level that runs out of time keeps its best value as a bound on later levels; if a
        level finds nothing at all, the previous level's solution stands and the remaining
        levels are reported as timed out.
        """
        began = time.perf_counter()
        say = params.log or (lambda _message: None)
        solved: list[tuple[Objective, SolveStatus, int, float, float | None]] = []
        solution: dict[str, ScheduleOption | None] | None = None
        last_solver: cp_model.CpSolver | None = None
        for index, objective in enumerate(self.objectives):
            remaining = params.time_limit - (time.perf_counter() - began)
            share = (
                remaining
                * level_weight(index)
                / sum(level_weight(later) for later in range(index, len(self.objectives)))
            )
            expression = self.expressions[objective]
            if objective.maximize:
                self.model.maximize(expression)
            else:
                self.model.minimize(expression)
            say(f"level {index + 1}/{len(self.objectives)}: {objective.value}, {share:.1f} s")
            level_began = time.perf_counter()
            first = _FirstSolution(level_began)
            if objective is Objective.VALUE and self.option_count() >= CORE_MIN_OPTIONS:
                start = self.core_start(float(share * CORE_SHARE), params, first)
                if start is not None:
                    self.hint(start)
                share -= time.perf_counter() - level_began
            solver = self.solver(
                share, params.num_workers, params.random_seed, params.log, objective
            )
            status = run_solver(solver, self.model, first, params.cancel)
            seconds = time.perf_counter() - level_began
            if not status.has_solution:
                if solution is None or status is SolveStatus.INVALID:
                    return Outcome(status, (), {}, time.perf_counter() - began)
                say(f"level {objective.value}: no solution in time, keeping the previous one")
                break
            value = evaluate(solver, objective, expression, self.excesses)
            bound = clamp_bound(
                self.data, objective, round(solver.best_objective_bound), value, self.objectives
            )
            say(f"level {objective.value}: {value} ({status.value}, bound {bound})")
            solved.append((objective, status, bound, seconds, first.seconds))
            solution = self.chosen(solver)
            last_solver = solver
            # Hold this level: later levels may not make it worse.
            if objective.maximize:
                self.model.add(expression >= value)
            else:
                self.model.add(expression <= value)
            self.hint(solution)
        assert solution is not None and last_solver is not None
        levels = [
            LevelResult(
                objective,
                status,
                self._value(last_solver, objective),
                bound,
                seconds,
                first_seconds,
            )
            for objective, status, bound, seconds, first_seconds in solved
        ]
        for objective in self.objectives[len(solved) :]:
            value = self._value(last_solver, objective)
            levels.append(LevelResult(objective, SolveStatus.TIMED_OUT, value, None, 0.0))
        overall = (
            SolveStatus.OPTIMAL
            if all(level.status is SolveStatus.OPTIMAL for level in levels)
            else SolveStatus.FEASIBLE
        )
        return Outcome(overall, tuple(levels), solution, time.perf_counter() - began)
