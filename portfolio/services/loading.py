"""Storing parsed plans: normalization, findings, cross-plan links, in one transaction.

The loader takes the records an importer produced and writes them with everything derived
from them: units split and matched to their canonical names, places resolved against the
region table, start years inferred where only a completion year is stated, and a finding for
every such decision, each with its source line. Nothing is dropped silently.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.db import models as m
from portfolio.errors import ImportFileError, Location, Problem
from portfolio.normalize import (
    find_duplicate_names,
    infer_start_year,
    link_candidates,
    match_unit_name,
    resolve_places,
    split_units,
)
from portfolio.records import ParsedPlan, ProjectRow, SourceRef
from portfolio.regions import RegionTable
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


@dataclass
class _UnitRegistry:
    """Canonical units known to the database, with the aliases seen so far."""

    by_name: dict[str, int] = field(default_factory=dict)
    by_alias: dict[str, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> _UnitRegistry:
        registry = cls()
        for unit_id, name in session.execute(select(m.Unit.id, m.Unit.name)):
            registry.by_name[name] = unit_id
            registry.names[unit_id] = name
        for unit_id, alias in session.execute(select(m.UnitAlias.unit_id, m.UnitAlias.alias)):
            registry.by_alias[alias] = unit_id
        return registry

    def resolve(self, session: Session, name: str) -> tuple[int, str | None]:
        """The unit's id, and the canonical name when ``name`` was matched as a variant."""
        if name in self.by_name:
            return self.by_name[name], None
        if name in self.by_alias:
            unit_id = self.by_alias[name]
            return unit_id, self.names[unit_id]
        canonical = match_unit_name(name, self.by_name)
        if canonical is not None:
            unit_id = self.by_name[canonical]
            session.add(m.UnitAlias(unit_id=unit_id, alias=name))
            self.by_alias[name] = unit_id
            return unit_id, canonical
        unit = m.Unit(name=name)
        session.add(unit)
        session.flush()
        self.by_name[name] = unit.id
        self.names[unit.id] = name
        return unit.id, None


class _Findings:
    """Collects findings of one plan so that they are written together."""

    def __init__(self, session: Session, plan_id: int) -> None:
        self.session = session
        self.plan_id = plan_id
        self.count = 0

    def add(
        self,
        kind: str,
        message: str,
        source: SourceRef,
        *,
        project_id: int | None = None,
        severity: str = "warning",
        plan_id: int | None = None,
    ) -> None:
        self.session.add(
            m.Finding(
                plan_id=plan_id or self.plan_id,
                project_id=project_id,
                kind=kind,
                severity=severity,
                message=message,
                source_document=source.document,
                source_line_start=source.line_start,
                source_line_end=source.line_end,
            )
        )
        self.count += 1


def _source_columns(source: SourceRef) -> dict[str, object]:
    return {
        "source_document": source.document,
        "source_sheet": source.sheet,
        "source_line_start": source.line_start,
        "source_line_end": source.line_end,
        "source_text": source.raw_text,
    }


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
        return LoadReport(plan.key, created=False, skipped_reason="file already imported")
    if session.scalar(select(m.Plan.id).where(m.Plan.key == plan.key)):
        return LoadReport(plan.key, created=False, skipped_reason=f"plan {plan.key} exists")
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
    findings = _Findings(session, plan_row.id)
    units = _UnitRegistry.load(session)

    for position, table in enumerate(plan.project_tables):
        table_row = m.ProjectTable(
            plan_id=plan_row.id,
            key=table.key,
            title=table.title,
            has_money=table.has_money,
            position=position,
            source_line_start=table.source.line_start,
            source_line_end=table.source.line_end,
        )
        session.add(table_row)
        session.flush()
        project_ids = []
        for row_position, row in enumerate(table.rows):
            project_ids.append(
                _store_project(
                    session,
                    plan,
                    table_row,
                    row_position,
                    row,
                    region_ids,
                    regions,
                    units,
                    findings,
                )
            )
            report.projects += 1
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

    report.indicators = _store_indicators(session, plan, plan_row.id)
    report.institutes = _store_institutes(session, plan, plan_row.id, regions, region_ids)
    session.add(m.ImportRecord(file_name=file_name, sha256=sha256, plan_id=plan_row.id))
    session.flush()
    report.links = link_plans(session, plan_row.id, findings, regions)
    report.findings = findings.count
    session.flush()
    return report


def _store_project(
    session: Session,
    plan: ParsedPlan,
    table: m.ProjectTable,
    position: int,
    row: ProjectRow,
    region_ids: dict[str, int],
    regions: RegionTable,
    units: _UnitRegistry,
    findings: _Findings,
) -> int:
    start_year, inferred = row.start_year, False
    if start_year is None and row.end_year is not None:
        start_year, inferred = infer_start_year(row.end_year, plan.period_start), True
    unit_cell = split_units(row.units_raw)
    place_cell = resolve_places(row.places_raw, regions)
    project = m.Project(
        table_id=table.id,
        position=position,
        seq=row.seq,
        name=row.name,
        description=row.description,
        investment_wan=row.investment_wan,
        investment_raw=row.investment_raw,
        start_year=start_year,
        start_year_inferred=inferred,
        end_year=row.end_year,
        years_raw=row.years_raw,
        units_raw=row.units_raw,
        units_incomplete=unit_cell.incomplete,
        places_raw=row.places_raw,
        places_incomplete=place_cell.incomplete,
        province_wide=place_cell.province_wide,
        places_note="；".join(place_cell.notes),
        extra=json.dumps(dict(row.extra), ensure_ascii=False) if row.extra else "",
        **_source_columns(row.source),
    )
    session.add(project)
    session.flush()
    pid = project.id
    src = row.source

    if table.has_money and row.investment_wan is None:
        findings.add(
            "unknown_investment",
            f"总投资未知（“{row.investment_raw}”） / total investment not given",
            src,
            project_id=pid,
        )
    if inferred:
        findings.add(
            "start_year_inferred",
            f"仅有完成年份{row.end_year}，起始年份按规则取{start_year}"
            f" / only the completion year is stated; start year {start_year} inferred",
            src,
            project_id=pid,
            severity="info",
        )
    elif row.end_year is None and table.has_money:
        findings.add(
            "unknown_years",
            f"年限未知（“{row.years_raw}”） / years not given",
            src,
            project_id=pid,
        )

    # Units: equal shares unless a document gives them.
    unit_ids: list[tuple[int, str]] = []
    for name in unit_cell.names:
        unit_id, canonical = units.resolve(session, name)
        if canonical is not None and canonical != name:
            findings.add(
                "unit_name_matched",
                f"单位“{name}”按“{canonical}”计 / unit “{name}” matched to “{canonical}”",
                src,
                project_id=pid,
                severity="info",
            )
        if unit_id not in {uid for uid, _ in unit_ids}:
            unit_ids.append((unit_id, name))
    _link_shares(session, m.ProjectUnit, "unit_id", pid, unit_ids, row.investment_wan)
    if unit_cell.incomplete:
        findings.add(
            "units_incomplete",
            f"单位列表以“等”结尾，未列全 / list of units ends in 等 (incomplete): {row.units_raw}",
            src,
            project_id=pid,
            severity="info",
        )

    # Places.
    place_ids = [(region_ids[name], name) for name in place_cell.regions]
    if place_cell.province_wide:
        province = regions.province.name
        if province not in place_cell.regions:
            place_ids.append((region_ids[province], province))
        findings.add(
            "province_wide",
            f"所在地区“{row.places_raw}”按全省计 / place “{row.places_raw}” taken as province-wide",
            src,
            project_id=pid,
            severity="info",
        )
    _link_shares(session, m.ProjectRegion, "region_id", pid, place_ids, row.investment_wan)
    if place_cell.unknown:
        findings.add(
            "unknown_place",
            f"所在地区未知（“{row.places_raw}”） / place not given",
            src,
            project_id=pid,
        )
    if place_cell.incomplete:
        findings.add(
            "places_incomplete",
            f"所在地区以“等”结尾，未列全 / list of places ends in 等 (incomplete): "
            f"{row.places_raw}",
            src,
            project_id=pid,
            severity="info",
        )
    for note in place_cell.notes:
        findings.add(
            "place_note",
            f"所在地区附注“{note}” / the place carries a note: {note}",
            src,
            project_id=pid,
            severity="info",
        )
    return pid


def _link_shares(
    session: Session,
    model: type[m.ProjectUnit] | type[m.ProjectRegion],
    key: str,
    project_id: int,
    members: Sequence[tuple[int, str]],
    investment_wan: int | None,
) -> None:
    """Link a project to its units or regions with equal shares, apportioned exactly."""
    if not members:
        return
    shares = apportion(FULL_SHARE_BP, [1] * len(members))
    amounts = apportion(investment_wan, [1] * len(members)) if investment_wan is not None else None
    for i, (member_id, as_written) in enumerate(members):
        values: dict[str, object] = {
            "project_id": project_id,
            key: member_id,
            "position": i,
            "share_bp": shares[i],
            "investment_wan": amounts[i] if amounts is not None else None,
        }
        if model is m.ProjectUnit:
            values["name_as_written"] = as_written
        session.add(model(**values))


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
                **_source_columns(row.source),
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
                    **_source_columns(row.source),
                )
            )
            count += 1
    return count


_LEVEL_RANK = {"county": 0, "city": 1, "province": 2}


def link_plans(session: Session, plan_id: int, findings: _Findings, regions: RegionTable) -> int:
    """Link the projects of a new plan with the same projects in plans of another level.

    The row of the lower-level plan (closer to the project: with its start year and county)
    is the one counted in consolidated totals; the other is kept and shown, marked as linked.
    """
    plan = session.get_one(m.Plan, plan_id)
    others = session.scalars(select(m.Plan).where(m.Plan.id != plan_id, m.Plan.level != plan.level))
    new_rows = _link_rows(session, plan_id)
    count = 0
    for other in list(others):
        other_rows = _link_rows(session, other.id)
        plan_of = {r[0]: plan_id for r in new_rows} | {r[0]: other.id for r in other_rows}
        if _LEVEL_RANK[plan.level] < _LEVEL_RANK[other.level]:
            lower, higher = new_rows, other_rows
        else:
            lower, higher = other_rows, new_rows
        pairs = link_candidates([r[1] for r in lower], [r[1] for r in higher], regions=regions)
        for i, j, reason in pairs:
            low, high = lower[i], higher[j]
            session.add(
                m.ProjectLink(project_id=low[0], other_id=high[0], counted_id=low[0], reason=reason)
            )
            count += 1
            for row, partner in ((low, high), (high, low)):
                findings.add(
                    "cross_plan_link",
                    f"与另一规划中的“{partner[1][0]}”为同一项目，合计时只计一次（{reason}）"
                    f" / the same project as “{partner[1][0]}” in another plan; counted once",
                    row[2],
                    project_id=row[0],
                    severity="info",
                    plan_id=plan_of[row[0]],
                )
    return count


LinkRow = tuple[int, tuple[str, tuple[str, ...], tuple[str, ...], int | None], SourceRef]


def _link_rows(session: Session, plan_id: int) -> list[LinkRow]:
    projects = list(
        session.scalars(
            select(m.Project)
            .join(m.ProjectTable, m.ProjectTable.id == m.Project.table_id)
            .where(m.ProjectTable.plan_id == plan_id, m.ProjectTable.has_money.is_(True))
            .order_by(m.ProjectTable.position, m.Project.position)
        )
    )
    ids = [project.id for project in projects]
    unit_names: dict[int, list[str]] = defaultdict(list)
    for pid, name in session.execute(
        select(m.ProjectUnit.project_id, m.Unit.name)
        .join(m.Unit, m.Unit.id == m.ProjectUnit.unit_id)
        .where(m.ProjectUnit.project_id.in_(ids))
        .order_by(m.ProjectUnit.project_id, m.ProjectUnit.position)
    ):
        unit_names[pid].append(name)
    region_names: dict[int, list[str]] = defaultdict(list)
    for pid, name in session.execute(
        select(m.ProjectRegion.project_id, m.Region.name)
        .join(m.Region, m.Region.id == m.ProjectRegion.region_id)
        .where(m.ProjectRegion.project_id.in_(ids))
        .order_by(m.ProjectRegion.project_id, m.ProjectRegion.position)
    ):
        region_names[pid].append(name)
    return [
        (
            p.id,
            (p.name, tuple(unit_names[p.id]), tuple(region_names[p.id]), p.investment_wan),
            SourceRef(
                p.source_document,
                p.source_line_start,
                p.source_line_end,
                p.source_text,
                p.source_sheet,
            ),
        )
        for p in projects
    ]
