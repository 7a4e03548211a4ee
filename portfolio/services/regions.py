"""The region table in the database, and a plan's places checked against it.

The database holds every region of the table (:mod:`portfolio.regions`) under its canonical
name, with its parent, and the aliases that name it alone; a place several regions answer to
(鼓楼区) is stored with none of them and resolved, when a plan is loaded, within the plan's
city and province. A plan's own region and every place cell must resolve before anything
is written: an unknown name is refused with the closest known names, an ambiguous one with
every candidate.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from portfolio.db import models as m
from portfolio.db.bulk import bulk_insert, is_postgres
from portfolio.errors import ImportFileError, Location, Problem
from portfolio.normalize import resolve_places
from portfolio.records import ParsedPlan, ProjectRow, SourceRef
from portfolio.regions import Region, RegionKind, RegionTable
from portfolio.scenarios.suggest import did_you_mean

PLACES_COLUMN = "所在县（市、区）"
# Parents first: a row names its parent by id.
_LEVELS = ((RegionKind.PROVINCE,), (RegionKind.CITY,), (RegionKind.COUNTY, RegionKind.ZONE))


def ensure_regions(session: Session, regions: RegionTable) -> int:
    """Store the regions and aliases of the table that the database does not hold yet;
    returns the regions added. Stored names are never changed or removed; a database that
    holds as many regions and aliases as the table is taken to hold them (nothing is read)."""
    expected = (len(regions), sum(map(len, regions.unambiguous_aliases.values())))
    counted = (
        session.scalar(select(func.count()).select_from(m.Region)),
        session.scalar(select(func.count()).select_from(m.RegionAlias)),
    )
    if counted == expected:
        return 0  # the usual case: every import but the first one after an update
    ids = _region_ids(session)
    added = 0
    for kinds in _LEVELS:
        rows = [
            {
                "name": region.name,
                "kind": region.kind.value,
                "parent_id": ids.get(region.parent) if region.parent else None,
            }
            for region in regions
            if region.kind in kinds and region.name not in ids
        ]
        if rows:
            _insert(session, m.Region, rows)
            added += len(rows)
            ids |= _region_ids(session, kinds)
    stored = set(session.scalars(select(m.RegionAlias.alias)))
    aliases = [
        {"region_id": ids[name], "alias": alias}
        for name, names in regions.unambiguous_aliases.items()
        for alias in names
        if alias not in stored and alias not in ids
    ]
    _insert(session, m.RegionAlias, aliases)
    session.flush()
    return added


@dataclass(frozen=True)
class StoredRegion:
    """A region as the database holds it (plain values, not an ORM object)."""

    id: int
    name: str
    kind: str
    parent_id: int | None


def stored_regions(session: Session) -> dict[int, StoredRegion]:
    """Every stored region by id."""
    query = select(m.Region.id, m.Region.name, m.Region.kind, m.Region.parent_id)
    return {row.id: StoredRegion(*row) for row in session.execute(query)}


def cities_by_region(regions: Mapping[int, StoredRegion]) -> dict[int, str]:
    """The city each region counts under, by id, as :meth:`RegionTable.city_of` says: a
    city is its own; a county or zone has its city, or the municipality it lies in, or (a
    county its province administers directly, 仙桃市) stands as its own city; other
    provinces have none."""
    with_cities = {r.parent_id for r in regions.values() if r.kind == RegionKind.CITY}
    cities: dict[int, str] = {}
    for region in regions.values():
        parent = regions.get(region.parent_id) if region.parent_id is not None else None
        if region.kind == RegionKind.CITY:
            cities[region.id] = region.name
        elif region.kind == RegionKind.PROVINCE:
            continue
        elif parent is not None and parent.kind == RegionKind.CITY:
            cities[region.id] = parent.name
        elif parent is not None and parent.id not in with_cities:
            cities[region.id] = cities[parent.id] = parent.name  # a municipality
        else:
            cities[region.id] = region.name
    return cities


def regions_in_use(session: Session) -> dict[int, StoredRegion]:
    """The stored regions of every province a plan or a project's place lies in (all of
    Fujian for the bundled plans), by id: the places a scenario may name, not the country's."""
    regions = stored_regions(session)
    used = set(session.scalars(select(m.Plan.region_id).where(m.Plan.region_id.is_not(None))))
    used |= set(session.scalars(select(m.ProjectRegion.region_id).distinct()))
    province: dict[int, int] = {}

    def province_of(region_id: int) -> int:
        if region_id not in province:
            parent = regions[region_id].parent_id
            province[region_id] = region_id if parent is None else province_of(parent)
        return province[region_id]

    wanted = {province_of(rid) for rid in used if rid in regions}
    return {rid: r for rid, r in regions.items() if province_of(rid) in wanted}


def plan_region(plan: ParsedPlan, regions: RegionTable, file_name: str) -> str:
    """The canonical name of the region a plan belongs to (``--region``, or its 规划
    sheet); raises :class:`ImportFileError` when the table does not know it as one place."""
    found = regions.resolve(plan.region)
    if len(found) == 1:
        return found[0].name
    message = (
        _ambiguous(plan.region, found, regions)
        if found
        else f"unknown region “{plan.region}” of the plan"
        + did_you_mean(plan.region, regions.suggestions(plan.region))
    )
    raise ImportFileError([Problem(Location(file_name), message)])


@functools.lru_cache(maxsize=4096)
def place_problems(
    raw: str, regions: RegionTable, within: str | None, *, ambiguous: bool = True
) -> tuple[str, ...]:
    """What is wrong with a places cell of a plan of ``within``: each unknown name with the
    closest known ones and, unless ``ambiguous`` is false, each name several regions answer
    to with its candidates. Remembered: a large file repeats its mistakes."""
    cell = resolve_places(raw, regions, within)
    problems = [
        f"unknown county or place “{name}”" + did_you_mean(name, regions.suggestions(name, within))
        for name in cell.unresolved
    ]
    for written, names in cell.ambiguous if ambiguous else ():
        candidates = tuple(found for name in names if (found := regions.lookup(name)))
        problems.append(_ambiguous(written, candidates, regions))
    return tuple(problems)


def check_places(plan: ParsedPlan, regions: RegionTable, within: str) -> list[Problem]:
    """Every place cell of the plan must name known regions, each one region in the plan's
    city or province or anywhere (or be ``-`` / province-wide)."""
    problems = []
    for table in plan.project_tables:
        for row in table.rows:
            for message in place_problems(row.places_raw, regions, within):
                where = _location(row.source, PLACES_COLUMN)
                problems.append(Problem(where, f"{message} in “{row.places_raw}”"))
    return problems


def ambiguity_problems(row: ProjectRow, regions: RegionTable, within: str) -> list[Problem]:
    """Each name of a row's places cell that several regions of the plan's city or province
    (or, outside them, of China) answer to, with its candidates: a streamed table's rows are
    checked for it as they are stored, once the plan's region is known."""
    cell = resolve_places(row.places_raw, regions, within)
    return [
        Problem(
            _location(row.source, PLACES_COLUMN),
            f"{_ambiguous(written, candidates, regions)} in “{row.places_raw}”",
        )
        for written, names in cell.ambiguous
        if (candidates := tuple(found for name in names if (found := regions.lookup(name))))
    ]


def _ambiguous(written: str, candidates: tuple[Region, ...], regions: RegionTable) -> str:
    names = [regions.qualified(region) for region in candidates]
    return (
        f"“{written}” is the name of {len(names)} places: {', '.join(names)}; "
        f"write the one meant with its city, e.g. “{names[0]}”"
    )


def _insert(session: Session, model: type[m.Base], rows: list[dict[str, Any]]) -> None:
    """COPY on PostgreSQL; elsewhere one executemany of the table's INSERT, without the ORM's
    bulk path, which costs more than the database for thousands of small rows."""
    if rows and is_postgres(session):
        bulk_insert(session, model, rows)
    elif rows:
        session.execute(insert(m.Base.metadata.tables[model.__tablename__]), rows)


def _region_ids(session: Session, kinds: tuple[RegionKind, ...] | None = None) -> dict[str, int]:
    query = select(m.Region.name, m.Region.id)
    if kinds is not None:
        query = query.where(m.Region.kind.in_([kind.value for kind in kinds]))
    return {name: rid for name, rid in session.execute(query)}


def _location(source: SourceRef, column: str) -> Location:
    return Location(file=source.document, sheet=source.sheet, row=source.line_start, column=column)
