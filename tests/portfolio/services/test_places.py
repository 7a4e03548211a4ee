"""Projects and investment per city and county: shares of the money, duplicates counted once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from portfolio.services.queries import ProjectFilter, consolidated_total_wan
from portfolio.services.workspace import Workspace


@pytest.fixture
def workspace(loaded_url: str) -> Iterator[Workspace]:
    ws = Workspace(loaded_url)
    yield ws
    ws.close()


def test_cities_and_the_unplaced_line_add_up_to_the_consolidated_total(
    workspace: Workspace,
) -> None:
    totals = workspace.place_totals()
    cities = [p for p in totals.places if p.county is None]
    assert len(cities) == 9
    placed = sum(c.investment_wan for c in cities)
    assert placed + totals.unplaced_investment_wan == consolidated_total_wan(workspace.projects())


def test_a_county_counts_the_projects_listed_there_once(workspace: Workspace) -> None:
    totals = workspace.place_totals()
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
    places = workspace.place_totals().places
    quanzhou = next(i for i, p in enumerate(places) if p.city == "泉州市" and p.county is None)
    counties = []
    for place in places[quanzhou + 1 :]:
        if place.county is None:
            break
        counties.append(place)
    assert counties and all(p.city == "泉州市" for p in counties)
    # Money of projects given for the whole city has no county: counties sum to no more.
    assert sum(p.investment_wan for p in counties) <= places[quanzhou].investment_wan
