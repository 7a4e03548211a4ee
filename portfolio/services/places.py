"""Projects and investment per prefecture city and county-level place, as the overview shows.

A project in several places counts in each (its number of projects there) with its share of
the money there (the amounts apportioned when it was loaded, exact 万元). A project standing
in two plans counts once, under the row the cross-plan link counts. Projects with no place
(province-wide ones, or a place the documents do not give) are summed apart, so that the
places and that line add up to the consolidated total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.db import models as m
from portfolio.services.queries import uncounted_row


@dataclass(frozen=True)
class PlaceSummary:
    """One city (``county`` is None) or one county-level place of a city."""

    city: str
    county: str | None
    projects: int
    investment_wan: int
    unknown_investment: int  # projects there whose money the plan does not give


@dataclass(frozen=True)
class PlaceTotals:
    places: tuple[PlaceSummary, ...]  # each city, followed by its counties
    unplaced_projects: int
    unplaced_investment_wan: int


def place_totals(session: Session) -> PlaceTotals:
    """Counts and money per city and county, cross-plan duplicates counted once."""
    not_counted = {uncounted_row(link) for link in session.scalars(select(m.ProjectLink))}
    regions = {r.id: r for r in session.scalars(select(m.Region))}

    def city_of(region: m.Region) -> m.Region | None:
        if region.kind == "city":
            return region
        parent = regions.get(region.parent_id) if region.parent_id is not None else None
        return parent if parent is not None and parent.kind == "city" else None

    money = {
        p.id: p.investment_wan
        for p in session.scalars(select(m.Project))
        if p.id not in not_counted
    }
    per_county: dict[tuple[str, str], dict[int, int | None]] = defaultdict(dict)
    per_city: dict[str, dict[int, int | None]] = defaultdict(dict)
    placed: set[int] = set()
    for row in session.scalars(select(m.ProjectRegion)):
        if row.project_id not in money:
            continue
        region = regions[row.region_id]
        city = city_of(region)
        if city is None:
            continue
        placed.add(row.project_id)
        amount = None if money[row.project_id] is None else row.investment_wan or 0
        city_part = per_city[city.name]
        if amount is None:
            city_part[row.project_id] = None
        else:
            city_part[row.project_id] = (city_part.get(row.project_id) or 0) + amount
        if region.kind != "city":
            per_county[(city.name, region.name)][row.project_id] = amount

    def summary(city: str, county: str | None, amounts: dict[int, int | None]) -> PlaceSummary:
        return PlaceSummary(
            city=city,
            county=county,
            projects=len(amounts),
            investment_wan=sum(a for a in amounts.values() if a is not None),
            unknown_investment=sum(1 for a in amounts.values() if a is None),
        )

    places: list[PlaceSummary] = []
    for city_name in sorted(per_city):
        places.append(summary(city_name, None, per_city[city_name]))
        places += [
            summary(city_name, county, amounts)
            for (in_city, county), amounts in sorted(per_county.items())
            if in_city == city_name
        ]
    unplaced = [pid for pid in money if pid not in placed]
    return PlaceTotals(
        places=tuple(places),
        unplaced_projects=len(unplaced),
        unplaced_investment_wan=sum(money[pid] or 0 for pid in unplaced),
    )
