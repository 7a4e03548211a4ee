"""The reference beside the product on PSPLIB: a plain CP-SAT model of RCPSP.

One interval per job, a precedence per arc, one cumulative per resource, minimise the
makespan; nothing else (no hint, no redundant constraints, CP-SAT's default search). It is
the floor the product's engine, given the same instance, time and workers, has to beat.
It lives beside the benchmark, not in ``optimizer``: the product never solves RCPSP as such.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

if TYPE_CHECKING:
    from benchmarks.rcpsp import RcpspInstance

_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "invalid",
    cp_model.UNKNOWN: "timed_out",
}


def solve_reference(
    instance: RcpspInstance, time_limit: float, workers: int
) -> tuple[dict[str, Any], dict[int, int]]:
    """Solve ``instance`` with the plain model: its row (makespan, bound, status, times) and
    the start of every job (empty when nothing was found)."""
    model = cp_model.CpModel()
    horizon = sum(instance.durations.values())
    starts: dict[int, Any] = {}
    intervals: dict[int, Any] = {}
    for job, duration in instance.durations.items():
        starts[job] = model.new_int_var(0, horizon - duration, f"start[{job}]")
        intervals[job] = model.new_fixed_size_interval_var(starts[job], duration, f"job[{job}]")
    for job, successors in instance.successors.items():
        for successor in successors:
            model.add(starts[successor] >= starts[job] + instance.durations[job])
    for k, capacity in enumerate(instance.capacities):
        users = [job for job, demand in instance.demands.items() if demand[k] > 0]
        model.add_cumulative(
            [intervals[job] for job in users], [instance.demands[job][k] for job in users], capacity
        )
    makespan = model.new_int_var(0, horizon, "makespan")
    model.add_max_equality(
        makespan, [starts[job] + duration for job, duration in instance.durations.items()]
    )
    model.minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    began = time.perf_counter()
    status = solver.solve(model)
    seconds = time.perf_counter() - began
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    row = {
        "instance": instance.name,
        "status": _STATUS[status],
        "makespan": round(solver.objective_value) if found else None,
        "bound": round(solver.best_objective_bound) if found else None,
        "seconds": round(seconds, 3),
    }
    schedule: Mapping[int, int] = (
        {job: solver.value(start) for job, start in starts.items()} if found else {}
    )
    return row, dict(schedule)
