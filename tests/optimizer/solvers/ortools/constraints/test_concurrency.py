"""Concurrency limits per county and per unit."""

from __future__ import annotations

from optimizer import (
    ConcurrencyKind,
    ConcurrencyLimit,
    Objective,
    ProblemData,
    Project,
    SolveParams,
    solve,
)


def test_one_at_a_time_in_a_county_runs_projects_in_sequence() -> None:
    data = ProblemData(
        [
            Project("A", 10, 2021, 2022, regions={"R": 1}, priority=3),
            Project("B", 10, 2021, 2021, regions={"R": 1}),
        ],
        (2021, 2024),
        concurrency=[ConcurrencyLimit("region", "R", 1)],  # type: ignore[arg-type]
    )
    result = solve(data)
    assert result.schedules["A"].start == 2021 and result.schedules["B"].start == 2023


def test_unit_limit_in_one_period_only() -> None:
    projects = [Project(pid, 10, 2021, 2022, units=("u",)) for pid in "ABC"]
    limit = ConcurrencyLimit("unit", "u", 2, 2022)  # type: ignore[arg-type]
    data = ProblemData(projects, (2021, 2024), concurrency=[limit])
    result = solve(data, SolveParams(objectives=[Objective.DELAY]))
    assert result.levels[0].value == 2  # one project leaves 2022: starts 2023


def test_zero_limit_keeps_everyone_out_with_value() -> None:
    data = ProblemData(
        [Project("A", 10, 2021, 2021, units=("u",))],
        (2021, 2021),
        concurrency=[ConcurrencyLimit(ConcurrencyKind.UNIT, "u", 0)],
    )
    result = solve(data, SolveParams(objectives=[Objective.VALUE]))
    assert not result.schedules["A"].funded
