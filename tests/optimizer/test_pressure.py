"""The order in which an explanation tries constraints: the most pressed first."""

from __future__ import annotations

from optimizer import (
    Cap,
    CapKind,
    ConcurrencyLimit,
    ConstraintFamily,
    ConstraintRef,
    ProblemData,
    Project,
    SolveParams,
    all_options,
)
from optimizer.pressure import likely_conflict_order
from optimizer.solvers.ortools import find_conflict


def _required(project_id: str) -> ConstraintRef:
    return ConstraintRef(ConstraintFamily.REQUIRED, project_id)


# Under a cap of 100 in 2022: A-D spend 40 there whatever they do, E 90; F can leave 2022.
CUT = ProblemData(
    [Project(name, 40, 2022, 2022, max_delay=0) for name in "ABCD"]
    + [Project("E", 90, 2022, 2022, max_delay=0), Project("F", 99, 2022, 2022, max_delay=1)],
    (2021, 2023),
    caps=[Cap(CapKind.TOTAL, "", 2022, 100), Cap(CapKind.TOTAL, "", 2023, 100)],
)
CAP_2022 = ConstraintRef(ConstraintFamily.CAP, "", 2022, "total")
CAP_2023 = ConstraintRef(ConstraintFamily.CAP, "", 2023, "total")


def test_the_largest_unavoidable_spender_and_the_most_pressed_cap_come_first() -> None:
    refs = sorted([CAP_2022, CAP_2023] + [_required(name) for name in "ABCDEF"])
    order = likely_conflict_order(CUT, all_options(CUT), refs)
    # 2022 must take 250 against 100, 2023 nothing; E takes 90% of 2022, A-D 40% each,
    # F none (it can move to 2023), ties in the refs' order.
    assert order == [CAP_2022, CAP_2023] + [_required(name) for name in "EABCDF"]


def test_a_share_of_an_overrun_cap_weighs_more_than_a_larger_one_of_a_cap_that_holds() -> None:
    data = ProblemData(
        [
            Project("A", 90, 2021, 2021, regions={"R": 1}, max_delay=0),
            Project("B", 30, 2022, 2022, max_delay=0),
            Project("C", 30, 2022, 2022, max_delay=0),
        ],
        (2021, 2022),
        caps=[Cap(CapKind.REGION, "R", 2021, 100), Cap(CapKind.TOTAL, "", 2022, 40)],
    )
    caps = [ConstraintRef.of_cap(cap) for cap in data.caps]
    refs = caps + [_required(name) for name in "ABC"]
    # A takes 90% of a cap that holds (90 of 100), B and C 75% of one overrun (60 of 40).
    assert likely_conflict_order(data, all_options(data), refs) == [caps[1], caps[0]] + [
        _required(name) for name in "BCA"
    ]


def test_the_conflict_found_is_the_few_large_projects() -> None:
    found = find_conflict(CUT, SolveParams().objective_order, SolveParams())
    assert found is not None
    # In the refs' own order A, B and C (120) would have been found.
    assert found == ((CAP_2022, _required("A"), _required("E")), True)


def test_a_limit_goes_by_the_projects_that_run_in_its_period_whatever_they_do() -> None:
    data = ProblemData(
        [
            Project("A", 10, 2021, 2022, regions={"R": 1}, max_delay=0),
            Project("B", 10, 2022, 2022, regions={"R": 1}, max_delay=1),
            Project("C", 10, 2022, 2023, regions={"R": 1}, max_delay=0),
        ],
        (2021, 2024),
        concurrency=[ConcurrencyLimit("region", "R", 1)],  # type: ignore[arg-type]
    )
    limits = [
        ConstraintRef(ConstraintFamily.CONCURRENCY, "R", p, "region") for p in range(2021, 2025)
    ]
    refs = limits + [_required(name) for name in "ABC"]
    order = likely_conflict_order(data, all_options(data), refs)
    # 2022: A and C run there whatever they do (B may move), 2021 and 2023 one each.
    assert order == [limits[1], limits[0], limits[2], limits[3]] + [
        _required(name) for name in "ACB"
    ]
