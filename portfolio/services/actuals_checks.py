"""A progress report's rows checked against the stored portfolio: which project (or
indicator) each row means, and whether its years make sense for it.

A row names its project by 项目ID, or by 项目名称 with 规划/表/序号 where the name is not
unique; an unknown name comes with the closest known ones. A year far before the plan's
period is a typo (a plan of 2021–2025 is not reported in 2009); a year after the report's
date has not happened yet. A project-year stands once per file, and a project's actual start
and completion years agree between its rows and come in order.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.actuals import ActualStatus
from portfolio.db import models as m
from portfolio.importers.actuals_columns import Column
from portfolio.importers.actuals_problems import MAX_LISTED, ActualsProblemLog
from portfolio.importers.actuals_sheet import IndicatorLine, ProjectLine
from portfolio.scenarios.suggest import closest

# Years before the plan's period (or the project's planned start, if earlier) by more than
# this are refused as typos.
YEARS_BEFORE_PLAN = 5


@dataclass(frozen=True)
class KnownProject:
    """A stored project as a report's rows may name it."""

    id: int
    name: str
    plan: str
    plan_title: str
    table: str
    seq: str
    earliest_year: int  # the first year a report may give for it

    def label(self) -> str:
        """``quanzhou-st-14fyp 附件1 序号3（ID 12）``: enough to tell two of one name apart."""
        return f"{self.plan} {self.table} 序号{self.seq or '-'}（ID {self.id}）"


@dataclass(frozen=True)
class KnownIndicator:
    """A stored indicator as a report's rows may name it."""

    id: int
    name: str
    unit: str
    plan: str
    plan_title: str
    table: str
    seq: str


def key(text: str) -> str:
    """A name as compared: NFKC, no white space (a wrapped cell, a stray space)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def known_projects(session: Session) -> list[KnownProject]:
    """Every stored project with its plan and table."""
    query = (
        select(
            m.Project.id,
            m.Project.name,
            m.Project.seq,
            m.Project.start_year,
            m.ProjectTable.key,
            m.Plan.key,
            m.Plan.title,
            m.Plan.period_start,
        )
        .join(m.ProjectTable, m.ProjectTable.id == m.Project.table_id)
        .join(m.Plan, m.Plan.id == m.ProjectTable.plan_id)
    )
    return [
        KnownProject(
            pid,
            name,
            plan,
            title,
            table,
            seq,
            min(period_start, start or period_start) - YEARS_BEFORE_PLAN,
        )
        for pid, name, seq, start, table, plan, title, period_start in session.execute(query)
    ]


def known_indicators(session: Session) -> list[KnownIndicator]:
    """Every stored indicator with its plan and table."""
    query = select(
        m.Indicator.id,
        m.Indicator.name,
        m.Indicator.unit,
        m.Plan.key,
        m.Plan.title,
        m.Indicator.table_key,
        m.Indicator.seq,
    ).join(m.Plan, m.Plan.id == m.Indicator.plan_id)
    return [KnownIndicator(*row) for row in session.execute(query)]


_Known = TypeVar("_Known", KnownProject, KnownIndicator)


def _narrowed(found: Iterable[_Known], plan: str, table: str, seq: str) -> list[_Known]:
    """Those of ``found`` that the row's 规划 (key or title), 表 and 序号 fit, where given."""
    return [
        k
        for k in found
        if (not plan or key(plan) in (key(k.plan), key(k.plan_title)))
        and (not table or key(table) == key(k.table))
        and (not seq or key(seq) == key(k.seq))
    ]


def _by_name(known: Iterable[_Known]) -> dict[str, list[_Known]]:
    found: dict[str, list[_Known]] = {}
    for item in known:
        found.setdefault(key(item.name), []).append(item)
    return found


class ProjectRows:
    """Resolves and checks a report's project rows against the stored projects."""

    def __init__(
        self, known: Sequence[KnownProject], report_date: dt.date, log: ActualsProblemLog
    ) -> None:
        self.by_id = {p.id: p for p in known}
        self.by_name = _by_name(known)
        self.names = sorted({p.name for p in known})
        self.report_date = report_date
        self.log = log

    def resolve(self, line: ProjectLine) -> KnownProject | None:
        """The project a row names, or ``None`` (with a problem) when it names none or
        several."""
        if line.project_id is not None:
            return self._by_id(line, line.project_id)
        if not line.name:
            if not line.id_written:  # an unreadable 项目ID is said where it stands
                self.log.refuse(line.cells.at(), "请填写项目ID或项目名称")
            return None
        named = self.by_name.get(key(line.name), [])
        if not named:
            self.log.refuse(
                line.cells.at(Column.NAME),
                "没有名为“{name}”的项目",
                _hints(self.log, line.name, self.names),
                name=line.name,
            )
            return None
        fitting = _narrowed(named, line.plan, line.table, line.seq)
        if len(fitting) == 1:
            return fitting[0]
        listed = "；".join(p.label() for p in named)
        if not fitting:
            self.log.refuse(
                line.cells.at(Column.NAME),
                "规划、表、序号与名为“{name}”的项目都不符；该名称的项目：{listed}",
                name=line.name,
                listed=listed,
            )
        else:
            self.log.refuse(
                line.cells.at(Column.NAME),
                "有 {n} 个项目名为“{name}”（{listed}）：请填写规划、表、序号或项目ID",
                n=len(fitting),
                name=line.name,
                listed=listed,
            )
        return None

    def _by_id(self, line: ProjectLine, project_id: int) -> KnownProject | None:
        project = self.by_id.get(project_id)
        if project is None:
            self.log.refuse(
                line.cells.at(Column.PROJECT_ID), "没有项目ID为 {id} 的项目", id=project_id
            )
        elif line.name and key(line.name) != key(project.name):
            self.log.refuse(
                line.cells.at(Column.NAME),
                "项目ID {id} 是“{known}”，与本行的项目名称“{name}”不符",
                id=project_id,
                known=project.name,
                name=line.name,
            )
            return None
        return project

    def check(self, rows: Sequence[tuple[ProjectLine, KnownProject]]) -> None:
        """The years of the resolved rows: within reason, once each, in order."""
        seen: dict[tuple[int, int], ProjectLine] = {}
        starts: dict[int, ProjectLine] = {}
        ends: dict[int, ProjectLine] = {}
        for line, project in rows:
            if line.year is not None:
                self._year(line, project)
                held = seen.setdefault((project.id, line.year), line)
                if held is not line:
                    self.log.refuse(
                        line.cells.at(Column.YEAR),
                        "项目“{name}”的 {year} 年已在第 {row} 行填写",
                        name=project.name,
                        year=line.year,
                        row=held.cells.row,
                    )
            self._agree(line, line.start_year, starts, project.id, Column.START)
            self._agree(line, line.completion_year, ends, project.id, Column.COMPLETION)
            self._dates(line)
        for project_id, end_line in ends.items():
            start_line = starts.get(project_id)
            start = None if start_line is None else start_line.start_year
            end = end_line.completion_year
            if start is not None and end is not None and end < start:
                self.log.refuse(
                    end_line.cells.at(Column.COMPLETION),
                    "实际完工年份 {end} 早于实际开工年份 {start}",
                    end=end,
                    start=start,
                )

    def _year(self, line: ProjectLine, project: KnownProject) -> None:
        assert line.year is not None
        if line.year < project.earliest_year:
            self.log.refuse(
                line.cells.at(Column.YEAR),
                "{year} 年比“{name}”的规划期和计划开工年份早 {n} 年以上：请检查年份",
                year=line.year,
                name=project.name,
                n=YEARS_BEFORE_PLAN,
            )
        elif line.year > self.report_date.year:
            self.log.refuse(
                line.cells.at(Column.YEAR),
                "{year} 年晚于报告日期 {date}",
                year=line.year,
                date=self.report_date.isoformat(),
            )

    def _agree(
        self,
        line: ProjectLine,
        year: int | None,
        first: dict[int, ProjectLine],
        project_id: int,
        column: Column,
    ) -> None:
        """A project's start (or completion) year is the same on every row that gives it."""
        if year is None:
            return
        held = first.setdefault(project_id, line)
        given = held.start_year if column is Column.START else held.completion_year
        if given != year:
            self.log.refuse(
                line.cells.at(column),
                "{year} 与第 {row} 行所填的 {other} 不一致",
                year=year,
                row=held.cells.row,
                other=given,
            )

    def _dates(self, line: ProjectLine) -> None:
        """Nothing starts or finishes after the report's date."""
        limit, date = self.report_date.year, self.report_date.isoformat()
        if line.start_year is not None and line.start_year > limit:
            self.log.refuse(
                line.cells.at(Column.START),
                "实际开工年份 {year} 晚于报告日期 {date}",
                year=line.start_year,
                date=date,
            )
        end = line.completion_year
        if line.status is ActualStatus.COMPLETED and end is not None and end > limit:
            self.log.refuse(
                line.cells.at(Column.COMPLETION),
                "状态为已完工，但实际完工年份 {year} 晚于报告日期 {date}",
                year=end,
                date=date,
            )


class IndicatorRows:
    """Resolves and checks a report's indicator rows against the stored indicators."""

    def __init__(
        self, known: Sequence[KnownIndicator], report_date: dt.date, log: ActualsProblemLog
    ) -> None:
        self.known = known
        self.plans = {key(k.plan): k.plan for k in known} | {
            key(k.plan_title): k.plan for k in known
        }
        self.report_date = report_date
        self.log = log

    def resolve(self, line: IndicatorLine) -> KnownIndicator | None:
        """The indicator a row names (by plan and name, and table or 序号 where needed)."""
        if not line.plan or not line.name:
            column = Column.PLAN if not line.plan else Column.INDICATOR
            self.log.refuse(line.cells.at(column), "请填写规划和指标名称")
            return None
        plan = self.plans.get(key(line.plan))
        if plan is None:
            self.log.refuse(
                line.cells.at(Column.PLAN),
                "没有规划“{plan}”",
                _hints(self.log, line.plan, set(self.plans.values())),
                plan=line.plan,
            )
            return None
        in_plan = [k for k in self.known if k.plan == plan]
        named = [k for k in in_plan if key(k.name) == key(line.name)]
        if not named:
            self.log.refuse(
                line.cells.at(Column.INDICATOR),
                "规划“{plan}”没有指标“{name}”",
                _hints(self.log, line.name, [k.name for k in in_plan]),
                plan=plan,
                name=line.name,
            )
            return None
        fitting = _narrowed(named, "", line.table, line.seq)
        if len(fitting) == 1:
            return fitting[0]
        tables = "、".join(sorted({k.table for k in named}))
        self.log.refuse(
            line.cells.at(Column.INDICATOR),
            "规划“{plan}”有 {n} 个指标“{name}”（表：{tables}）：请填写表和序号以区分",
            plan=plan,
            n=len(fitting) or len(named),
            name=line.name,
            tables=tables,
        )
        return None

    def check(self, rows: Sequence[tuple[IndicatorLine, KnownIndicator]]) -> None:
        """Each indicator-year once, none after the report's date."""
        seen: dict[tuple[int, int], IndicatorLine] = {}
        for line, indicator in rows:
            if line.year is None:
                continue
            if line.year > self.report_date.year:
                self.log.refuse(
                    line.cells.at(Column.YEAR),
                    "{year} 年晚于报告日期 {date}",
                    year=line.year,
                    date=self.report_date.isoformat(),
                )
            held = seen.setdefault((indicator.id, line.year), line)
            if held is not line:
                self.log.refuse(
                    line.cells.at(Column.YEAR),
                    "指标“{name}”的 {year} 年已在第 {row} 行填写",
                    name=indicator.name,
                    year=line.year,
                    row=held.cells.row,
                )


def _hints(log: ActualsProblemLog, name: str, known: Iterable[str]) -> list[str]:
    """The closest known names, while the problems are still listed (a file of thousands of
    unknown names is not compared name by name with the whole portfolio)."""
    return closest(name, known) if len(log) < MAX_LISTED else []
