"""Budget caps on tiny instances with known answers."""

from __future__ import annotations

from optimizer import Cap, CapKind, Objective, ProblemData, Project, SolveParams, SolveStatus, solve


def caps(kind: CapKind, key: str, amount: int, periods: range) -> list[Cap]:
    return [Cap(kind, key, period, amount) for period in periods]


def test_total_cap_delays_the_lower_priority_project() -> None:
    data = ProblemData(
        [Project("A", 100, 2021, 2021, priority=3), Project("B", 100, 2021, 2021, priority=1)],
        (2021, 2023),
        caps=caps(CapKind.TOTAL, "", 100, range(2021, 2024)),
    )
    result = solve(data)
    assert result.status is SolveStatus.OPTIMAL
    assert (result.schedules["A"].delay, result.schedules["B"].delay) == (0, 1)
    assert result.levels[0].value == 1


def test_region_cap_uses_the_apportioned_share() -> None:
    # A puts 2/3 of 90 = 60 in R; B puts all its 50 in R: 110 > 100, so one moves.
    data = ProblemData(
        [
            Project("A", 90, 2021, 2021, regions={"R": 2, "S": 1}, priority=2),
            Project("B", 50, 2021, 2021, regions={"R": 1}),
        ],
        (2021, 2022),
        caps=caps(CapKind.REGION, "R", 100, range(2021, 2023)),
    )
    result = solve(data)
    assert result.schedules["B"].delay == 1 and result.schedules["A"].delay == 0
    usage = {(u.key, u.period): u.used for u in result.cap_usage}
    assert usage == {("R", 2021): 60, ("R", 2022): 50}
    roomy = ProblemData(
        data.projects, data.horizon, caps=caps(CapKind.REGION, "R", 110, range(2021, 2023))
    )
    assert solve(roomy).levels[0].value == 0


def test_city_cap_sums_its_counties() -> None:
    data = ProblemData(
        [
            Project("A", 40, 2021, 2021, regions={"丰泽区": 1}),
            Project("B", 40, 2021, 2021, regions={"晋江市": 1}),
            Project("C", 40, 2021, 2021, regions={"思明区": 1}),
        ],
        (2021, 2022),
        cities={"丰泽区": "泉州市", "晋江市": "泉州市", "思明区": "厦门市"},
        caps=caps(CapKind.CITY, "泉州市", 60, range(2021, 2023)),
    )
    result = solve(data)
    delays = {pid: s.delay for pid, s in result.schedules.items()}
    assert sorted((delays["A"], delays["B"])) == [0, 1] and delays["C"] == 0


def test_table_cap_and_stretch_to_fit() -> None:
    # 60 over one period does not fit 40, but stretched over two periods (30 + 30) it does.
    data = ProblemData(
        [Project("A", 60, 2021, 2021, table="附件1", max_stretch=1, max_delay=0)],
        (2021, 2022),
        caps=caps(CapKind.TABLE, "附件1", 40, range(2021, 2023)),
    )
    result = solve(data)
    assert result.schedules["A"].stretch == 1
    assert result.schedules["A"].spend == {2021: 30, 2022: 30}


def test_zero_cap_makes_a_required_project_infeasible_and_value_drops_it() -> None:
    data = ProblemData(
        [Project("A", 10, 2021, 2021, max_delay=0)],
        (2021, 2021),
        caps=caps(CapKind.TOTAL, "", 0, range(2021, 2022)),
    )
    assert solve(data).status is SolveStatus.INFEASIBLE
    result = solve(data, SolveParams(objectives=[Objective.VALUE]))
    assert result.status is SolveStatus.OPTIMAL and not result.schedules["A"].funded


def test_zero_total_projects_never_hit_caps() -> None:
    data = ProblemData(
        [Project("A", 0, 2021, 2021)],
        (2021, 2021),
        caps=caps(CapKind.TOTAL, "", 0, range(2021, 2022)),
    )
    assert solve(data).schedules["A"].funded


def test_plan_cap_sums_the_plans_tables() -> None:
    data = ProblemData(
        [
            Project("A", 40, 2021, 2021, table="p/附件1", plan="p", priority=2),
            Project("B", 40, 2021, 2021, table="p/附件2", plan="p"),
            Project("C", 40, 2021, 2021, table="q/表1", plan="q"),
        ],
        (2021, 2022),
        caps=caps(CapKind.PLAN, "p", 60, range(2021, 2023)),
    )
    result = solve(data)
    assert {pid: s.delay for pid, s in result.schedules.items()} == {"A": 0, "B": 1, "C": 0}
    assert [(u.key, u.period, u.used) for u in result.cap_usage] == [
        ("p", 2021, 40),
        ("p", 2022, 40),
    ]
