"""The core heuristic of the ``value`` level: fixings from the LP, and the level with it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import optimizer.solvers.ortools.model as model_module
from optimizer import (
    Cap,
    CapKind,
    Objective,
    ProblemData,
    Project,
    SolveParams,
    SolveStatus,
    solve,
    validate,
)
from optimizer.solvers.ortools import CpSatModel, solve_lexicographic
from optimizer.solvers.ortools.core import core_fixings, reversal_costs
from optimizer.solvers.ortools.relaxation import Relaxation
from tests.optimizer.strategies import brute_force, scenarios


def _knapsack(count: int = 10) -> ProblemData:
    """Projects of one year that cannot all be funded: totals 10..10+count−1, cap 60."""
    projects = [
        Project(f"P{index:02d}", 10 + index, 2021, 2021, priority=1 + index % 3, max_delay=1)
        for index in range(count)
    ]
    return ProblemData(
        projects, (2021, 2022), caps=[Cap(CapKind.TOTAL, "", year, 60) for year in (2021, 2022)]
    )


def _relaxation(model: CpSatModel, values: dict[Any, float], costs: dict[Any, float]) -> Relaxation:
    """A relaxation of ``model`` with the given values and reduced costs (0 elsewhere)."""
    size = len(model.model.proto.variables)
    value_list, cost_list = [0.0] * size, [0.0] * size
    for var, value in values.items():
        value_list[var.index] = value
    for var, cost in costs.items():
        cost_list[var.index] = cost
    return Relaxation(value_list, cost_list)


def _by_project(model: CpSatModel, fixings: Sequence[tuple[Any, int]]) -> dict[str, int]:
    return {
        project_id: value
        for literal, value in fixings
        for project_id, funded in model.variables.funded.items()
        if funded.index == literal.index
    }


def _lp(model: CpSatModel, funded: dict[str, float], reversal: dict[str, float]) -> Relaxation:
    """Projects funded (in their planned option) as given; reversing each costs what
    ``reversal`` says, split between ``funded`` and the planned option's reduced costs (in
    the minimised objective's signs)."""
    values: dict[Any, float] = {}
    costs: dict[Any, float] = {}
    for project_id, value in funded.items():
        planned = model.variables.planned_var(project_id)
        values[model.variables.funded[project_id]] = value
        values[planned] = value
        sign = -1 if value == 1 else 1
        costs[model.variables.funded[project_id]] = sign * 3 * reversal.get(project_id, 0)
        costs[planned] = -sign * 2 * reversal.get(project_id, 0)
        if value == 0:
            # The delayed option costs more than the planned one: the cheapest counts.
            for option, var in model.variables.choices[project_id]:
                if option.delay:
                    costs[var] = 5.0
    return _relaxation(model, values, costs)


def test_reversal_costs_add_the_funded_and_option_reduced_costs() -> None:
    data = _knapsack(3)
    model = CpSatModel(data, [Objective.VALUE])
    relaxation = _lp(model, {"P00": 1, "P01": 0, "P02": 0.5}, {"P00": 4, "P01": 7})
    assert reversal_costs(model.variables, relaxation) == {
        "P00": pytest.approx((4.0, 1)),
        "P01": pytest.approx((7.0, 0)),
        "P02": (0.0, -1),
    }


def test_the_core_frees_the_projects_cheapest_to_reverse_and_those_in_part() -> None:
    data = _knapsack(10)
    model = CpSatModel(data, [Objective.VALUE])
    funded = {f"P{index:02d}": float(index % 2) for index in range(10)}
    funded["P09"] = 0.4  # in part: free at no cost
    reversal = {f"P{index:02d}": float(10 - index) for index in range(9)}  # P08 cheapest
    fixings = core_fixings(model.variables, _lp(model, funded, reversal))
    # A fifth of ten stay free: P09 (in part) and P08 (cheapest to reverse); the rest keep
    # the LP's decision, whichever side it is on.
    expected = {f"P{index:02d}": index % 2 for index in range(8)}
    assert _by_project(model, fixings) == expected


def test_the_value_level_starts_from_its_core() -> None:
    data = _knapsack()
    lines: list[str] = []
    params = SolveParams([Objective.VALUE, Objective.DELAY], time_limit=5.0, log=lines.append)
    result = solve(data, params)
    assert any(line.startswith("core: ") and "kept funded" in line for line in lines)
    assert result.status is SolveStatus.OPTIMAL and validate(data, result) == []
    assert result.objective_values() == brute_force(data, params.objective_order)


def test_other_levels_have_no_core() -> None:
    lines: list[str] = []
    solve(_knapsack(), SolveParams([Objective.DELAY], log=lines.append))
    assert not any(line.startswith("core") for line in lines)


def _fix_everything(variables: Any, relaxation: Relaxation) -> list[Any]:
    return [(funded, 1) for funded in variables.funded.values()]


def test_a_core_without_a_schedule_leaves_the_whole_to_the_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(model_module, "core_fixings", _fix_everything)  # cannot all fit
    data = _knapsack()
    lines: list[str] = []
    params = SolveParams([Objective.VALUE], time_limit=5.0, log=lines.append)
    outcome = solve_lexicographic(data, params)
    assert any(line.startswith("core: no schedule") for line in lines)
    assert outcome.status is SolveStatus.OPTIMAL
    assert outcome.levels[0].value == brute_force(data, params.objective_order)[0]  # type: ignore[index]


def test_without_a_relaxation_the_whole_is_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_module, "relax", lambda _model: None)
    data = _knapsack()
    outcome = solve_lexicographic(data, SolveParams([Objective.VALUE], time_limit=5.0))
    assert outcome.status is SolveStatus.OPTIMAL


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_projects=4, max_periods=5, max_delay=2, flexible_total=4))
def test_with_the_core_the_optimum_still_equals_brute_force(data: ProblemData) -> None:
    objectives = (Objective.VALUE, Objective.DELAY)
    result = solve(data, SolveParams(objectives, time_limit=5.0, explain=False))
    expected = brute_force(data, objectives)
    if expected is None:
        assert result.status is SolveStatus.INFEASIBLE
    else:
        assert result.status is SolveStatus.OPTIMAL
        assert validate(data, result) == []
        assert result.objective_values() == expected
