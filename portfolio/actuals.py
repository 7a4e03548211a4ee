"""What projects actually spent and how far they are: the terms of progress reports.

An office collects, year by year, each project's actual investment (实际完成投资) and its
status (未开工, 在建, 已完工, 停缓建, 取消). Each report is kept as it came
(``portfolio.services.actuals``); the state at a report date is, for every project and year,
the row of the latest report dated on or before it (:func:`state_at`), so that a later
report changes nothing that came before and an earlier state can be read again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from portfolio.i18n import pN_


class ActualStatus(StrEnum):
    """How far a project is, as the office reports it."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The status as the office writes it (a catalog message: translate for display)."""
        return STATUS_LABELS[self]

    @property
    def leaves_plan(self) -> bool:
        """True when what remains of the project is no longer to be scheduled: finished
        projects are done, cancelled ones release their money."""
        return self in (ActualStatus.COMPLETED, ActualStatus.CANCELLED)


STATUS_LABELS = {
    ActualStatus.NOT_STARTED: pN_("进度", "未开工"),
    ActualStatus.IN_PROGRESS: pN_("进度", "在建"),
    ActualStatus.COMPLETED: pN_("进度", "已完工"),
    ActualStatus.SUSPENDED: pN_("进度", "停缓建"),
    ActualStatus.CANCELLED: pN_("进度", "取消"),
}

# What a workbook's 状态 cell may say, beside the labels themselves.
STATUS_WORDS: dict[str, ActualStatus] = {
    "未开工": ActualStatus.NOT_STARTED,
    "在建": ActualStatus.IN_PROGRESS,
    "续建": ActualStatus.IN_PROGRESS,
    "已开工": ActualStatus.IN_PROGRESS,
    "已完工": ActualStatus.COMPLETED,
    "完工": ActualStatus.COMPLETED,
    "竣工": ActualStatus.COMPLETED,
    "已竣工": ActualStatus.COMPLETED,
    "停缓建": ActualStatus.SUSPENDED,
    "停建": ActualStatus.SUSPENDED,
    "缓建": ActualStatus.SUSPENDED,
    "取消": ActualStatus.CANCELLED,
    "已取消": ActualStatus.CANCELLED,
    "not started": ActualStatus.NOT_STARTED,
    "in progress": ActualStatus.IN_PROGRESS,
    "completed": ActualStatus.COMPLETED,
    "suspended": ActualStatus.SUSPENDED,
    "cancelled": ActualStatus.CANCELLED,
}


def read_status(text: str) -> ActualStatus | None:
    """The status a cell names (Chinese or English, surrounding spaces ignored), or ``None``."""
    return STATUS_WORDS.get(text.strip().lower())


@dataclass(frozen=True)
class ActualRow:
    """One project-year of one report, as stored."""

    report_id: int
    report_date: dt.date
    project_id: int
    year: int
    spend_wan: int | None
    status: ActualStatus | None = None
    start_year: int | None = None
    completion_year: int | None = None
    note: str = ""
    source: str = ""  # where the row came from: "file · sheet · row N", or the edit


@dataclass(frozen=True)
class ProjectActuals:
    """A project's reported progress at a report date.

    ``spend`` is the actual investment per reported year (万元); ``status`` the latest status
    reported (by report date, then year); ``start_year``/``completion_year`` the latest
    given; ``sources`` where each year's figure came from.
    """

    project_id: int
    spend: Mapping[int, int] = field(default_factory=dict)
    status: ActualStatus | None = None
    start_year: int | None = None
    completion_year: int | None = None
    last_reported: dt.date | None = None
    sources: Mapping[int, str] = field(default_factory=dict)
    notes: Mapping[int, str] = field(default_factory=dict)

    @property
    def spent_wan(self) -> int:
        """Everything reported spent, all years together."""
        return sum(self.spend.values())

    def spent_before(self, year: int) -> int:
        """What was reported spent in the years before ``year``."""
        return sum(amount for y, amount in self.spend.items() if y < year)


def state_at(
    rows: Iterable[ActualRow], report_date: dt.date | None = None
) -> dict[int, ProjectActuals]:
    """Each project's progress at ``report_date`` (``None``: the latest): per project and
    year, the row of the latest report dated on or before it (a later report id wins a tie
    of dates); status and years are the latest given, by report date and then year."""
    latest: dict[tuple[int, int], ActualRow] = {}
    for row in rows:
        if report_date is not None and row.report_date > report_date:
            continue
        key = (row.project_id, row.year)
        held = latest.get(key)
        if held is None or (row.report_date, row.report_id) > (held.report_date, held.report_id):
            latest[key] = row
    by_project: dict[int, list[ActualRow]] = {}
    for row in latest.values():
        by_project.setdefault(row.project_id, []).append(row)
    return {project: _project_state(project, rows_of) for project, rows_of in by_project.items()}


def _project_state(project_id: int, rows: list[ActualRow]) -> ProjectActuals:
    ordered = sorted(rows, key=lambda r: (r.report_date, r.report_id, r.year))
    status = start = completion = None
    for row in ordered:
        status = row.status or status
        start = row.start_year or start
        completion = row.completion_year or completion
    return ProjectActuals(
        project_id=project_id,
        spend={
            r.year: r.spend_wan
            for r in sorted(rows, key=lambda r: r.year)
            if r.spend_wan is not None
        },
        status=status,
        start_year=start,
        completion_year=completion,
        last_reported=max(r.report_date for r in rows),
        sources={r.year: r.source for r in rows if r.source},
        notes={r.year: r.note for r in rows if r.note},
    )
