"""Progress reports: storing what projects actually spent, and reading the state at a date.

A report (a workbook imported, or an edit made in 项目库) is stored whole in one transaction
with its audit entry, and never rewritten; :func:`actuals_at` reads every project's progress
at a report date from all reports dated on or before it, :func:`indicator_actuals_at` the
indicators' reported values. The workspace's desk for them is ``actuals_desk.Actuals``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.access import Actor
from portfolio.actuals import ActualRow, ActualStatus, ProjectActuals, state_at
from portfolio.audit import AuditAction
from portfolio.db import models as m
from portfolio.db.bulk import bulk_insert
from portfolio.services import audit


@dataclass(frozen=True)
class ActualInput:
    """One project-year a report gives, before it is stored."""

    project_id: int
    year: int
    spend_wan: int | None
    status: ActualStatus | None = None
    start_year: int | None = None
    completion_year: int | None = None
    note: str = ""
    stated_source: str = ""  # 来源: who or what the office names for the figure
    source_sheet: str = ""
    source_row: int | None = None


@dataclass(frozen=True)
class IndicatorInput:
    """One indicator-year a report gives, before it is stored."""

    indicator_id: int
    year: int
    value_raw: str
    value: object  # Decimal | None
    note: str = ""
    stated_source: str = ""  # 来源: who or what the office names for the figure
    source_sheet: str = ""
    source_row: int | None = None


@dataclass(frozen=True)
class ReportSummary:
    """A stored report as lists show it."""

    id: int
    report_date: dt.date
    file_name: str
    imported_at: dt.datetime
    imported_by: str
    projects: int
    rows: int
    note: str = ""
    indicators: int = 0  # indicator-years


def store_report(
    session: Session,
    actor: Actor,
    report_date: dt.date,
    rows: Sequence[ActualInput],
    indicators: Sequence[IndicatorInput] = (),
    file_name: str = "",
    sha256: str | None = None,
    note: str = "",
) -> int:
    """Store one report in the caller's transaction, with its audit entry; returns its id.
    The rows are checked by the caller (an import, an edit): here they are written as given."""
    report = m.ActualReport(
        report_date=report_date,
        file_name=file_name,
        sha256=sha256,
        imported_by=actor.name,
        note=note,
    )
    session.add(report)
    session.flush()
    bulk_insert(
        session,
        m.ProjectActual,
        [
            {
                "report_id": report.id,
                "project_id": row.project_id,
                "year": row.year,
                "spend_wan": row.spend_wan,
                "status": None if row.status is None else row.status.value,
                "start_year": row.start_year,
                "completion_year": row.completion_year,
                "note": row.note,
                "stated_source": row.stated_source,
                "source_sheet": row.source_sheet,
                "source_row": row.source_row,
            }
            for row in rows
        ],
    )
    bulk_insert(
        session,
        m.IndicatorActual,
        [
            {
                "report_id": report.id,
                "indicator_id": row.indicator_id,
                "year": row.year,
                "value_raw": row.value_raw,
                "value": row.value,
                "note": row.note,
                "stated_source": row.stated_source,
                "source_sheet": row.source_sheet,
                "source_row": row.source_row,
            }
            for row in indicators
        ],
    )
    audit.record(
        session,
        actor,
        AuditAction.IMPORT_ACTUALS if sha256 is not None else AuditAction.EDIT_ACTUALS,
        file_name or report_date.isoformat(),
        after={
            "report_date": report_date.isoformat(),
            "projects": len({row.project_id for row in rows}),
            "rows": len(rows),
            "indicators": len(indicators),
        },
    )
    return report.id


def actual_rows(session: Session, project_ids: Sequence[int] | None = None) -> list[ActualRow]:
    """Every stored project-year of every report (of ``project_ids`` only, when given)."""
    query = select(m.ProjectActual, m.ActualReport.report_date, m.ActualReport.file_name).join(
        m.ActualReport, m.ActualReport.id == m.ProjectActual.report_id
    )
    if project_ids is not None:
        query = query.where(m.ProjectActual.project_id.in_(project_ids))
    return [
        ActualRow(
            report_id=row.report_id,
            report_date=report_date,
            project_id=row.project_id,
            year=row.year,
            spend_wan=row.spend_wan,
            status=None if row.status is None else ActualStatus(row.status),
            start_year=row.start_year,
            completion_year=row.completion_year,
            note=row.note,
            source=_source(file_name, row, report_date),
        )
        for row, report_date, file_name in session.execute(query)
    ]


def _source(file_name: str, row: m.ProjectActual | m.IndicatorActual, report_date: dt.date) -> str:
    """Where a figure came from: the report's file, sheet and row (or the 项目库 edit of its
    date), and the 来源 the office named for it."""
    parts = [file_name or f"{report_date.isoformat()} 项目库"]
    if row.source_sheet:
        parts.append(row.source_sheet)
    if row.source_row is not None:
        parts.append(f"第{row.source_row}行")
    if row.stated_source:
        parts.append(f"来源：{row.stated_source}")
    return " · ".join(parts)


def actuals_at(session: Session, report_date: dt.date | None = None) -> dict[int, ProjectActuals]:
    """Every reported project's progress at ``report_date`` (``None``: the latest)."""
    return state_at(actual_rows(session), report_date)


@dataclass(frozen=True)
class ReportedValue:
    """An indicator's value for a year as the latest report on or before a date gives it,
    to be shown beside the plan's target: ``value_raw`` as written, ``value`` the number it
    states (``None`` when it states none), and where it came from."""

    indicator_id: int
    year: int
    value_raw: str
    value: Decimal | None
    report_id: int
    report_date: dt.date
    note: str = ""
    source: str = ""  # "file · sheet · 第N行"


def indicator_actuals_at(
    session: Session, report_date: dt.date | None = None
) -> dict[tuple[int, int], ReportedValue]:
    """Every reported indicator-year at ``report_date`` (``None``: the latest), keyed by
    ``(indicator_id, year)``: the row of the latest report dated on or before it (a later
    report id wins a tie of dates), as for projects."""
    query = select(m.IndicatorActual, m.ActualReport.report_date, m.ActualReport.file_name).join(
        m.ActualReport, m.ActualReport.id == m.IndicatorActual.report_id
    )
    if report_date is not None:
        query = query.where(m.ActualReport.report_date <= report_date)
    latest: dict[tuple[int, int], ReportedValue] = {}
    for row, date, file_name in session.execute(query):
        held = latest.get((row.indicator_id, row.year))
        if held is not None and (held.report_date, held.report_id) > (date, row.report_id):
            continue
        latest[(row.indicator_id, row.year)] = ReportedValue(
            indicator_id=row.indicator_id,
            year=row.year,
            value_raw=row.value_raw,
            value=row.value,
            report_id=row.report_id,
            report_date=date,
            note=row.note,
            source=_source(file_name, row, date),
        )
    return dict(sorted(latest.items()))


def list_reports(session: Session) -> list[ReportSummary]:
    """Every stored report, the latest first."""
    reports = session.scalars(
        select(m.ActualReport).order_by(m.ActualReport.report_date.desc(), m.ActualReport.id.desc())
    ).all()
    counts: dict[int, tuple[set[int], int]] = {}
    for report_id, project_id in session.execute(
        select(m.ProjectActual.report_id, m.ProjectActual.project_id)
    ):
        projects, rows = counts.get(report_id, (set(), 0))
        projects.add(project_id)
        counts[report_id] = (projects, rows + 1)
    indicators: dict[int, int] = {
        report_id: count
        for report_id, count in session.execute(
            select(m.IndicatorActual.report_id, func.count()).group_by(m.IndicatorActual.report_id)
        )
    }
    return [
        ReportSummary(
            id=report.id,
            report_date=report.report_date,
            file_name=report.file_name,
            imported_at=report.imported_at,
            imported_by=report.imported_by,
            projects=len(counts.get(report.id, (set(), 0))[0]),
            rows=counts.get(report.id, (set(), 0))[1],
            note=report.note,
            indicators=indicators.get(report.id, 0),
        )
        for report in reports
    ]


def has_actuals(session: Session) -> bool:
    """True when any report is stored."""
    return session.scalar(select(m.ProjectActual.report_id).limit(1)) is not None
