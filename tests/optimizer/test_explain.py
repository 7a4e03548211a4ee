"""Explanations: delays, infeasibility, and rebuilding a scenario from a conflict."""

from __future__ import annotations

import dataclasses

from optimizer import (
    Cap,
    CapKind,
    ConcurrencyLimit,
    ConstraintFamily,
    ConstraintRef,
    FlexibleShares,
    Link,
    Objective,
    ProblemData,
    Project,
    SolveParams,
    SolveStatus,
    explain_infeasibility,
    keep_only,
    solve,
)
from optimizer.explain import without_bystanders


def test_delayed_project_names_the_full_cap_limit_and_link() -> None:
    data = ProblemData(
        [
            Project("A", 60, 2021, 2021, priority=3, regions={"R": 1}, units=("u",)),
            Project("B", 60, 2021, 2021, regions={"R": 1}, units=("u",)),
            Project("C", 10, 2021, 2021, priority=0),
        ],
        (2021, 2023),
        caps=[Cap(CapKind.REGION, "R", p, 100) for p in range(2021, 2024)],
        concurrency=[ConcurrencyLimit("unit", "u", 1)],  # type: ignore[arg-type]
        links=[Link("B", "C")],
    )
    result = solve(data)
    delays = {d.project_id: d for d in result.delays}
    assert set(delays) == {"B", "C"}
    b = delays["B"]
    assert [(u.key, u.period) for u in b.full_caps] == [("R", 2021)]
    assert b.full_concurrency == (("unit", "u", 2021),)
    assert "Project B starts 1 period(s) late" in b.message and "region R 2021" in b.message
    assert delays["C"].late_predecessors == ("B→C (predecessor ends 2022, lag 0)",)
    assert result.messages() == tuple(d.message for d in result.delays)


def test_move_without_a_full_constraint_is_put_down_to_the_objectives() -> None:
    data = ProblemData([Project("A", 40, 2021, 2021), Project("B", 40, 2021, 2021)], (2021, 2022))
    result = solve(data, SolveParams(objectives=[Objective.LEVEL]))
    (moved,) = result.delays
    assert moved.full_caps == () and "objectives" in moved.message


def test_infeasible_solve_carries_its_explanation() -> None:
    data = ProblemData(
        [Project("A", 80, 2022, 2022, must_fund=True, max_delay=0)],
        (2021, 2023),
        caps=[Cap(CapKind.TOTAL, "", 2022, 50)],
    )
    result = solve(data, SolveParams(objectives=[Objective.VALUE]))
    assert result.status is SolveStatus.INFEASIBLE and result.schedules == {}
    assert result.infeasibility is not None and result.infeasibility.minimal
    assert result.infeasibility.members == (
        ConstraintRef(ConstraintFamily.CAP, "", 2022, "total"),
        ConstraintRef(ConstraintFamily.MUST_FUND, "A"),
    )
    assert result.messages()[0].startswith("These 2 constraints cannot all hold")
    assert "budget cap on total in 2022" in result.infeasibility.message
    quiet = solve(data, SolveParams(objectives=[Objective.VALUE], explain=False))
    assert quiet.infeasibility is None
    assert explain_infeasibility(ProblemData([], (2021, 2021))) is None


def test_keep_only_rebuilds_the_named_constraints() -> None:
    data = ProblemData(
        [
            Project("A", 80, 2021, 2022),
            Project("B", 10, 2022, 2022, locked=True),
            Project("C", 10, 2023, 2023),
        ],
        (2021, 2023),
        as_of=2022,
        caps=[Cap(CapKind.TOTAL, "", p, 50) for p in range(2021, 2024)],
        concurrency=[ConcurrencyLimit("unit", "u", 1)],  # type: ignore[arg-type]
        links=[Link("B", "C")],
    )
    members = [
        ConstraintRef(ConstraintFamily.HISTORY, "A"),
        ConstraintRef(ConstraintFamily.CAP, "", 2023, "total"),
        ConstraintRef(ConstraintFamily.CONCURRENCY, "u", 2022, "unit"),
        ConstraintRef(ConstraintFamily.REQUIRED, "C"),
    ]
    kept = keep_only(data, members, (Objective.DELAY,))
    assert kept.as_of == 2021 and kept.links == ()
    assert [c.period for c in kept.caps] == [2023]
    assert [(c.key, c.period) for c in kept.concurrency] == [("u", 2022)]
    flags = {p.id: (p.must_fund, p.locked) for p in kept.projects}
    assert flags == {"A": (True, True), "B": (False, False), "C": (True, False)}


def test_a_full_spanning_cap_explains_a_delay_and_a_conflict() -> None:
    data = ProblemData(
        [Project("A", 40, 0, 3, priority=2), Project("B", 40, 0, 3)],
        (0, 7),
        caps=[Cap(CapKind.TOTAL, "", 0, 60, last_period=3), Cap(CapKind.TOTAL, "", 0, 99)],
    )
    result = solve(data)
    (delay,) = result.delays
    assert delay.project_id == "B"
    # B's planned 40 over 0-3 does not fit beside A's 40 under 60; period 0 alone has room.
    assert [(u.period, u.last_period) for u in delay.full_caps] == [(0, 3)]
    assert "the cap on total 0..3 was full (60 of 60 used)" in delay.message
    stuck = dataclasses.replace(
        data, projects=[dataclasses.replace(p, max_delay=0) for p in data.projects]
    )
    infeasible = solve(stuck, SolveParams(objectives=[Objective.DELAY]))
    assert infeasible.infeasibility is not None
    spanning = ConstraintRef(ConstraintFamily.CAP, "", 0, "total", last_period=3)
    assert spanning in infeasible.infeasibility.members
    assert ConstraintRef(ConstraintFamily.CAP, "", 0, "total") not in (
        infeasible.infeasibility.members
    )
    assert "budget cap on total in 0..3" in infeasible.infeasibility.message
    kept = keep_only(stuck, [spanning], (Objective.DELAY,))
    assert [cap.ident for cap in kept.caps] == [(CapKind.TOTAL, "", 0, 3)]


def test_constraint_refs_sort_with_and_without_a_last_period() -> None:
    refs = [
        ConstraintRef(ConstraintFamily.CAP, "", 0, "total", last_period=3),
        ConstraintRef(ConstraintFamily.MUST_FUND, "A"),
        ConstraintRef(ConstraintFamily.CAP, "", 0, "total"),
    ]
    assert sorted(refs) == [refs[2], refs[0], refs[1]]


def test_projects_that_can_take_part_in_no_conflict_are_left_out() -> None:
    data = ProblemData(
        [
            Project("capped", 80, 2022, 2022, max_delay=0),
            Project("free", 80, 2021, 2021, max_delay=0),
            Project("limited", 10, 2021, 2021, units=("u",)),
            Project("linked", 10, 2021, 2021),
            Project("after", 10, 2023, 2023),
            # Could move into the capped year if its lock were dropped.
            Project("locked", 10, 2021, 2021, locked=True),
            Project("flexible", 1, 2021, 2022, flexible=FlexibleShares(0, 10_000)),
        ],
        (2021, 2023),
        caps=[Cap(CapKind.TOTAL, "", 2022, 50)],
        concurrency=[ConcurrencyLimit("unit", "u", 1)],  # type: ignore[arg-type]
        links=[Link("linked", "after")],
    )
    kept = without_bystanders(data)
    assert [p.id for p in kept.projects] == [
        "capped",
        "limited",
        "linked",
        "after",
        "locked",
        "flexible",
    ]
    assert (kept.caps, kept.concurrency, kept.links) == (data.caps, data.concurrency, data.links)
    explained = explain_infeasibility(data)
    assert explained is not None and explained.minimal
    assert explained.members == (
        ConstraintRef(ConstraintFamily.CAP, "", 2022, "total"),
        ConstraintRef(ConstraintFamily.REQUIRED, "capped"),
    )
    alone = ProblemData([Project("free", 80, 2021, 2021)], (2021, 2023))
    assert without_bystanders(alone).projects == () and explain_infeasibility(alone) is None
