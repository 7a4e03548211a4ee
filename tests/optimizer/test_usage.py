"""Schedules from options, and cap usage with its binding rule."""

from __future__ import annotations

from optimizer import Cap, CapKind, ProblemData, Project, planned_schedules
from optimizer.usage import cap_usage, smallest_steps


def test_planned_schedules_leave_excluded_projects_unfunded() -> None:
    data = ProblemData(
        [Project("A", 10, 2021, 2022), Project("X", 5, 2021, 2021, excluded=True)], (2021, 2023)
    )
    schedules = planned_schedules(data)
    assert schedules["A"].spend == {2021: 5, 2022: 5} and schedules["A"].funded
    assert not schedules["X"].funded and schedules["X"].spend == {}


def test_binding_means_not_even_the_smallest_step_fits() -> None:
    data = ProblemData(
        [
            Project("A", 60, 2021, 2021, regions={"R": 1}),
            Project("B", 30, 2021, 2021, regions={"R": 1}),
        ],
        (2021, 2022),
        as_of=2021,
        caps=[
            Cap(CapKind.TOTAL, "", 2021, 80),
            Cap(CapKind.TOTAL, "", 2022, 200),
            Cap(CapKind.REGION, "Q", 2021, 0),
        ],
    )
    steps = smallest_steps(data)
    assert steps[(CapKind.TOTAL, "", 2021, 2021)] == 30
    usage = cap_usage(data, planned_schedules(data))
    first, second, nobody = usage
    assert (first.used, first.slack, first.step) == (90, -10, 30)
    assert first.binding  # 10 over: nothing more fits
    assert second.used == 0 and second.step == 30 and not second.binding
    assert nobody.step is None and not nobody.binding  # no project can spend there


def test_history_caps_are_reported_not_enforced() -> None:
    data = ProblemData(
        [Project("A", 50, 2021, 2021)],
        (2021, 2022),
        as_of=2022,
        caps=[Cap(CapKind.TOTAL, "", 2021, 10)],
    )
    (usage,) = cap_usage(data, planned_schedules(data))
    assert not usage.enforced and usage.used == 50 and not usage.binding


def test_a_spanning_cap_adds_up_its_periods_and_its_step_is_an_options_sum_there() -> None:
    data = ProblemData(
        [Project("A", 40, 0, 3), Project("B", 12, 2, 4, max_delay=0)],
        (0, 7),
        caps=[Cap(CapKind.TOTAL, "", 0, 50, last_period=3), Cap(CapKind.TOTAL, "", 4, 99)],
    )
    steps = smallest_steps(data)
    # B's only option puts 4 + 4 in periods 2-3; A's smallest, delayed to start at 3, puts 10.
    assert steps[(CapKind.TOTAL, "", 0, 3)] == 8
    year, after = cap_usage(data, planned_schedules(data))
    assert (year.period, year.last_period, year.used, year.slack) == (0, 3, 48, 2)
    assert year.binding and year.label == "total 0..3"  # not even B's 8 more would fit
    assert (after.last_period, after.used, after.binding) == (None, 4, False)
