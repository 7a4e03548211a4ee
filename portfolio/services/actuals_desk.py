"""The workspace's desk for progress reports (``workspace.actuals``): reading the state at a
date, importing a report's workbook, recording an edit, writing the template.

Each action is one transaction and checks the right of the person acting: importing a
workbook needs the right to import, an edit in 项目库 the right to edit project settings;
reading needs none beyond the workspace's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from portfolio.access import Actor, Right
from portfolio.actuals import ProjectActuals
from portfolio.formatting import office_today
from portfolio.services.actuals import (
    ActualInput,
    ReportedValue,
    ReportSummary,
    actuals_at,
    indicator_actuals_at,
    list_reports,
    store_report,
)
from portfolio.services.actuals_import import ActualsImportSummary, import_actuals_file
from portfolio.services.actuals_template import write_template_file


class Actuals:
    """The office's progress reports in one workspace."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        acting: Callable[[Actor | None, Right], Actor],
    ) -> None:
        self._sessions = sessions
        self._acting = acting

    def at(self, report_date: dt.date | None = None) -> dict[int, ProjectActuals]:
        """Every reported project's progress at ``report_date`` (``None``: the latest)."""
        with self._sessions() as session:
            return actuals_at(session, report_date)

    def indicators_at(
        self, report_date: dt.date | None = None
    ) -> dict[tuple[int, int], ReportedValue]:
        """Every reported indicator-year at ``report_date`` (``None``: the latest)."""
        with self._sessions() as session:
            return indicator_actuals_at(session, report_date)

    def reports(self) -> list[ReportSummary]:
        """Every stored report, the latest first."""
        with self._sessions() as session:
            return list_reports(session)

    def record(
        self,
        report_date: dt.date,
        rows: Sequence[ActualInput],
        *,
        note: str = "",
        actor: Actor | None = None,
    ) -> int:
        """Store an edit of some projects' progress as a report of its own (the 项目库
        edit): one transaction with its audit entry; returns the report's id."""
        who = self._acting(actor, Right.EDIT_SETTINGS)
        with self._sessions.begin() as session:
            return store_report(session, who, report_date, rows, note=note)

    def import_file(
        self,
        path: Path,
        *,
        report_date: dt.date | None = None,
        file_name: str | None = None,
        dry_run: bool = False,
        actor: Actor | None = None,
    ) -> ActualsImportSummary:
        """Import a progress report's workbook (xlsx or csv), all or nothing, in one
        transaction (``dry_run``: check it and store nothing). Needs the right to import;
        raises :class:`~portfolio.importers.actuals_problems.ActualsImportError` with every
        problem, the database then as before."""
        who = self._acting(actor, Right.IMPORT)
        if dry_run:
            with self._sessions() as session:
                return import_actuals_file(
                    session,
                    path,
                    actor=who,
                    report_date=report_date,
                    file_name=file_name,
                    dry_run=True,
                )
        with self._sessions.begin() as session:
            return import_actuals_file(
                session, path, actor=who, report_date=report_date, file_name=file_name
            )

    def write_template(self, path: Path, *, up_to_year: int | None = None) -> tuple[int, int]:
        """Write the progress-report template of the stored projects and indicators, with
        rows up to ``up_to_year`` (this year in Beijing by default); returns its numbers of
        project-year and indicator-year rows."""
        with self._sessions() as session:
            return write_template_file(session, path, up_to_year or office_today().year)
