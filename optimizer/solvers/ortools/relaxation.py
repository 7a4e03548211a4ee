"""The linear relaxation of a CP-SAT model, solved by GLOP (OR-Tools' LP solver).

Used only to guide heuristics (``core.py``: which projects the LP funds fully, which not at
all, and what reversing each would cost it; the probe of a flexible level). Nothing of its
floating-point answer reaches a schedule; the schedules, their sums and the bounds reported
all come from CP-SAT, in integers.

The relaxation keeps every linear constraint (also ``bool_or``, ``bool_and``, ``at_most_one``
and ``exactly_one``, which are linear over Booleans) and drops the rest (intervals,
cumulative, maxima), which only loosens it. A constraint enforced by one literal ``e`` is
relaxed the usual way, by the gap its terms' bounds leave: ``Σ a·x ≤ ub + (max − ub)(1 − e)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

_INFINITY = 2**62


def _positive(refs: Sequence[int], coeffs: Sequence[int]) -> tuple[dict[int, int], int]:
    """``Σ coeff × literal`` over variables: coefficients by variable index and a constant (a
    negative reference ``r`` is the negation ``1 − x[−r − 1]``)."""
    by_var: dict[int, int] = {}
    constant = 0
    for ref, coeff in zip(refs, coeffs, strict=True):
        if ref >= 0:
            by_var[ref] = by_var.get(ref, 0) + coeff
        else:
            by_var[-ref - 1] = by_var.get(-ref - 1, 0) - coeff
            constant += coeff
    return by_var, constant


def _row(
    solver: pywraplp.Solver, xs: Sequence[Any], terms: dict[int, int], lower: float, upper: float
) -> None:
    """Add ``lower ≤ Σ terms ≤ upper`` (coefficients set one by one: GLOP's own rows, far
    quicker to build than its expression objects on models of thousands of variables)."""
    row = solver.Constraint(lower, upper)
    for index, coeff in terms.items():
        row.SetCoefficient(xs[index], float(coeff))


def _span(domain: Sequence[int]) -> tuple[int, int]:
    """The least and greatest value of a CP-SAT domain (a flat list of interval ends)."""
    return int(domain[0]), int(domain[-1])


def _extent(
    bounds: Sequence[tuple[int, int]], refs: Sequence[int], coeffs: Sequence[int]
) -> tuple[int, int]:
    """The least and greatest value of ``Σ coeff × var`` over the variables' domains."""
    low = high = 0
    for ref, coeff in zip(refs, coeffs, strict=True):
        lo, hi = bounds[ref] if ref >= 0 else (1 - bounds[-ref - 1][1], 1 - bounds[-ref - 1][0])
        low += coeff * (lo if coeff > 0 else hi)
        high += coeff * (hi if coeff > 0 else lo)
    return low, high


def _add_linear(
    solver: pywraplp.Solver,
    xs: Sequence[Any],
    bounds: Sequence[tuple[int, int]],
    refs: Sequence[int],
    coeffs: Sequence[int],
    domain: tuple[int, int],
    enforcement: Sequence[int],
) -> None:
    if len(enforcement) > 1:
        return  # dropped: a relaxation may leave constraints out
    lower, upper = domain
    low, high = _extent(bounds, refs, coeffs)
    needs_lower = lower > -_INFINITY and lower > low
    needs_upper = upper < _INFINITY and upper < high
    infinity = solver.infinity()
    if not enforcement:
        terms, constant = _positive(refs, coeffs)
        if needs_lower or needs_upper:
            _row(
                solver,
                xs,
                terms,
                lower - constant if needs_lower else -infinity,
                upper - constant if needs_upper else infinity,
            )
        return
    # Enforced by e: Σ ≥ lower − (lower − low)(1 − e), i.e. Σ − (lower − low)·e ≥ low;
    # Σ ≤ upper + (high − upper)(1 − e), i.e. Σ + (high − upper)·e ≤ high.
    for needed, weight, lo, hi in (
        (needs_lower, low - lower, low, infinity),
        (needs_upper, high - upper, -infinity, high),
    ):
        if needed:
            row_terms, row_constant = _positive([*refs, enforcement[0]], [*coeffs, weight])
            _row(solver, xs, row_terms, lo - row_constant, hi - row_constant)


@dataclass(frozen=True)
class Relaxation:
    """An optimum of the linear relaxation, by variable index: each variable's value and its
    reduced cost for the objective as the proto states it (minimised: a maximisation is
    stored negated). A reduced cost is what the objective loses, to first order, per unit a
    variable moves off the bound it sits at: at least 0 at its lower bound, at most 0 at its
    upper bound, 0 for a basic variable."""

    values: list[float]
    reduced_costs: list[float]


def relax(model: cp_model.CpModel) -> Relaxation | None:
    """An optimum of ``model``'s linear relaxation, ``None`` when it has none (infeasible, or
    GLOP gave up)."""
    proto = model.proto
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - GLOP ships with every OR-Tools wheel
        return None
    # (The proto's repeated fields are read through ``list``: they do not index from the end.)
    bounds = [_span(list(var.domain)) for var in proto.variables]
    xs = [solver.NumVar(float(lo), float(hi), "") for lo, hi in bounds]
    for constraint in proto.constraints:
        enforcement = list(constraint.enforcement_literal)
        if constraint.has_linear():
            linear = constraint.linear
            domain = _span(list(linear.domain))
            refs, coeffs = list(linear.vars), list(linear.coeffs)
        elif constraint.has_bool_or():
            refs = list(constraint.bool_or.literals)
            coeffs, domain = [1] * len(refs), (1, _INFINITY)
        elif constraint.has_at_most_one():
            refs = list(constraint.at_most_one.literals)
            coeffs, domain = [1] * len(refs), (-_INFINITY, 1)
        elif constraint.has_exactly_one():
            refs = list(constraint.exactly_one.literals)
            coeffs, domain = [1] * len(refs), (1, 1)
        elif constraint.has_bool_and():
            for ref in constraint.bool_and.literals:
                _add_linear(solver, xs, bounds, [ref], [1], (1, 1), enforcement)
            continue
        else:
            continue
        _add_linear(solver, xs, bounds, refs, coeffs, domain, enforcement)
    # The proto always minimises (a maximisation is stored negated); constants do not matter.
    terms, _constant = _positive(list(proto.objective.vars), list(proto.objective.coeffs))
    goal = solver.Objective()
    for index, coeff in terms.items():
        goal.SetCoefficient(xs[index], float(coeff))
    goal.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return Relaxation([x.solution_value() for x in xs], [x.reduced_cost() for x in xs])


def lp_target(model: cp_model.CpModel, values: Sequence[float]) -> int:
    """The least integer the objective's terms (without the offset) reach in the relaxation
    ``values``: their LP optimum rounded up, with room for GLOP's tolerances (of the order of
    1e-9 of the value: 0.005 on a level of 4.6 million 万元; an LP optimum of 4,602,556.004
    still gives 4,602,556).
    A target for a minimised level, not a bound to report: only CP-SAT's bounds are."""
    objective = model.proto.objective
    total: float = sum(
        coeff * (values[ref] if ref >= 0 else 1 - values[-ref - 1])
        for ref, coeff in zip(list(objective.vars), list(objective.coeffs), strict=True)
    )
    return math.ceil(total - max(1e-6, 2e-9 * abs(total)))


def objective_terms(model: cp_model.CpModel) -> Any:
    """The objective's terms (without the offset) as an expression over ``model``'s own
    variables (a clone's, when ``model`` is one)."""
    objective = model.proto.objective
    terms = []
    for ref, coeff in zip(list(objective.vars), list(objective.coeffs), strict=True):
        var = model.get_int_var_from_proto_index(ref if ref >= 0 else -ref - 1)
        terms.append(coeff * (var if ref >= 0 else 1 - var))
    return sum(terms)
