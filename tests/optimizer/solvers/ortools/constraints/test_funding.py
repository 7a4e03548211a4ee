"""Funding rules: must-fund, required, locks and history."""

from __future__ import annotations

from optimizer import Cap, CapKind, Objective, ProblemData, Project, SolveParams, SolveStatus, solve

VALUE = SolveParams(objectives=[Objective.VALUE, Objective.DELAY])


def test_value_funds_the_most_priority_under_a_cap() -> None:
    data = ProblemData(
        [
            Project("A", 60, 2021, 2021, priority=3, max_delay=0),
            Project("B", 50, 2021, 2021, priority=2, max_delay=0),
            Project("C", 40, 2021, 2021, priority=2, max_delay=0),
        ],
        (2021, 2021),
        caps=[Cap(CapKind.TOTAL, "", 2021, 100)],
    )
    result = solve(data, VALUE)
    assert result.levels[0].value == 5
    funded = {pid for pid, s in result.schedules.items() if s.funded}
    assert funded == {"A", "C"}


def test_must_fund_wins_over_priority() -> None:
    data = ProblemData(
        [
            Project("A", 60, 2021, 2021, priority=5, max_delay=0),
            Project("B", 60, 2021, 2021, priority=1, max_delay=0, must_fund=True),
        ],
        (2021, 2021),
        caps=[Cap(CapKind.TOTAL, "", 2021, 100)],
    )
    result = solve(data, VALUE)
    assert result.schedules["B"].funded and not result.schedules["A"].funded


def test_locked_project_does_not_move_so_the_other_does() -> None:
    data = ProblemData(
        [
            Project("A", 60, 2021, 2021, priority=1, locked=True),
            Project("B", 60, 2021, 2021, priority=9),
        ],
        (2021, 2022),
        caps=[Cap(CapKind.TOTAL, "", p, 100) for p in (2021, 2022)],
    )
    result = solve(data)
    assert result.schedules["A"].delay == 0 and result.schedules["B"].delay == 1


def test_history_keeps_started_projects_and_ignores_past_caps() -> None:
    data = ProblemData(
        [Project("S", 90, 2021, 2023), Project("N", 40, 2022, 2022)],
        (2021, 2024),
        as_of=2022,
        caps=[Cap(CapKind.TOTAL, "", p, 50) for p in range(2021, 2025)],
    )
    result = solve(data)
    assert result.status is SolveStatus.OPTIMAL
    assert result.schedules["S"].spend == {2021: 30, 2022: 30, 2023: 30}
    assert result.schedules["N"].start == 2024  # 2022 and 2023 hold only 20 beside S
    assert not result.cap_usage[0].enforced


def test_excluded_projects_spend_nothing() -> None:
    data = ProblemData([Project("X", 60, 2021, 2021, excluded=True)], (2021, 2021))
    result = solve(data)
    assert not result.schedules["X"].funded and result.schedules["X"].spend == {}
