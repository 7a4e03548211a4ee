"""Plans into the database: the bundled plan documents at first use, and a spreadsheet an
office imports, all or nothing, each recorded in the audit trail in its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from portfolio.access import Actor, this_computer
from portfolio.db.writers import take_import_lock
from portfolio.errors import ImportFileError, Location, Problem
from portfolio.exports.model import Language
from portfolio.i18n import gettext
from portfolio.importers.bundled import parse_bundled
from portfolio.importers.spreadsheet import PlanMetadata, stream_spreadsheet
from portfolio.paths import file_sha256
from portfolio.records import ParsedPlan, PlanLevel
from portfolio.services import audit
from portfolio.services.loading import LoadReport, load_plan, skipped_load
from portfolio.services.queries import ProjectFilter, list_projects
from portfolio.services.regions import ensure_regions, place_problems
from portfolio.services.transactions import transaction

if TYPE_CHECKING:
    from portfolio.services.workspace import Workspace

MAX_IMPORT_BYTES = 20 * 1024 * 1024
# Projects a dry run shows of what it would store: enough to see that the columns were read
# right, few enough for a page.
PREVIEW_ROWS = 500


@dataclass(frozen=True)
class PlanInfo:
    """What to record about a spreadsheet's plan when the workbook does not say."""

    key: str | None = None
    title: str | None = None
    issuer: str = ""
    level: PlanLevel = PlanLevel.CITY
    region: str = "福建省"
    period_start: int = 2021
    period_end: int = 2025


def load_bundled(
    workspace: Workspace, progress: Callable[[str], None] | None = None
) -> list[LoadReport]:
    """Load the bundled plan documents (those loaded before change nothing), as the person
    at this computer, in one transaction; ``progress`` is told each plan's outcome."""
    parsed = parse_bundled()
    reports = []
    who = this_computer()
    with workspace.sessions.begin() as session:
        take_import_lock(session)  # two first starts at once load the plans once
        ensure_regions(session, workspace.regions)
        for path, plan in parsed:
            sha = file_sha256(path)
            report = load_plan(
                session, plan, sha256=sha, file_name=path.name, regions=workspace.regions
            )
            _record_import(session, who, path.name, sha, report)
            reports.append(report)
            if progress is not None:
                progress(_describe(report))
    return reports


def import_spreadsheet(
    workspace: Workspace,
    path: Path,
    info: PlanInfo,
    actor: Actor,
    *,
    dry_run: bool = False,
    notify: Callable[[str], None] | None = None,
) -> LoadReport:
    """Read, check and store a spreadsheet of projects as a plan, all or nothing (see
    :meth:`Workspace.import_file`); ``actor`` has been checked to have the right.

    The import first takes the import lock: an import that runs meanwhile is waited for
    (``notify`` is told, with a catalog message), and the same file imported twice at once
    is "already imported" the second time. Then the file is read as it is stored, a batch of
    rows at a time, so that memory stays flat; a problem anywhere in it undoes everything.

    ``dry_run``: everything is done, in the database too, and rolled back: the report then
    says what the import would store and holds the first ``PREVIEW_ROWS`` projects as they
    would be stored. Should a store fail while another import stored the same file (or
    plan), it is reported as already imported, as the same file imported later would be."""

    def check_place(cell: str) -> str | None:
        # Names unknown anywhere, said at their cell; a name of several regions is resolved
        # once the plan's region is known (the 规划 sheet may come after the tables).
        problems = place_problems(cell, workspace.regions, info.region, ambiguous=False)
        return "; ".join(problems) or None

    try:
        with stream_spreadsheet(
            path, max_bytes=MAX_IMPORT_BYTES, validate_places=check_place
        ) as sheet:
            plan = _plan_of(path, info, sheet.plan)
            sha = file_sha256(path)
            with transaction(workspace.sessions, dry_run=dry_run) as session:
                take_import_lock(session, notify=notify)
                ensure_regions(session, workspace.regions)
                report = load_plan(
                    session,
                    plan,
                    sha256=sha,
                    file_name=path.name,
                    regions=workspace.regions,
                    streamed=sheet.tables,
                )
                if report.created:
                    sheet.finish()  # every problem of the file: then nothing is stored
                _record_import(session, actor, path.name, sha, report)
                if dry_run and report.created:
                    flt = ProjectFilter(plan=plan.key)
                    report.preview = tuple(list_projects(session, flt, limit=PREVIEW_ROWS))
                return report
    except SQLAlchemyError as exc:
        stored = _stored_meanwhile(workspace, sha, plan.key)
        if stored is not None:
            return stored
        # The driver's words, not the statement and its thousands of values.
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise ImportFileError(
            [Problem(Location(path.name, None, None, None), f"cannot store: {detail}")]
        ) from exc


def _plan_of(path: Path, info: PlanInfo, meta: PlanMetadata | None) -> ParsedPlan:
    """The plan a spreadsheet's tables belong to: its 规划 sheet, else ``info``."""
    return ParsedPlan(
        key=info.key or f"file:{path.stem}",
        title=(meta.title if meta else "") or info.title or path.stem,
        issuer=(meta.issuer if meta else "") or info.issuer,
        level=(meta.level if meta else None) or info.level,
        region=(meta.region if meta else "") or info.region,
        period_start=(meta.period_start if meta else None) or info.period_start,
        period_end=(meta.period_end if meta else None) or info.period_end,
        document=path.name,
        doc_number=meta.doc_number if meta else "",
    )


def _stored_meanwhile(workspace: Workspace, sha256: str, plan_key: str) -> LoadReport | None:
    """After a failed store: the report of a file (or plan) that another import stored
    meanwhile, as :func:`load_plan` says it; ``None`` when neither is stored."""
    with workspace.sessions() as session:
        return skipped_load(session, plan_key, sha256)


def _record_import(
    session: Session, actor: Actor, file_name: str, sha256: str, report: LoadReport
) -> None:
    """The audit entry of a plan loaded (a file loaded before changes nothing: no entry)."""
    if report.created:
        audit.record(
            session,
            actor,
            audit.AuditAction.IMPORT_PLAN,
            report.plan_key,
            after={
                "file": file_name,
                "sha256": sha256,
                "projects": report.projects,
                "indicators": report.indicators,
                "institutes": report.institutes,
                "findings": report.findings,
                "links": report.links,
            },
        )


def _describe(report: LoadReport) -> str:
    if not report.created:
        return f"{report.plan_key}: unchanged ({gettext(Language.EN, report.skipped_reason)})"
    return (
        f"{report.plan_key}: {report.projects} projects, {report.indicators} indicators, "
        f"{report.institutes} institutes, {report.findings} findings, {report.links} links"
    )
