"""The CP-SAT model of a scenario and its lexicographic solve."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from functools import cached_property
from typing import Any

from ortools.sat.python import cp_model

from optimizer.bounds import clamp_bound, trivial_bound
from optimizer.options import ScheduleOption, all_options
from optimizer.params import CancelToken, Objective, SolveCancelledError, SolveParams
from optimizer.problem import ProblemData
from optimizer.result import LevelResult, SolveStatus
from optimizer.solvers.ortools.constraints import add_caps, add_concurrency, add_funding, add_links
from optimizer.solvers.ortools.constraints.cumulative import (
    SchedulingPlan,
    add_resources,
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
from optimizer.solvers.ortools.core import CORE_SHARE, core_fixings
from optimizer.solvers.ortools.objectives import evaluate, level_excesses, objective_expression
from optimizer.solvers.ortools.relaxation import lp_target, objective_terms, relax
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
# (5,000 projects, 20,000 options) each probing pass took seconds for a few fixed literals
# and delayed the first schedule far past the others; smaller models keep the default.
# Large models also keep the default two workers on delay and level (see ``solver``).
LARGE_MODEL_OPTIONS = 10_000

PROBE_SHARE = Fraction(1, 4)
"""Share of a level's time its probe at the LP bound may take (see ``probe_start``)."""

SEARCH_MODEL_OPTIONS = 1_000
"""From this many option Booleans on, finding schedules is most of a minimised level's work:
``delay`` keeps LNS beside the full LP search and ``level`` runs a second LP search without
cuts (``full_searches``); below it, proving the optimum is. (The ``value`` level starts from
its core, ``core.py``, at every size: a core search that is proven optimal at once costs
next to nothing.) The province-scale benchmark's cities lie above it."""

COMPLETION_PHASES: tuple[tuple[bool, Fraction], ...] = (
    (False, Fraction(1, 4)),
    (True, Fraction(1, 2)),
    (False, Fraction(1, 4)),
)
"""The phases of a ``completion`` level over a scheduling view (``CpSatModel._search_level``):
whether LNS alone searches, and the share of the level's time (the last takes what is left)."""

LNS_PHASE = True
"""Whether a ``completion`` level over a scheduling view is searched in phases."""

MIN_PHASE_SECONDS = 1.0
"""A level with less time than this per phase is searched in one."""

LP_WITHOUT_CUTS = "max_lp_without_cuts"
"""A full LP search without cuts, named so that it can run beside the full LP with them."""


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


def full_searches(objective: Objective | None, *, flexible: bool, small: bool) -> tuple[str, ...]:
    """The full searches (CP-SAT subsolvers given a thread each) of a level solved with two
    workers; with one full search the other thread runs CP-SAT's large-neighbourhood searches
    (LNS), interleaved. Each choice was measured on 2 cores against the alternatives named
    (the figures are in the history of BENCHMARKS.md):

    - ``value``: the full LP with cuts, beside LNS. On the province-scale benchmark's cities
      (no scheduling view under value) its bounds are tighter than the default LP search's
      and the schedules, which LNS finds, are as good.
    - ``level`` with flexible spend: the full LP, beside LNS: the LP bound is exact at once
      (the amounts even out); the work is a schedule that reaches it, which this pair finds
      sooner than the default LP search does.
    - ``delay`` and ``level`` on small models (``small``: fewer than ``SEARCH_MODEL_OPTIONS``
      option Booleans): two full LP searches (different seeds), no LNS: the work is the
      proof, which they reach sooner than one full LP search beside LNS (bundled capital
      budgeting); the objective lower-bound search, probing, reduced costs and objective
      shaving beside the full LP were slower. On larger models the full LP beside LNS,
      which finds the schedules: two full LP searches left the province-scale benchmark's
      delay far higher.
    - ``level`` on larger models without flexible spend: the full LP with cuts beside one
      without (``LP_WITHOUT_CUTS``), no LNS: bundled capital budgeting in months and
      quarters is proven where the pair with LNS stayed on the delay level's schedule; the
      monthly 2023 cut's level is unchanged. The delay level of those models keeps LNS
      beside the full LP (two LP searches gained nothing there).
    - ``completion``: CP-SAT's default (the default LP search beside LNS; over a scheduling
      view, LNS alone goes on when it has not proven the level: ``_search_level``): on the
      hardest PSPLIB j30 instances it reached the known optimum more often than quick
      restarts or the full LP as a second full search, or quick restarts alone beside LNS.

    Before these were measured, a second name was listed for every objective ("default LP
    beside the full LP" and the like); with two workers CP-SAT runs only the first listed in
    full unless told how many, so the second never ran.

    Not on large models (see ``LARGE_MODEL_OPTIONS``): on 5,000 projects under total caps the
    delay level with the full LP did not reach the optimum that the default proves.
    """
    if objective is Objective.VALUE:
        return ("max_lp",)
    if objective in (Objective.DELAY, Objective.LEVEL) and small and not flexible:
        return ("max_lp", "max_lp")
    if objective is Objective.LEVEL and not flexible:
        return ("max_lp", LP_WITHOUT_CUTS)
    if objective in (Objective.DELAY, Objective.LEVEL):
        return ("max_lp",)
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
        if self.plan is not None:
            # After the objectives: the cumulatives hold the completion's tail (see there).
            add_resources(
                self.model,
                self.plan,
                self.intervals,
                self.expressions.get(Objective.COMPLETION),
                data.horizon[1],
            )

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

    def hint_solution(self, solver: cp_model.CpSolver) -> None:
        """Suggest the solution ``solver`` holds, every variable of it (auxiliary ones too,
        so that the search takes it whole), to the next search. ``solver`` has solved this
        model or a restricted copy of it (same variables)."""
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        for index in range(len(self.model.proto.variables)):
            var = self.model.get_int_var_from_proto_index(index)
            self.model.add_hint(var, solver.value(var))

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
        large = self.option_count > LARGE_MODEL_OPTIONS
        if objective is Objective.VALUE:
            # Presolve's dual reductions (dominance between a project's options, the funded
            # literal dropped as a singleton) rewrite Σ priority × funded over option Booleans
            # whose at-most-one is gone, so the LP may count two options of one project: on
            # the bundled portfolio at 70% the bound stayed at 174 for 151 projects. Keeping
            # all feasible solutions turns those reductions off; the bound then closes.
            solver.parameters.keep_all_feasible_solutions_in_presolve = True
        if objective in (Objective.LEVEL, Objective.VALUE, Objective.DELAY):
            # Presolve factors sums shared by several linear constraints into new variables;
            # the level's per-period excesses share most of their terms with the next
            # period's, a county's caps of one year with the next year's, and the factored
            # model searched slower: without it the bundled scenarios' levels (capital
            # budgeting, the flexible 2023 cut, the 2023 cut in months) are proven sooner
            # and the province-scale benchmark's value levels reach better schedules.
            solver.parameters.find_big_linear_overlap = False
        small = self.option_count < SEARCH_MODEL_OPTIONS
        full = full_searches(objective, flexible=bool(self.variables.amounts), small=small)
        if full == ("max_lp", "max_lp"):
            # The two full LP searches that prove a small model's delay and level do without
            # cuts: the LP with cuts was slower to re-solve than the branching it saves
            # (bundled capital budgeting's levels). The flexible level, searched beside LNS,
            # was slower without cuts, so it keeps them.
            solver.parameters.cut_level = 0
        if objective in (Objective.DELAY, Objective.LEVEL) and not small:
            # Presolve's probing and its search for constraints included in others took most
            # of these levels' time on models of thousands of options (the 2023 cut in
            # months); on small models both pay (bundled capital budgeting's level).
            solver.parameters.presolve_inclusion_work_limit = 0
            solver.parameters.cp_model_probing_level = 0
        if workers == 2 and not large and full:
            if LP_WITHOUT_CUTS in full:
                # (OR-Tools' Python parameters object fills nested messages only from text.)
                solver.parameters.merge_text_format(
                    f'subsolver_params {{ name: "{LP_WITHOUT_CUTS}" linearization_level: 2 '
                    "cut_level: 0 }"
                )
            solver.parameters.subsolvers.extend(list(dict.fromkeys(full)))
            solver.parameters.num_full_subsolvers = len(full)
        if large:
            solver.parameters.cp_model_probing_level = 0
        if log is not None:
            solver.parameters.log_search_progress = True
            solver.parameters.log_to_stdout = False
            solver.log_callback = log
        return solver

    @cached_property
    def option_count(self) -> int:
        """How many option Booleans the model has (fixed once it is built)."""
        return sum(len(choices) for choices in self.variables.choices.values())

    def _search_restricted(
        self,
        objective: Objective,
        restrict: Callable[[cp_model.CpModel], None],
        time_limit: float,
        params: SolveParams,
        first: _FirstSolution,
    ) -> tuple[SolveStatus, cp_model.CpSolver]:
        """Search a copy of the model, restricted by ``restrict``, with the level's settings;
        a schedule it finds is one of the whole."""
        restricted = self.model.clone()
        restrict(restricted)
        solver = self.solver(
            time_limit, params.num_workers, params.random_seed, params.log, objective
        )
        return run_solver(solver, restricted, first, params.cancel), solver

    def core_start(
        self, time_limit: float, params: SolveParams, first: _FirstSolution
    ) -> cp_model.CpSolver | None:
        """The solver holding the best schedule of the ``value`` level's core (``core.py``)
        found within ``time_limit``, or ``None`` (the LP has no optimum, or the core no
        schedule in time). The model must have the ``value`` objective set."""
        say = params.log or (lambda _message: None)
        relaxation = relax(self.model)
        if relaxation is None:
            return None
        fixings = core_fixings(self.variables, relaxation)

        def fix(core: cp_model.CpModel) -> None:
            for literal, value in fixings:
                core.add(core.get_bool_var_from_proto_index(literal.index) == value)

        status, solver = self._search_restricted(Objective.VALUE, fix, time_limit, params, first)
        if not status.has_solution:
            say(f"core: no schedule in {time_limit:.1f} s; searching the whole")
            return None
        fixed = sum(1 for _literal, value in fixings if value == 1)
        free = len(self.variables.funded) - len(fixings)
        say(
            f"core: {fixed} projects kept funded, {len(fixings) - fixed} left out by the LP, "
            f"{free} free; value {round(solver.objective_value)} ({status.value})"
        )
        return solver

    def probe_start(
        self, objective: Objective, time_limit: float, params: SolveParams, first: _FirstSolution
    ) -> cp_model.CpSolver | None:
        """The solver holding a schedule at the LP relaxation's optimum of a minimised level,
        rounded up, if one is found within ``time_limit`` (the model must have the level's
        objective set).

        With flexible spend the relaxation's optimum is mostly attained (the amounts even
        out), and a search told to reach it finds such a schedule far sooner than one that
        must also improve on its way down (the bundled 2023 cut with flexible spend, both
        levels). The level's own search then starts from it and proves it. Where the
        relaxation is far from attained (bundled capital budgeting without flexible spend)
        the probe is soon proven infeasible, and levels without flexible spend do not probe.
        """
        say = params.log or (lambda _message: None)
        relaxation = relax(self.model)
        if relaxation is None:
            return None
        target = lp_target(self.model, relaxation.values)

        def cap(probe: cp_model.CpModel) -> None:
            probe.add(objective_terms(probe) <= target)

        status, solver = self._search_restricted(objective, cap, time_limit, params, first)
        if not status.has_solution:
            say(f"probe: {objective.value} not at its LP bound ({status.value})")
            return None
        say(f"probe: {objective.value} at its LP bound")
        return solver

    def head_start(
        self, objective: Objective, share: float, params: SolveParams, first: _FirstSolution
    ) -> cp_model.CpSolver | None:
        """A first schedule for the level (its objective set), searched for within part of
        its ``share`` of time: the core of a ``value`` level, the LP bound of a flexible
        ``delay`` or ``level``, the trivial bound of a ``delay`` after another level; ``None``
        when none applies or nothing was found. A schedule at the trivial bound needs no
        search."""
        if objective is Objective.VALUE:
            return self.core_start(share * float(CORE_SHARE), params, first)
        if objective in (Objective.DELAY, Objective.LEVEL) and self.variables.amounts:
            return self.probe_start(objective, share * float(PROBE_SHARE), params, first)
        if objective is Objective.DELAY and self.objectives.index(objective) > 0:
            return self.probe_trivial(objective, share * float(PROBE_SHARE), params, first)
        return None

    def _search_level(
        self, objective: Objective, share: float, params: SolveParams, first: _FirstSolution
    ) -> tuple[SolveStatus, cp_model.CpSolver, float]:
        """Search the level (its objective set) within ``share`` seconds: its status, the
        solver holding its best schedule, and the best bound found.

        A ``completion`` level over a scheduling view is searched in the phases of
        ``COMPLETION_PHASES`` until one proves it: CP-SAT's default search (it proves small
        instances, and its cumulatives with the completion's tail give the bound), then
        large-neighbourhood search alone from the best schedule, then the default search
        again from there (a proof needs the full search). Each phase starts from the best
        schedule so far and knows the best bound (a cut, valid from then on)."""
        phased = (
            LNS_PHASE
            and objective is Objective.COMPLETION
            and self.plan is not None
            and share > len(COMPLETION_PHASES) * MIN_PHASE_SECONDS
        )
        if not phased:
            solver = self.solver(
                share, params.num_workers, params.random_seed, params.log, objective
            )
            status = run_solver(solver, self.model, first, params.cancel)
            return status, solver, solver.best_objective_bound if status.has_solution else 0.0
        began = time.perf_counter()
        expression = self.expressions[objective]
        best: cp_model.CpSolver | None = None
        best_value = 0
        bound = -math.inf
        for index, (lns_only, portion) in enumerate(COMPLETION_PHASES):
            left = share - (time.perf_counter() - began)
            last = index == len(COMPLETION_PHASES) - 1
            limit = left if last else min(left, share * float(portion))
            solver = self.solver(
                limit, params.num_workers, params.random_seed, params.log, objective
            )
            solver.parameters.use_lns_only = lns_only
            status = run_solver(solver, self.model, first, params.cancel)
            if status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE, SolveStatus.INVALID):
                return status, solver, solver.best_objective_bound
            if not status.has_solution:
                continue
            if not lns_only:  # LNS alone proves nothing: its bound is the cut's at best
                bound = max(bound, solver.best_objective_bound)
            if best is None or round(solver.objective_value) < best_value:
                best, best_value = solver, round(solver.objective_value)
            if math.isfinite(bound):
                proven = math.ceil(bound - 1e-6)
                if best_value <= proven:
                    return SolveStatus.OPTIMAL, best, float(proven)
                self.model.add(expression >= proven)
            if not last:
                self.hint_solution(best)
        if best is None:
            return SolveStatus.TIMED_OUT, solver, 0.0
        return SolveStatus.FEASIBLE, best, bound if math.isfinite(bound) else 0.0

    def probe_trivial(
        self, objective: Objective, time_limit: float, params: SolveParams, first: _FirstSolution
    ) -> cp_model.CpSolver | None:
        """The solver holding a schedule at the level's trivial bound (``bounds.py``: no
        delay at all) if one is found within ``time_limit``. After ``value`` the schedule
        that funds the most often need not move at all, but the level's own search wandered
        down to it from value's delayed schedule; told to reach the bound, a search finds
        it (or that there is none) at once, and the level's search proves it."""
        say = params.log or (lambda _message: None)
        bound = trivial_bound(self.data, objective, self.objectives)
        expression = self.expressions[objective]

        def cap(probe: cp_model.CpModel) -> None:
            probe.add(expression <= bound)

        status, solver = self._search_restricted(objective, cap, time_limit, params, first)
        if not status.has_solution:
            say(f"probe: {objective.value} not at its trivial bound ({status.value})")
            return None
        say(f"probe: {objective.value} at its trivial bound")
        return solver

    def _at_trivial_bound(self, solver: cp_model.CpSolver, objective: Objective) -> bool:
        """Whether the schedule ``solver`` holds reaches the trivial bound of a minimised
        ``objective`` (``bounds.py``), which no schedule can beat."""
        if objective.maximize:
            return False
        return self._value(solver, objective) == trivial_bound(
            self.data, objective, self.objectives
        )

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
            start = self.head_start(objective, share, params, first)
            if start is not None:
                self.hint_solution(start)
            share -= time.perf_counter() - level_began
            if start is not None and self._at_trivial_bound(start, objective):
                # Nothing beats the head start's schedule: the level needs no search.
                solver, status = start, SolveStatus.OPTIMAL
                found_bound = float(trivial_bound(self.data, objective, self.objectives))
            else:
                status, solver, found_bound = self._search_level(objective, share, params, first)
            seconds = time.perf_counter() - level_began
            if not status.has_solution:
                if solution is None or status is SolveStatus.INVALID:
                    return Outcome(status, (), {}, time.perf_counter() - began)
                say(f"level {objective.value}: no solution in time, keeping the previous one")
                break
            value = evaluate(solver, objective, expression, self.excesses)
            bound = clamp_bound(self.data, objective, round(found_bound), value, self.objectives)
            say(f"level {objective.value}: {value} ({status.value}, bound {bound})")
            solved.append((objective, status, bound, seconds, first.seconds))
            solution = self.chosen(solver)
            last_solver = solver
            # Hold this level: later levels may not make it worse.
            if objective.maximize:
                self.model.add(expression >= value)
            else:
                self.model.add(expression <= value)
            self.hint_solution(solver)
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
