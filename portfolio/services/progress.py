"""Planned against actual, from the database: per project, county, plan and year.

The planned side is the plan's schedule every page shows (:func:`page_schedule`: each
project's stored yearly amounts, else its total spread evenly over its years), with each
county's part by the one rule of :mod:`portfolio.shares`; the actual side is the progress
reports' state at a report date (:func:`~portfolio.services.actuals.actuals_at`), split
over the same places by the same rule. Sums over a plan, a county or everything count each
project once, as the plan's totals do (a project standing in two plans under the row the
cross-plan link counts). The reported values of indicators are read here too, beside their
targets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.actuals import ProjectActuals
from portfolio.db import models as m
from portfolio.exports.model import ScheduleExport, ScheduleRow
from portfolio.progress import (
    DEFAULT_THRESHOLD_PCT,
    EVERYTHING,
    PLANNED_BY_PROFILE,
    PLANNED_EVENLY,
    ActualSpan,
    Curve,
    ProgressFinding,
    ProjectProgress,
    Scope,
    ScopeKind,
    actual_span,
    add_up,
    project_findings,
)
from portfolio.scenarios.build import PortfolioProject
from portfolio.services.actuals import actuals_at, list_reports
from portfolio.services.exports import page_schedule, scenario_inputs_with_views
from portfolio.services.queries import ProjectView
from portfolio.services.workspace import Workspace
from portfolio.shares import place_spend


@dataclass(frozen=True)
class Progress:
    """Every project's plan beside its reports at one report date.

    ``report_date`` is the date whose state is shown (None: no report is stored);
    ``report_dates`` every stored report's date, the latest first; ``through_year`` the last
    year any report at the date gives (None without one).
    """

    report_date: dt.date | None
    report_dates: tuple[dt.date, ...]
    through_year: int | None
    projects: tuple[ProjectProgress, ...]
    city_of: Mapping[str, str]

    @property
    def has_reports(self) -> bool:
        return bool(self.report_dates)

    def plans(self) -> list[str]:
        """The plans with projects, in document order."""
        return list(dict.fromkeys(p.plan for p in self.projects if p.counted))

    def counties(self) -> list[str]:
        """The county-level places (and whole cities) with projects, by city then name."""
        places = {
            place
            for p in self.projects
            if p.counted
            for place in (*p.county_planned, *p.county_actual)
        }
        return sorted(places, key=lambda place: (self.city_of.get(place, place), place))

    def project(self, project_id: int) -> ProjectProgress | None:
        return next((p for p in self.projects if p.project_id == project_id), None)

    def in_scope(self, scope: Scope) -> list[ProjectProgress]:
        """The projects of ``scope`` (a project counted under another plan's row only when
        the scope is that project)."""
        if scope.kind is ScopeKind.PROJECT:
            return [p for p in self.projects if str(p.project_id) == scope.key]
        counted = [p for p in self.projects if p.counted]
        if scope.kind is ScopeKind.PLAN:
            return [p for p in counted if p.plan == scope.key]
        if scope.kind is ScopeKind.COUNTY:
            return [
                p for p in counted if scope.key in p.county_planned or scope.key in p.county_actual
            ]
        return counted

    def curve(self, scope: Scope) -> Curve:
        """Planned and actual spend per year over ``scope``; a county's the parts there."""
        projects = self.in_scope(scope)
        reported = [p for p in projects if p.actuals is not None]
        if scope.kind is ScopeKind.COUNTY:
            return Curve(
                planned=add_up(p.county_planned.get(scope.key, {}) for p in projects),
                actual=add_up(p.county_actual.get(scope.key, {}) for p in reported),
                through_year=self.through_year,
                reported_planned=add_up(p.county_planned.get(scope.key, {}) for p in reported),
            )
        return Curve(
            planned=add_up(p.planned for p in projects),
            actual=add_up(p.actual for p in reported),
            through_year=self.through_year,
            reported_planned=add_up(p.planned for p in reported),
        )

    def findings(
        self, scope: Scope = EVERYTHING, threshold_pct: int = DEFAULT_THRESHOLD_PCT
    ) -> list[ProgressFinding]:
        """What differs between plan and reports for the projects of ``scope``."""
        if not 0 <= threshold_pct <= 100:
            raise ValueError(f"a threshold is a percentage from 0 to 100, not {threshold_pct}")
        return [
            finding
            for project in self.in_scope(scope)
            for finding in project_findings(project, self.through_year, threshold_pct)
        ]


def progress(workspace: Workspace, report_date: dt.date | None = None) -> Progress:
    """Planned against actual at ``report_date`` (None: the latest report), computed once
    per revision of the plans' data (a report stored changes it)."""
    return workspace.memo(
        ("progress", report_date), lambda: _read_progress(workspace, report_date), plan=True
    )


def _read_progress(workspace: Workspace, report_date: dt.date | None) -> Progress:
    with workspace.sessions() as session:
        dates = tuple(dict.fromkeys(report.report_date for report in list_reports(session)))
    if not dates:  # nothing to compare: the plans are not read
        return Progress(None, (), None, (), {})
    plan = page_schedule(workspace)
    with workspace.sessions() as session:
        projects, _ = scenario_inputs_with_views(session)
        shown = report_date or dates[0]
        actuals = actuals_at(session, shown)
    return compare_plan(plan, projects, actuals, dates, shown)


def compare_plan(
    plan: ScheduleExport,
    projects: Mapping[int, tuple[PortfolioProject, ProjectView]],
    actuals: Mapping[int, ProjectActuals],
    report_dates: Sequence[dt.date],
    report_date: dt.date | None,
) -> Progress:
    """The plan's schedule beside the reports' state: every project with a schedule or a
    report, in the plans' document order."""
    rows = {row.project_id: row for row in plan.rows}
    compared = [
        _project_progress(project, view, rows.get(pid), actuals.get(pid))
        for pid, (project, view) in projects.items()
        if pid in rows or pid in actuals
    ]
    reported = [year for p in compared for year in p.reported_years]
    return Progress(
        report_date=report_date if report_dates else None,
        report_dates=tuple(report_dates),
        through_year=max(reported) if reported else None,
        projects=tuple(compared),
        city_of=dict(plan.city_of),
    )


def _project_progress(
    project: PortfolioProject,
    view: ProjectView,
    row: ScheduleRow | None,
    actuals: ProjectActuals | None,
) -> ProjectProgress:
    weights = dict(project.regions)
    spent = {} if actuals is None else actuals.spend
    return ProjectProgress(
        project_id=project.id,
        plan=project.plan,
        table=project.table,
        seq=view.seq,
        name=project.name,
        places="、".join(view.counties or view.cities) or ("全省" if view.province_wide else "-"),
        counted=project.counted_in_totals,
        total_wan=project.investment_wan,
        planned_start=project.start_year,
        planned_end=project.end_year,
        planned={} if row is None else {y: a for y, a in sorted(row.spend.items()) if a},
        planned_by="" if row is None else _planned_by(project),
        actuals=actuals,
        county_planned={} if row is None else row.county_spend,
        # The one rule of a place's money, as the plan's parts are split.
        county_actual=place_spend(spent, weights) if spent else {},
    )


def _planned_by(project: PortfolioProject) -> str:
    return PLANNED_BY_PROFILE if project.profile is not None else PLANNED_EVENLY


def actual_spans(workspace: Workspace) -> dict[int, ActualSpan]:
    """The years each project actually ran, by the latest reports (the 甘特图's actual bars),
    computed once per revision of the plans' data."""

    def compute() -> dict[int, ActualSpan]:
        with workspace.sessions() as session:
            latest = actuals_at(session)
        return {
            project: span
            for project, actuals in latest.items()
            if (span := actual_span(actuals)) is not None
        }

    return workspace.memo(("actual_spans",), compute, plan=True)


@dataclass(frozen=True)
class ReportedValue:
    """An indicator's value for a year as the latest report on or before a date gives it."""

    indicator_id: int
    year: int
    value_raw: str  # as written
    value: Decimal | None
    report_date: dt.date
    source: str  # the report's file (or date), sheet and row


def indicator_values_at(
    session: Session, report_date: dt.date | None = None
) -> dict[int, dict[int, ReportedValue]]:
    """Each indicator's reported value per year: the latest report dated on or before
    ``report_date`` (None: the latest of all; a later report id wins a tie of dates)."""
    query = select(
        m.IndicatorActual,
        m.ActualReport.report_date,
        m.ActualReport.file_name,
    ).join(m.ActualReport, m.ActualReport.id == m.IndicatorActual.report_id)
    if report_date is not None:
        query = query.where(m.ActualReport.report_date <= report_date)
    latest: dict[tuple[int, int], tuple[tuple[dt.date, int], ReportedValue]] = {}
    for row, date, file_name in session.execute(query):
        key, order = (row.indicator_id, row.year), (date, row.report_id)
        if key in latest and latest[key][0] > order:
            continue
        latest[key] = (order, _reported(row, date, file_name))
    values: dict[int, dict[int, ReportedValue]] = {}
    for (indicator, year), (_, value) in sorted(latest.items()):
        values.setdefault(indicator, {})[year] = value
    return values


def _reported(row: m.IndicatorActual, date: dt.date, file_name: str) -> ReportedValue:
    where = [file_name or date.isoformat()]
    if row.source_sheet:
        where.append(row.source_sheet)
    if row.source_row is not None:
        where.append(f"第{row.source_row}行")
    return ReportedValue(
        indicator_id=row.indicator_id,
        year=row.year,
        value_raw=row.value_raw,
        value=row.value,
        report_date=date,
        source=" · ".join(where),
    )


def indicator_values(
    workspace: Workspace, report_date: dt.date | None = None
) -> dict[int, dict[int, ReportedValue]]:
    """Each indicator's reported value per year at ``report_date`` (None: the latest)."""

    def compute() -> dict[int, dict[int, ReportedValue]]:
        with workspace.sessions() as session:
            return indicator_values_at(session, report_date)

    return workspace.memo(("indicator_values", report_date), compute, plan=True)
