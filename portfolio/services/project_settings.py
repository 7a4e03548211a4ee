"""Reading and storing projects' scenario settings, inside a caller's transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portfolio.db import models as m
from portfolio.project_settings import (
    ProjectSettings,
    SettingsError,
    UnknownProjectError,
    settings_problems,
)


def _check_project(session: Session, project_id: int) -> None:
    if session.get(m.Project, project_id) is None:
        raise UnknownProjectError(project_id)


def _settings(row: m.ProjectSetting) -> ProjectSettings:
    return ProjectSettings(
        priority=row.priority,
        must_fund=row.must_fund,
        locked=row.locked,
        excluded=row.excluded,
        max_delay=row.max_delay,
    )


def get_settings(session: Session, project_id: int) -> ProjectSettings:
    """The project's settings (the defaults when none are stored)."""
    _check_project(session, project_id)
    row = session.get(m.ProjectSetting, project_id)
    return ProjectSettings() if row is None else _settings(row)


def all_settings(session: Session) -> dict[int, ProjectSettings]:
    """Every stored project's settings, by project id (projects with defaults are absent)."""
    return {row.project_id: _settings(row) for row in session.scalars(select(m.ProjectSetting))}


def save_settings(session: Session, project_id: int, settings: ProjectSettings) -> ProjectSettings:
    """Check and store the settings; settings equal to the defaults remove the row.

    Raises :class:`SettingsError` naming each bad field, :class:`UnknownProjectError`."""
    _check_project(session, project_id)
    problems = settings_problems(settings)
    if problems:
        raise SettingsError(project_id, problems)
    row = session.get(m.ProjectSetting, project_id)
    if settings.is_default():
        if row is not None:
            session.delete(row)
    else:
        if row is None:
            row = m.ProjectSetting(project_id=project_id)
            session.add(row)
        row.priority = settings.priority
        row.must_fund = settings.must_fund
        row.locked = settings.locked
        row.excluded = settings.excluded
        row.max_delay = settings.max_delay
        row.updated_at = dt.datetime.now(dt.UTC)
    session.flush()
    return settings


def reset_settings(session: Session, project_id: int) -> ProjectSettings:
    """Remove the project's settings, so that scenarios use the defaults again."""
    _check_project(session, project_id)
    session.execute(delete(m.ProjectSetting).where(m.ProjectSetting.project_id == project_id))
    return ProjectSettings()
