"""CP-SAT searches behind ``optimizer.relax``: how far one cap must rise, which must-funds,
required projects, locks and links to let go, and plain feasibility checks.

The first two build the explanation model (``CpSatModel(..., explain=True)``), in which every
droppable constraint has its own literal, and fix each literal on or off: fixed literals let
presolve simplify the model as it does the scenario's own (see ``conflict.py``). The
feasibility check builds the model ``solve`` uses, so that a verdict it gives is the one
``solve`` would reach.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from math import ceil
from typing import Any

from ortools.sat.python import cp_model

from optimizer.options import ScheduleOption
from optimizer.params import Objective, SolveParams
from optimizer.problem import Cap, ProblemData
from optimizer.result import ConstraintFamily, ConstraintRef, SolveStatus
from optimizer.solvers.ortools.model import CpSatModel, run_solver
from optimizer.solvers.ortools.variables import Variables

RELEASABLE = frozenset(
    {
        ConstraintFamily.MUST_FUND,
        ConstraintFamily.REQUIRED,
        ConstraintFamily.LOCK,
        ConstraintFamily.LINK,
    }
)
"""The families ``smallest_release`` may let go; caps, limits and history always hold."""

GIVE_UP = frozenset({ConstraintFamily.MUST_FUND, ConstraintFamily.REQUIRED})
"""Releasing one of these gives the project up: it is then not funded."""


@dataclass(frozen=True)
class Search:
    """What a CP-SAT search gave.

    ``status``: ``OPTIMAL`` (proven; for a check without objective: a schedule was found),
    ``FEASIBLE`` (a schedule, its objective not proven best), ``INFEASIBLE`` (proven),
    ``TIMED_OUT`` or ``INVALID``. ``value`` is the objective of the schedule found, ``bound``
    the proven lower bound of a minimisation (``None`` without an answer), ``chosen`` the
    option each project takes (``None``: unfunded; empty without a schedule), ``released``
    the constraints a release search switched off.
    """

    status: SolveStatus
    value: int | None = None
    bound: int | None = None
    chosen: Mapping[str, ScheduleOption | None] = field(default_factory=dict)
    released: tuple[ConstraintRef, ...] = ()


def scope_spend_terms(variables: Variables, cap: Cap) -> list[Any]:
    """The terms of the spend in the cap's scope over its periods, history included (as
    ``constraints/caps.py`` adds them up): fixed amounts of the options, chosen amounts of
    flexible projects. The model must have option Booleans for every project (an
    explanation model has)."""
    scope = (cap.kind, cap.key)
    periods = set(cap.periods)
    terms: list[Any] = []
    for choices in variables.choices.values():
        for option, var in choices:
            if option.flexible:
                continue
            amounts = option.scopes.get(scope, {})
            terms += [amount * var for p, amount in amounts.items() if p in periods and amount]
    for scopes in variables.flexible_scopes.values():
        amounts = scopes.get(scope, {})
        terms += [expression for p, expression in amounts.items() if p in periods]
    return terms


def _fix(model: CpSatModel, off: Collection[ConstraintRef]) -> None:
    """Fix every switch: those in ``off`` to false, the others to true."""
    for ref, literal in model.switches.literals.items():
        model.model.add_bool_and([literal.Not() if ref in off else literal])


def _search(
    model: CpSatModel, params: SolveParams, time_limit: float, objective: Any = None
) -> tuple[Search, cp_model.CpSolver]:
    """Solve ``model`` (minimising ``objective`` when given) and read back the schedule."""
    solver = model.solver(time_limit, params.num_workers, params.random_seed)
    if objective is not None:
        model.model.minimize(objective)
        # The full LP proves these minima at once: on the bundled capital-budgeting scenario
        # with every project required, the release's bound stayed far off in 30 s with the
        # default searches on two workers and closed at once with it (as with eight).
        if params.num_workers == 1:
            solver.parameters.linearization_level = 2
        else:
            solver.parameters.subsolvers.extend(["max_lp"])
            solver.parameters.num_full_subsolvers = 1
    status = run_solver(solver, model.model, cancel=params.cancel)
    if not status.has_solution:
        bound = None
        if objective is not None and status is SolveStatus.TIMED_OUT:
            bound = ceil(solver.best_objective_bound - 1e-6)
        return Search(status, bound=bound), solver
    value = round(solver.objective_value) if objective is not None else None
    bound = ceil(solver.best_objective_bound - 1e-6) if objective is not None else None
    if status is SolveStatus.OPTIMAL:
        bound = value
    return Search(status, value, bound, model.chosen(solver)), solver


def min_cap_spend(
    data: ProblemData,
    cap: Cap,
    objectives: Sequence[Objective],
    params: SolveParams,
    time_limit: float,
) -> Search:
    """The least spend in ``cap``'s scope over its periods among the schedules that meet
    every constraint of ``data`` but this cap (``value`` of the result).

    That minimum is exactly the lowest amount of the cap at which the scenario can be met.
    """
    model = CpSatModel(data, objectives, explain=True)
    _fix(model, {ConstraintRef.of_cap(cap)})
    terms = scope_spend_terms(model.variables, cap)
    # No term: nothing can ever spend there; a constant objective keeps the search uniform.
    spend = sum(terms) if terms else model.model.new_constant(0)
    return _search(model, params, time_limit, spend)[0]


def min_release(
    data: ProblemData, objectives: Sequence[Objective], params: SolveParams, time_limit: float
) -> Search:
    """The fewest must-funds, required projects, locks and links to switch off so that the
    rest of ``data`` can hold (``released``); ties go to the least total priority of the
    projects given up, then to the fewest locks and links.

    A given-up project is not funded (its literal off forces ``funded`` to 0), as in the
    scenario that ``optimizer.relax.released`` builds, where it is excluded.
    """
    model = CpSatModel(data, objectives, explain=True)
    literals = model.switches.literals
    held = [ref for ref in literals if ref.family not in RELEASABLE]
    for ref in held:
        model.model.add_bool_and([literals[ref]])
    releasable = sorted(ref for ref in literals if ref.family in RELEASABLE)
    give_up = [ref for ref in releasable if ref.family in GIVE_UP]
    for ref in give_up:
        funded = model.variables.funded[ref.key]
        model.model.add(funded == 0).only_enforce_if(literals[ref].Not())
    priorities = {ref: data.project(ref.key).priority for ref in give_up}
    others = len(releasable) - len(give_up)
    # One objective, three levels: each unit of a level outweighs all of the levels below.
    minor = others + 1
    major = (sum(priorities.values()) + 1) * minor
    off = {ref: 1 - literals[ref] for ref in releasable}
    objective = (
        major * sum(off.values())
        + minor * sum(priority * off[ref] for ref, priority in priorities.items())
        + sum(off[ref] for ref in releasable if ref.family not in GIVE_UP)
    )
    if not releasable:
        objective = model.model.new_constant(0)
    search, solver = _search(model, params, time_limit, objective)
    if not search.status.has_solution:
        return search
    released = tuple(ref for ref in releasable if not solver.boolean_value(literals[ref]))
    return Search(search.status, search.value, search.bound, search.chosen, released)


def feasible_schedule(
    data: ProblemData,
    objectives: Sequence[Objective],
    params: SolveParams,
    time_limit: float,
    hint: Mapping[str, ScheduleOption | None] | None = None,
) -> Search:
    """Whether ``data`` can be met under ``objectives``' rules, by the model ``solve``
    builds (no objective: the first schedule found ends the search). ``hint`` may suggest
    a schedule (one from another model of the same projects)."""
    model = CpSatModel(data, objectives)
    if hint is not None:
        model.hint(hint)
    return _search(model, params, time_limit)[0]
