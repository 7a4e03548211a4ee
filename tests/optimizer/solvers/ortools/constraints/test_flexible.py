"""Flexible spend in the CP-SAT model on tiny instances with known answers."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from optimizer import (
    Cap,
    CapKind,
    ConcurrencyKind,
    ConcurrencyLimit,
    FlexibleShares,
    Link,
    Objective,
    ProblemData,
    Project,
    SolveParams,
    SolveStatus,
    apportion,
    greedy,
    solve,
    validate,
)
from optimizer.options import all_options
from optimizer.solvers.ortools import CpSatModel
from optimizer.solvers.ortools.constraints.cumulative import plan_scheduling_view

SHARES = FlexibleShares(1000, 6000)  # each active year 10%-60% of the total


def test_a_cut_is_met_by_moving_money_within_the_window_not_by_delay() -> None:
    # Even: 30/30/30 in 2021-2023; a cap of 20 in 2022 would delay an even project.
    project = Project("A", 90, 2021, 2023, flexible=SHARES)
    data = ProblemData([project], (2021, 2025), caps=[Cap(CapKind.TOTAL, "", 2022, 20)])
    result = solve(data)
    schedule = result.schedules["A"]
    assert (schedule.delay, schedule.stretch) == (0, 0)
    assert schedule.spend[2022] <= 20 and sum(schedule.spend.values()) == 90
    assert all(9 <= amount <= 54 for amount in schedule.spend.values())
    even = ProblemData([Project("A", 90, 2021, 2023)], data.horizon, caps=data.caps)
    assert solve(even).schedules["A"].delay == 2  # 2022 must be left out of its window


def test_the_minimum_share_is_kept_in_every_active_year() -> None:
    # A cap of 8 in 2022 is below the 9 万元 minimum (10% of 90): the project must move.
    project = Project("A", 90, 2021, 2023, flexible=SHARES)
    data = ProblemData([project], (2021, 2025), caps=[Cap(CapKind.TOTAL, "", 2022, 8)])
    schedule = solve(data).schedules["A"]
    assert schedule.start == 2023


def test_level_uses_the_chosen_amounts() -> None:
    # Levelling 100 over 2021-2022 beside B's fixed 40 in 2021: A puts 30 / 70.
    data = ProblemData(
        [
            Project("A", 100, 2021, 2022, flexible=FlexibleShares(0, 10_000), max_delay=0),
            Project("B", 40, 2021, 2021, max_delay=0),
        ],
        (2021, 2022),
    )
    result = solve(data, SolveParams(objectives=[Objective.LEVEL]))
    assert result.objective_values() == (70,)
    assert result.schedules["A"].spend == {2021: 30, 2022: 70}


def test_county_caps_see_the_largest_remainder_split_of_the_chosen_amount() -> None:
    # Three equal counties: 10 万元 splits 4/3/3 (the extra to the first name), so a cap of 3
    # on "a" holds only amounts whose "a" part is ≤ 3: at most 9 in that year.
    project = Project(
        "A", 30, 2021, 2022, regions={"c": 1, "a": 1, "b": 1}, flexible=FlexibleShares()
    )
    data = ProblemData(
        [project],
        (2021, 2022),
        caps=[Cap(CapKind.REGION, "a", 2021, 3)],
        cities={"a": "X", "b": "X", "c": "Y"},
    )
    result = solve(data, SolveParams(objectives=[Objective.DELAY, Objective.LEVEL]))
    schedule = result.schedules["A"]
    assert validate(data, result) == []
    assert apportion(schedule.spend[2021], project.regions)["a"] <= 3
    # Levelling would put 15 in each year; the cap allows at most 9 (3/3/3) in 2021.
    assert schedule.spend == {2021: 9, 2022: 21}
    usage = {(u.kind, u.key, u.period): u.used for u in result.cap_usage}
    assert usage[(CapKind.REGION, "a", 2021)] == 3


def test_city_caps_sum_the_counties_parts() -> None:
    project = Project("A", 20, 2021, 2022, regions={"a": 2, "b": 1}, flexible=FlexibleShares())
    data = ProblemData(
        [project],
        (2021, 2022),
        caps=[Cap(CapKind.CITY, "X", 2021, 5)],
        cities={"a": "X", "b": "Y"},
    )
    result = solve(data, SolveParams(objectives=[Objective.DELAY, Objective.LEVEL]))
    assert validate(data, result) == []
    assert apportion(result.schedules["A"].spend[2021], project.regions)["a"] <= 5
    assert result.schedules["A"].spend == {2021: 8, 2022: 12}  # 8 → a 5, b 3 (16/3 = 5.33)


def test_plan_and_table_caps_apply_to_the_chosen_amounts() -> None:
    project = Project("A", 50, 2021, 2022, table="p/附件1", plan="p", flexible=FlexibleShares())
    for kind, key in ((CapKind.PLAN, "p"), (CapKind.TABLE, "p/附件1")):
        data = ProblemData([project], (2021, 2022), caps=[Cap(kind, key, 2022, 10)])
        result = solve(data)
        assert result.schedules["A"].delay == 0 and result.schedules["A"].spend[2022] <= 10


def test_a_started_flexible_project_spends_its_even_spread() -> None:
    project = Project("A", 90, 2021, 2023, flexible=SHARES)
    data = ProblemData([project], (2021, 2023), as_of=2022, caps=[Cap(CapKind.TOTAL, "", 2022, 10)])
    result = solve(data)
    assert result.status is SolveStatus.INFEASIBLE  # history: 30 in 2022 as planned
    assert result.infeasibility is not None
    assert {ref.family.value for ref in result.infeasibility.members} == {"cap", "history"}
    roomy = ProblemData([project], (2021, 2023), as_of=2022)
    assert solve(roomy).schedules["A"].spend == {2021: 30, 2022: 30, 2023: 30}


def test_a_locked_flexible_project_keeps_its_years_but_chooses_its_amounts() -> None:
    project = Project("A", 90, 2021, 2023, flexible=SHARES, locked=True)
    data = ProblemData([project], (2021, 2025), caps=[Cap(CapKind.TOTAL, "", 2021, 10)])
    schedule = solve(data).schedules["A"]
    assert (schedule.start, schedule.end) == (2021, 2023) and schedule.spend[2021] <= 10


def test_stretch_concurrency_and_links_use_the_window() -> None:
    # Caps of 40 in 2021 and 2022 hold 80 of A's 100: only stretched to 2023 does A fit
    # (20%-100% a year); B shares A's unit and C follows A, so both wait until 2024.
    data = ProblemData(
        [
            Project(
                "A",
                100,
                2021,
                2022,
                flexible=FlexibleShares(2000, 10_000),
                max_stretch=1,
                max_delay=0,
                units=("u",),
            ),
            Project("B", 10, 2021, 2021, units=("u",)),
            Project("C", 10, 2021, 2021),
        ],
        (2021, 2024),
        links=[Link("A", "C")],
        concurrency=[ConcurrencyLimit(ConcurrencyKind.UNIT, "u", 1)],
        caps=[Cap(CapKind.TOTAL, "", 2021, 40), Cap(CapKind.TOTAL, "", 2022, 40)],
    )
    result = solve(data)
    assert validate(data, result) == []
    a, b, c = (result.schedules[key] for key in "ABC")
    assert (a.stretch, a.end) == (1, 2023)
    assert a.spend[2021] <= 40 and a.spend[2022] <= 40 and a.spend[2023] >= 20
    assert b.start == 2024 and c.start == 2024


def test_flexible_projects_stay_out_of_the_cumulative_view() -> None:
    fixed = [Project(f"F{i}", 20, 2021, 2021, regions={"R": 1}) for i in range(3)]
    flexible = Project("X", 40, 2021, 2022, regions={"R": 1}, flexible=FlexibleShares())
    caps = [Cap(CapKind.REGION, "R", period, 30) for period in range(2021, 2025)]
    data = ProblemData([*fixed, flexible], (2021, 2024), caps=caps)
    plan = plan_scheduling_view(data, all_options(data), (Objective.DELAY,))
    assert plan is not None
    assert "X" not in plan.lengths
    assert plan.covered == frozenset()  # X spends in R, so the linear caps stay
    result = solve(data)
    assert validate(data, result) == []
    assert sum(schedule.spend.get(2021, 0) for schedule in result.schedules.values()) <= 30


def test_greedy_treats_a_flexible_project_as_even_and_passes_the_validator() -> None:
    project = Project("A", 90, 2021, 2023, flexible=SHARES)
    data = ProblemData([project], (2021, 2025), caps=[Cap(CapKind.TOTAL, "", 2022, 20)])
    baseline = greedy(data)
    assert baseline is not None and validate(data, baseline) == []
    assert baseline.schedules["A"].delay == 2 and baseline.schedules["A"].spend[2023] == 30
    assert solve(data).schedules["A"].delay == 0  # the solver does better


@pytest.mark.parametrize(
    "weights",
    [
        {"a": 1, "b": 1, "c": 1},
        {"c": 3, "b": 2, "a": 1},
        {"b": 1, "a": 2},
        {"x": 5, "y": 7, "z": 11, "w": 2},
    ],
)
def test_the_models_county_split_is_exactly_the_largest_remainder_rule(
    weights: dict[str, int],
) -> None:
    # One period at 100%: the amount is the total, and each county's part must be the one
    # ``apportion`` gives (ties to the name that sorts first), never another rounding.
    for total in range(41):
        project = Project("A", total, 2021, 2021, regions=weights, flexible=FlexibleShares())
        data = ProblemData([project], (2021, 2021), cities={name: "C" for name in weights})
        built = CpSatModel(data, (Objective.DELAY,))
        scopes = built.variables.flexible_scopes["A"]
        expected = apportion(total, weights)
        # Pushing each part up and down proves it has no other value.
        for name in weights:
            part = scopes[(CapKind.REGION, name)][2021]
            for push in (built.model.maximize, built.model.minimize):
                push(part)
                solver = cp_model.CpSolver()
                assert solver.solve(built.model) == cp_model.OPTIMAL
                assert solver.value(part) == expected[name], (total, name)
        assert solver.value(scopes[(CapKind.CITY, "C")][2021]) == total
