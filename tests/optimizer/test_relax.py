"""Relaxations: the lowest feasible cap, the smallest release, caps without delay; each
checked by ``solve`` and against brute force on tiny scenarios."""

from __future__ import annotations

import dataclasses
import itertools
import threading
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from optimizer import (
    Cap,
    CapKind,
    CapRelaxation,
    ConcurrencyLimit,
    ConstraintFamily,
    ConstraintRef,
    FlexibleShares,
    Link,
    Objective,
    ProblemData,
    Project,
    SolveCancelledError,
    SolveParams,
    SolveStatus,
    check_schedules,
    lowest_caps_together,
    lowest_caps_without_delay,
    lowest_feasible_cap,
    released,
    smallest_release,
    solve,
    with_cap_amount,
)
from optimizer.options import ScheduleOption
from optimizer.usage import cap_usage, schedules_from_choice
from tests.optimizer.strategies import combinations, menu, scenarios

QUIET = SolveParams(objectives=[Objective.VALUE], explain=False)
EVERYTHING = SolveParams(objectives=[Objective.DELAY], explain=False)


def status(data: ProblemData, params: SolveParams) -> SolveStatus:
    return solve(data, params).status


def brute_min_spend(data: ProblemData, cap: Cap, params: SolveParams) -> int | None:
    """Least spend over ``cap``'s periods in its scope among every valid combination of
    options (flexible amounts enumerated) of the scenario without the cap."""
    without = dataclasses.replace(data, caps=[c for c in data.caps if c.ident != cap.ident])
    menus: list[list[ScheduleOption | None]] = [[None, *menu(data, p.id)] for p in data.projects]
    best: int | None = None
    for combo in itertools.product(*menus):
        chosen = {p.id: option for p, option in zip(data.projects, combo, strict=True)}
        schedules = schedules_from_choice(without, chosen)
        if check_schedules(without, schedules, params.objective_order):
            continue
        (usage,) = [u for u in cap_usage(data, schedules) if u.ident == cap.ident]
        best = usage.used if best is None else min(best, usage.used)
    return best


def releasable(data: ProblemData, objectives: Sequence[Objective]) -> list[ConstraintRef]:
    """Every must-fund, required project, lock and link that ``released`` may let go."""
    required = Objective.VALUE not in objectives
    refs = []
    for project in data.projects:
        if project.excluded or data.has_started(project):
            continue
        if project.must_fund:
            refs.append(ConstraintRef(ConstraintFamily.MUST_FUND, project.id))
        elif required:
            refs.append(ConstraintRef(ConstraintFamily.REQUIRED, project.id))
        if project.locked:
            refs.append(ConstraintRef(ConstraintFamily.LOCK, project.id))
    refs += [ConstraintRef(ConstraintFamily.LINK, link.key) for link in data.links]
    return refs


def over_cap() -> ProblemData:
    """A must-fund project of 80 that cannot move, under a total cap of 50 in its year."""
    return ProblemData(
        [
            Project("A", 80, 2022, 2022, must_fund=True, max_delay=0),
            Project("B", 30, 2022, 2023, priority=2),
        ],
        (2021, 2023),
        caps=[Cap(CapKind.TOTAL, "", 2022, 50), Cap(CapKind.TOTAL, "", 2023, 40)],
    )


def test_lowest_cap_is_feasible_and_one_less_is_not() -> None:
    data = over_cap()
    cap = data.caps[0]
    relaxation = lowest_feasible_cap(data, cap, QUIET)
    assert relaxation.cap == cap and relaxation.proven
    assert relaxation.lowest_feasible_wan == relaxation.bound_wan == 80  # B may go unfunded
    assert status(with_cap_amount(data, cap, 80), QUIET).has_solution
    assert status(with_cap_amount(data, cap, 79), QUIET) is SolveStatus.INFEASIBLE
    # With every project funded, B (15 a year, ending with the horizon) cannot slip.
    everything = lowest_feasible_cap(data, cap, EVERYTHING)
    assert everything.lowest_feasible_wan == 95 and everything.proven
    assert brute_min_spend(data, cap, EVERYTHING) == 95
    assert status(with_cap_amount(data, cap, 94), EVERYTHING) is SolveStatus.INFEASIBLE


def test_a_cap_that_already_holds_reports_its_minimum() -> None:
    data = over_cap()
    relaxation = lowest_feasible_cap(data, data.caps[1], QUIET)
    # 2022 is over its cap whatever 2023 allows: no amount of the 2023 cap alone helps.
    assert relaxation.lowest_feasible_wan is None and relaxation.proven
    fine = with_cap_amount(data, data.caps[0], 80)
    assert lowest_feasible_cap(fine, fine.caps[1], QUIET).lowest_feasible_wan == 0
    assert lowest_feasible_cap(fine, fine.caps[0], QUIET).lowest_feasible_wan == 80


def test_wrong_caps_are_refused_and_cancel_stops() -> None:
    data = dataclasses.replace(over_cap(), as_of=2022)
    with pytest.raises(ValueError, match="not in the scenario"):
        lowest_feasible_cap(data, Cap(CapKind.TOTAL, "", 2021, 5), QUIET)
    history = dataclasses.replace(data, caps=[*data.caps, Cap(CapKind.TOTAL, "", 2021, 5)])
    with pytest.raises(ValueError, match="history"):
        lowest_feasible_cap(history, history.caps[2], QUIET)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(SolveCancelledError):
        lowest_feasible_cap(data, data.caps[0], dataclasses.replace(QUIET, cancel=cancel))
    with pytest.raises(SolveCancelledError):
        smallest_release(data, dataclasses.replace(QUIET, cancel=cancel))


def started_over_cap() -> ProblemData:
    """H started in 2021 and spends 40 in 2022, over the county's 2022 cap of 30; the
    2022..2023 cap of 50 cannot hold it and a must-fund county project of 20 in 2023."""
    return ProblemData(
        [
            Project("H", 60, 2021, 2022, profile=(20, 40), regions={"R": 1}),
            Project("M", 20, 2023, 2023, regions={"R": 1}, must_fund=True, max_delay=0),
            Project("L", 10, 2022, 2022, regions={"R": 1}, locked=True),
        ],
        (2021, 2023),
        as_of=2022,
        caps=[
            Cap(CapKind.REGION, "R", 2022, 50, last_period=2023),
            Cap(CapKind.REGION, "R", 2022, 30),
        ],
    )


def test_history_over_a_cap_is_reported_and_never_released() -> None:
    data = started_over_cap()
    spanning, single = data.caps
    assert status(data, QUIET) is SolveStatus.INFEASIBLE
    # Each cap is broken whatever the other allows; history cannot be released.
    assert lowest_feasible_cap(data, single, QUIET) == CapRelaxation(single, None, True, None)
    assert lowest_feasible_cap(data, spanning, QUIET).lowest_feasible_wan is None
    assert smallest_release(data, QUIET) is None
    # With the window raised, the one-period cap needs history's 40 (L may go unfunded).
    wide = with_cap_amount(data, spanning, 60)
    relaxation = lowest_feasible_cap(wide, single, QUIET)
    assert relaxation.lowest_feasible_wan == 40 and relaxation.proven
    assert brute_min_spend(wide, single, QUIET) == 40
    assert status(with_cap_amount(wide, single, 40), QUIET).has_solution
    assert status(with_cap_amount(wide, single, 39), QUIET) is SolveStatus.INFEASIBLE
    # With 2022 raised to 40, the window needs history's 40 and M's 20: or M given up.
    raised = with_cap_amount(data, single, 40)
    assert lowest_feasible_cap(raised, spanning, QUIET).lowest_feasible_wan == 60
    assert brute_min_spend(raised, spanning, QUIET) == 60
    release = smallest_release(raised, QUIET)
    assert release is not None and release.proven_smallest
    assert release.members == (ConstraintRef(ConstraintFamily.MUST_FUND, "M"),)
    assert status(release.data, QUIET).has_solution
    with pytest.raises(ValueError, match="has started"):
        released(data, [ConstraintRef(ConstraintFamily.REQUIRED, "H")], [Objective.DELAY])


def release_scenario() -> ProblemData:
    """Caps of 100 a year; must-funds and locks that crowd 2022, a link that forces a slip."""
    return ProblemData(
        [
            Project("A", 60, 2022, 2022, must_fund=True, locked=True, priority=5),
            Project("B", 50, 2022, 2022, must_fund=True, priority=1),
            Project("C", 50, 2022, 2022, must_fund=True, locked=True, priority=3),
            Project("D", 30, 2023, 2023, must_fund=True, max_delay=0),
            Project("E", 20, 2021, 2021, priority=2),
        ],
        (2021, 2023),
        links=[Link("C", "D", lag=1)],
        caps=[Cap(CapKind.TOTAL, "", year, 100) for year in (2021, 2022, 2023)],
    )


def smallest_by_subsets(data: ProblemData, params: SolveParams) -> list[list[ConstraintRef]]:
    """All releases of the smallest size that make the scenario feasible, by solving each."""
    refs = releasable(data, params.objective_order)
    for size in range(len(refs) + 1):
        found = [
            list(subset)
            for subset in itertools.combinations(refs, size)
            if status(released(data, subset, params.objective_order), params).has_solution
        ]
        if found:
            return found
    return []


@pytest.mark.parametrize("params", [QUIET, EVERYTHING])
def test_release_is_the_smallest_subset(params: SolveParams) -> None:
    data = release_scenario()
    release = smallest_release(data, params)
    assert release is not None and release.proven_smallest
    assert status(release.data, params).has_solution
    best = smallest_by_subsets(data, params)
    assert len(release.members) == len(best[0])
    assert sorted(release.members) in [sorted(subset) for subset in best]

    def given_up(members: Sequence[ConstraintRef]) -> int:
        return sum(
            data.project(ref.key).priority
            for ref in members
            if ref.family in (ConstraintFamily.MUST_FUND, ConstraintFamily.REQUIRED)
        )

    assert given_up(release.members) == min(given_up(subset) for subset in best)


def test_release_of_a_lock_and_a_link() -> None:
    data = release_scenario()
    # 2022 holds 160 of must-funds: A unlocked slips to 2023. C locked in 2022 with lag 1
    # leaves D no start in the horizon: the link goes (giving D up would cost priority 1).
    release = smallest_release(data, QUIET)
    assert release is not None and release.proven_smallest
    assert release.members == (
        ConstraintRef(ConstraintFamily.LINK, "C→D"),
        ConstraintRef(ConstraintFamily.LOCK, "A"),
    )
    assert release.data.links == () and not release.data.project("A").locked
    assert status(release.data, QUIET).has_solution


def test_feasible_scenario_needs_no_release() -> None:
    data = ProblemData([Project("A", 10, 2021, 2021)], (2021, 2021))
    assert smallest_release(data, QUIET) is None
    assert smallest_release(data, EVERYTHING) is None


def test_concurrency_limit_is_held_by_a_release() -> None:
    data = ProblemData(
        [
            Project("A", 10, 2021, 2021, units=("u",), must_fund=True, max_delay=0),
            Project("B", 10, 2021, 2021, units=("u",), must_fund=True, max_delay=0, priority=3),
        ],
        (2021, 2022),
        concurrency=[ConcurrencyLimit("unit", "u", 1)],  # type: ignore[arg-type]
    )
    release = smallest_release(data, QUIET)
    assert release is not None
    assert release.members == (ConstraintRef(ConstraintFamily.MUST_FUND, "A"),)


def test_lowest_caps_without_delay() -> None:
    data = ProblemData(
        [
            Project("A", 60, 2021, 2021),
            Project("B", 60, 2021, 2022, profile=(40, 20)),
            Project("F", 30, 2022, 2023, flexible=FlexibleShares(0, 10_000)),
            Project("X", 40, 2021, 2021, excluded=True),
        ],
        (2021, 2024),
        caps=[
            Cap(CapKind.TOTAL, "", 2021, 70),
            Cap(CapKind.TOTAL, "", 2022, 20),
            Cap(CapKind.TOTAL, "", 2021, 200, last_period=2024),
        ],
    )
    result = solve(data, EVERYTHING)
    assert result.has_solution and any(s.delay for s in result.schedules.values())
    lows = lowest_caps_without_delay(data, EVERYTHING)
    assert [low.cap for low in lows] == list(data.caps)
    assert all(low.proven for low in lows)
    # 2021: A + B's 40; 2022: B's 20 with F free to spend everything in 2023; the window: all.
    assert [low.lowest_feasible_wan for low in lows] == [100, 20, 150]
    for low in lows[:2]:
        assert low.lowest_feasible_wan is not None
        alone = dataclasses.replace(data, caps=[low.cap])
        at = solve(with_cap_amount(alone, low.cap, low.lowest_feasible_wan), EVERYTHING)
        assert at.has_solution and not any(s.delay or s.stretch for s in at.schedules.values())
        below = solve(with_cap_amount(alone, low.cap, low.lowest_feasible_wan - 1), EVERYTHING)
        assert not below.has_solution or any(s.delay for s in below.schedules.values())


def test_no_cap_avoids_a_delay_that_a_link_forces() -> None:
    data = ProblemData(
        [Project("A", 10, 2021, 2021), Project("B", 10, 2021, 2021)],
        (2021, 2022),
        links=[Link("A", "B")],
        caps=[Cap(CapKind.TOTAL, "", 2021, 10)],
    )
    (low,) = lowest_caps_without_delay(data, EVERYTHING)
    assert low.lowest_feasible_wan is None and low.proven


@settings(
    deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(
    data=scenarios(max_projects=3, max_periods=3, max_delay=1, tight=True, flexible_total=6),
    value=st.booleans(),
    pick=st.integers(0, 50),
)
def test_lowest_cap_matches_brute_force(data: ProblemData, value: bool, pick: int) -> None:
    caps = [cap for cap in data.caps if data.is_enforced(cap)]
    assume(caps and combinations(data) <= 3000)
    cap = caps[pick % len(caps)]
    params = QUIET if value else EVERYTHING
    relaxation = lowest_feasible_cap(data, cap, params, time_limit=5.0)
    assert relaxation.proven
    assert relaxation.lowest_feasible_wan == brute_min_spend(data, cap, params)


TINY = scenarios(max_projects=3, max_periods=3, max_delay=1, tight=True, flexible_total=6)


@settings(
    deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(data=TINY, value=st.booleans())
def test_release_matches_brute_force_over_subsets(data: ProblemData, value: bool) -> None:
    assume(len(releasable(data, [Objective.DELAY])) <= 5)
    params = QUIET if value else EVERYTHING
    release = smallest_release(data, params, time_limit=5.0)
    best = smallest_by_subsets(data, params)
    if release is None:
        assert best in ([], [[]])  # nothing helps, or nothing is needed
    else:
        assert release.proven_smallest and len(release.members) == len(best[0])
        assert status(release.data, params).has_solution


def brute_min_spend_in_place(data: ProblemData, cap: Cap, params: SolveParams) -> int | None:
    """Least spend in ``cap``'s scope over schedules with every project not excluded funded
    undelayed and unstretched, every other cap removed."""
    alone = dataclasses.replace(data, caps=[cap])
    free = dataclasses.replace(data, caps=[])
    menus: list[list[ScheduleOption | None]] = [
        [None] if p.excluded else [o for o in menu(data, p.id) if (o.delay, o.stretch) == (0, 0)]
        for p in data.projects
    ]
    best: int | None = None
    for combo in itertools.product(*menus):
        chosen = {p.id: option for p, option in zip(data.projects, combo, strict=True)}
        schedules = schedules_from_choice(free, chosen)
        if check_schedules(free, schedules, params.objective_order):
            continue
        (usage,) = cap_usage(alone, schedules)
        best = usage.used if best is None else min(best, usage.used)
    return best


@settings(
    deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(data=TINY, value=st.booleans())
def test_lowest_caps_without_delay_match_brute_force(data: ProblemData, value: bool) -> None:
    assume(combinations(data) <= 3000)
    params = QUIET if value else EVERYTHING
    lows = lowest_caps_without_delay(data, params, time_limit=5.0)
    assert [low.cap for low in lows] == [cap for cap in data.caps if data.is_enforced(cap)]
    for low in lows:
        assert low.proven
        assert low.lowest_feasible_wan == brute_min_spend_in_place(data, low.cap, params)


def brute_caps_together(
    data: ProblemData, caps: Sequence[Cap], params: SolveParams
) -> list[int] | None:
    """The amounts of ``caps`` the earliest first, by brute force: each the greater of its own
    amount and the least spend in its scope over every valid combination of options with the
    caps before it at their new amounts and the caps after it removed."""
    wanted = {cap.ident for cap in caps}
    others = [cap for cap in data.caps if cap.ident not in wanted]
    menus: list[list[ScheduleOption | None]] = [[None, *menu(data, p.id)] for p in data.projects]
    amounts: list[int] = []
    for index, cap in enumerate(caps):
        fixed = [dataclasses.replace(c, amount=a) for c, a in zip(caps, amounts, strict=False)]
        step = dataclasses.replace(data, caps=[*others, *fixed])
        least = None
        for combo in itertools.product(*menus):
            chosen = {p.id: option for p, option in zip(data.projects, combo, strict=True)}
            schedules = schedules_from_choice(step, chosen)
            if check_schedules(step, schedules, params.objective_order):
                continue
            used = next(u.used for u in cap_usage(data, schedules) if u.ident == cap.ident)
            least = used if least is None else min(least, used)
        if least is None:
            return None
        amounts.append(max(caps[index].amount, least))
    return amounts


@settings(
    deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(data=TINY, value=st.booleans())
def test_caps_together_match_brute_force(data: ProblemData, value: bool) -> None:
    caps = sorted((c for c in data.caps if data.is_enforced(c)), key=lambda c: c.ident)
    assume(caps and combinations(data) <= 2000)
    params = QUIET if value else EVERYTHING
    found = lowest_caps_together(data, caps, params, time_limit=5.0)
    expected = brute_caps_together(data, caps, params)
    if expected is None:
        assert found is None
        return
    assert found is not None and all(r.proven for r in found)
    assert [r.lowest_feasible_wan for r in found] == expected
    raised = dataclasses.replace(
        data,
        caps=[
            next((dataclasses.replace(c, amount=r.lowest_feasible_wan or 0) for r in found
                  if r.cap.ident == c.ident), c)
            for c in data.caps
        ],
    )  # fmt: skip
    assert status(raised, params).has_solution
