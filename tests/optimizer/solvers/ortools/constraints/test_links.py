"""Finish-to-start links."""

from __future__ import annotations

from optimizer import Link, Objective, ProblemData, Project, SolveParams, SolveStatus, solve


def test_successor_waits_for_predecessor_and_lag() -> None:
    data = ProblemData(
        [Project("A", 10, 2021, 2022), Project("B", 10, 2022, 2022)],
        (2021, 2026),
        links=[Link("A", "B", lag=1)],
    )
    result = solve(data)
    assert result.schedules["B"].start == 2024 and result.schedules["B"].delay == 2


def test_successor_of_excluded_project_cannot_be_funded() -> None:
    data = ProblemData(
        [Project("A", 10, 2021, 2021, excluded=True), Project("B", 10, 2022, 2022)],
        (2021, 2023),
        links=[Link("A", "B")],
    )
    assert solve(data).status is SolveStatus.INFEASIBLE
    result = solve(data, SolveParams(objectives=[Objective.VALUE]))
    assert not result.schedules["B"].funded


def test_link_that_cannot_fit_the_horizon() -> None:
    data = ProblemData(
        [Project("A", 10, 2021, 2023, locked=True), Project("B", 10, 2022, 2023)],
        (2021, 2024),
        links=[Link("A", "B")],
    )
    assert solve(data).status is SolveStatus.INFEASIBLE
