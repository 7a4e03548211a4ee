"""Storing parsed plans: normalization, findings, cross-plan links, in one transaction.

The loader takes the records an importer produced and writes them with everything derived
from them: units split and matched to their canonical names, places resolved against the
region table, start years inferred where only a completion year is stated, and a finding for
every such decision, each with its source line. Nothing is dropped silently.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.db import models as m
from portfolio.db.bulk import BATCH_ROWS, bulk_insert, reserve_ids
from portfolio.errors import ImportFileError, Location, Problem
from portfolio.i18n import N_
from portfolio.normalize import find_duplicate_names, resolve_places
from portfolio.records import ParsedPlan, ProjectTable, SourceRef
from portfolio.regions import RegionTable
from portfolio.services.findings_log import FindingsLog
from portfolio.services.linking import LinkRow, link_plans
from portfolio.services.project_rows import (
    PreparedProject,
    UnitRegistry,
    prepare_project,
    source_columns,
)
from portfolio.shares import apportion

FULL_SHARE_BP = 10_000


@dataclass
class LoadReport:
    """What one load changed."""

    plan_key: str
    created: bool
    projects: int = 0
    indicators: int = 0
    institutes: int = 0
    findings: int = 0
    links: int = 0
    # Why nothing was loaded: a message of the catalog, said through ``gettext``.
    skipped_reason: str = ""


def ensure_regions(session: Session, regions: RegionTable) -> int:
    """Store the region table if the database has none yet; returns regions added."""
    existing = set(session.scalars(select(m.Region.name)))
    added = 0
    by_name: dict[str, m.Region] = {r.name: r for r in session.scalars(select(m.Region))}
    # Parents first: the province, cities, then counties and zones.
    order = {"province": 0, "city": 1, "county": 2, "zone": 2}
    for region in sorted(regions.regions, key=lambda r: order[r.kind.value]):
        if region.name in existing:
            continue
        province = regions.province.name
        parent_name = region.city or (province if region.kind.value == "city" else None)
        parent = by_name.get(parent_name) if parent_name else None
        row = m.Region(
            name=region.name, kind=region.kind.value, parent_id=parent.id if parent else None
        )
        session.add(row)
        session.flush()
        by_name[region.name] = row
        for alias in regions.aliases_of(region.name):
            session.add(m.RegionAlias(region_id=row.id, alias=alias))
        added += 1
    session.flush()
    return added


def _location(source: SourceRef, column: str) -> Location:
    return Location(file=source.document, sheet=source.sheet, row=source.line_start, column=column)


def check_places(plan: ParsedPlan, regions: RegionTable) -> list[Problem]:
    """Every place cell of the plan must name known regions (or be ``-`` / province-wide)."""
    problems = []
    for table in plan.project_tables:
        for row in table.rows:
            cell = resolve_places(row.places_raw, regions)
            if cell.unresolved:
                names = "、".join(cell.unresolved)
                problems.append(
                    Problem(
                        _location(row.source, "所在县（市、区）"),
                        f"unknown county or place “{names}” in “{row.places_raw}”",
                    )
                )
    return problems


def load_plan(
    session: Session,
    plan: ParsedPlan,
    *,
    sha256: str,
    file_name: str,
    regions: RegionTable,
) -> LoadReport:
    """Store one parsed plan with its findings and its links to plans already stored.

    Loading a file whose checksum or plan key is already stored changes nothing. Raises
    :class:`ImportFileError` (before writing anything) when a place is unknown.
    """
    if session.scalar(select(m.ImportRecord.id).where(m.ImportRecord.sha256 == sha256)):
        return LoadReport(plan.key, created=False, skipped_reason=N_("该文件已导入"))
    if session.scalar(select(m.Plan.id).where(m.Plan.key == plan.key)):
        return LoadReport(plan.key, created=False, skipped_reason=N_("该规划已存在"))
    problems = check_places(plan, regions)
    if problems:
        raise ImportFileError(problems)

    region_ids = {name: rid for name, rid in session.execute(select(m.Region.name, m.Region.id))}
    plan_row = m.Plan(
        key=plan.key,
        title=plan.title,
        issuer=plan.issuer,
        level=plan.level.value,
        region_id=region_ids.get(plan.region),
        period_start=plan.period_start,
        period_end=plan.period_end,
        document=plan.document,
        doc_number=plan.doc_number,
        document_sha256=sha256,
    )
    session.add(plan_row)
    session.flush()
    report = LoadReport(plan.key, created=True)
    findings = FindingsLog(plan_row.id)
    units = UnitRegistry.load(session)

    link_rows: list[LinkRow] = []  # the new projects as the linker sees them
    for position, table in enumerate(plan.project_tables):
        report.projects += _store_table(
            session, plan, position, table, plan_row.id, regions, units, findings, link_rows
        )

    report.indicators = _store_indicators(session, plan, plan_row.id)
    report.institutes = _store_institutes(session, plan, plan_row.id, regions, region_ids)
    session.add(m.ImportRecord(file_name=file_name, sha256=sha256, plan_id=plan_row.id))
    session.flush()
    report.links = link_plans(session, plan_row.id, findings, regions, link_rows)
    report.findings = findings.count
    findings.write(session)
    session.flush()
    return report


def _store_table(
    session: Session,
    plan: ParsedPlan,
    position: int,
    table: ProjectTable,
    plan_id: int,
    regions: RegionTable,
    units: UnitRegistry,
    findings: FindingsLog,
    link_rows: list[LinkRow],
) -> int:
    """Store one table's projects with their findings, a batch of rows at a time (what is
    prepared for a batch is written and let go); the new projects with money are added to
    ``link_rows``. Returns the number of projects."""
    table_row = m.ProjectTable(
        plan_id=plan_id,
        key=table.key,
        title=table.title,
        has_money=table.has_money,
        position=position,
        source_line_start=table.source.line_start,
        source_line_end=table.source.line_end,
    )
    session.add(table_row)
    session.flush()
    region_ids = {name: rid for name, rid in session.execute(select(m.Region.name, m.Region.id))}
    project_ids: list[int] = []
    for first in range(0, len(table.rows), BATCH_ROWS):
        batch = table.rows[first : first + BATCH_ROWS]
        prepared = [
            prepare_project(
                row,
                position=first + offset,
                has_money=table.has_money,
                period_start=plan.period_start,
                regions=regions,
                units=units,
            )
            for offset, row in enumerate(batch)
        ]
        ids = _store_projects(session, table_row.id, prepared, units, region_ids)
        for pid, row, project in zip(ids, batch, prepared, strict=True):
            for kind, severity, message in project.findings:
                findings.add(kind, message, row.source, project_id=pid, severity=severity)
            if table.has_money:
                link_rows.append((pid, project.link_key(), row.source))
        findings.write(session)
        project_ids.extend(ids)
    for group in find_duplicate_names([row.name for row in table.rows]):
        names = "、".join(f"{table.rows[i].seq}号" for i in group)
        for i in group:
            findings.add(
                "duplicate_name",
                f"{table.key}中“{table.rows[i].name}”出现多次（{names}）"
                f" / the same name stands {len(group)} times in {table.key}",
                table.rows[i].source,
                project_id=project_ids[i],
            )
    return len(table.rows)


def _store_projects(
    session: Session,
    table_id: int,
    prepared: Sequence[PreparedProject],
    units: UnitRegistry,
    region_ids: dict[str, int],
) -> list[int]:
    """Insert a table's projects and their unit and region links in bulk; returns the ids."""
    if not prepared:
        return []
    units.persist(session)
    project_ids = reserve_ids(session, m.Project.__tablename__, len(prepared))
    bulk_insert(
        session,
        m.Project,
        (
            {"id": pid, "table_id": table_id, **p.values}
            for pid, p in zip(project_ids, prepared, strict=True)
        ),
    )
    unit_links: list[dict[str, object]] = []
    region_links: list[dict[str, object]] = []
    for pid, project in zip(project_ids, prepared, strict=True):
        for i, share in enumerate(_equal_shares(len(project.units))):
            canonical, as_written = project.units[i]
            unit_links.append(
                {
                    "project_id": pid,
                    "unit_id": units.id_of(canonical),
                    "position": i,
                    "name_as_written": as_written,
                    "share_bp": share,
                }
            )
        for i, share in enumerate(_equal_shares(len(project.regions))):
            region_links.append(
                {
                    "project_id": pid,
                    "region_id": region_ids[project.regions[i]],
                    "position": i,
                    "share_bp": share,
                }
            )
    bulk_insert(session, m.ProjectUnit, unit_links)
    bulk_insert(session, m.ProjectRegion, region_links)
    return project_ids


@functools.lru_cache(maxsize=64)
def _equal_shares(count: int) -> tuple[int, ...]:
    """Equal shares in basis points, the 万元 rule's remainder to the earlier places.

    A place's money is not stored: it follows from these weights and the project's yearly
    amounts by the one rule of :mod:`portfolio.shares`.
    """
    parts = apportion(FULL_SHARE_BP, {f"{i:04d}": 1 for i in range(count)})
    return tuple(parts[f"{i:04d}"] for i in range(count))


def _store_indicators(session: Session, plan: ParsedPlan, plan_id: int) -> int:
    from portfolio.indicators import indicator_value

    count = 0
    for table in plan.indicator_tables:
        for position, row in enumerate(table.rows):
            indicator = m.Indicator(
                plan_id=plan_id,
                table_key=table.key,
                table_title=table.title,
                position=position,
                seq=row.seq,
                name=row.name,
                unit=row.unit,
                category=row.category,
                attribute=row.attribute,
                note=row.note,
                **source_columns(row.source),
            )
            session.add(indicator)
            session.flush()
            for target in row.targets:
                session.add(
                    m.IndicatorTarget(
                        indicator_id=indicator.id,
                        year=target.year,
                        value_raw=target.value_raw,
                        value=indicator_value(target.value_raw),
                    )
                )
            count += 1
    return count


def _store_institutes(
    session: Session,
    plan: ParsedPlan,
    plan_id: int,
    regions: RegionTable,
    region_ids: dict[str, int],
) -> int:
    count = 0
    for table in plan.institute_tables:
        for position, row in enumerate(table.rows):
            cell = resolve_places(row.places_raw, regions)
            region_id = region_ids[cell.regions[0]] if cell.regions else None
            session.add(
                m.Institute(
                    plan_id=plan_id,
                    table_key=table.key,
                    position=position,
                    seq=row.seq,
                    name=row.name,
                    work_focus=row.work_focus,
                    investment_wan=row.investment_wan,
                    investment_raw=row.investment_raw,
                    enterprises_incubated=row.enterprises_incubated,
                    enterprises_served=row.enterprises_served,
                    results_transferred=row.results_transferred,
                    region_id=region_id,
                    places_raw=row.places_raw,
                    **source_columns(row.source),
                )
            )
            count += 1
    return count
