"""Read-only views of the stored portfolio, as frozen DTOs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from portfolio.db import models as m
from portfolio.exports.model import Language
from portfolio.i18n import N_, tr
from portfolio.scenarios.suggest import closest

COUNTY_KINDS = ("county", "zone")


@dataclass(frozen=True)
class ProjectFilter:
    """Filters a planner sets; names may be aliases (``晋江`` for 晋江市)."""

    county: str | None = None
    city: str | None = None
    plan: str | None = None
    table: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class ProjectView:
    id: int
    plan: str
    plan_title: str
    table: str
    table_title: str
    seq: str
    name: str
    investment_wan: int | None
    start_year: int | None
    end_year: int | None
    start_year_inferred: bool
    units: tuple[str, ...]
    counties: tuple[str, ...]
    cities: tuple[str, ...]
    province_wide: bool
    linked_to: tuple[int, ...]
    counted_in_totals: bool
    source_document: str
    source_sheet: str | None
    source_line_start: int
    source_line_end: int
    source_text: str


@dataclass(frozen=True)
class FindingView:
    id: int
    plan: str
    project_id: int | None
    project_name: str | None
    kind: str
    severity: str
    message: str
    source_document: str
    source_line_start: int
    source_line_end: int


@dataclass(frozen=True)
class TableSummary:
    plan: str
    table: str
    title: str
    projects: int
    unknown_investment: int
    investment_wan: int
    has_money: bool


class UnknownNameError(LookupError):
    """A filter names a county, city, plan, table or unit that does not exist.

    It keeps what it says (a message of the catalog, Chinese with ``{name}`` fields) and its
    values, so that each reader hears it in their language; ``str()`` says it in Chinese.
    """

    def __init__(self, said: str, /, suggestions: Sequence[str] = (), **values: object) -> None:
        self.said = said
        self.values = values
        self.suggestions = tuple(suggestions)  # the known names most like it, best first
        super().__init__(self.message(Language.ZH))

    def message(self, lang: Language) -> str:
        """What is unknown, in ``lang``, with the closest known names (did you mean)."""
        text = tr(lang, self.said, **self.values)
        if not self.suggestions:
            return text
        names = tr(lang, "或").join(f"“{s}”" for s in self.suggestions)
        return text + tr(lang, "（是否要写{names}？）", names=names)


def region_by_name(session: Session, name: str, kinds: tuple[str, ...]) -> m.Region:
    region = session.scalar(select(m.Region).where(m.Region.name == name))
    if region is None:
        region = session.scalar(
            select(m.Region)
            .join(m.RegionAlias, m.RegionAlias.region_id == m.Region.id)
            .where(m.RegionAlias.alias == name)
        )
    if region is None or region.kind not in kinds:
        known = session.scalars(select(m.Region.name).where(m.Region.kind.in_(kinds)))
        suggestions = closest(name, known)
        if "county" in kinds:
            raise UnknownNameError(N_("未知县（市、区）“{name}”"), suggestions, name=name)
        raise UnknownNameError(N_("未知设区市“{name}”"), suggestions, name=name)
    return region


def uncounted_row(link: m.ProjectLink) -> int:
    """The row of a project standing in two plans that consolidated totals leave out."""
    return link.other_id if link.counted_id == link.project_id else link.project_id


def list_projects(
    session: Session, flt: ProjectFilter | None = None, *, limit: int | None = None
) -> list[ProjectView]:
    """Projects in document order (plan, table, row), filtered; the first ``limit`` only
    when given (an import's preview)."""
    flt = flt or ProjectFilter()
    regions = {r.id: r for r in session.scalars(select(m.Region))}
    # Plain columns, not ORM objects: building thousands of instances costs more than the query.
    query = (
        select(
            m.Project.id,
            m.Project.seq,
            m.Project.name,
            m.Project.investment_wan,
            m.Project.start_year,
            m.Project.end_year,
            m.Project.start_year_inferred,
            m.Project.province_wide,
            m.Project.source_document,
            m.Project.source_sheet,
            m.Project.source_line_start,
            m.Project.source_line_end,
            m.Project.source_text,
            m.ProjectTable.key,
            m.ProjectTable.title,
            m.Plan.key,
            m.Plan.title,
        )
        .join(m.ProjectTable, m.ProjectTable.id == m.Project.table_id)
        .join(m.Plan, m.Plan.id == m.ProjectTable.plan_id)
        .order_by(m.Plan.id, m.ProjectTable.position, m.Project.position)
    )
    filtered = False
    if flt.plan:
        if session.scalar(select(m.Plan.id).where(m.Plan.key == flt.plan)) is None:
            raise UnknownNameError(N_("未知规划“{name}”"), name=flt.plan)
        query = query.where(m.Plan.key == flt.plan)
        filtered = True
    if flt.table:
        if session.scalar(select(m.ProjectTable.id).where(m.ProjectTable.key == flt.table)) is None:
            raise UnknownNameError(N_("未知表“{name}”"), name=flt.table)
        query = query.where(m.ProjectTable.key == flt.table)
        filtered = True
    if flt.county:
        county = region_by_name(session, flt.county, COUNTY_KINDS)
        query = query.where(
            m.Project.id.in_(
                select(m.ProjectRegion.project_id).where(m.ProjectRegion.region_id == county.id)
            )
        )
        filtered = True
    if flt.city:
        wanted = region_by_name(session, flt.city, ("city",))
        ids = [wanted.id] + [r.id for r in regions.values() if r.parent_id == wanted.id]
        query = query.where(
            m.Project.id.in_(
                select(m.ProjectRegion.project_id).where(m.ProjectRegion.region_id.in_(ids))
            )
        )
        filtered = True
    if flt.unit:
        unit_ids = (
            select(m.Unit.id)
            .where(m.Unit.name == flt.unit)
            .union(select(m.UnitAlias.unit_id).where(m.UnitAlias.alias == flt.unit))
        )
        if not session.execute(unit_ids).first():
            raise UnknownNameError(N_("未知单位“{name}”"), name=flt.unit)
        query = query.where(
            m.Project.id.in_(
                select(m.ProjectUnit.project_id).where(m.ProjectUnit.unit_id.in_(unit_ids))
            )
        )
        filtered = True
    if limit is not None:
        query = query.limit(limit)
        filtered = True
    rows = session.execute(query).all()
    # Units and places of the listed projects: all of them when nothing is filtered out,
    # else those of the filtered ids (a subquery, not thousands of bound parameters).
    listed_ids = query.with_only_columns(m.Project.id)
    listed = (listed_ids if limit is not None else listed_ids.order_by(None)).scalar_subquery()

    units: dict[int, list[str]] = defaultdict(list)
    for pid, name in session.execute(
        select(m.ProjectUnit.project_id, m.Unit.name)
        .join(m.Unit, m.Unit.id == m.ProjectUnit.unit_id)
        .where(m.ProjectUnit.project_id.in_(listed) if filtered else true())
        .order_by(m.ProjectUnit.project_id, m.ProjectUnit.position)
    ):
        units[pid].append(name)
    places: dict[int, list[m.Region]] = defaultdict(list)
    for pid, region_id in session.execute(
        select(m.ProjectRegion.project_id, m.ProjectRegion.region_id)
        .where(m.ProjectRegion.project_id.in_(listed) if filtered else true())
        .order_by(m.ProjectRegion.project_id, m.ProjectRegion.position)
    ):
        places[pid].append(regions[region_id])
    links: dict[int, list[int]] = defaultdict(list)
    not_counted: set[int] = set()
    for link in session.scalars(select(m.ProjectLink)):
        links[link.project_id].append(link.other_id)
        links[link.other_id].append(link.project_id)
        not_counted.add(uncounted_row(link))

    views = []
    for (
        pid,
        seq,
        name,
        investment_wan,
        start_year,
        end_year,
        inferred,
        province_wide,
        document,
        sheet,
        line_start,
        line_end,
        text,
        table_key,
        table_title,
        plan_key,
        plan_title,
    ) in rows:
        counties = tuple(r.name for r in places[pid] if r.kind in COUNTY_KINDS)
        cities: list[str] = []
        for region in places[pid]:
            city = region if region.kind == "city" else regions.get(region.parent_id or -1)
            if city is not None and city.kind == "city" and city.name not in cities:
                cities.append(city.name)
        views.append(
            ProjectView(
                id=pid,
                plan=plan_key,
                plan_title=plan_title,
                table=table_key,
                table_title=table_title,
                seq=seq,
                name=name,
                investment_wan=investment_wan,
                start_year=start_year,
                end_year=end_year,
                start_year_inferred=inferred,
                units=tuple(units[pid]),
                counties=counties,
                cities=tuple(cities),
                province_wide=province_wide,
                linked_to=tuple(sorted(links[pid])),
                counted_in_totals=pid not in not_counted,
                source_document=document,
                source_sheet=sheet,
                source_line_start=line_start,
                source_line_end=line_end,
                source_text=text,
            )
        )
    return views


def list_findings(
    session: Session, plan: str | None = None, kind: str | None = None
) -> list[FindingView]:
    query = (
        select(
            m.Finding.id,
            m.Plan.key,
            m.Finding.project_id,
            m.Project.name,
            m.Finding.kind,
            m.Finding.severity,
            m.Finding.message,
            m.Finding.source_document,
            m.Finding.source_line_start,
            m.Finding.source_line_end,
        )
        .join(m.Plan, m.Plan.id == m.Finding.plan_id)
        .outerjoin(m.Project, m.Project.id == m.Finding.project_id)
        .order_by(m.Finding.id)
    )
    if plan:
        query = query.where(m.Plan.key == plan)
    if kind:
        query = query.where(m.Finding.kind == kind)
    # Plain columns, not ORM objects: thousands of findings are listed at once.
    return [
        FindingView(
            id=fid,
            plan=plan_key,
            project_id=project_id,
            project_name=name,
            kind=kind,
            severity=severity,
            message=message,
            source_document=document,
            source_line_start=line_start,
            source_line_end=line_end,
        )
        for (
            fid,
            plan_key,
            project_id,
            name,
            kind,
            severity,
            message,
            document,
            line_start,
            line_end,
        ) in session.execute(query)
    ]


def table_summaries(session: Session) -> list[TableSummary]:
    """Count and total investment per table, exactly as the documents give them."""
    result = []
    for table, plan_key in session.execute(
        select(m.ProjectTable, m.Plan.key)
        .join(m.Plan, m.Plan.id == m.ProjectTable.plan_id)
        .order_by(m.Plan.id, m.ProjectTable.position)
    ):
        amounts = list(
            session.scalars(select(m.Project.investment_wan).where(m.Project.table_id == table.id))
        )
        result.append(
            TableSummary(
                plan=plan_key,
                table=table.key,
                title=table.title,
                projects=len(amounts),
                unknown_investment=sum(1 for a in amounts if a is None),
                investment_wan=sum(a for a in amounts if a is not None),
                has_money=table.has_money,
            )
        )
    return result


def consolidated_total_wan(views: list[ProjectView]) -> int:
    """Total investment with each project standing in two plans counted once."""
    return sum(v.investment_wan or 0 for v in views if v.counted_in_totals)


@dataclass(frozen=True)
class IndicatorView:
    id: int
    plan: str
    table: str
    seq: str
    name: str
    unit: str
    category: str
    note: str
    targets: dict[int, str]  # year → value as written
    source_document: str
    source_line_start: int
    source_line_end: int


@dataclass(frozen=True)
class InstituteView:
    id: int
    plan: str
    table: str
    seq: str
    name: str
    investment_wan: int | None
    enterprises_incubated: int | None
    enterprises_served: int | None
    results_transferred: int | None
    county: str | None
    source_document: str
    source_line_start: int
    source_line_end: int


def list_indicators(session: Session, plan: str | None = None) -> list[IndicatorView]:
    """Indicators with their yearly values as written, in document order."""
    query = (
        select(m.Indicator, m.Plan.key)
        .join(m.Plan, m.Plan.id == m.Indicator.plan_id)
        .order_by(m.Plan.id, m.Indicator.table_key, m.Indicator.position)
    )
    if plan:
        query = query.where(m.Plan.key == plan)
    rows = session.execute(query).all()
    targets: dict[int, dict[int, str]] = defaultdict(dict)
    for target in session.scalars(
        select(m.IndicatorTarget).where(m.IndicatorTarget.indicator_id.in_([i.id for i, _ in rows]))
    ):
        targets[target.indicator_id][target.year] = target.value_raw
    return [
        IndicatorView(
            id=i.id,
            plan=key,
            table=i.table_key,
            seq=i.seq,
            name=i.name,
            unit=i.unit,
            category=i.category,
            note=i.note,
            targets=dict(sorted(targets[i.id].items())),
            source_document=i.source_document,
            source_line_start=i.source_line_start,
            source_line_end=i.source_line_end,
        )
        for i, key in rows
    ]


def list_institutes(session: Session) -> list[InstituteView]:
    """The research institutes with their five-year targets (Quanzhou 附件4)."""
    regions = {rid: name for rid, name in session.execute(select(m.Region.id, m.Region.name))}
    query = (
        select(m.Institute, m.Plan.key)
        .join(m.Plan, m.Plan.id == m.Institute.plan_id)
        .order_by(m.Plan.id, m.Institute.position)
    )
    return [
        InstituteView(
            id=i.id,
            plan=key,
            table=i.table_key,
            seq=i.seq,
            name=i.name,
            investment_wan=i.investment_wan,
            enterprises_incubated=i.enterprises_incubated,
            enterprises_served=i.enterprises_served,
            results_transferred=i.results_transferred,
            county=regions.get(i.region_id) if i.region_id is not None else None,
            source_document=i.source_document,
            source_line_start=i.source_line_start,
            source_line_end=i.source_line_end,
        )
        for i, key in session.execute(query)
    ]
