"""The seeded synthetic portfolio: repeatable, shaped as documented, solved at least as well
as the greedy baseline."""

from __future__ import annotations

from benchmarks.synthetic import (
    CAP_PERCENT,
    FIRST_YEAR,
    LAST_YEAR,
    county_names,
    generate,
    run,
)
from optimizer import CapKind, Objective, planned_schedules


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
