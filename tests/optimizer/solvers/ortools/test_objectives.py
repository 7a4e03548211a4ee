"""Each objective on an instance where it decides the answer."""

from __future__ import annotations

from ortools.sat.python import cp_model

from optimizer import (
    Cap,
    CapKind,
    Objective,
    ProblemData,
    Project,
    SolveParams,
    objective_values,
    solve,
    validate,
)
from optimizer.solvers.ortools.objectives import evaluate


def test_completion_pulls_the_last_end_forward() -> None:
    data = ProblemData(
        [Project("A", 10, 2021, 2021, max_stretch=2), Project("B", 10, 2022, 2023)],
        (2021, 2026),
    )
    result = solve(data, SolveParams(objectives=[Objective.COMPLETION]))
    assert result.levels[0].value == 2023


def test_level_spreads_the_peak_under_caps() -> None:
    # Both in 2021 gives 80 - 50 = 30 over; one moved gives a peak excess of -10.
    data = ProblemData(
        [Project("A", 40, 2021, 2021), Project("B", 40, 2021, 2021)],
        (2021, 2022),
        caps=[Cap(CapKind.TOTAL, "", 2021, 50), Cap(CapKind.TOTAL, "", 2022, 50)],
    )
    result = solve(data, SolveParams(objectives=[Objective.LEVEL, Objective.DELAY]))
    assert [level.value for level in result.levels] == [-10, 1]


def test_level_without_caps_is_the_peak_spend_and_stretch_helps() -> None:
    data = ProblemData([Project("A", 90, 2021, 2021, max_stretch=2)], (2021, 2023))
    result = solve(data, SolveParams(objectives=[Objective.LEVEL]))
    assert result.levels[0].value == 30


def test_lexicographic_order_matters() -> None:
    # Delay first keeps both on plan (peak 80); level first moves one (peak 40, delay 1).
    data = ProblemData([Project("A", 40, 2021, 2021), Project("B", 40, 2021, 2021)], (2021, 2022))
    first = solve(data, SolveParams(objectives=[Objective.DELAY, Objective.LEVEL]))
    second = solve(data, SolveParams(objectives=[Objective.LEVEL, Objective.DELAY]))
    assert first.objective_values() == (0, 80)
    assert second.objective_values() == (40, 1)


def test_value_counts_priorities_and_delay_weights_them() -> None:
    data = ProblemData(
        [Project("A", 50, 2021, 2021, priority=4), Project("B", 50, 2021, 2021, priority=1)],
        (2021, 2022),
        caps=[Cap(CapKind.TOTAL, "", p, 50) for p in (2021, 2022)],
    )
    result = solve(data, SolveParams(objectives=[Objective.VALUE, Objective.DELAY]))
    assert result.objective_values() == (5, 1)


def test_a_stretch_makes_a_project_late_at_completion() -> None:
    # A cannot start late and 60 do not fit 2021's cap of 30: it must stretch over 2021-2022,
    # finishing one period late, which the delay objective weighs by its priority.
    data = ProblemData(
        [Project("A", 60, 2021, 2021, priority=3, max_delay=0, max_stretch=1)],
        (2021, 2022),
        caps=[Cap(CapKind.TOTAL, "", 2021, 30)],
    )
    result = solve(data, SolveParams(objectives=[Objective.DELAY]))
    schedule = result.schedules["A"]
    assert (schedule.delay, schedule.stretch) == (0, 1)
    assert result.levels[0].value == 3
    assert objective_values(data, result.schedules)[Objective.DELAY] == 3
    assert validate(data, result) == []


def test_starting_a_period_late_beats_finishing_two_periods_late() -> None:
    # 20 fit 2021: stretched over 2021-2023 A would start on time but finish two periods
    # late; started in 2022 it finishes one period late.
    data = ProblemData(
        [Project("A", 60, 2021, 2021, max_delay=1, max_stretch=2)],
        (2021, 2023),
        caps=[Cap(CapKind.TOTAL, "", 2021, 20)],
    )
    result = solve(data, SolveParams(objectives=[Objective.DELAY]))
    schedule = result.schedules["A"]
    assert (schedule.delay, schedule.stretch) == (1, 0)
    assert result.levels[0].value == 1
    assert validate(data, result) == []


def test_level_is_read_from_the_excesses_even_when_its_variable_floats_above() -> None:
    model = cp_model.CpModel()
    funded = model.new_bool_var("funded")
    excesses = [5 * funded - 3, 2 * funded - 10, -7]
    level = model.new_int_var(-100, 100, "level")
    for excess in excesses:
        model.add(level >= excess)
    model.add(funded == 1)
    model.add(level == 10)  # a schedule found before level is optimized can leave it loose
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    assert solver.value(level) == 10
    assert evaluate(solver, Objective.LEVEL, level, excesses) == 2


def test_other_objectives_are_their_expression() -> None:
    model = cp_model.CpModel()
    delay = model.new_int_var(0, 5, "delay")
    model.add(delay == 3)
    solver = cp_model.CpSolver()
    solver.solve(model)
    assert evaluate(solver, Objective.DELAY, delay, []) == 3
