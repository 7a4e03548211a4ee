"""Planned against actual: each project's planned and reported spend, and what differs.

A project's *planned* spend per year is the plan's schedule (its stored yearly amounts, else
its total spread evenly over its years: the schedule every page shows); its *actual* spend is
what the progress reports give at a report date (:mod:`portfolio.actuals`). A county's part
of either is split by the one rule of :mod:`portfolio.shares`. Everything here is pure and
exact: integer 万元 in, integers and :class:`~fractions.Fraction` out; the words are in
:mod:`portfolio.progress_words`.

Reports are compared *through* the last year any report at the date gives: what is planned
after it cannot have been spent yet, and what a project did not report is not known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from portfolio.actuals import ActualStatus, ProjectActuals

DEFAULT_THRESHOLD_PCT = 20  # a year's deviation the office reads as an over- or underrun

# How a project's planned yearly amounts were set, as its trace says it.
PLANNED_BY_PROFILE = "profile"  # the project's stored yearly amounts (年度安排)
PLANNED_EVENLY = "even"  # its total investment spread evenly over its planned years


class ScopeKind(StrEnum):
    """What the planned-against-actual figures are added up over."""

    ALL = "all"
    PLAN = "plan"
    COUNTY = "county"
    PROJECT = "project"


@dataclass(frozen=True)
class Scope:
    """A scope: everything, one plan (its key), one county-level place, or one project (its
    id as text)."""

    kind: ScopeKind = ScopeKind.ALL
    key: str = ""


EVERYTHING = Scope()


class FindingKind(StrEnum):
    """What differs between plan and report."""

    OVERRUN_TOTAL = "overrun_total"  # spent more than the total investment
    OVERRUN_YEAR = "overrun_year"  # a year's spend above plan by more than the threshold
    UNDERRUN_YEAR = "underrun_year"  # a year's spend below plan by more than the threshold
    UNDERRUN_COMPLETED = "underrun_completed"  # finished having spent well below its total
    LATE_START = "late_start"  # started after its planned start, or not yet
    NOT_REPORTED = "not_reported"  # its planned years have begun; no report names it
    NOT_COUNTED = "not_counted"  # reported on a row counted under the other plan's


@dataclass(frozen=True)
class ProjectProgress:
    """One project's plan beside its reports at a report date.

    ``planned`` is the plan's schedule per year (empty when the project has none: money or
    years unknown, or counted under another plan's row); ``county_planned`` and
    ``county_actual`` split planned and actual spend over its places by their shares.
    ``planned_by`` says how the plan's yearly figures were set (:data:`PLANNED_BY_PROFILE`
    or :data:`PLANNED_EVENLY`);
    ``actuals.sources`` where each reported year's figure comes from.
    """

    project_id: int
    plan: str
    table: str
    seq: str
    name: str
    places: str
    counted: bool  # counted in totals (a project standing in two plans counts once)
    total_wan: int | None
    planned_start: int | None
    planned_end: int | None
    planned: Mapping[int, int]
    planned_by: str  # PLANNED_BY_PROFILE, PLANNED_EVENLY, or "" without a schedule
    actuals: ProjectActuals | None
    county_planned: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    county_actual: Mapping[str, Mapping[int, int]] = field(default_factory=dict)

    @property
    def actual(self) -> Mapping[int, int]:
        """Reported spend per year (empty without a report)."""
        return {} if self.actuals is None else self.actuals.spend

    @property
    def status(self) -> ActualStatus | None:
        return None if self.actuals is None else self.actuals.status

    @property
    def reported_years(self) -> list[int]:
        """Every year a report gives for the project (with spend or a status only)."""
        if self.actuals is None:
            return []
        return sorted(set(self.actuals.spend) | set(self.actuals.sources))

    def planned_through(self, year: int | None) -> int:
        """Planned spend of the years up to ``year`` (0 when ``None``)."""
        return _through(self.planned, year)

    def actual_through(self, year: int | None) -> int:
        """Reported spend of the years up to ``year`` (0 when ``None``)."""
        return _through(self.actual, year)

    def completion(self) -> Fraction | None:
        """Everything reported spent over the total investment (None: total unknown or 0)."""
        if not self.total_wan:
            return None
        return Fraction(sum(self.actual.values()), self.total_wan)

    def actual_start(self) -> int | None:
        """The start year reported, else the first year with spend."""
        if self.actuals is None:
            return None
        started = [year for year, amount in sorted(self.actual.items()) if amount > 0]
        return self.actuals.start_year or (started[0] if started else None)


def _through(spend: Mapping[int, int], year: int | None) -> int:
    if year is None:
        return 0
    return sum(amount for y, amount in spend.items() if y <= year)


@dataclass(frozen=True)
class Curve:
    """Planned and actual spend per year over a scope (万元), and its S-curves.

    ``total_wan`` is the scope's planned spend over every year: what completion is measured
    against. Actual spend is known through ``through_year`` only. ``reported_planned`` is the
    planned spend of the projects that have a report: what their actual spend compares with
    like for like, when many projects have not reported.
    """

    planned: Mapping[int, int]
    actual: Mapping[int, int]
    through_year: int | None
    reported_planned: Mapping[int, int] = field(default_factory=dict)

    @property
    def total_wan(self) -> int:
        return sum(self.planned.values())

    def years(self) -> list[int]:
        """From the first year with planned or actual spend to the last planned or reported."""
        busy = [y for y, a in self.planned.items() if a] + [y for y, a in self.actual.items() if a]
        if self.through_year is not None:
            busy.append(self.through_year)
        return list(range(min(busy), max(busy) + 1)) if busy else []

    def cumulative_planned(self, years: Sequence[int], *, reported: bool = False) -> list[int]:
        """Planned spend added up year by year (everything planned before ``years`` too);
        ``reported``: of the projects that have a report only."""
        planned = self.reported_planned if reported else self.planned
        return [_through(planned, year) for year in years]

    def cumulative_actual(self, years: Sequence[int]) -> list[int | None]:
        """Actual spend added up year by year; None after the last year reported."""
        last = self.through_year
        return [
            None if last is None or year > last else _through(self.actual, year) for year in years
        ]

    def planned_to_date(self, *, reported: bool = False) -> int:
        """Planned spend through the last year reported (``reported``: of the projects that
        have a report only)."""
        return _through(self.reported_planned if reported else self.planned, self.through_year)

    def actual_to_date(self) -> int:
        return _through(self.actual, self.through_year)

    def completion(self) -> Fraction | None:
        """Actual spend to date over the scope's planned total (None when nothing is planned)."""
        total = self.total_wan
        return Fraction(self.actual_to_date(), total) if total else None


def add_up(parts: Iterable[Mapping[int, int]]) -> dict[int, int]:
    """The sum of several yearly spends, year by year (years in order)."""
    summed: dict[int, int] = {}
    for part in parts:
        for year, amount in part.items():
            summed[year] = summed.get(year, 0) + amount
    return dict(sorted(summed.items()))


@dataclass(frozen=True)
class ProgressFinding:
    """Something that differs between plan and report, for one project (and year)."""

    kind: FindingKind
    project_id: int
    name: str
    year: int | None = None
    planned_wan: int | None = None
    actual_wan: int | None = None
    threshold_pct: int = DEFAULT_THRESHOLD_PCT
    reported: bool = True  # False: the year has no report (its actual counts as 0)
    source: str = ""  # where the actual figure came from (a report's file, sheet and row)

    @property
    def deviation_wan(self) -> int | None:
        if self.planned_wan is None or self.actual_wan is None:
            return None
        return self.actual_wan - self.planned_wan


def project_findings(
    project: ProjectProgress, through_year: int | None, threshold_pct: int
) -> list[ProgressFinding]:
    """What differs between the project's plan and its reports through ``through_year``."""
    if through_year is None:
        return []
    if project.actuals is None:
        begun = project.counted and project.planned_start is not None and project.planned
        if begun and project.planned_start is not None and project.planned_start <= through_year:
            return [_finding(project, FindingKind.NOT_REPORTED, year=project.planned_start)]
        return []
    if not project.counted:
        return [_finding(project, FindingKind.NOT_COUNTED, actual=sum(project.actual.values()))]
    found = _total_findings(project, threshold_pct)
    found += _start_findings(project, through_year)
    found += _year_findings(project, through_year, threshold_pct)
    return found


def _finding(
    project: ProjectProgress,
    kind: FindingKind,
    *,
    year: int | None = None,
    planned: int | None = None,
    actual: int | None = None,
    threshold_pct: int = DEFAULT_THRESHOLD_PCT,
    reported: bool = True,
) -> ProgressFinding:
    sources = {} if project.actuals is None else project.actuals.sources
    return ProgressFinding(
        kind=kind,
        project_id=project.project_id,
        name=project.name,
        year=year,
        planned_wan=planned,
        actual_wan=actual,
        threshold_pct=threshold_pct,
        reported=reported,
        source=sources.get(year, "") if year is not None else "",
    )


def _total_findings(project: ProjectProgress, threshold_pct: int) -> list[ProgressFinding]:
    spent, total = sum(project.actual.values()), project.total_wan
    if total is None:
        return []
    if spent > total:
        return [_finding(project, FindingKind.OVERRUN_TOTAL, planned=total, actual=spent)]
    finished = project.status is ActualStatus.COMPLETED
    if finished and spent * 100 < total * (100 - threshold_pct):
        return [
            _finding(
                project,
                FindingKind.UNDERRUN_COMPLETED,
                planned=total,
                actual=spent,
                threshold_pct=threshold_pct,
            )
        ]
    return []


def _start_findings(project: ProjectProgress, through_year: int) -> list[ProgressFinding]:
    planned = project.planned_start
    if planned is None or not project.planned:
        return []
    started = project.actual_start()
    if started is not None and started > planned:
        return [_finding(project, FindingKind.LATE_START, planned=planned, actual=started)]
    waiting = project.status in (None, ActualStatus.NOT_STARTED)
    if started is None and waiting and planned <= through_year:
        return [_finding(project, FindingKind.LATE_START, year=through_year, planned=planned)]
    return []


def compared_years(project: ProjectProgress, through_year: int) -> list[int]:
    """The years a project's yearly spend is compared in: from its first planned or reported
    year through ``through_year``; a finished or cancelled project only through the last year
    it reported (nothing is expected of it after)."""
    years = [y for y, a in project.planned.items() if a] + project.reported_years
    if not years:
        return []
    last = through_year
    if project.status is not None and project.status.leaves_plan:
        last = min(last, max(project.reported_years))
    return list(range(min(years), last + 1))


def _year_findings(
    project: ProjectProgress, through_year: int, threshold_pct: int
) -> list[ProgressFinding]:
    found = []
    reported = set(project.reported_years)
    for year in compared_years(project, through_year):
        planned = project.planned.get(year, 0)
        actual = project.actual.get(year, 0)
        if actual > 0 and actual * 100 > planned * (100 + threshold_pct):
            kind = FindingKind.OVERRUN_YEAR
        elif actual * 100 < planned * (100 - threshold_pct):
            kind = FindingKind.UNDERRUN_YEAR
        else:
            continue
        found.append(
            _finding(
                project,
                kind,
                year=year,
                planned=planned,
                actual=actual,
                threshold_pct=threshold_pct,
                reported=year in reported,
            )
        )
    return found


@dataclass(frozen=True)
class ActualSpan:
    """The years a project actually ran, as the Gantt draws them: from its start (reported,
    else the first year with spend) to its completion year, else its last reported year."""

    start: int
    end: int
    status: ActualStatus | None
    spent_wan: int
    last_reported: dt.date | None


def actual_span(actuals: ProjectActuals) -> ActualSpan | None:
    """The years ``actuals`` say the project ran (None: it has not started, as reported)."""
    started = [year for year, amount in sorted(actuals.spend.items()) if amount > 0]
    start = actuals.start_year or (started[0] if started else None)
    if start is None:
        return None
    reported = set(actuals.spend) | set(actuals.sources)
    end = actuals.completion_year if actuals.status is ActualStatus.COMPLETED else None
    end = end or max(reported | {start})
    return ActualSpan(
        start, max(end, start), actuals.status, actuals.spent_wan, actuals.last_reported
    )
