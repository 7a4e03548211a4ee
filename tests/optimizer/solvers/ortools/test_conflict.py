"""Minimal conflicting sets from assumptions and deletion filtering."""

from __future__ import annotations

from optimizer import (
    Cap,
    CapKind,
    ConstraintFamily,
    ConstraintRef,
    Link,
    ProblemData,
    Project,
    SolveParams,
)
from optimizer.solvers.ortools import find_conflict


def test_feasible_scenario_has_no_conflict() -> None:
    data = ProblemData([Project("A", 10, 2021, 2021)], (2021, 2021))
    assert find_conflict(data, SolveParams().objective_order, SolveParams()) is None


def test_conflict_names_the_cap_and_the_fixed_project() -> None:
    data = ProblemData(
        [
            Project("A", 80, 2022, 2022, locked=True, must_fund=True),
            Project("B", 10, 2021, 2021, max_delay=0),
            Project("C", 10, 2023, 2023),
        ],
        (2021, 2023),
        caps=[Cap(CapKind.TOTAL, "", 2022, 50)],
        links=[Link("B", "C")],
    )
    found = find_conflict(data, SolveParams().objective_order, SolveParams())
    assert found is not None
    members, minimal = found
    assert minimal
    assert set(members) == {
        ConstraintRef(ConstraintFamily.CAP, "", 2022, "total"),
        ConstraintRef(ConstraintFamily.LOCK, "A"),
        ConstraintRef(ConstraintFamily.MUST_FUND, "A"),
    }


def test_conflict_through_a_link() -> None:
    # A cannot end before 2022, so B (not movable) cannot start in 2023 after a lag of 1.
    data = ProblemData(
        [Project("A", 10, 2021, 2022), Project("B", 10, 2023, 2023, max_delay=0)],
        (2021, 2023),
        as_of=2022,
        links=[Link("A", "B", lag=1)],
    )
    found = find_conflict(data, SolveParams().objective_order, SolveParams())
    assert found is not None
    assert set(found[0]) == {
        ConstraintRef(ConstraintFamily.LINK, "A→B"),
        ConstraintRef(ConstraintFamily.REQUIRED, "B"),
    }


def test_conflict_through_history() -> None:
    # A started in 2021 and spends 50 in 2022 against a cap of 40; moved two periods it
    # would fit, but history keeps it where it is.
    data = ProblemData(
        [Project("A", 100, 2021, 2022)],
        (2021, 2024),
        as_of=2022,
        caps=[Cap(CapKind.TOTAL, "", 2022, 40)],
    )
    found = find_conflict(data, SolveParams().objective_order, SolveParams())
    assert found is not None
    assert set(found[0]) == {
        ConstraintRef(ConstraintFamily.HISTORY, "A"),
        ConstraintRef(ConstraintFamily.CAP, "", 2022, "total"),
    }
