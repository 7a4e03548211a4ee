"""QuickXplain as a state machine, against brute force on small random conflicts."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import quickxplain


def _fails(conflicts: Sequence[frozenset[int]], enforced: Sequence[int]) -> bool:
    """The oracle: a set fails when it holds every member of one of ``conflicts``."""
    return any(conflict <= set(enforced) for conflict in conflicts)


def _run(
    candidates: tuple[int, ...], conflicts: Sequence[frozenset[int]]
) -> tuple[tuple[int, ...] | None, int]:
    """The members found and the number of questions asked."""
    step = quickxplain.start(candidates)
    asked = 0
    while isinstance(step, quickxplain.Check):
        asked += 1
        step = step.answer(_fails(conflicts, step.enforced))
    return step.members, asked


def _minimal_conflicts(n: int, conflicts: Sequence[frozenset[int]]) -> set[frozenset[int]]:
    """Every subset of range(n) that fails and from which no member can be dropped."""
    failing = [
        frozenset(subset)
        for size in range(n + 1)
        for subset in itertools.combinations(range(n), size)
        if _fails(conflicts, subset)
    ]
    return {subset for subset in failing if not any(other < subset for other in failing)}


@st.composite
def instances(draw: st.DrawFn) -> tuple[int, list[frozenset[int]]]:
    n = draw(st.integers(0, 8))
    members = st.frozensets(st.integers(0, max(n - 1, 0)), min_size=1, max_size=max(n, 1))
    conflicts = draw(st.lists(members, max_size=3)) if n else []
    return n, conflicts


@settings(max_examples=300, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_the_set_found_is_a_minimal_conflict_found_by_brute_force(
    instance: tuple[int, list[frozenset[int]]], random: object
) -> None:
    n, conflicts = instance
    order = list(range(n))
    random.shuffle(order)  # type: ignore[attr-defined]
    members, _asked = _run(tuple(order), conflicts)
    minimal = _minimal_conflicts(n, conflicts)
    if not _fails(conflicts, order):
        assert members is None and not minimal
    else:
        assert members is not None and len(set(members)) == len(members)
        assert frozenset(members) in minimal


def test_the_first_question_is_the_whole_set_and_expects_a_failure() -> None:
    step = quickxplain.start((1, 2, 3))
    assert isinstance(step, quickxplain.Check)
    assert step.enforced == (1, 2, 3) and step.likely_infeasible
    assert step.answer(False) == quickxplain.Done(None)
    after = step.answer(True)
    assert isinstance(after, quickxplain.Check) and not after.likely_infeasible
    assert quickxplain.start(()) == quickxplain.Done(None)


def test_a_step_answered_twice_gives_the_same_next_step() -> None:
    # Steps are values: following one answer ahead of time does not disturb the other.
    step = quickxplain.start(tuple(range(20)))
    assert isinstance(step, quickxplain.Check)
    step = step.answer(True)
    assert isinstance(step, quickxplain.Check)
    assert step.answer(False) == step.answer(False)
    assert step.answer(True) != step.answer(False)


def test_few_questions_for_a_small_conflict_among_many() -> None:
    members, asked = _run(tuple(range(150)), [frozenset({3, 77, 140})])
    assert members is not None and set(members) == {3, 77, 140}
    assert asked < 50  # dropping members one by one would ask 150 times
