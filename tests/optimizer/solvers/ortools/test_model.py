"""The CP-SAT model: status mapping, warm start, level bookkeeping."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from ortools.sat.python import cp_model

import optimizer.solvers.ortools.model as model_module
from optimizer import (
    Cap,
    CapKind,
    FlexibleShares,
    Objective,
    ProblemData,
    Project,
    SolveParams,
    SolveStatus,
    greedy_choice,
    solve,
    validate,
)
from optimizer.serialize import problem_from_dict
from optimizer.solvers.ortools import CpSatModel, solve_lexicographic
from optimizer.solvers.ortools.model import map_status
from tests.optimizer.solvers.ortools.constraints.test_cumulative import (
    scenario as cumulative_scenario,
)
from tests.optimizer.strategies import brute_force

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


def _bundled_value_scenario() -> ProblemData:
    # The bundled portfolio with 30% cuts in 2021-2025, max_delay 1 and objective value:
    # 151 schedulable projects of priority 1.
    path = Path(__file__).parents[2] / "data" / "scenario_bundled_value_cut30_delay1.json"
    return problem_from_dict(json.loads(path.read_text("utf-8")))


def test_value_bound_never_exceeds_the_projects_that_can_be_funded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _bundled_value_scenario()
    projects = sum(project.priority for project in data.projects if not project.excluded)
    assert projects == 151
    solvers: list[cp_model.CpSolver] = []
    make_solver = CpSatModel.solver

    def recording(self: CpSatModel, *args: Any, **kwargs: Any) -> cp_model.CpSolver:
        solvers.append(make_solver(self, *args, **kwargs))
        return solvers[-1]

    monkeypatch.setattr(CpSatModel, "solver", recording)
    params = SolveParams([Objective.VALUE], time_limit=1.0)
    outcome = solve_lexicographic(data, params, greedy_choice(data, params.objective_order))
    (level,) = outcome.levels
    assert level.value is not None and level.bound is not None
    assert level.value <= level.bound <= projects
    # CP-SAT's own bound, before the clamp: presolve's dual reductions used to leave it at
    # 174, above the 151 projects.
    assert solvers[0].best_objective_bound <= projects


def _search_settings(data: ProblemData, objective: Objective) -> tuple[list[str], int]:
    solver = CpSatModel(data, [objective]).solver(1.0, 2, 0, objective=objective)
    return list(solver.parameters.subsolvers), solver.parameters.num_full_subsolvers


def test_small_models_prove_delay_and_level_with_two_full_lp_searches() -> None:
    assert _search_settings(DATA, Objective.DELAY) == (["max_lp"], 2)
    assert _search_settings(DATA, Objective.LEVEL) == (["max_lp"], 2)
    # value: the full LP beside LNS (which finds the schedules); completion: the default.
    assert _search_settings(DATA, Objective.VALUE) == (["max_lp"], 1)
    assert _search_settings(DATA, Objective.COMPLETION) == ([], 0)


def test_flexible_and_larger_models_keep_lns_beside_the_full_lp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    flexible = ProblemData(
        [Project("F", 90, 2021, 2023, flexible=FlexibleShares(1000, 6000))], (2021, 2025)
    )
    assert _search_settings(flexible, Objective.LEVEL) == (["max_lp"], 1)
    monkeypatch.setattr(model_module, "SEARCH_MODEL_OPTIONS", 1)
    assert _search_settings(DATA, Objective.DELAY) == (["max_lp"], 1)


def test_larger_models_search_their_level_with_and_without_cuts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(model_module, "SEARCH_MODEL_OPTIONS", 1)
    solver = CpSatModel(DATA, [Objective.LEVEL]).solver(1.0, 2, 0, objective=Objective.LEVEL)
    assert list(solver.parameters.subsolvers) == ["max_lp", model_module.LP_WITHOUT_CUTS]
    assert solver.parameters.num_full_subsolvers == 2
    # (OR-Tools' Python object cannot hand out its nested messages: read them as text.)
    text = str(solver.parameters)
    block = text[text.index("subsolver_params {") : text.index("}")]
    assert f'name: "{model_module.LP_WITHOUT_CUTS}"' in block
    assert "cut_level: 0" in block and "linearization_level: 2" in block
    assert solver.parameters.cut_level > 0  # the first keeps its cuts
    # CP-SAT runs both (its log names them) and proves the optimum the small model's get.
    lines: list[str] = []
    params = SolveParams(objectives=["level"], log=lines.append)
    outcome = CpSatModel(DATA, [Objective.LEVEL]).solve(params)
    assert any(model_module.LP_WITHOUT_CUTS in line for line in lines)
    monkeypatch.undo()
    small = CpSatModel(DATA, [Objective.LEVEL]).solve(SolveParams(objectives=["level"]))
    assert outcome.levels[0].status.value == small.levels[0].status.value == "optimal"
    assert outcome.levels[0].value == small.levels[0].value


def test_one_worker_is_left_to_cp_sats_defaults() -> None:
    solver = CpSatModel(DATA, [Objective.DELAY]).solver(1.0, 1, 0, objective=Objective.DELAY)
    assert list(solver.parameters.subsolvers) == []


def _flexible_cut() -> ProblemData:
    # Two flexible projects over 2021-2023 and a cap in 2022: the amounts can even out.
    shares = FlexibleShares(1000, 6000)
    return ProblemData(
        [
            Project("A", 90, 2021, 2023, flexible=shares),
            Project("B", 60, 2021, 2022, flexible=shares),
        ],
        (2021, 2025),
        caps=[Cap(CapKind.TOTAL, "", year, 60) for year in (2021, 2022, 2023)],
    )


def test_flexible_levels_start_from_a_schedule_at_their_lp_bound() -> None:
    data = _flexible_cut()
    lines: list[str] = []
    result = solve(data, SolveParams(log=lines.append))
    assert "probe: delay at its LP bound" in lines
    assert "probe: level at its LP bound" in lines
    assert result.status is SolveStatus.OPTIMAL and validate(data, result) == []
    delay, level = result.levels
    assert delay.value == 0 and level.value == level.bound


def test_a_probe_that_finds_nothing_leaves_the_level_to_its_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The LP's optimum made unreachable: the probe is proven infeasible, the search goes on.
    monkeypatch.setattr(model_module, "lp_target", lambda _model, _values: -1)
    data = _flexible_cut()
    lines: list[str] = []
    result = solve(data, SolveParams(log=lines.append))
    assert "probe: delay not at its LP bound (infeasible)" in lines
    assert result.status is SolveStatus.OPTIMAL and result.levels[0].value == 0


def test_a_levels_solution_is_hinted_whole_to_the_next() -> None:
    model = CpSatModel(_flexible_cut(), [Objective.DELAY, Objective.LEVEL])
    model.model.minimize(model.expressions[Objective.DELAY])
    solver = model.solver(2.0, 2, 0, objective=Objective.DELAY)
    assert solver.solve(model.model) == cp_model.OPTIMAL
    model.hint_solution(solver)
    hint = model.model.proto.solution_hint
    assert sorted(hint.vars) == list(range(len(model.model.proto.variables)))
    assert list(hint.values) == [
        solver.value(model.model.get_int_var_from_proto_index(i)) for i in hint.vars
    ]


def test_larger_models_skip_presolves_probing_and_inclusion_search_on_delay_and_level(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def presolve(objective: Objective) -> tuple[int, int]:
        solver = CpSatModel(DATA, [objective]).solver(1.0, 2, 0, objective=objective)
        return (
            solver.parameters.cp_model_probing_level,
            solver.parameters.presolve_inclusion_work_limit,
        )

    default = presolve(Objective.DELAY)
    assert default[0] > 0 and default[1] > 0
    monkeypatch.setattr(model_module, "SEARCH_MODEL_OPTIONS", 1)
    assert presolve(Objective.DELAY) == (0, 0) and presolve(Objective.LEVEL) == (0, 0)
    assert presolve(Objective.VALUE) == default


def test_the_proofs_of_small_models_run_without_cuts() -> None:
    def cuts(data: ProblemData, objective: Objective) -> int:
        solver = CpSatModel(data, [objective]).solver(1.0, 2, 0, objective=objective)
        return solver.parameters.cut_level

    default = cuts(DATA, Objective.VALUE)
    assert default > 0
    assert cuts(DATA, Objective.DELAY) == 0 and cuts(DATA, Objective.LEVEL) == 0
    flexible = ProblemData(
        [Project("F", 90, 2021, 2023, flexible=FlexibleShares(1000, 6000))], (2021, 2025)
    )
    assert cuts(flexible, Objective.LEVEL) == default


# Scenarios whose greedy schedule, the first phase's hint, is not optimal (or fails).
@pytest.mark.parametrize("seed", [1, 9, 55])
@pytest.mark.parametrize("first_phase", ["stops at its first schedule", "finds nothing"])
def test_completion_in_two_phases_reaches_the_brute_force_optimum(
    seed: int, first_phase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first phases, cut short, leave the level unproven: LNS alone goes on from the first
    # phase's schedule (or from nothing), then the default search again.
    real = model_module.run_solver
    phases: list[tuple[bool, SolveStatus]] = []

    def cut_short(solver: Any, model: Any, callback: Any = None, cancel: Any = None) -> SolveStatus:
        if not phases and first_phase == "finds nothing":
            phases.append((False, SolveStatus.TIMED_OUT))
            return SolveStatus.TIMED_OUT
        if len(phases) < 2:  # the first two phases stop at their first schedule
            solver.parameters.stop_after_first_solution = True
            solver.parameters.cp_model_presolve = False
        status = real(solver, model, callback, cancel)
        phases.append((bool(solver.parameters.use_lns_only), status))
        return status

    monkeypatch.setattr(model_module, "run_solver", cut_short)
    data = cumulative_scenario(seed, projects=3)
    objectives = [Objective.COMPLETION]
    result = solve(data, SolveParams(objectives=objectives, time_limit=6, explain=False))
    assert validate(data, result) == []
    assert result.objective_values() == brute_force(data, objectives)
    # Default search, then LNS alone, then the default search again, until one proves it.
    assert [lns for lns, _status in phases] == [False, True, False][: len(phases)]
    assert len(phases) >= 2 or phases[0][1] is SolveStatus.OPTIMAL
    level = result.levels[0]
    assert level.bound is not None and level.value is not None and level.bound <= level.value
    assert (level.status is SolveStatus.OPTIMAL) == (level.bound == level.value)


def test_completion_is_searched_in_one_phase_without_a_scheduling_view(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[bool] = []
    real = model_module.run_solver

    def record(solver: Any, model: Any, callback: Any = None, cancel: Any = None) -> SolveStatus:
        calls.append(bool(solver.parameters.use_lns_only))
        return real(solver, model, callback, cancel)

    monkeypatch.setattr(model_module, "run_solver", record)
    solve(DATA, SolveParams(objectives=[Objective.COMPLETION], time_limit=3, explain=False))
    assert calls == [False]


def _value_then_delay() -> ProblemData:
    # Under 100 a year all three fit as planned.
    return ProblemData(
        [
            Project("A", 60, 2021, 2021, priority=2),
            Project("B", 40, 2021, 2021),
            Project("C", 90, 2022, 2022),
        ],
        (2021, 2023),
        caps=[Cap(CapKind.TOTAL, "", year, 100) for year in (2021, 2022, 2023)],
    )


def test_a_delay_after_another_level_first_looks_for_no_delay_at_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    searched: list[Objective | None] = []
    build = model_module.CpSatModel.solver

    def solver(self: Any, *args: Any) -> Any:
        searched.append(args[4])  # (time limit, workers, seed, log, objective)
        return build(self, *args)

    monkeypatch.setattr(model_module.CpSatModel, "solver", solver)
    data = _value_then_delay()
    lines: list[str] = []
    params = SolveParams(objectives=["value", "delay"], log=lines.append, warm_start=False)
    result = solve(data, params)
    assert "probe: delay at its trivial bound" in lines
    assert result.status is SolveStatus.OPTIMAL and validate(data, result) == []
    value, delay = result.levels
    assert (value.value, delay.value, delay.bound) == (4, 0, 0)
    # The probe's schedule stands: the delay level runs no search of its own.
    assert searched.count(Objective.DELAY) == 1


def test_a_delay_that_must_move_is_left_to_its_search() -> None:
    # C (90) no longer fits in 2022: funding all three needs it a year late.
    amounts = {2021: 100, 2022: 80, 2023: 100}
    caps = [Cap(CapKind.TOTAL, "", year, amount) for year, amount in amounts.items()]
    data = dataclasses.replace(_value_then_delay(), caps=caps)
    lines: list[str] = []
    result = solve(data, SolveParams(objectives=["value", "delay"], log=lines.append))
    assert "probe: delay not at its trivial bound (infeasible)" in lines
    value, delay = result.levels
    assert result.status is SolveStatus.OPTIMAL and (value.value, delay.value) == (4, 1)
