"""HiGHS (``highspy``, the ``bench`` extra) set up as every reference MIP of the benchmarks
solves: quiet, the time limit, ``threads`` workers, the relative gap tolerance at zero (its
default of 0.01% stops short of proving optima), seed 0."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from optimizer import SolveStatus


def binary_model(costs: Sequence[float], time_limit: float, threads: int) -> tuple[Any, Any]:
    """``highspy`` and a HiGHS model of one binary column per cost (rows to be added).

    The module is loaded only here, so that the rest runs without the extra, and as a plain
    module (its attributes untyped) so that the types check the same with it and without it.
    """
    highspy = importlib.import_module("highspy")
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(time_limit))
    highs.setOptionValue("threads", threads)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("random_seed", 0)
    n = len(costs)
    highs.addVars(n, [0.0] * n, [1.0] * n)
    highs.changeColsIntegrality(n, list(range(n)), [highspy.HighsVarType.kInteger] * n)
    highs.changeColsCost(n, list(range(n)), [float(cost) for cost in costs])
    return highspy, highs


def outcome(highspy: Any, highs: Any) -> tuple[SolveStatus, bool]:
    """Our status for a finished run, and whether it holds a feasible solution."""
    found = highs.getInfo().primal_solution_status == int(
        highspy.SolutionStatus.kSolutionStatusFeasible
    )
    status = highs.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return SolveStatus.OPTIMAL, found
    if status == highspy.HighsModelStatus.kInfeasible:
        return SolveStatus.INFEASIBLE, found
    # Time limit and the like.
    return (SolveStatus.FEASIBLE if found else SolveStatus.TIMED_OUT), found
