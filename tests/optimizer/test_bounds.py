"""Trivial bounds of the objectives and the clamp of reported bounds."""

from __future__ import annotations

from optimizer import Cap, CapKind, Objective, ProblemData, Project
from optimizer.bounds import clamp_bound, trivial_bound

DATA = ProblemData(
    [
        Project("started", 30, 2020, 2022, priority=2),  # runs 2021-2022 for sure (10 a year)
        Project("free", 40, 2021, 2022, priority=5, max_delay=1),
        Project("must", 20, 2022, 2023, priority=1, must_fund=True),
        Project("out", 99, 2021, 2021, priority=7, excluded=True),
    ],
    (2020, 2024),
    as_of=2021,
    caps=[Cap(CapKind.TOTAL, "", 2021, 5), Cap(CapKind.TOTAL, "", 2022, 50)],
)


def test_value_bound_counts_every_project_that_can_be_funded() -> None:
    assert trivial_bound(DATA, Objective.VALUE) == 2 + 5 + 1


def test_minimisation_bounds() -> None:
    assert trivial_bound(DATA, Objective.DELAY) == 0
    # Under value, only the started and the must-fund project are sure; "must" ends 2023
    # or later, "started" ends in 2022.
    assert trivial_bound(DATA, Objective.COMPLETION, (Objective.VALUE,)) == 2023
    # Funding everything, "free" counts too (its planned end is 2022).
    assert trivial_bound(DATA, Objective.COMPLETION, (Objective.COMPLETION,)) == 2023
    # Only "started" cannot move: 10 in 2021 against a cap of 5, 10 - 50 in 2022, and 0 in
    # the uncapped 2023 and 2024.
    assert trivial_bound(DATA, Objective.LEVEL) == 5


def test_completion_without_sure_projects_is_before_the_horizon() -> None:
    data = ProblemData([Project("a", 10, 2021, 2021)], (2020, 2022))
    assert trivial_bound(data, Objective.COMPLETION, (Objective.VALUE,)) == 2019
    assert trivial_bound(data, Objective.LEVEL, (Objective.VALUE,)) == 0


def test_clamp_keeps_bounds_between_trivial_and_found() -> None:
    assert clamp_bound(DATA, Objective.VALUE, 174, 6) == 8
    assert clamp_bound(DATA, Objective.VALUE, 7, 6) == 7
    assert clamp_bound(DATA, Objective.VALUE, 5, 6) == 6
    assert clamp_bound(DATA, Objective.DELAY, -3, 4) == 0
    assert clamp_bound(DATA, Objective.DELAY, 9, 4) == 4
    assert clamp_bound(DATA, Objective.LEVEL, 2, 30) == 5
    assert clamp_bound(DATA, Objective.LEVEL, 12, 30) == 12


def test_the_level_bound_follows_spanning_total_caps() -> None:
    # "started" spends 10 a period over 0-3 for sure; the cap over 0-5 allows 25: excess 15.
    data = ProblemData(
        [Project("started", 40, 0, 3), Project("free", 20, 2, 3)],
        (0, 5),
        as_of=1,
        caps=[Cap(CapKind.TOTAL, "", 0, 25, last_period=5)],
    )
    assert trivial_bound(data, Objective.LEVEL) == 15
