"""The linear relaxation of a CP-SAT model, solved by GLOP (OR-Tools' LP solver).

Used only to guide a heuristic (``core.py``): which projects the LP funds fully and which not
at all. Nothing of its floating-point answer reaches a schedule; the schedules, their sums
and the bounds reported all come from CP-SAT, in integers.

The relaxation keeps every linear constraint (also ``bool_or``, ``bool_and``, ``at_most_one``
and ``exactly_one``, which are linear over Booleans) and drops the rest (intervals,
cumulative, maxima), which only loosens it. A constraint enforced by one literal ``e`` is
relaxed the usual way, by the gap its terms' bounds leave: ``Σ a·x ≤ ub + (max − ub)(1 − e)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

_INFINITY = 2**62


def _literal(xs: Sequence[Any], ref: int) -> Any:
    """The LP expression of a CP-SAT literal (a negative reference is a negation)."""
    return xs[ref] if ref >= 0 else 1 - xs[-ref - 1]


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
    terms = zip(refs, coeffs, strict=True)
    expression = solver.Sum([coeff * _literal(xs, ref) for ref, coeff in terms])
    lower, upper = domain
    low, high = _extent(bounds, refs, coeffs)
    slack = 0 if not enforcement else 1 - _literal(xs, enforcement[0])
    if lower > -_INFINITY and lower > low:
        solver.Add(expression >= lower - (lower - low) * slack)
    if upper < _INFINITY and upper < high:
        solver.Add(expression <= upper + (high - upper) * slack)


def relax(model: cp_model.CpModel) -> list[float] | None:
    """The LP optimum's value of each variable of ``model`` (by index), ``None`` when the
    relaxation has no optimum (infeasible, or GLOP gave up)."""
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
    objective = proto.objective
    # The proto always minimises (a maximisation is stored negated).
    terms = zip(list(objective.vars), list(objective.coeffs), strict=True)
    solver.Minimize(solver.Sum([coeff * _literal(xs, ref) for ref, coeff in terms]))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return [x.solution_value() for x in xs]


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
