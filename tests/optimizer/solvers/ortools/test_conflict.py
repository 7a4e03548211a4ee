"""Minimal conflicting sets: QuickXplain on checks with the switches fixed."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import pytest

from optimizer import (
    Cap,
    CapKind,
    ConstraintFamily,
    ConstraintRef,
    Link,
    ProblemData,
    Project,
    SolveParams,
    SolveStatus,
)
from optimizer.solvers.ortools import CpSatModel, conflict, find_conflict

# A locked must-fund project spends 80 in 2022 under a cap of 50 (B and C are beside it).
LOCKED_OVER_CAP = ProblemData(
    [
        Project("A", 80, 2022, 2022, locked=True, must_fund=True),
        Project("B", 10, 2021, 2021, max_delay=0),
        Project("C", 10, 2023, 2023),
    ],
    (2021, 2023),
    caps=[Cap(CapKind.TOTAL, "", 2022, 50)],
    links=[Link("B", "C")],
)


def test_feasible_scenario_has_no_conflict() -> None:
    data = ProblemData([Project("A", 10, 2021, 2021)], (2021, 2021))
    assert find_conflict(data, SolveParams().objective_order, SolveParams()) is None


def test_conflict_names_the_cap_and_the_fixed_project() -> None:
    data = LOCKED_OVER_CAP
    found = find_conflict(data, SolveParams().objective_order, SolveParams())
    assert found is not None
    members, minimal = found
    assert minimal
    assert set(members) == {
        ConstraintRef(ConstraintFamily.CAP, "", 2022, "total"),
        ConstraintRef(ConstraintFamily.LOCK, "A"),
        ConstraintRef(ConstraintFamily.MUST_FUND, "A"),
    }


# A cannot end before 2022, so B (not movable) cannot start in 2023 after a lag of 1.
LINKED_TOO_LATE = ProblemData(
    [Project("A", 10, 2021, 2022), Project("B", 10, 2023, 2023, max_delay=0)],
    (2021, 2023),
    as_of=2022,
    links=[Link("A", "B", lag=1)],
)


def test_conflict_through_a_link() -> None:
    found = find_conflict(LINKED_TOO_LATE, SolveParams().objective_order, SolveParams())
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


class _Oracle:
    """Infeasible exactly when every member of one of ``conflicts`` is enforced; ``slow``
    sets get no answer in time."""

    def __init__(
        self, *conflicts: set[ConstraintRef], slow: Sequence[set[ConstraintRef]] = ()
    ) -> None:
        self.conflicts = conflicts
        self.slow = slow
        self.params = SolveParams()
        self.asked: list[tuple[frozenset[ConstraintRef], float]] = []

    def status(self, enforced: Iterable[ConstraintRef], time_limit: float) -> SolveStatus:
        enforced = frozenset(enforced)
        self.asked.append((enforced, time_limit))
        if enforced in self.slow:
            return SolveStatus.TIMED_OUT
        if any(c <= enforced for c in self.conflicts):
            return SolveStatus.INFEASIBLE
        return SolveStatus.FEASIBLE


def _refs(n: int) -> list[ConstraintRef]:
    return [ConstraintRef(ConstraintFamily.MUST_FUND, f"P{i:03}") for i in range(n)]


@pytest.mark.parametrize("slots", [1, 2])
def test_shrinking_finds_the_conflict_with_one_or_two_checks_at_once(slots: int) -> None:
    refs = _refs(150)
    wanted = {refs[3], refs[77], refs[140]}
    oracle = _Oracle(wanted)
    found, exact = conflict._shrink(oracle, refs, slots, first_limit=7.0)
    assert found is not None and set(found) == wanted and exact
    # The whole set is asked first, with the full time; dropping members one by one would
    # ask 150 times.
    assert oracle.asked[0] == (frozenset(refs), 7.0)
    assert all(limit == oracle.params.explain_time_limit for _, limit in oracle.asked[1:])
    assert len(oracle.asked) < 50 * slots


@pytest.mark.parametrize("slots", [1, 2])
def test_shrinking_returns_one_conflict_none_of_it_droppable(slots: int) -> None:
    refs = _refs(40)
    oracle = _Oracle({refs[1], refs[30]}, {refs[5], refs[6], refs[7]})
    found, _exact = conflict._shrink(oracle, refs, slots, first_limit=1.0)
    assert found is not None
    assert oracle.status(found, 1.0) is SolveStatus.INFEASIBLE
    for ref in found:
        assert oracle.status(set(found) - {ref}, 1.0) is SolveStatus.FEASIBLE
    assert conflict._shrink(_Oracle({refs[1]}), refs[2:], slots, 1.0) == (None, True)


@pytest.mark.parametrize("slots", [1, 2])
def test_answers_out_of_time_keep_members_but_not_the_proof(slots: int) -> None:
    refs = _refs(6)
    # Only the whole set is answered: every smaller one counts as holding, so every
    # member stays in, where {P000, P001} alone would have been found.
    smaller = [set(subset) for size in range(6) for subset in itertools.combinations(refs, size)]
    oracle = _Oracle({refs[0], refs[1]}, slow=smaller)
    found, exact = conflict._shrink(oracle, refs, slots, first_limit=1.0)
    assert found is not None and set(found) == set(refs) and not exact
    assert conflict._shrink(_Oracle({refs[0], refs[1]}), refs, slots, 1.0)[1]


@pytest.mark.parametrize("data", [LOCKED_OVER_CAP, LINKED_TOO_LATE], ids=["cap", "link"])
def test_every_member_of_the_conflict_is_needed(data: ProblemData) -> None:
    objectives = SolveParams().objective_order
    found = find_conflict(data, objectives, SolveParams())
    assert found is not None
    members = list(found[0])
    checker = conflict._Checker(CpSatModel(data, objectives, explain=True), SolveParams())
    assert checker.infeasible(members)
    for member in members:
        assert not checker.infeasible([ref for ref in members if ref != member])
