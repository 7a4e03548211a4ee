"""The CP-SAT model: status mapping, warm start, level bookkeeping."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

import optimizer.solvers.ortools.model as model_module
from optimizer import Objective, ProblemData, Project, SolveParams, SolveStatus, greedy_choice
from optimizer.solvers.ortools import CpSatModel, solve_lexicographic
from optimizer.solvers.ortools.model import map_status

DATA = ProblemData(
    [Project("A", 40, 2021, 2021, units=("u",)), Project("B", 40, 2021, 2022, units=("u",))],
    (2021, 2024),
)


def test_status_mapping_is_complete() -> None:
    assert map_status(cp_model.OPTIMAL) is SolveStatus.OPTIMAL
    assert map_status(cp_model.FEASIBLE) is SolveStatus.FEASIBLE
    assert map_status(cp_model.INFEASIBLE) is SolveStatus.INFEASIBLE
    assert map_status(cp_model.MODEL_INVALID) is SolveStatus.INVALID
    assert map_status(cp_model.UNKNOWN) is SolveStatus.TIMED_OUT


def test_levels_report_value_bound_and_time() -> None:
    outcome = solve_lexicographic(DATA, SolveParams(), greedy_choice(DATA))
    assert outcome.status is SolveStatus.OPTIMAL
    assert [level.objective for level in outcome.levels] == [Objective.DELAY, Objective.LEVEL]
    for level in outcome.levels:
        assert level.value == level.bound and level.gap == 0 and level.solve_seconds >= 0
    assert set(outcome.chosen) == {"A", "B"}


def test_each_level_is_held_while_the_next_is_solved() -> None:
    params = SolveParams(objectives=[Objective.LEVEL, Objective.COMPLETION])
    outcome = solve_lexicographic(DATA, params)
    level, completion = outcome.levels
    assert level.value == 40  # 80 in one period would be worse
    # A (40) must stand alone in its period beside B's 20 + 20: the last end is 2023.
    assert completion.value == 2023


def test_explain_mode_frees_fixed_projects_behind_literals() -> None:
    data = ProblemData([Project("L", 10, 2021, 2021, locked=True)], (2021, 2023))
    plain = CpSatModel(data, [Objective.DELAY])
    explaining = CpSatModel(data, [Objective.DELAY], explain=True)
    assert len(plain.variables.choices["L"]) == 1
    assert len(explaining.variables.choices["L"]) == 3
    assert {ref.family.value for ref in explaining.switches.literals} == {"lock", "required"}
    assert plain.switches.literals == {}


def test_progress_is_logged() -> None:
    lines: list[str] = []
    solve_lexicographic(DATA, SolveParams(log=lines.append))
    assert any(line.startswith("level 1/2: delay") for line in lines)


def test_level_without_a_solution_in_time_keeps_the_previous_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Pretend the second level's solve ran out of time before finding anything.
    statuses = iter([SolveStatus.OPTIMAL, SolveStatus.TIMED_OUT])
    monkeypatch.setattr(model_module, "map_status", lambda _status: next(statuses))
    outcome = solve_lexicographic(DATA, SolveParams())
    assert outcome.status is SolveStatus.FEASIBLE
    delay, level = outcome.levels
    assert delay.status is SolveStatus.OPTIMAL and delay.value == 0
    assert level.status is SolveStatus.TIMED_OUT and level.bound is None
    assert level.value is not None and outcome.chosen["A"] is not None


def test_no_solution_at_the_first_level_is_timed_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_module, "map_status", lambda _status: SolveStatus.TIMED_OUT)
    outcome = solve_lexicographic(DATA, SolveParams())
    assert outcome.status is SolveStatus.TIMED_OUT and outcome.chosen == {}
