"""Reading and storing projects' scenario settings, inside a caller's transaction.

A project's row is kept once it has been set, even when reset to the defaults, so that its
version only grows: a save based on a version read before a colleague's save is refused.
Every save and reset is recorded in the audit trail, in the same transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.access import Actor
from portfolio.db import models as m
from portfolio.exports.model import Language
from portfolio.project_settings import (
    ProjectSettings,
    SettingsError,
    StoredSettings,
    UnknownProjectError,
    settings_problems,
)
from portfolio.services.audit import AuditAction, record
from portfolio.versions import check_version, settings_of


def _project(session: Session, project_id: int) -> m.Project:
    project = session.get(m.Project, project_id)
    if project is None:
        raise UnknownProjectError(project_id)
    return project


def _settings(row: m.ProjectSetting) -> ProjectSettings:
    return ProjectSettings(
        priority=row.priority,
        must_fund=row.must_fund,
        locked=row.locked,
        excluded=row.excluded,
        max_delay=row.max_delay,
    )


def _stored(row: m.ProjectSetting | None) -> StoredSettings:
    if row is None:
        return StoredSettings(ProjectSettings())
    return StoredSettings(_settings(row), row.version, row.updated_by, row.updated_at)


def get_settings(session: Session, project_id: int) -> ProjectSettings:
    """The project's settings (the defaults when none are stored)."""
    return get_stored(session, project_id).settings


def get_stored(session: Session, project_id: int) -> StoredSettings:
    """The project's settings with their version and who saved them last."""
    _project(session, project_id)
    return _stored(session.get(m.ProjectSetting, project_id))


def all_settings(session: Session) -> dict[int, ProjectSettings]:
    """Every project's settings that differ from the defaults, by project id."""
    found = {row.project_id: _settings(row) for row in session.scalars(select(m.ProjectSetting))}
    return {pid: settings for pid, settings in found.items() if not settings.is_default()}


def save_settings(
    session: Session,
    project_id: int,
    settings: ProjectSettings,
    actor: Actor,
    based_on: int | None = None,
) -> StoredSettings:
    """Check and store the settings as ``actor``'s, and record the change.

    ``based_on`` is the version the person saw (``None``: read and written in this
    transaction). Saving what is stored changes nothing. Raises :class:`SettingsError`
    naming each bad field, :class:`UnknownProjectError`,
    :class:`~portfolio.versions.StaleVersionError`."""
    name = _project(session, project_id).name
    problems = settings_problems(settings)
    if problems:
        raise SettingsError(project_id, problems)
    row = session.get(m.ProjectSetting, project_id)
    before = _stored(row)
    check_version(
        lambda lang: settings_of(project_id, name, lang),
        based_on,
        before.version,
        before.updated_by,
        before.updated_at,
    )
    if settings == before.settings:
        return before  # nothing changes: no new version, nothing to record
    if row is None:
        row = m.ProjectSetting(project_id=project_id)
        session.add(row)
    row.priority = settings.priority
    row.must_fund = settings.must_fund
    row.locked = settings.locked
    row.excluded = settings.excluded
    row.max_delay = settings.max_delay
    row.updated_by = actor.name
    row.updated_at = dt.datetime.now(dt.UTC)
    session.flush()
    action = AuditAction.RESET_SETTINGS if settings.is_default() else AuditAction.SAVE_SETTINGS
    record(
        session,
        actor,
        action,
        settings_of(project_id, name, Language.ZH),
        _audit_values(before),
        _audit_values(_stored(row)),
    )
    return _stored(row)


def _audit_values(stored: StoredSettings) -> dict[str, object]:
    return dataclasses.asdict(stored.settings) | {"version": stored.version}
