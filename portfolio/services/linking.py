"""Linking the same project across plans of different levels.

Between the Quanzhou and the provincial plan at least nine projects stand twice, with
slightly different names, money or years. They are linked so that consolidated totals
count each once; both rows are kept and shown.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.db import models as m
from portfolio.normalize import link_candidates
from portfolio.records import SourceRef
from portfolio.regions import RegionTable
from portfolio.services.findings_log import FindingsLog

_LEVEL_RANK = {"county": 0, "city": 1, "province": 2}


def link_plans(
    session: Session,
    plan_id: int,
    findings: FindingsLog,
    regions: RegionTable,
    new_rows: list[LinkRow] | None = None,
) -> int:
    """Link the projects of a new plan with the same projects in plans of another level.

    The row of the lower-level plan (closer to the project: with its start year and county)
    is the one counted in consolidated totals; the other is kept and shown, marked as linked.
    ``new_rows``: the new plan's projects with money as the loader wrote them (else they are
    read back from the database).
    """
    plan = session.get_one(m.Plan, plan_id)
    others = list(
        session.scalars(select(m.Plan).where(m.Plan.id != plan_id, m.Plan.level != plan.level))
    )
    if not others:
        return 0
    if new_rows is None:
        new_rows = _link_rows(session, plan_id)
    count = 0
    for other in others:
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
                m.ProjectLink(
                    project_id=low[0], other_id=high[0], counted_id=low[0], reason=str(reason)
                )
            )
            count += 1
            for row, partner in ((low, high), (high, low)):
                findings.add(
                    "cross_plan_link",
                    f"与另一规划中的“{partner[1][0]}”为同一项目，合计时只计一次（{reason.zh}）"
                    f" / the same project as “{partner[1][0]}” in another plan, counted once "
                    f"({reason.en})",
                    row[2],
                    project_id=row[0],
                    severity="info",
                    plan_id=plan_of[row[0]],
                )
    return count


LinkRow = tuple[int, tuple[str, tuple[str, ...], tuple[str, ...], int | None], SourceRef]


def _link_rows(session: Session, plan_id: int) -> list[LinkRow]:
    """The plan's projects with money as the linking rule sees them, in table order.

    Read as plain rows joined on the plan (no ORM objects, and no list of ids in the
    statement: an import of 300,000 rows would pass SQLite's limit of variables)."""
    of_plan = (m.ProjectTable.plan_id == plan_id, m.ProjectTable.has_money.is_(True))
    projects = session.execute(
        select(
            m.Project.id,
            m.Project.name,
            m.Project.investment_wan,
            m.Project.source_document,
            m.Project.source_line_start,
            m.Project.source_line_end,
            m.Project.source_text,
            m.Project.source_sheet,
        )
        .join(m.ProjectTable, m.ProjectTable.id == m.Project.table_id)
        .where(*of_plan)
        .order_by(m.ProjectTable.position, m.Project.position)
    ).all()
    unit_names: dict[int, list[str]] = defaultdict(list)
    for pid, name in session.execute(
        select(m.ProjectUnit.project_id, m.Unit.name)
        .join(m.Unit, m.Unit.id == m.ProjectUnit.unit_id)
        .join(m.Project, m.Project.id == m.ProjectUnit.project_id)
        .join(m.ProjectTable, m.ProjectTable.id == m.Project.table_id)
        .where(*of_plan)
        .order_by(m.ProjectUnit.project_id, m.ProjectUnit.position)
    ):
        unit_names[pid].append(name)
    region_names: dict[int, list[str]] = defaultdict(list)
    for pid, name in session.execute(
        select(m.ProjectRegion.project_id, m.Region.name)
        .join(m.Region, m.Region.id == m.ProjectRegion.region_id)
        .join(m.Project, m.Project.id == m.ProjectRegion.project_id)
        .join(m.ProjectTable, m.ProjectTable.id == m.Project.table_id)
        .where(*of_plan)
        .order_by(m.ProjectRegion.project_id, m.ProjectRegion.position)
    ):
        region_names[pid].append(name)
    return [
        (
            pid,
            (name, tuple(unit_names[pid]), tuple(region_names[pid]), investment),
            SourceRef(document, line_start, line_end, text, sheet),
        )
        for pid, name, investment, document, line_start, line_end, text, sheet in projects
    ]
