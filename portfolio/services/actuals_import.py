"""Importing a progress report's workbook: every row checked, then one report stored.

All or nothing: the file is read (``portfolio.importers.actuals_sheet``), each row matched to
its project or indicator and checked against the portfolio (``actuals_checks``); any problem
refuses the whole file with every problem at its file, sheet, row and column
(:class:`ActualsImportError`), and nothing is stored. Otherwise the report is stored with its
date in the caller's transaction, with its audit entry (``store_report``). The same file
(by its SHA-256) is imported once: a second time is refused, naming when the first was.
A dry run checks everything and stores nothing: the upload page's preview.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portfolio.access import Actor
from portfolio.actuals import ActualStatus
from portfolio.db import models as m
from portfolio.errors import Location
from portfolio.exports.model import Language
from portfolio.formatting import office_time, office_today
from portfolio.i18n import DETAIL, gettext
from portfolio.importers.actuals_problems import ActualsImportError, ActualsProblemLog
from portfolio.importers.actuals_sheet import IndicatorLine, ProjectLine, read_report
from portfolio.paths import file_sha256
from portfolio.services.actuals import ActualInput, IndicatorInput, store_report
from portfolio.services.actuals_checks import (
    IndicatorRows,
    KnownIndicator,
    KnownProject,
    ProjectRows,
    known_indicators,
    known_projects,
)

__all__ = [
    "ActualsImportError",
    "ActualsImportSummary",
    "IndicatorPreview",
    "ProjectPreview",
    "import_actuals_file",
]

MAX_ACTUALS_BYTES = 20 * 1024 * 1024  # as for plans: the upload's limit too


@dataclass(frozen=True)
class ProjectPreview:
    """One project-year as read, for a preview table."""

    project_id: int
    name: str
    year: int
    spend_wan: int | None
    status: ActualStatus | None
    start_year: int | None
    completion_year: int | None
    note: str
    sheet: str | None
    row: int

    def status_label(self, lang: Language = Language.ZH) -> str:
        """The status as the office writes it (未开工 …), in ``lang``; "" when none."""
        return "" if self.status is None else gettext(lang, self.status.label)


@dataclass(frozen=True)
class IndicatorPreview:
    """One indicator-year as read, for a preview table."""

    indicator_id: int
    plan: str
    table: str
    name: str
    unit: str
    year: int
    value_raw: str
    sheet: str | None
    row: int


@dataclass(frozen=True)
class ActualsImportSummary:
    """What an import stored (or, on a dry run, would store): ``report_id`` is ``None`` on
    a dry run; ``projects`` counts the projects, ``rows`` their project-years,
    ``indicators`` the indicator-years."""

    report_id: int | None
    report_date: dt.date
    file_name: str
    sha256: str
    projects: int
    rows: int
    indicators: int
    preview: tuple[ProjectPreview, ...]
    indicator_preview: tuple[IndicatorPreview, ...] = ()

    @property
    def stored(self) -> bool:
        return self.report_id is not None


def import_actuals_file(
    session: Session,
    path: Path,
    *,
    actor: Actor,
    report_date: dt.date | None = None,
    file_name: str | None = None,
    dry_run: bool = False,
) -> ActualsImportSummary:
    """Read, check and (unless ``dry_run``) store the report in ``path`` in the caller's
    transaction. ``report_date`` defaults to today in Beijing; ``file_name`` is the name the
    reader gave the file (an upload's), ``path``'s own by default. ``actor`` has been checked
    to have the right to import. Raises :class:`ActualsImportError` with every problem."""
    name = file_name or path.name
    date = report_date or office_today()
    sha = _new_file(session, path, name)
    log = ActualsProblemLog()
    if date > office_today():
        log.refuse(Location(name), "报告日期 {date} 晚于今天", date=date.isoformat())
    read = read_report(path, log, max_bytes=MAX_ACTUALS_BYTES, file=name)
    projects = _matched_projects(session, read.projects, date, log)
    indicators = _matched_indicators(session, read.indicators, date, log)
    if not read.projects and not read.indicators and not len(log):
        log.refuse(
            Location(name),
            "文件中没有填写任何实际完成情况：没有一行填写了实际完成投资、状态、实际开工或完工年份，"
            "也没有指标的实际值",
        )
    log.raise_if_any(name)
    rows = [_project_input(line, project) for line, project in projects]
    values = [_indicator_input(line, indicator) for line, indicator in indicators]
    report_id = None
    if not dry_run:
        try:
            report_id = store_report(session, actor, date, rows, values, name, sha)
        except IntegrityError as exc:
            raise _not_stored(name, exc) from exc
    return ActualsImportSummary(
        report_id=report_id,
        report_date=date,
        file_name=name,
        sha256=sha,
        projects=len({row.project_id for row in rows}),
        rows=len(rows),
        indicators=len(values),
        preview=tuple(_project_preview(line, project) for line, project in projects),
        indicator_preview=tuple(_indicator_preview(line, ind) for line, ind in indicators),
    )


def _report_of(sha: str) -> Select[m.ActualReport]:
    return select(m.ActualReport).where(m.ActualReport.sha256 == sha)


def _new_file(session: Session, path: Path, name: str) -> str:
    """The file's SHA-256, once sure no report came from it ("" when it cannot be read:
    reading says why)."""
    try:
        sha = file_sha256(path)
    except OSError:
        return ""
    earlier = session.scalar(_report_of(sha))
    if earlier is not None:
        raise _already(name, earlier)
    return sha


def _already(name: str, earlier: m.ActualReport) -> ActualsImportError:
    log = ActualsProblemLog()
    log.refuse(
        Location(name),
        "该文件已于 {when} 由 {who} 导入（第 {id} 号报告，报告日期 {date}），不再重复导入",
        when=office_time(earlier.imported_at),
        who=earlier.imported_by or "-",
        id=earlier.id,
        date=earlier.report_date.isoformat(),
    )
    return ActualsImportError(name, log.problems)


def _not_stored(name: str, exc: IntegrityError) -> ActualsImportError:
    """A write refused by the database after every check passed: the same file stored by
    another import at the same moment (its transaction is then spoilt: no reading what it
    stored), or the portfolio changed meanwhile."""
    log = ActualsProblemLog()
    if "sha256" in str(exc.orig):
        log.refuse(Location(name), "同一文件刚刚由另一个导入存入；同一文件只导入一次")
    else:
        log.refuse(
            Location(name),
            "无法存入：{detail}（项目库可能刚被修改；请重新导入）",
            **{DETAIL: str(exc.orig)},
        )
    return ActualsImportError(name, log.problems)


def _matched_projects(
    session: Session, lines: tuple[ProjectLine, ...], date: dt.date, log: ActualsProblemLog
) -> list[tuple[ProjectLine, KnownProject]]:
    if not lines:
        return []
    checks = ProjectRows(known_projects(session), date, log)
    matched = [(line, project) for line in lines if (project := checks.resolve(line))]
    checks.check(matched)
    return matched


def _matched_indicators(
    session: Session, lines: tuple[IndicatorLine, ...], date: dt.date, log: ActualsProblemLog
) -> list[tuple[IndicatorLine, KnownIndicator]]:
    if not lines:
        return []
    checks = IndicatorRows(known_indicators(session), date, log)
    matched = [(line, known) for line in lines if (known := checks.resolve(line))]
    checks.check(matched)
    return matched


def _with_source(note: str, source: str) -> str:
    """The row's note, and who reported it (来源) after it, as the preview shows them."""
    if not source:
        return note
    return f"{note}（来源：{source}）" if note else f"来源：{source}"


def _project_input(line: ProjectLine, project: KnownProject) -> ActualInput:
    assert line.year is not None  # a row without a readable year was refused
    return ActualInput(
        project_id=project.id,
        year=line.year,
        spend_wan=line.spend_wan,
        status=line.status,
        start_year=line.start_year,
        completion_year=line.completion_year,
        note=line.note,
        stated_source=line.source,
        source_sheet=line.cells.sheet or "",
        source_row=line.cells.row,
    )


def _indicator_input(line: IndicatorLine, indicator: KnownIndicator) -> IndicatorInput:
    assert line.year is not None
    return IndicatorInput(
        indicator_id=indicator.id,
        year=line.year,
        value_raw=line.value_raw,
        value=line.value,
        note=line.note,
        stated_source=line.source,
        source_sheet=line.cells.sheet or "",
        source_row=line.cells.row,
    )


def _project_preview(line: ProjectLine, project: KnownProject) -> ProjectPreview:
    assert line.year is not None
    return ProjectPreview(
        project_id=project.id,
        name=project.name,
        year=line.year,
        spend_wan=line.spend_wan,
        status=line.status,
        start_year=line.start_year,
        completion_year=line.completion_year,
        note=_with_source(line.note, line.source),
        sheet=line.cells.sheet,
        row=line.cells.row,
    )


def _indicator_preview(line: IndicatorLine, indicator: KnownIndicator) -> IndicatorPreview:
    assert line.year is not None
    return IndicatorPreview(
        indicator_id=indicator.id,
        plan=indicator.plan,
        table=indicator.table,
        name=indicator.name,
        unit=indicator.unit,
        year=line.year,
        value_raw=line.value_raw,
        sheet=line.cells.sheet,
        row=line.cells.row,
    )
