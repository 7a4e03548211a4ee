"""The seeded synthetic portfolio: repeatable, shaped as documented, solved at least as well
as the greedy baseline."""

from __future__ import annotations

import pytest

from benchmarks.synthetic import (
    CAP_PERCENT,
    FIRST_YEAR,
    LAST_YEAR,
    city,
    county_names,
    generate,
    run,
)
from optimizer import CapKind, Objective, SolveParams, SolveStatus, planned_schedules, solve


def test_same_seed_same_scenario() -> None:
    assert generate(300, seed=3) == generate(300, seed=3)
    assert generate(300, seed=3) != generate(300, seed=4)


def test_scenario_shape() -> None:
    data = generate(1000, seed=2)
    cities = county_names()
    assert len(cities) == 90 and len(set(cities.values())) == 9
    assert data.horizon == (FIRST_YEAR, LAST_YEAR)
    multi = [p for p in data.projects if len(p.regions) > 1]
    assert 0.15 < len(multi) / len(data.projects) < 0.25
    for project in multi:
        assert len({cities[county] for county in project.regions}) == 1
    assert all(1 <= p.priority <= 5 and p.max_delay == 3 for p in data.projects)
    assert 0.02 < len(data.links) / len(data.projects) <= 0.05
    for link in data.links:
        pred, succ = data.project(link.predecessor), data.project(link.successor)
        assert pred.planned_end < succ.planned_start


def test_caps_are_eighty_percent_of_planned_spend() -> None:
    data = generate(400, seed=5)
    planned: dict[int, int] = {}
    for schedule in planned_schedules(data).values():
        for year, amount in schedule.spend.items():
            planned[year] = planned.get(year, 0) + amount
    totals = {cap.period: cap.amount for cap in data.caps if cap.kind is CapKind.TOTAL}
    assert totals == {year: planned.get(year, 0) * CAP_PERCENT // 100 for year in totals}
    assert len([cap for cap in data.caps if cap.kind is CapKind.REGION]) == 90 * 10


def test_optimizer_does_at_least_as_well_as_greedy() -> None:
    data = generate(150, seed=1)
    figures = run(data, [Objective.VALUE, Objective.DELAY], time_limit=5, workers=2)
    assert figures["status"] in {"optimal", "feasible"}
    assert figures["first_feasible_seconds"] is not None
    value = figures["levels"][0]
    assert value["objective"] == "value"
    assert value["value"] >= figures["greedy"]["values"]["value"]
    assert value["bound"] >= value["value"]


def test_the_cities_parts_add_up_to_the_whole() -> None:
    data = generate(120, seed=4)
    parts = [city(data, name) for name in sorted(set(county_names().values()))]
    assert sorted(p.id for part in parts for p in part.projects) == sorted(
        p.id for p in data.projects
    )
    assert sum(len(part.caps) for part in parts) == 90 * 10
    params = SolveParams(objectives=[Objective.VALUE], time_limit=20, num_workers=2)
    whole = solve(data, params).levels[0]
    cities = [solve(part, params).levels[0] for part in parts]
    assert whole.status is SolveStatus.OPTIMAL
    assert all(level.status is SolveStatus.OPTIMAL for level in cities)
    assert sum(level.value or 0 for level in cities) == whole.value


def test_an_unknown_city_is_refused() -> None:
    with pytest.raises(ValueError, match="市10"):
        city(generate(50, seed=1), "市10")
