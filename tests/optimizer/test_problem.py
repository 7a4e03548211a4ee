"""ProblemData and its parts check themselves on construction."""

from __future__ import annotations

import pytest

from optimizer import (
    Cap,
    CapKind,
    ConcurrencyKind,
    ConcurrencyLimit,
    Link,
    ProblemData,
    Project,
)


def project(pid: str = "A", **changes: object) -> Project:
    fields: dict[str, object] = dict(id=pid, total=30, planned_start=2021, planned_end=2023)
    fields.update(changes)
    return Project(**fields)  # type: ignore[arg-type]


def test_inputs_are_normalised() -> None:
    p = Project("A", 10, 2021, 2022, profile=[4, 6], regions={"Z": 1, "B": 2}, units=["u"])
    assert p.profile == (4, 6)
    assert list(p.regions) == ["B", "Z"]
    assert p.units == ("u",)
    data = ProblemData([p], (2021, 2025))
    assert data.projects == (p,)
    assert data.as_of == 2021
    assert list(data.planning_periods) == [2021, 2022, 2023, 2024, 2025]
    assert data.project("A") is p


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"total": -1}, "negative"),
        ({"planned_start": 2024}, "after end"),
        ({"profile": (10, 20)}, "2 amounts for 3 periods"),
        ({"profile": (10, 10, 5)}, "sums to 25"),
        ({"profile": (40, -10, 0)}, "negative amount"),
        ({"regions": {"A": 0}}, "positive"),
        ({"priority": -1}, "priority"),
        ({"max_delay": -1}, "max_delay"),
        ({"max_stretch": -2}, "max_stretch"),
        ({"must_fund": True, "excluded": True}, "both must_fund and excluded"),
        ({"id": ""}, "non-empty id"),
    ],
)
def test_bad_projects_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        project(**changes)  # type: ignore[arg-type]


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="negative amount"):
        Cap(CapKind.TOTAL, "", 2021, -5)
    with pytest.raises(ValueError, match="empty key"):
        Cap(CapKind.REGION, "", 2021, 5)
    with pytest.raises(ValueError, match="empty key"):
        Cap(CapKind.TOTAL, "X", 2021, 5)
    with pytest.raises(ValueError, match="negative limit"):
        ConcurrencyLimit(ConcurrencyKind.UNIT, "u", -1)
    with pytest.raises(ValueError, match="itself"):
        Link("A", "A")
    with pytest.raises(ValueError, match="negative lag"):
        Link("A", "B", -1)
    assert Cap("region", "丰泽区", 2023, 5).kind is CapKind.REGION  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"horizon": (2025, 2021)}, "empty"),
        ({"as_of": 2030}, "as_of"),
        ({"projects": [project(), project()]}, "duplicate project"),
        ({"projects": [project(planned_end=2026)]}, "leaves the horizon"),
        ({"projects": [project(planned_start=2020)]}, "leaves the horizon"),
        ({"as_of": 2022, "projects": [project(excluded=True)]}, "cannot be excluded"),
        ({"links": [Link("A", "Z")]}, "unknown project"),
        ({"links": [Link("A", "B"), Link("A", "B", 1)]}, "duplicate link"),
        ({"links": [Link("A", "B"), Link("B", "A")]}, "cycle"),
        ({"caps": [Cap(CapKind.TOTAL, "", 2030, 1)]}, "outside the horizon"),
        ({"caps": [Cap(CapKind.TOTAL, "", 2022, 1)] * 2}, "duplicate cap"),
        ({"concurrency": [ConcurrencyLimit("unit", "u", 1, 2040)]}, "outside"),  # type: ignore[arg-type]
        ({"concurrency": [ConcurrencyLimit("unit", "u", 1)] * 2}, "duplicate"),  # type: ignore[arg-type]
    ],
)
def test_bad_scenarios_are_refused(changes: dict[str, object], message: str) -> None:
    fields: dict[str, object] = dict(projects=[project("A"), project("B")], horizon=(2021, 2025))
    fields.update(changes)
    with pytest.raises(ValueError, match=message):
        ProblemData(**fields)  # type: ignore[arg-type]


def test_history_fixes_started_projects() -> None:
    early, late, locked = project("A"), project("B", planned_start=2023), project("C", locked=True)
    data = ProblemData([early, late, locked], (2021, 2025), as_of=2022)
    assert data.has_started(early) and data.is_fixed(early)
    assert not data.has_started(late) and not data.is_fixed(late)
    assert data.is_fixed(locked) and not data.has_started(data.project("B"))
    assert list(data.planning_periods) == [2022, 2023, 2024, 2025]


def test_a_cap_may_span_several_periods() -> None:
    year = Cap(CapKind.TOTAL, "", 8092, 100, last_period=8095)
    assert (year.periods, year.last, year.spanning) == (range(8092, 8096), 8095, True)
    assert year.label == "total 8092..8095"
    one = Cap(CapKind.TOTAL, "", 8092, 30, last_period=8092)
    assert one.last_period is None and not one.spanning and one.label == "total 8092"
    # A year's cap and its first quarter's cap of the same scope stand side by side.
    data = ProblemData([Project("A", 40, 8092, 8095)], (8092, 8099), caps=[year, one])
    assert [cap.ident for cap in data.caps] == [
        (CapKind.TOTAL, "", 8092, 8095),
        (CapKind.TOTAL, "", 8092, 8092),
    ]
    with pytest.raises(ValueError, match="last period is before its first"):
        Cap(CapKind.TOTAL, "", 8092, 10, last_period=8091)
    with pytest.raises(ValueError, match="outside the horizon"):
        ProblemData([], (8092, 8095), caps=[Cap(CapKind.TOTAL, "", 8094, 10, last_period=8096)])
    with pytest.raises(ValueError, match="duplicate cap"):
        ProblemData([], (8092, 8095), caps=[year, Cap(CapKind.TOTAL, "", 8092, 5, 8095)])


def test_caps_wholly_in_history_are_not_enforced_those_reaching_past_as_of_are() -> None:
    caps = [
        Cap(CapKind.TOTAL, "", 0, 10, last_period=3),
        Cap(CapKind.TOTAL, "", 2, 10, last_period=5),
        Cap(CapKind.TOTAL, "", 4, 10),
    ]
    data = ProblemData([], (0, 7), as_of=4, caps=caps)
    assert [data.is_enforced(cap) for cap in caps] == [False, True, True]


def test_level_windows_are_the_total_caps_and_the_uncovered_periods() -> None:
    caps = [
        Cap(CapKind.TOTAL, "", 0, 50, last_period=3),  # history: not a term
        Cap(CapKind.TOTAL, "", 4, 80, last_period=7),
        Cap(CapKind.TOTAL, "", 5, 20),
        Cap(CapKind.REGION, "R", 8, 5),  # not a total cap: period 8 counts its own spend
    ]
    data = ProblemData([], (0, 9), as_of=4, caps=caps)
    assert data.level_windows() == [
        (range(4, 8), 80),
        (range(5, 6), 20),
        (range(8, 9), 0),
        (range(9, 10), 0),
    ]
