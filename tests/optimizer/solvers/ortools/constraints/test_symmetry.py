"""Symmetry breaking between identical projects."""

from __future__ import annotations

from optimizer import (
    Cap,
    CapKind,
    Link,
    Objective,
    ProblemData,
    Project,
    SolveParams,
    SolveStatus,
    all_options,
    solve,
    validate,
)
from optimizer.solvers.ortools import CpSatModel
from optimizer.solvers.ortools.constraints.symmetry import sorted_hint
from tests.optimizer.strategies import brute_force


def _twins(caps: list[Cap], **extra: object) -> ProblemData:
    projects = [
        Project(f"P{i}", 20, 2021, 2022, regions={county: 1}, max_delay=2)
        for i, county in enumerate(("A", "B", "A"))
    ]
    projects.append(Project("other", 20, 2021, 2022, priority=2, max_delay=2))
    return ProblemData(projects, (2021, 2024), caps=caps, **extra)  # type: ignore[arg-type]


TOTAL = [Cap(CapKind.TOTAL, "", year, 25) for year in (2021, 2022, 2023)]


def test_projects_differing_only_where_nothing_is_capped_are_identical() -> None:
    model = CpSatModel(_twins(TOTAL), [Objective.VALUE, Objective.DELAY])
    assert model.identical == [["P0", "P1", "P2"]]


def test_capped_counties_and_links_tell_projects_apart() -> None:
    county = [*TOTAL, Cap(CapKind.REGION, "A", 2021, 100)]
    assert CpSatModel(_twins(county), [Objective.VALUE]).identical == [["P0", "P2"]]
    linked = _twins(TOTAL, links=[Link("P0", "other")])
    assert CpSatModel(linked, [Objective.VALUE]).identical == [["P1", "P2"]]
    assert CpSatModel(_twins(TOTAL), [Objective.VALUE], explain=True).identical == []


def test_hint_is_permuted_into_start_order_with_unfunded_last() -> None:
    data = _twins(TOTAL)
    options = all_options(data)
    late, early = options["P0"][2], options["P2"][0]
    hint = sorted_hint({"P0": late, "P1": None, "P2": early}, [["P0", "P1", "P2"]], options)
    assert [(key, None if o is None else o.delay) for key, o in hint.items()] == [
        ("P0", 0),
        ("P1", 2),
        ("P2", None),
    ]
    assert all(o is None or o.project_id == key for key, o in hint.items())


def test_optimum_is_kept() -> None:
    data = _twins(TOTAL)
    for objectives in ([Objective.VALUE, Objective.DELAY], [Objective.VALUE, Objective.LEVEL]):
        result = solve(data, SolveParams(objectives=objectives, time_limit=5.0))
        assert result.status is SolveStatus.OPTIMAL and validate(data, result) == []
        assert result.objective_values() == brute_force(data, objectives)
        starts = [result.schedules[p].start for p in ("P0", "P1", "P2")]
        funded = [s for s in starts if s is not None]
        assert funded == sorted(funded) and starts[: len(funded)] == funded
