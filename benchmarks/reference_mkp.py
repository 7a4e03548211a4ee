"""Reference solvers for the multidimensional knapsack benchmark (``benchmarks.mkp``).

Each solves the OR-Library instance as a plain 0/1 model, with no portfolio around it, so
that the optimizer's figures can be read beside what the solvers give on their own:

- ``cpsat``: CP-SAT (OR-Tools, the optimizer's solver) with one Boolean per item, one linear
  constraint per dimension, the profit maximised; default parameters but the time limit,
  the number of workers and the seed;
- ``highs``: HiGHS (``highspy``, the ``bench`` extra) on the same model as a MIP, with the
  relative gap tolerance at zero (its default of 0.01% stops short of proving optima of
  these values), ``threads`` workers.

Profits are scaled to integers as the adapter scales them (``profit_scale``); each solver
returns a row like ``benchmarks.mkp.solve_instance``'s: value and bound scaled back, our
status names, wall-clock seconds. ``chosen`` (the items taken) lets tests check the
selection; the benchmark drops it from its JSON.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ortools.sat.python import cp_model

from benchmarks._highs import binary_model, outcome
from benchmarks.mkp_instances import KnapsackInstance, profit_scale
from optimizer import SolveStatus


@dataclass(frozen=True)
class IntegerKnapsack:
    """An instance with integer profits (scaled by ``scale``), ready for a solver."""

    profits: tuple[int, ...]
    weights: tuple[tuple[int, ...], ...]
    capacities: tuple[int, ...]
    scale: int

    @classmethod
    def of(cls, instance: KnapsackInstance) -> IntegerKnapsack:
        """The instance's profits multiplied by their ``profit_scale`` (exactly)."""
        scale = profit_scale(instance.profits)
        profits = tuple(int(profit * scale) for profit in instance.profits)
        return cls(profits, instance.weights, instance.capacities, scale)


def _row(
    knapsack: IntegerKnapsack,
    status: SolveStatus,
    value: int | None,
    bound: float | None,
    chosen: tuple[int, ...],
    seconds: float,
) -> dict[str, Any]:
    scaled_bound = None
    if bound is not None:
        # A bound of integer profits may be rounded down to an integer (a float from HiGHS).
        scaled_bound = Decimal(int(bound + 1e-6)) / knapsack.scale
    return {
        "status": status.value,
        "value": None if value is None else str(Decimal(value) / knapsack.scale),
        "bound": None if scaled_bound is None else str(scaled_bound),
        "seconds": round(seconds, 3),
        "chosen": list(chosen),
    }


_CPSAT_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.MODEL_INVALID: SolveStatus.INVALID,
    cp_model.UNKNOWN: SolveStatus.TIMED_OUT,
}


def solve_cpsat(
    instance: KnapsackInstance, time_limit: float, workers: int, seed: int = 0
) -> dict[str, Any]:
    """The instance as a plain CP-SAT model: a Boolean per item, a constraint per dimension."""
    knapsack = IntegerKnapsack.of(instance)
    began = time.perf_counter()
    model = cp_model.CpModel()
    take = [model.new_bool_var(f"take{j}") for j in range(len(knapsack.profits))]
    for row, capacity in zip(knapsack.weights, knapsack.capacities, strict=True):
        model.add(cp_model.LinearExpr.weighted_sum(take, list(row)) <= capacity)
    model.maximize(cp_model.LinearExpr.weighted_sum(take, list(knapsack.profits)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = _CPSAT_STATUS[solver.solve(model)]
    seconds = time.perf_counter() - began
    if not status.has_solution:
        return _row(knapsack, status, None, None, (), seconds)
    chosen = tuple(j for j, var in enumerate(take) if solver.boolean_value(var))
    value = sum(knapsack.profits[j] for j in chosen)
    return _row(knapsack, status, value, solver.best_objective_bound, chosen, seconds)


def solve_highs(instance: KnapsackInstance, time_limit: float, threads: int) -> dict[str, Any]:
    """The instance as a HiGHS MIP: binary columns, a row per dimension, profit maximised."""
    knapsack = IntegerKnapsack.of(instance)
    began = time.perf_counter()
    highspy, highs = binary_model(knapsack.profits, time_limit, threads)
    for row, capacity in zip(knapsack.weights, knapsack.capacities, strict=True):
        columns = [j for j, weight in enumerate(row) if weight != 0]
        highs.addRow(
            -highspy.kHighsInf,
            float(capacity),
            len(columns),
            columns,
            [float(row[j]) for j in columns],
        )
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    highs.run()
    seconds = time.perf_counter() - began
    status, found = outcome(highspy, highs)
    if not found:
        return _row(knapsack, status, None, None, (), seconds)
    # Columns of a MIP solution are integral within HiGHS's tolerance; round them.
    chosen = tuple(j for j, x in enumerate(highs.getSolution().col_value) if x > 0.5)
    value = sum(knapsack.profits[j] for j in chosen)
    return _row(knapsack, status, value, highs.getInfo().mip_dual_bound, chosen, seconds)


ReferenceSolver = Callable[[KnapsackInstance, float, int], dict[str, Any]]

REFERENCES: Mapping[str, ReferenceSolver] = {"cpsat": solve_cpsat, "highs": solve_highs}
"""The reference solvers by name: ``solver(instance, time_limit, workers) -> row``."""
