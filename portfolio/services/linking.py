"""Linking the same project across plans of different levels.

Between the Quanzhou and the provincial plan at least nine projects stand twice, with
slightly different names, money or years. They are linked so that consolidated totals
count each once; both rows are kept and shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.db import models as m
from portfolio.normalize import LinkReason, link_candidates
from portfolio.records import SourceRef
from portfolio.regions import RegionTable
from portfolio.services.findings_log import FindingsLog

_LEVEL_RANK = {"county": 0, "city": 1, "province": 2}


class PlanLinker:
    """Links the projects of a new plan with the same projects in plans of another level,
    handed over a batch at a time as they are stored (:meth:`add`), then written
    (:meth:`finish`): only the new rows that pair with another plan's are kept meanwhile.

    The row of the lower-level plan (closer to the project: with its start year and county)
    is the one counted in consolidated totals; the other is kept and shown, marked as linked.
    """

    def __init__(self, session: Session, plan_id: int, level: str, regions: RegionTable) -> None:
        self.session, self.plan_id, self.regions = session, plan_id, regions
        others = session.scalars(select(m.Plan).where(m.Plan.id != plan_id, m.Plan.level != level))
        # Each other plan: its id, its rows, whether the new plan is the lower level.
        self.others = [
            (other.id, _link_rows(session, other.id), _LEVEL_RANK[level] < _LEVEL_RANK[other.level])
            for other in others
        ]
        self.pairs: list[list[tuple[int, int, LinkReason]]] = [[] for _ in self.others]
        self.kept: dict[int, LinkRow] = {}  # new rows in a pair, by their position
        self.seen = 0

    def add(self, rows: Sequence[LinkRow]) -> None:
        """The next new rows (projects with money, in table order)."""
        keys = [row[1] for row in rows]
        for pairs, (_, other_rows, new_is_lower) in zip(self.pairs, self.others, strict=True):
            other_keys = [row[1] for row in other_rows]
            if new_is_lower:
                found = link_candidates(keys, other_keys, regions=self.regions)
                new = [(i + self.seen, j, reason) for i, j, reason in found]
                mine = [i for i, _, _ in new]
            else:
                found = link_candidates(other_keys, keys, regions=self.regions)
                new = [(i, j + self.seen, reason) for i, j, reason in found]
                mine = [j for _, j, _ in new]
            pairs.extend(new)
            self.kept.update((position, rows[position - self.seen]) for position in mine)
        self.seen += len(rows)

    def finish(self, findings: FindingsLog) -> int:
        """Store the links found, with a finding on each side; returns how many."""
        count = 0
        for pairs, (other_id, other_rows, new_is_lower) in zip(
            self.pairs, self.others, strict=True
        ):
            for i, j, reason in sorted(pairs, key=lambda pair: pair[:2]):
                if new_is_lower:
                    low, high, low_plan, high_plan = (
                        self.kept[i],
                        other_rows[j],
                        self.plan_id,
                        other_id,
                    )
                else:
                    low, high, low_plan, high_plan = (
                        other_rows[i],
                        self.kept[j],
                        other_id,
                        self.plan_id,
                    )
                self.session.add(
                    m.ProjectLink(
                        project_id=low[0], other_id=high[0], counted_id=low[0], reason=str(reason)
                    )
                )
                count += 1
                for row, partner, plan in ((low, high, low_plan), (high, low, high_plan)):
                    findings.add(
                        "cross_plan_link",
                        f"与另一规划中的“{partner[1][0]}”为同一项目，合计时只计一次（{reason.zh}）"
                        f" / the same project as “{partner[1][0]}” in another plan, counted once "
                        f"({reason.en})",
                        row[2],
                        project_id=row[0],
                        severity="info",
                        plan_id=plan,
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
