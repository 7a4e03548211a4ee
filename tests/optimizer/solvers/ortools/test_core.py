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
from optimizer.solvers.ortools.core import core_fixings
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


def _lp_values(model: CpSatModel, funded: dict[str, float]) -> list[float]:
    values = [0.0] * len(model.model.proto.variables)
    for project_id, value in funded.items():
        values[model.variables.funded[project_id].index] = value
    return values


def test_the_lp_leaves_out_what_it_leaves_out_and_keeps_the_most_efficient_wholes() -> None:
    data = _knapsack(8)
    model = CpSatModel(data, [Objective.VALUE])
    # Five wholly funded, two left out, one in part.
    lp = {"P00": 1, "P01": 1, "P02": 1, "P03": 1, "P04": 1, "P05": 0, "P06": 0, "P07": 0.4}
    fixings = core_fixings(data, model.variables, _lp_values(model, lp))
    by_project = {
        project_id: value
        for literal, value in fixings
        for project_id, funded in model.variables.funded.items()
        if funded.index == literal.index
    }
    # Efficiency = priority / total: P02 3/12, P01 2/11, P04 2/14, P00 1/10, P03 1/13.
    # Four of the five wholes (4/5) stay funded: all but the least efficient, P03.
    assert by_project == {"P05": 0, "P06": 0, "P02": 1, "P01": 1, "P04": 1, "P00": 1}


def test_the_value_level_uses_the_core_on_large_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_module, "SEARCH_MODEL_OPTIONS", 0)
    data = _knapsack()
    lines: list[str] = []
    params = SolveParams([Objective.VALUE, Objective.DELAY], time_limit=5.0, log=lines.append)
    result = solve(data, params)
    assert any(line.startswith("core: ") and "kept funded" in line for line in lines)
    assert result.status is SolveStatus.OPTIMAL and validate(data, result) == []
    assert result.objective_values() == brute_force(data, params.objective_order)


def test_small_models_are_searched_whole() -> None:
    lines: list[str] = []
    solve(_knapsack(), SolveParams([Objective.VALUE], log=lines.append))
    assert not any(line.startswith("core") for line in lines)


def _fix_everything(data: ProblemData, variables: Any, values: Sequence[float]) -> list[Any]:
    return [(funded, 1) for funded in variables.funded.values()]


def test_a_core_without_a_schedule_leaves_the_whole_to_the_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(model_module, "SEARCH_MODEL_OPTIONS", 0)
    monkeypatch.setattr(model_module, "core_fixings", _fix_everything)  # cannot all fit
    data = _knapsack()
    lines: list[str] = []
    params = SolveParams([Objective.VALUE], time_limit=5.0, log=lines.append)
    outcome = solve_lexicographic(data, params)
    assert any(line.startswith("core: no schedule") for line in lines)
    assert outcome.status is SolveStatus.OPTIMAL
    assert outcome.levels[0].value == brute_force(data, params.objective_order)[0]  # type: ignore[index]


def test_without_a_relaxation_the_whole_is_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_module, "SEARCH_MODEL_OPTIONS", 0)
    monkeypatch.setattr(model_module, "relax", lambda _model: None)
    data = _knapsack()
    outcome = solve_lexicographic(data, SolveParams([Objective.VALUE], time_limit=5.0))
    assert outcome.status is SolveStatus.OPTIMAL


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_projects=4, max_periods=5, max_delay=2, flexible_total=4))
def test_with_the_core_the_optimum_still_equals_brute_force(data: ProblemData) -> None:
    objectives = (Objective.VALUE, Objective.DELAY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model_module, "SEARCH_MODEL_OPTIONS", 0)
        result = solve(data, SolveParams(objectives, time_limit=5.0, explain=False))
    expected = brute_force(data, objectives)
    if expected is None:
        assert result.status is SolveStatus.INFEASIBLE
    else:
        assert result.status is SolveStatus.OPTIMAL
        assert validate(data, result) == []
        assert result.objective_values() == expected
