"""Storing parsed plans: normalization, findings, cross-plan links, in one transaction.

The loader takes the records an importer produced and writes them with everything derived
from them: units split and matched to their canonical names, places resolved against the
region table, start years inferred where only a completion year is stated, and a finding for
every such decision, each with its source line. Nothing is dropped silently.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.db import models as m
from portfolio.db.bulk import BATCH_ROWS, bulk_insert, reserve_ids
from portfolio.errors import ImportFileError, Problem
from portfolio.i18n import N_
from portfolio.normalize import normalize_name, resolve_places
from portfolio.records import ParsedPlan, ProjectTable, SourceRef, StreamedTable
from portfolio.regions import RegionTable
from portfolio.services.findings_log import FindingsLog
from portfolio.services.linking import PlanLinker
from portfolio.services.project_rows import (
    PreparedProject,
    UnitRegistry,
    prepare_project,
    source_columns,
)
from portfolio.services.queries import ProjectView
from portfolio.services.regions import ambiguity_problems, check_places, plan_region
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
    # A dry run's first projects as they would be stored (an import's preview).
    preview: tuple[ProjectView, ...] = ()


def skipped_load(session: Session, plan_key: str, sha256: str) -> LoadReport | None:
    """The report of a load that changes nothing because the file (its checksum) or the
    plan (its key) is stored already; ``None`` when neither is."""
    if session.scalar(select(m.ImportRecord.id).where(m.ImportRecord.sha256 == sha256)):
        return LoadReport(plan_key, created=False, skipped_reason=N_("该文件已导入"))
    if session.scalar(select(m.Plan.id).where(m.Plan.key == plan_key)):
        return LoadReport(plan_key, created=False, skipped_reason=N_("该规划已存在"))
    return None


def load_plan(
    session: Session,
    plan: ParsedPlan,
    *,
    sha256: str,
    file_name: str,
    regions: RegionTable,
    streamed: Iterable[StreamedTable] = (),
) -> LoadReport:
    """Store one parsed plan with its findings and its links to plans already stored; its
    project tables are ``plan.project_tables``, then ``streamed`` (read as they are stored).

    Loading a file whose checksum or plan key is already stored changes nothing (and reads
    nothing of ``streamed``). Raises :class:`ImportFileError` (before writing anything) when
    the plan's region or a place of ``plan.project_tables`` is unknown or stands for several
    regions (``streamed`` tables have their places checked as they are read).
    """
    skipped = skipped_load(session, plan.key, sha256)
    if skipped is not None:
        return skipped
    region = plan_region(plan, regions, file_name)
    problems = check_places(plan, regions, region)
    if problems:
        raise ImportFileError(problems)

    region_ids = {name: rid for name, rid in session.execute(select(m.Region.name, m.Region.id))}
    plan_row = m.Plan(
        key=plan.key,
        title=plan.title,
        issuer=plan.issuer,
        level=plan.level.value,
        region_id=region_ids[region],
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

    linker = PlanLinker(session, plan_row.id, plan.level.value, regions)
    store = _TableStore(session, plan, plan_row.id, regions, region, units, findings, linker)
    tables: Iterator[ProjectTable | StreamedTable] = itertools.chain(plan.project_tables, streamed)
    for position, table in enumerate(tables):
        report.projects += store.table(position, table)
    if store.problems:  # names of several places in a streamed table: nothing is stored
        raise ImportFileError(store.problems)

    report.indicators = _store_indicators(session, plan, plan_row.id)
    report.institutes = _store_institutes(session, plan, plan_row.id, regions, region, region_ids)
    session.add(m.ImportRecord(file_name=file_name, sha256=sha256, plan_id=plan_row.id))
    session.flush()
    report.links = linker.finish(findings)
    report.findings = findings.count
    findings.write(session)
    session.flush()
    return report


@dataclass
class _TableStore:
    """Stores a plan's project tables, a batch of rows at a time: what is prepared for a
    batch is written and let go, so that a table of 300,000 rows is never held whole."""

    session: Session
    plan: ParsedPlan
    plan_id: int
    regions: RegionTable
    region: str  # the plan's own region: a name of several places is taken within it
    units: UnitRegistry
    findings: FindingsLog
    linker: PlanLinker
    problems: list[Problem] = field(default_factory=list)

    def table(self, position: int, table: ProjectTable | StreamedTable) -> int:
        """Store one table's projects with their findings; returns how many."""
        table_row = m.ProjectTable(
            plan_id=self.plan_id,
            key=table.key,
            title=table.title,
            has_money=table.has_money,
            position=position,
            source_line_start=table.source.line_start,
            source_line_end=table.source.line_end,
        )
        self.session.add(table_row)
        self.session.flush()
        region_ids = {
            name: rid for name, rid in self.session.execute(select(m.Region.name, m.Region.id))
        }
        names = _SameNames()
        rows = iter(table.rows)
        count = 0
        while batch := list(itertools.islice(rows, BATCH_ROWS)):
            prepared = [
                prepare_project(
                    row,
                    position=count + offset,
                    has_money=table.has_money,
                    period_start=self.plan.period_start,
                    regions=self.regions,
                    within=self.region,
                    units=self.units,
                )
                for offset, row in enumerate(batch)
            ]
            ids = _store_projects(self.session, table_row.id, prepared, self.units, region_ids)
            if isinstance(table, StreamedTable):  # read as stored: its places checked here
                for row in batch:
                    self.problems += ambiguity_problems(row, self.regions, self.region)
            for pid, row, project in zip(ids, batch, prepared, strict=True):
                for kind, severity, message in project.findings:
                    self.findings.add(kind, message, row.source, project_id=pid, severity=severity)
                names.add(row.name)
            if table.has_money:
                keys = [project.link_key() for project in prepared]
                self.linker.add(
                    [(pid, key, row.source) for pid, key, row in zip(ids, keys, batch, strict=True)]
                )
            self.findings.write(self.session)
            count += len(batch)
        self._same_names(table.key, table_row.id, names)
        return count

    def _same_names(self, table_key: str, table_id: int, names: _SameNames) -> None:
        """A finding on every project whose name stands more than once in its table."""
        columns = (
            m.Project.position,
            m.Project.id,
            m.Project.seq,
            m.Project.name,
            m.Project.source_document,
            m.Project.source_line_start,
            m.Project.source_line_end,
        )
        for group in names.groups():
            by_position: dict[int, Any] = {}
            for first in range(0, len(group), 500):  # few variables a statement, however many
                part = group[first : first + 500]
                by_position.update(
                    (row[0], row)
                    for row in self.session.execute(
                        select(*columns).where(
                            m.Project.table_id == table_id, m.Project.position.in_(part)
                        )
                    )
                )
            said = "、".join(f"{by_position[i][2]}号" for i in group)
            for i in group:
                _, pid, _, name, document, line_start, line_end = by_position[i]
                self.findings.add(
                    "duplicate_name",
                    f"{table_key}中“{name}”出现多次（{said}）"
                    f" / the same name stands {len(group)} times in {table_key}",
                    SourceRef(document, line_start, line_end, ""),
                    project_id=pid,
                )


class _SameNames:
    """Positions of a table's rows by name (:func:`normalize_name`): one key per name, the
    positions kept only for names that stand more than once."""

    def __init__(self) -> None:
        self.first: dict[str, int] = {}
        self.repeated: dict[str, list[int]] = {}
        self.count = 0

    def add(self, name: str) -> None:
        key = normalize_name(name)
        first = self.first.setdefault(key, self.count)
        if first != self.count:
            self.repeated.setdefault(key, [first]).append(self.count)
        self.count += 1

    def groups(self) -> list[list[int]]:
        """Groups of positions (each of at most a few hundred), by first position."""
        return sorted(self.repeated.values())


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
    within: str,
    region_ids: dict[str, int],
) -> int:
    count = 0
    for table in plan.institute_tables:
        for position, row in enumerate(table.rows):
            cell = resolve_places(row.places_raw, regions, within)
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
