"""Independent parts of a scenario: implied caps, the parts, and solving part by part."""

from __future__ import annotations

import dataclasses
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import optimizer.decompose as decompose
from optimizer import (
    Cap,
    CapKind,
    ConcurrencyKind,
    ConcurrencyLimit,
    Link,
    Objective,
    ProblemData,
    Project,
    SolveParams,
    SolveStatus,
    solve,
    validate,
)
from optimizer.decompose import implied_caps, parts, restrict
from tests.optimizer.strategies import brute_force, scenarios

CITIES = {"A": "X", "B": "X", "C": "Y"}


def _data(total_cap: int, **extra: object) -> ProblemData:
    projects = [
        Project("a1", 20, 2021, 2021, regions={"A": 1}),
        Project("a2", 20, 2021, 2021, regions={"A": 1}, max_delay=1),
        Project("b1", 20, 2021, 2021, regions={"B": 1}),
        Project("c1", 20, 2021, 2022, regions={"C": 1}, max_delay=0),
    ]
    caps = [Cap(CapKind.TOTAL, "", 2021, total_cap), Cap(CapKind.CITY, "X", 2021, 25)]
    caps += [Cap(CapKind.REGION, county, 2021, 20) for county in ("A", "B", "C")]
    return ProblemData(projects, (2021, 2022), caps=caps, cities=CITIES, **extra)  # type: ignore[arg-type]


def test_total_cap_is_implied_when_the_county_caps_add_up_to_no_more() -> None:
    assert implied_caps(_data(60)) == {(CapKind.TOTAL, "", 2021, 2021)}
    # 59 < 20 + 20 + 20: the total cap binds; the city cap (25 < 40) binds too.
    assert implied_caps(_data(59)) == set()


def test_a_project_without_counties_keeps_the_total_cap() -> None:
    data = _data(60)
    free = Project("free", 5, 2021, 2021)
    data = ProblemData([*data.projects, free], data.horizon, caps=data.caps, cities=CITIES)
    assert implied_caps(data) == set()


def test_parts_follow_shared_caps_links_and_limits() -> None:
    with mock.patch.object(decompose, "MIN_PART_PROJECTS", 1):
        # The city cap ties A and B; C stands alone.
        assert parts(_data(60)) == [["a1", "a2", "b1"], ["c1"]]
        assert parts(_data(59)) == [["a1", "a2", "b1", "c1"]]
        linked = _data(60, links=[Link("b1", "c1")])
        assert parts(linked) == [["a1", "a2", "b1", "c1"]]
    with mock.patch.object(decompose, "MIN_PART_PROJECTS", 2):
        limited = _data(60, concurrency=[ConcurrencyLimit(ConcurrencyKind.REGION, "C", 1)])
        assert parts(limited) == [["a1", "a2", "b1"], ["c1"]]  # c1 pooled alone


def test_restrict_keeps_what_the_part_touches() -> None:
    part = restrict(_data(60), ["c1"])
    assert [p.id for p in part.projects] == ["c1"]
    assert {(c.kind, c.key) for c in part.caps} == {(CapKind.REGION, "C")}


def test_solving_by_parts_equals_the_whole() -> None:
    data = _data(60)
    params = SolveParams(objectives=[Objective.VALUE, Objective.DELAY], time_limit=5.0)
    whole = solve(data, params)
    with mock.patch.object(decompose, "MIN_PART_PROJECTS", 1):
        by_parts = solve(data, params)
    assert by_parts.status is SolveStatus.OPTIMAL and validate(data, by_parts) == []
    assert by_parts.objective_values() == whole.objective_values() == (4, 2)
    assert [level.bound for level in by_parts.levels] == [4, 2]


separable = st.sampled_from(
    [(Objective.VALUE,), (Objective.VALUE, Objective.DELAY), (Objective.DELAY, Objective.VALUE)]
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(scenarios(max_projects=4, max_periods=5, max_delay=2), separable)
def test_parts_reach_the_brute_force_optimum(
    data: ProblemData, objectives: tuple[Objective, ...]
) -> None:
    with mock.patch.object(decompose, "MIN_PART_PROJECTS", 1):
        result = solve(data, SolveParams(objectives=objectives, time_limit=5.0))
    expected = brute_force(data, objectives)
    if expected is None:
        assert result.status is SolveStatus.INFEASIBLE
    else:
        assert result.status is SolveStatus.OPTIMAL and validate(data, result) == []
        assert result.objective_values() == expected


def test_spanning_caps_are_implied_by_county_caps_of_the_same_periods() -> None:
    projects = [
        Project("a", 40, 0, 3, regions={"A": 1}),
        Project("b", 40, 0, 3, regions={"B": 1}),
    ]
    counties = [Cap(CapKind.REGION, county, 0, 30, last_period=3) for county in ("A", "B")]
    total = Cap(CapKind.TOTAL, "", 0, 60, last_period=3)
    data = ProblemData(projects, (0, 7), caps=[total, *counties], cities=CITIES)
    assert implied_caps(data) == {(CapKind.TOTAL, "", 0, 3)}
    with mock.patch.object(decompose, "MIN_PART_PROJECTS", 1):
        assert parts(data) == [["a"], ["b"]]
        # County caps over other periods (one quarter) imply nothing over the year.
        quarters = [Cap(CapKind.REGION, county, 0, 30) for county in ("A", "B")]
        other = ProblemData(projects, (0, 7), caps=[total, *quarters], cities=CITIES)
        assert implied_caps(other) == set()
        assert parts(other) == [["a", "b"]]


def test_a_cap_spanning_as_of_ties_the_history_that_spent_within_it() -> None:
    # "old" started in period 0 and spends 10 a period until 3; "new" may start at 2. Only
    # the cap over 0-3 links them: the part of "new" must carry "old"'s history spend (40
    # of the 50, so "new" keeps one period in the window; without the history, both).
    data = ProblemData(
        [Project("old", 40, 0, 3), Project("new", 40, 2, 5)],
        (0, 9),
        as_of=2,
        caps=[Cap(CapKind.TOTAL, "", 0, 50, last_period=3)],
    )
    with mock.patch.object(decompose, "MIN_PART_PROJECTS", 1):
        assert parts(data) == [["old", "new"]]
        result = solve(data, SolveParams(objectives=[Objective.DELAY], time_limit=5.0))
    assert validate(data, result) == [] and result.schedules["new"].delay == 1
    held = dataclasses.replace(data, caps=[Cap(CapKind.TOTAL, "", 0, 50, last_period=1)])
    with mock.patch.object(decompose, "MIN_PART_PROJECTS", 1):
        assert parts(held) == [["old"], ["new"]]  # wholly in history: not enforced
