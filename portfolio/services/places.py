"""Projects and money per prefecture city and county-level place: one reading for every surface.

A place's money is the sum of its projects' parts by the one rule of :mod:`portfolio.shares`
(each year's amount split over a project's places), so a place's total is the sum of its
yearly amounts, on the overview, on 资金, in comparisons, in the workbook and at the command
line. A project standing in two plans counts once, under the row the cross-plan link counts.
A project with money but no schedule counts in its places' totals as undated money. Money in
no city (province-wide projects, or a place the documents do not give) is summed apart, so
that the cities and that line add up to the consolidated total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from portfolio.exports.model import ScheduleExport
from portfolio.scenarios.build import Geography, PortfolioProject
from portfolio.services.exports import page_schedule, scenario_inputs_with_views
from portfolio.services.queries import COUNTY_KINDS, region_by_name
from portfolio.services.workspace import Workspace
from portfolio.shares import place_share


@dataclass(frozen=True)
class PlaceSummary:
    """One city (``county`` is None) or one county-level place of a city."""

    city: str
    county: str | None
    projects: int  # counted projects with a part there
    investment_wan: int  # the place's share of their money: its yearly amounts and undated
    unknown_investment: int  # projects there whose money the plan does not give
    by_year: Mapping[int, int] = field(default_factory=dict)
    undated_wan: int = 0  # money of projects there without a schedule

    @property
    def name(self) -> str:
        return self.county or self.city


@dataclass(frozen=True)
class PlaceTotals:
    places: tuple[PlaceSummary, ...]  # each city, followed by its counties
    unplaced_projects: int
    unplaced_investment_wan: int

    def counties(self) -> tuple[PlaceSummary, ...]:
        return tuple(p for p in self.places if p.county is not None)

    def cities(self) -> tuple[PlaceSummary, ...]:
        return tuple(p for p in self.places if p.county is None)


class _Tally:
    """What one place gathers: its projects and its money by year."""

    def __init__(self) -> None:
        self.projects: set[int] = set()
        self.unknown: set[int] = set()
        self.by_year: dict[int, int] = defaultdict(int)
        self.undated = 0

    def summary(self, city: str, county: str | None) -> PlaceSummary:
        by_year = dict(sorted(self.by_year.items()))
        return PlaceSummary(
            city=city,
            county=county,
            projects=len(self.projects),
            investment_wan=sum(by_year.values()) + self.undated,
            unknown_investment=len(self.unknown),
            by_year=by_year,
            undated_wan=self.undated,
        )


def summarize_places(
    export: ScheduleExport, projects: Iterable[PortfolioProject], geography: Geography
) -> PlaceTotals:
    """Per city and county: the counted projects there and their money (see the module)."""
    rows = {row.project_id: row for row in export.rows}
    cities: dict[str, _Tally] = defaultdict(_Tally)
    counties: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    unplaced_projects = 0
    unplaced_money = 0
    for project in projects:
        if not project.counted_in_totals:
            continue
        row = rows.get(project.id)
        if row is not None:
            dated: Mapping[str, Mapping[int, int]] = row.county_spend
            undated: Mapping[str, int] = {}
        elif project.investment_wan is not None:
            dated, undated = {}, place_share(project.investment_wan, dict(project.regions))
        else:
            dated, undated = {}, {}
        placed = False
        for region, share in project.regions:
            city = geography.city_of.get(region)
            parts = dated.get(region, {})
            if city is None or share <= 0:
                unplaced_money += sum(parts.values()) + undated.get(region, 0)
                continue
            placed = True
            tallies = [cities[city]]
            if region != city:
                tallies.append(counties[(city, region)])
            for tally in tallies:
                tally.projects.add(project.id)
                if project.investment_wan is None:
                    tally.unknown.add(project.id)
                for year, amount in parts.items():
                    tally.by_year[year] += amount
                tally.undated += undated.get(region, 0)
        if not placed:
            unplaced_projects += 1
            if not project.regions:
                unplaced_money += (
                    sum(row.spend.values()) if row is not None else project.investment_wan or 0
                )
    places: list[PlaceSummary] = []
    for city in sorted(cities):
        places.append(cities[city].summary(city, None))
        places += [
            tally.summary(city, county)
            for (in_city, county), tally in sorted(counties.items())
            if in_city == city
        ]
    return PlaceTotals(tuple(places), unplaced_projects, unplaced_money)


def place_totals(workspace: Workspace) -> PlaceTotals:
    """Counts and money per city and county in the plan, computed once per data revision."""

    def compute() -> PlaceTotals:
        export = page_schedule(workspace)
        with workspace.sessions() as session:
            projects, geography = scenario_inputs_with_views(session)
        return summarize_places(export, (p for p, _ in projects.values()), geography)

    return workspace.memo(("place_totals",), compute, plan=True)


def place_summary(workspace: Workspace, name: str, *, city: bool = False) -> PlaceSummary:
    """One county-level place (or city, ``city=True``) by its name or an alias.

    Raises :class:`~portfolio.services.queries.UnknownNameError` for a name that is none.
    """
    with workspace.sessions() as session:
        region = region_by_name(session, name, ("city",) if city else COUNTY_KINDS)
        canonical = region.name
    for place in place_totals(workspace).places:
        if place.name == canonical and (place.county is None) == city:
            return place
    return PlaceSummary(
        city=canonical if city else "",
        county=None if city else canonical,
        projects=0,
        investment_wan=0,
        unknown_investment=0,
    )
