"""The entry point on a scenario file, its guard against unsound results, and the library's
independence from the application."""

from __future__ import annotations

import ast
import dataclasses
import json
import sys
from pathlib import Path

import pytest

from optimizer import (
    CapKind,
    InvalidSolutionError,
    Objective,
    ProblemData,
    SolveParams,
    SolveStatus,
    greedy,
    marginal_values,
    project_options,
    solve,
    validate,
)
from optimizer.serialize import problem_from_dict
from optimizer.solvers.outcome import Outcome

DATA_DIR = Path(__file__).parent / "data"
PACKAGE = Path(__file__).parents[2] / "optimizer"


@pytest.fixture(scope="session")
def scenario() -> ProblemData:
    raw = json.loads((DATA_DIR / "scenario_quanzhou_synthetic.json").read_text("utf-8"))
    return problem_from_dict(raw)


def test_scenario_solves_optimally_with_explanations(scenario: ProblemData) -> None:
    result = solve(scenario)
    assert result.status is SolveStatus.OPTIMAL
    assert validate(scenario, result) == []
    assert all(s.funded for s in result.schedules.values())
    assert len(result.cap_usage) == len(scenario.caps)
    moved = {pid for pid, s in result.schedules.items() if s.delay or s.stretch}
    assert moved == {d.project_id for d in result.delays}
    again = solve(scenario)
    assert again.objective_values() == result.objective_values()


def test_value_objective_and_marginal_values_on_the_scenario(scenario: ProblemData) -> None:
    params = SolveParams(objectives=[Objective.VALUE, Objective.DELAY, Objective.COMPLETION])
    result = solve(scenario, params)
    assert result.status is SolveStatus.OPTIMAL
    assert result.levels[0].value == sum(p.priority for p in scenario.projects)
    baseline = greedy(scenario, params.objectives)
    assert baseline is not None and validate(scenario, baseline) == []
    solver_value, greedy_value = result.levels[0].value, baseline.levels[0].value
    assert solver_value is not None and greedy_value is not None
    assert solver_value >= greedy_value
    values = marginal_values(scenario, solve(scenario), step=2000, top=2)
    assert values and all(v.after is not None for v in values)
    assert any(v.cap.kind is CapKind.TOTAL for v in values)


def test_tighter_scenario_is_explained(scenario: ProblemData) -> None:
    tight = dataclasses.replace(
        scenario,
        caps=[
            dataclasses.replace(cap, amount=18000) if cap.kind is CapKind.TOTAL else cap
            for cap in scenario.caps
        ],
    )
    result = solve(tight)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.infeasibility is not None and result.infeasibility.minimal
    families = {ref.family.value for ref in result.infeasibility.members}
    assert "cap" in families


def test_an_unsound_schedule_is_refused(
    scenario: ProblemData, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A back end that plans every project as late as it can: caps and links break.
    def careless(data: ProblemData, params: SolveParams, hint: object) -> Outcome:
        chosen = {p.id: (project_options(data, p) or (None,))[-1] for p in data.projects}
        return Outcome(SolveStatus.OPTIMAL, (), chosen, 0.0)

    # ``optimizer.solve`` the attribute is the function; the module is in sys.modules.
    monkeypatch.setattr(sys.modules["optimizer.solve"], "solve_lexicographic", careless)
    with pytest.raises(InvalidSolutionError) as caught:
        solve(scenario)
    assert caught.value.violations


def _out_of_time(data: ProblemData, params: SolveParams, hint: object) -> Outcome:
    """A back end whose presolve took the whole limit: no schedule, whatever the hint."""
    return Outcome(SolveStatus.TIMED_OUT, (), {}, 1.5)


def test_the_warm_start_stands_when_the_solver_finds_nothing_in_time(
    scenario: ProblemData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules["optimizer.solve"], "solve_lexicographic", _out_of_time)
    said: list[str] = []
    params = SolveParams(objectives=[Objective.VALUE, Objective.DELAY], log=said.append)
    result = solve(scenario, params)
    baseline = greedy(scenario, params.objective_order)
    assert baseline is not None
    assert result.status is SolveStatus.FEASIBLE and validate(scenario, result) == []
    assert [(level.objective, level.status, level.bound) for level in result.levels] == [
        (Objective.VALUE, SolveStatus.FEASIBLE, None),
        (Objective.DELAY, SolveStatus.FEASIBLE, None),
    ]
    assert [level.value for level in result.levels] == [level.value for level in baseline.levels]
    assert result.schedules == baseline.schedules
    assert any("warm start" in line for line in said)


def test_a_warm_start_that_breaks_a_rule_does_not_stand(
    scenario: ProblemData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules["optimizer.solve"], "solve_lexicographic", _out_of_time)
    late = {p.id: (project_options(scenario, p) or (None,))[-1] for p in scenario.projects}
    result = solve(scenario, SolveParams(), start=late)
    assert result.status is SolveStatus.TIMED_OUT and result.schedules == {}
    partial = dict(list(late.items())[:3])
    assert solve(scenario, SolveParams(), start=partial).status is SolveStatus.TIMED_OUT


def test_no_warm_start_no_plan_when_time_runs_out(
    scenario: ProblemData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules["optimizer.solve"], "solve_lexicographic", _out_of_time)
    result = solve(scenario, SolveParams(warm_start=False))
    assert result.status is SolveStatus.TIMED_OUT and not result.has_solution


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    return {name.split(".")[0] for name in names}


def test_optimizer_imports_nothing_from_the_application() -> None:
    # OR-Tools itself imports pandas; what matters is that our modules do not.
    forbidden = {"portfolio", "ui", "sqlalchemy", "pandas", "dash"}
    offenders = {str(p): _imports(p) & forbidden for p in PACKAGE.rglob("*.py")}
    assert {p: names for p, names in offenders.items() if names} == {}


def test_only_the_ortools_back_end_imports_ortools() -> None:
    offenders = [
        str(path)
        for path in PACKAGE.rglob("*.py")
        if "ortools" in _imports(path) and PACKAGE / "solvers" / "ortools" not in path.parents
    ]
    assert offenders == []
    assert "ortools" in _imports(PACKAGE / "solvers" / "ortools" / "model.py")
