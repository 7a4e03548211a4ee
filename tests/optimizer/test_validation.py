"""The independent checker notices every kind of violation and recomputes objectives."""

from __future__ import annotations

import dataclasses

import pytest

from optimizer import (
    Cap,
    CapKind,
    ConcurrencyLimit,
    FlexibleShares,
    Link,
    Objective,
    ProblemData,
    Project,
    ProjectSchedule,
    Result,
    check_schedules,
    objective_values,
    planned_schedules,
    solve,
    validate,
)

DATA = ProblemData(
    [
        Project(
            "A",
            40,
            2021,
            2022,
            regions={"R": 1},
            units=("u",),
            priority=2,
            max_delay=2,
            max_stretch=1,
        ),
        Project("B", 30, 2022, 2022, regions={"R": 1}, units=("u",), locked=True),
        Project("C", 10, 2023, 2023, must_fund=True),
    ],
    (2021, 2025),
    links=[Link("A", "C")],
    caps=[Cap(CapKind.TOTAL, "", p, 100) for p in range(2021, 2026)],
    concurrency=[ConcurrencyLimit("unit", "u", 2)],  # type: ignore[arg-type]
)
OBJECTIVES = (Objective.DELAY, Objective.LEVEL)


@pytest.fixture(scope="module")
def result() -> Result:
    return solve(DATA)


def with_schedule(result: Result, schedule: ProjectSchedule) -> Result:
    return dataclasses.replace(
        result, schedules={**result.schedules, schedule.project_id: schedule}
    )


def test_solution_passes(result: Result) -> None:
    assert validate(DATA, result) == []


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        (ProjectSchedule("C", False), "must be funded"),
        (ProjectSchedule("A", False), "every project must be funded"),
        (ProjectSchedule("B", True, 2023, 2023, 1, 0, {2023: 30}), "locked but was moved"),
        (ProjectSchedule("A", True, 2020, 2021, -1, 0, {2020: 20, 2021: 20}), "before its planned"),
        (ProjectSchedule("A", True, 2024, 2025, 3, 0, {2024: 20, 2025: 20}), "exceeds max_delay"),
        (
            ProjectSchedule("A", True, 2021, 2024, 0, 2, {2021: 10, 2022: 10, 2023: 10, 2024: 10}),
            "exceeds max_stretch",
        ),
        (ProjectSchedule("A", True, 2021, 2022, 0, 0, {2021: 30, 2022: 10}), "not its profile"),
        (ProjectSchedule("A", True, 2021, 2022, 0, 0, {2021: 20, 2022: 19}), "spends 39 of 40"),
        (ProjectSchedule("A", True, 2021, 2022, 1, 0, {2021: 20, 2022: 20}), "do not match"),
        (ProjectSchedule("C", True, 2022, 2022, -1, 0, {2022: 10}), "link A→C"),
        (ProjectSchedule("C", False, 2023, 2023), "unfunded but has a window"),
    ],
)
def test_violations_are_named(result: Result, schedule: ProjectSchedule, message: str) -> None:
    problems = validate(DATA, with_schedule(result, schedule))
    assert any(message in problem for problem in problems), problems


def test_caps_concurrency_and_reported_figures(result: Result) -> None:
    tight = dataclasses.replace(
        DATA,
        caps=[Cap(CapKind.TOTAL, "", 2022, 40)],
        concurrency=[ConcurrencyLimit("unit", "u", 1)],  # type: ignore[arg-type]
    )
    planned = planned_schedules(tight)
    problems = check_schedules(tight, planned, OBJECTIVES)
    assert any("cap total 2022: 50 spent, cap 40" in p for p in problems)
    assert any("concurrency unit u 2022: 2 projects, limit 1" in p for p in problems)
    wrong_level = dataclasses.replace(result.levels[0], value=99)
    lied = dataclasses.replace(result, levels=(wrong_level, *result.levels[1:]))
    assert any("reported 99" in p for p in validate(DATA, lied))
    wrong_usage = dataclasses.replace(result.cap_usage[0], used=1)
    lied = dataclasses.replace(result, cap_usage=(wrong_usage, *result.cap_usage[1:]))
    assert any("usage reported 1" in p for p in validate(DATA, lied))


def test_successor_needs_its_predecessor(result: Result) -> None:
    data = dataclasses.replace(
        DATA, projects=[dataclasses.replace(p, must_fund=False) for p in DATA.projects]
    )
    schedules = {**result.schedules, "A": ProjectSchedule("A", False)}
    problems = check_schedules(data, schedules, (Objective.VALUE,))
    assert problems == ["link A→C: successor funded without its predecessor"]


def test_objectives_are_recomputed() -> None:
    data = ProblemData(
        [Project("A", 40, 2021, 2022, priority=3), Project("B", 30, 2022, 2022)],
        (2021, 2024),
        as_of=2022,
        caps=[Cap(CapKind.TOTAL, "", 2023, 50)],
    )
    schedules = {
        "A": ProjectSchedule("A", True, 2021, 2022, 0, 0, {2021: 20, 2022: 20}),
        "B": ProjectSchedule("B", True, 2023, 2023, 1, 0, {2023: 30}),
    }
    values = objective_values(data, schedules)
    # Level: 2022 spends 20 (no cap), 2023 spends 30 - 50, 2024 spends 0.
    assert values == {
        Objective.VALUE: 4,
        Objective.DELAY: 1,
        Objective.COMPLETION: 2023,
        Objective.LEVEL: 20,
    }
    nothing = {"A": ProjectSchedule("A", False), "B": ProjectSchedule("B", False)}
    assert objective_values(data, nothing)[Objective.COMPLETION] == 2020


def test_the_delay_counts_periods_late_at_completion() -> None:
    # A starts a period late and runs a period longer: it finishes two periods late.
    data = ProblemData([Project("A", 40, 2021, 2022, priority=3, max_stretch=1)], (2021, 2025))
    late = ProjectSchedule("A", True, 2022, 2024, 1, 1, {2022: 14, 2023: 13, 2024: 13})
    assert check_schedules(data, {"A": late}, OBJECTIVES) == []
    assert objective_values(data, {"A": late})[Objective.DELAY] == 3 * 2
    stretched = ProjectSchedule("A", True, 2021, 2023, 0, 1, {2021: 14, 2022: 13, 2023: 13})
    assert objective_values(data, {"A": stretched})[Objective.DELAY] == 3


def _flexible_schedule(spend: dict[int, int]) -> ProjectSchedule:
    return ProjectSchedule("F", True, min(spend), max(spend), 0, 0, spend)


def test_flexible_amounts_are_checked_against_their_bounds_and_window() -> None:
    project = Project("F", 100, 2021, 2022, flexible=FlexibleShares(2000, 7000), plan="p")
    data = ProblemData([project], (2021, 2023), caps=[Cap(CapKind.PLAN, "p", 2021, 65)])
    assert check_schedules(data, {"F": _flexible_schedule({2021: 35, 2022: 65})}, ()) == []
    too_much = check_schedules(data, {"F": _flexible_schedule({2021: 75, 2022: 25})}, ())
    assert any("flexible bounds are 20..70" in p for p in too_much)
    assert any("cap plan p 2021: 75 spent, cap 65" in p for p in too_much)
    short = check_schedules(data, {"F": _flexible_schedule({2021: 50, 2022: 40})}, ())
    assert any("spends 90 of 100" in p for p in short)
    gap = ProjectSchedule("F", True, 2021, 2022, 0, 0, {2021: 100})
    assert any("its window is [2021, 2022]" in p for p in check_schedules(data, {"F": gap}, ()))
    started = ProblemData([project], (2021, 2023), as_of=2022)
    moved_money = check_schedules(started, {"F": _flexible_schedule({2021: 35, 2022: 65})}, ())
    assert any("is not its profile" in p for p in moved_money)
    assert check_schedules(started, {"F": _flexible_schedule({2021: 50, 2022: 50})}, ()) == []


def test_a_violated_spanning_cap_and_its_misreported_usage_are_caught() -> None:
    # 10 a period over 0-3 for each project: 80 in the window capped at 60.
    data = ProblemData(
        [Project("A", 40, 0, 3), Project("B", 40, 0, 3)],
        (0, 7),
        caps=[Cap(CapKind.TOTAL, "", 0, 60, last_period=3), Cap(CapKind.TOTAL, "", 1, 20)],
    )
    planned = planned_schedules(data)
    problems = check_schedules(data, planned, OBJECTIVES)
    assert any("cap total 0..3: 80 spent, cap 60" in p for p in problems), problems
    assert not any("cap total 1:" in p for p in problems)  # 20 in period 1: at its cap
    result = solve(data)
    assert validate(data, result) == []
    spanning = result.cap_usage[0]
    wrong = dataclasses.replace(result, cap_usage=(dataclasses.replace(spanning, used=50),))
    assert any("usage reported 50" in p for p in validate(data, wrong))
    # The usage of a one-period cap at the window's first period is another cap's.
    swapped = dataclasses.replace(spanning, last_period=None)
    assert validate(data, dataclasses.replace(result, cap_usage=(swapped, result.cap_usage[1])))


def test_level_is_the_largest_excess_over_the_total_caps_windows() -> None:
    # A spends 10 a period over 0-3, B 30 in period 6. The cap of 35 over 0-3 is exceeded by
    # 5; period 4 and 5 spend nothing, 6 spends 30 and no total cap covers it: level 30.
    data = ProblemData(
        [Project("A", 40, 0, 3), Project("B", 30, 6, 6)],
        (0, 7),
        caps=[Cap(CapKind.TOTAL, "", 0, 35, last_period=3)],
    )
    planned = planned_schedules(data)
    assert objective_values(data, planned)[Objective.LEVEL] == 30
    covered = dataclasses.replace(
        data, caps=[*data.caps, Cap(CapKind.TOTAL, "", 4, 28, last_period=7)]
    )
    assert objective_values(covered, planned)[Objective.LEVEL] == 5  # 40-35; 30-28 = 2
    # A cap spanning as_of counts the history spent within it.
    later = dataclasses.replace(covered, as_of=2)
    assert objective_values(later, planned)[Objective.LEVEL] == 5
