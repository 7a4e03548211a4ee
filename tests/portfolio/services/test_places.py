"""Projects and investment per city and county: shares of the money, duplicates counted once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from portfolio.exports.model import ScheduleExport, ScheduleRow
from portfolio.scenarios.build import Geography, PortfolioProject
from portfolio.services.places import place_totals, summarize_places
from portfolio.services.queries import ProjectFilter, consolidated_total_wan
from portfolio.services.workspace import Workspace
from portfolio.shares import place_spend


@pytest.fixture
def workspace(loaded_url: str) -> Iterator[Workspace]:
    ws = Workspace(loaded_url)
    yield ws
    ws.close()


def test_cities_and_the_unplaced_line_add_up_to_the_consolidated_total(
    workspace: Workspace,
) -> None:
    totals = place_totals(workspace)
    cities = [p for p in totals.places if p.county is None]
    assert len(cities) == 9
    placed = sum(c.investment_wan for c in cities)
    assert placed + totals.unplaced_investment_wan == consolidated_total_wan(workspace.projects())


def test_a_county_counts_the_projects_listed_there_once(workspace: Workspace) -> None:
    totals = place_totals(workspace)
    jinjiang = next(p for p in totals.places if p.county == "晋江市")
    assert jinjiang.city == "泉州市"
    counted = [v for v in workspace.projects(ProjectFilter(county="晋江市")) if v.counted_in_totals]
    assert jinjiang.projects == len(counted)
    assert jinjiang.unknown_investment == sum(1 for v in counted if v.investment_wan is None)
    # A project of several counties brings only its share; alone in 晋江市, all of it.
    alone = [v for v in counted if v.counties == ("晋江市",)]
    assert jinjiang.investment_wan >= sum(v.investment_wan or 0 for v in alone)
    assert jinjiang.investment_wan <= sum(v.investment_wan or 0 for v in counted)


def test_a_citys_counties_follow_it_and_share_its_money(workspace: Workspace) -> None:
    places = place_totals(workspace).places
    quanzhou = next(i for i, p in enumerate(places) if p.city == "泉州市" and p.county is None)
    counties = []
    for place in places[quanzhou + 1 :]:
        if place.county is None:
            break
        counties.append(place)
    assert counties and all(p.city == "泉州市" for p in counties)
    # Money of projects given for the whole city has no county: counties sum to no more.
    assert sum(p.investment_wan for p in counties) <= places[quanzhou].investment_wan


def _export(rows: list[ScheduleRow]) -> ScheduleExport:
    return ScheduleExport(
        scenario="plan",
        run_id=None,
        status="plan",
        as_of=2023,
        horizon=(2023, 2024),
        objectives=(),
        caps=(),
        rows=tuple(rows),
        changes=(),
        not_scheduled=(),
        findings=(),
        parameters="",
        made_at=dt.datetime(2026, 12, 6),
        database="sqlite://",
    )


def _project(pid: int, regions: tuple[tuple[str, int], ...], **values: Any) -> PortfolioProject:
    fields: dict[str, Any] = {
        "id": pid,
        "plan": "p",
        "table": "附件1",
        "name": f"项目{pid}",
        "investment_wan": 10,
        "start_year": 2023,
        "end_year": 2024,
        "regions": regions,
        "units": (),
        "counted_in_totals": True,
    }
    fields.update(values)
    return PortfolioProject(**fields)


def test_the_rule_splits_each_year_and_counts_undated_and_unplaced_money_apart() -> None:
    geography = Geography(
        city_of={"厦门市": "厦门市", "思明区": "厦门市", "集美区": "厦门市"},
        counties=frozenset({"思明区", "集美区"}),
        cities=frozenset({"厦门市"}),
        aliases={},
    )
    two = _project(1, (("集美区", 5000), ("思明区", 5000)))
    spend = {2023: 5, 2024: 5}
    rows = [
        ScheduleRow(
            project_id=1,
            plan="p",
            table="附件1",
            seq="1",
            name="项目1",
            units=(),
            places="",
            total_wan=10,
            planned_start=2023,
            planned_end=2024,
            funded=True,
            start=2023,
            end=2024,
            delay_years=0,
            stretch_years=0,
            spend=spend,
            county_spend=place_spend(spend, dict(two.regions)),
        ),
    ]
    undated = _project(2, (("集美区", 1),), start_year=None, investment_wan=7)
    province = _project(3, (), investment_wan=4, start_year=None)
    duplicate = _project(4, (("集美区", 1),), counted_in_totals=False)
    unknown = _project(5, (("思明区", 1),), investment_wan=None)
    totals = summarize_places(
        _export(rows), [two, undated, province, duplicate, unknown], geography
    )
    by_name = {p.name: p for p in totals.places}
    # 5 万元 a year over two places: 3 to the name that sorts first (思明区), 2 to the other.
    assert by_name["思明区"].by_year == {2023: 3, 2024: 3}
    assert by_name["集美区"].by_year == {2023: 2, 2024: 2}
    assert (by_name["集美区"].undated_wan, by_name["集美区"].investment_wan) == (7, 11)
    assert (by_name["思明区"].projects, by_name["思明区"].unknown_investment) == (2, 1)
    assert by_name["厦门市"].investment_wan == 6 + 11 and by_name["厦门市"].projects == 3
    assert (totals.unplaced_projects, totals.unplaced_investment_wan) == (1, 4)
