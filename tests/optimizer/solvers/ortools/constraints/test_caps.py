"""Budget caps on tiny instances with known answers."""

from __future__ import annotations

from optimizer import Cap, CapKind, Objective, ProblemData, Project, SolveParams, SolveStatus, solve
from optimizer.options import all_options
from optimizer.solvers.ortools.constraints.cumulative import plan_scheduling_view


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


def test_a_cap_over_four_periods_holds_their_sum() -> None:
    # Each project spends 10 a period over periods 0-3 (a "year" of quarters); the year may
    # hold 60 of their 80, so B keeps only two of its periods there: it starts 2 periods late.
    data = ProblemData(
        [Project("A", 40, 0, 3, priority=2), Project("B", 40, 0, 3)],
        (0, 7),
        caps=[Cap(CapKind.TOTAL, "", 0, 60, last_period=3)],
    )
    result = solve(data)
    assert result.status is SolveStatus.OPTIMAL
    assert (result.schedules["A"].delay, result.schedules["B"].delay) == (0, 2)
    (usage,) = result.cap_usage
    assert (usage.period, usage.last_period, usage.used) == (0, 3, 60)
    assert sum(a for p, a in result.schedules["B"].spend.items() if p <= 3) == 20


def test_a_spanning_cap_and_one_period_caps_of_the_same_scope_both_hold() -> None:
    # A spends 20 a period over 0-3, B 2 a period. The period caps of 25 alone let both run
    # as planned (22 a period) and would make R a cumulative resource that holds them
    # exactly; the cap of 85 over periods 0-3 (80 from A) leaves room for two of B's
    # periods, so B starts 2 periods late.
    data = ProblemData(
        [
            Project("A", 80, 0, 3, regions={"R": 1}, priority=2),
            Project("B", 8, 0, 3, regions={"R": 1}),
        ],
        (0, 7),
        caps=[
            *caps(CapKind.REGION, "R", 25, range(8)),
            Cap(CapKind.REGION, "R", 0, 85, last_period=3),
        ],
    )
    objectives = [Objective.DELAY]
    plan = plan_scheduling_view(data, all_options(data), objectives)
    assert plan is not None and plan.resources and not plan.covered and not plan.start_only
    result = solve(data, SolveParams(objectives=objectives))
    assert result.status is SolveStatus.OPTIMAL
    assert (result.schedules["A"].delay, result.schedules["B"].delay) == (0, 2)
    spent = {u.ident: u.used for u in result.cap_usage}
    assert spent[(CapKind.REGION, "R", 0, 3)] == 84
