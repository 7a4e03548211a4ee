"""A schedule workbook edited by hand, read back as the projects' planned spend per year.

All or nothing: every row is checked first (the project exists and has known money and years,
amounts fall in its planned years, they add up to its total investment: the total does not
change through this door), and only then are the profiles stored, in one transaction. A
project whose amounts equal the even spread keeps no stored profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from optimizer import spread_evenly
from portfolio.access import Actor, Right
from portfolio.db import models as m
from portfolio.errors import ImportFileError, Location, Problem, ProblemLog
from portfolio.exports.reader import ReadSchedule, read_schedule
from portfolio.scenarios.build import PortfolioProject
from portfolio.services import scenarios
from portfolio.services.audit import AuditAction, record
from portfolio.services.transactions import transaction
from portfolio.services.workspace import MAX_IMPORT_BYTES, Workspace


@dataclass(frozen=True)
class ProfileChange:
    """A project whose planned yearly amounts the workbook changes (year → 万元)."""

    project_id: int
    name: str
    before: dict[int, int]
    after: dict[int, int]


@dataclass(frozen=True)
class ProfileImportReport:
    """How many projects took new yearly amounts and how many were as before, and the
    changes themselves."""

    changed: int
    unchanged: int
    changes: tuple[ProfileChange, ...] = ()


def import_schedule(
    workspace: Workspace, path: Path, *, actor: Actor | None = None, dry_run: bool = False
) -> ProfileImportReport:
    """Store the yearly amounts of a schedule workbook as planned spend profiles.

    Raises :class:`ImportFileError` naming file, sheet, row and column of every problem; the
    database is then exactly as before. Needs the right to import plans. ``dry_run``: every
    check and write is done and rolled back; the report says what the import would change.
    """
    who = workspace.acting(actor, Right.IMPORT)
    schedule = read_schedule(path, max_bytes=MAX_IMPORT_BYTES)
    with workspace.sessions() as session:
        projects, _ = scenarios.scenario_inputs(session)
    projects_by_id = {p.id: p for p in projects}
    new_profiles = _check(schedule, projects_by_id)
    changed = {pid: profile for pid, profile in new_profiles.items() if profile[2]}
    changes = tuple(
        ProfileChange(
            pid,
            projects_by_id[pid].name,
            {int(year): amount for year, amount in _by_year(projects_by_id[pid]).items()},
            {start + i: amount for i, amount in enumerate(amounts)},
        )
        for pid, (start, amounts, _, _) in changed.items()
    )
    try:
        with transaction(workspace.sessions, dry_run=dry_run) as session:
            _store(session, changed)
            if changed:
                record(
                    session,
                    who,
                    AuditAction.IMPORT_SCHEDULE,
                    path.name,
                    {str(c.project_id): _text_keys(c.before) for c in changes},
                    {str(c.project_id): _text_keys(c.after) for c in changes},
                )
    except SQLAlchemyError as exc:
        raise ImportFileError(
            [Problem(Location(path.name, None, None, None), f"cannot store: {exc}")]
        ) from exc
    return ProfileImportReport(
        changed=len(changed), unchanged=len(new_profiles) - len(changed), changes=changes
    )


def _store(session: Session, changed: dict[int, tuple[int, tuple[int, ...], bool, bool]]) -> None:
    """Replace the stored profiles of the changed projects."""
    if not changed:
        return
    session.execute(delete(m.ProjectProfile).where(m.ProjectProfile.project_id.in_(list(changed))))
    for project_id, (start, amounts, _, even) in changed.items():
        if even:
            continue  # the even spread is what a project without a profile gets
        session.add_all(
            m.ProjectProfile(project_id=project_id, year=start + index, amount_wan=amount)
            for index, amount in enumerate(amounts)
        )


def _text_keys(amounts: dict[int, int]) -> dict[str, int]:
    """Year → amount with the years as text, as the audit trail stores them (JSON)."""
    return {str(year): amount for year, amount in amounts.items()}


def _check(
    schedule: ReadSchedule, projects: dict[int, PortfolioProject]
) -> dict[int, tuple[int, tuple[int, ...], bool, bool]]:
    """Per project: window start, amounts over the window, changed?, equal to the even
    spread? Raises with every problem found."""
    log = ProblemLog()
    for problem in schedule.problems:
        log.add(problem.location, problem.message)
    result: dict[int, tuple[int, tuple[int, ...], bool, bool]] = {}
    for line in schedule.lines:

        def at(column: str | None, row: int = line.row) -> Location:
            return Location(schedule.file, schedule.sheet, row, column)

        project = projects.get(line.project_id)
        if project is None:
            log.add(at(None), f"no project with id {line.project_id}")
            continue
        start, end, total = project.start_year, project.end_year, project.investment_wan
        if start is None or end is None or total is None:
            log.add(at(None), f"“{project.name}” has unknown years or total investment")
            continue
        bad = False
        for year, amount in sorted(line.amounts.items()):
            if not start <= year <= end:
                bad = True
                log.add(
                    at(line.year_headers[year]),
                    f"{amount:,} 万元 in {year}, outside the planned years {start}-{end} of "
                    f"“{project.name}”",
                )
        added = sum(line.amounts.values())
        if line.complete and added != total:
            bad = True
            log.add(
                at(schedule.total_header),
                f"the yearly amounts of “{project.name}” add up to {added:,} 万元, its total "
                f"investment is {total:,} 万元 (change them so that they add up)",
            )
        if bad or not line.complete:
            continue
        amounts = tuple(line.amounts.get(year, 0) for year in range(start, end + 1))
        even = spread_evenly(total, end - start + 1)
        current = project.profile if project.profile is not None else even
        result[project.id] = (start, amounts, amounts != current, amounts == even)
    log.raise_if_any()
    return result


def _by_year(project: PortfolioProject) -> dict[str, int]:
    """A project's planned amounts per year before the import: its stored profile, else the
    even spread it had without one."""
    start, end, total = project.start_year, project.end_year, project.investment_wan
    if start is None or end is None or total is None:
        return {}
    amounts = project.profile or spread_evenly(total, end - start + 1)
    return {str(start + index): amount for index, amount in enumerate(amounts)}
