"""The priority-list baseline."""

from __future__ import annotations

from optimizer import (
    Cap,
    CapKind,
    Link,
    Objective,
    ProblemData,
    Project,
    SolveStatus,
    greedy,
    greedy_choice,
    validate,
)
from optimizer.greedy import priority_order


def test_order_puts_fixed_first_then_priority_and_respects_links() -> None:
    data = ProblemData(
        [
            Project("low", 10, 2021, 2021, priority=1),
            Project("high", 10, 2022, 2022, priority=5),
            Project("fixed", 10, 2023, 2023, locked=True, priority=0),
            Project("after", 10, 2022, 2022, priority=9),
        ],
        (2021, 2025),
        links=[Link("low", "after")],
    )
    assert [p.id for p in priority_order(data)] == ["fixed", "high", "low", "after"]


def test_each_project_takes_its_earliest_fitting_option() -> None:
    data = ProblemData(
        [Project("A", 60, 2021, 2021, priority=2), Project("B", 60, 2021, 2021, max_stretch=1)],
        (2021, 2023),
        caps=[Cap(CapKind.TOTAL, "", p, 100) for p in range(2021, 2024)],
    )
    result = greedy(data)
    assert result is not None and result.status is SolveStatus.FEASIBLE
    assert result.schedules["A"].delay == 0
    # B whole (60) does not fit the 40 left in 2021; stretched (30 + 30) it does.
    assert (result.schedules["B"].delay, result.schedules["B"].stretch) == (0, 1)
    assert validate(data, result) == []
    # B finishes one period late: the delay objective counts the stretch.
    assert result.levels[0].value == 1 and result.levels[0].bound is None


def test_a_project_takes_the_option_that_finishes_earliest() -> None:
    # 20 are left in 2021: B stretched over three periods (20 a period) would fit, but it
    # finishes two periods late; started a period late it finishes one period late.
    data = ProblemData(
        [Project("A", 80, 2021, 2021, priority=2), Project("B", 60, 2021, 2021, max_stretch=2)],
        (2021, 2023),
        caps=[Cap(CapKind.TOTAL, "", p, 100) for p in range(2021, 2024)],
    )
    result = greedy(data)
    assert result is not None
    assert (result.schedules["B"].delay, result.schedules["B"].stretch) == (1, 0)
    assert result.levels[0].value == 1


def test_fails_when_a_required_project_finds_no_room_and_drops_optional_ones() -> None:
    data = ProblemData(
        [Project("A", 60, 2021, 2021, max_delay=0), Project("B", 60, 2021, 2021, max_delay=0)],
        (2021, 2021),
        caps=[Cap(CapKind.TOTAL, "", 2021, 100)],
    )
    assert greedy(data) is None
    chosen = greedy_choice(data, [Objective.VALUE])
    assert chosen is not None and chosen["A"] is not None and chosen["B"] is None


def test_successor_of_unfunded_predecessor_stays_unfunded() -> None:
    data = ProblemData(
        [Project("A", 60, 2021, 2021, max_delay=0), Project("B", 10, 2022, 2022)],
        (2021, 2022),
        caps=[Cap(CapKind.TOTAL, "", 2021, 10)],
        links=[Link("A", "B")],
    )
    result = greedy(data, [Objective.VALUE])
    assert result is not None
    assert not result.schedules["A"].funded and not result.schedules["B"].funded


def test_greedy_respects_a_cap_over_several_periods() -> None:
    # Each spends 10 a period for 4 periods; the first four periods may hold 60 in all.
    data = ProblemData(
        [Project("A", 40, 0, 3, priority=2), Project("B", 40, 0, 3)],
        (0, 7),
        caps=[Cap(CapKind.TOTAL, "", 0, 60, last_period=3)],
    )
    result = greedy(data)
    assert result is not None and validate(data, result) == []
    assert (result.schedules["A"].delay, result.schedules["B"].delay) == (0, 2)
    assert result.cap_usage[0].used == 60
