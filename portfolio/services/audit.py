"""The audit trail: every change recorded with who, when and what, before and after.

:func:`record` is called inside the transaction of the change it records, so that both are
stored or neither is. ``before`` and ``after`` are plain JSON-able mappings (``{}`` for what
did not exist before, or no longer exists after).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.access import Actor
from portfolio.db import models as m
from portfolio.i18n import pN_


class AuditAction(StrEnum):
    """What kind of change an entry records."""

    IMPORT_PLAN = "import_plan"
    IMPORT_SCHEDULE = "import_schedule"
    SAVE_SETTINGS = "save_settings"
    RESET_SETTINGS = "reset_settings"
    SAVE_SCENARIO = "save_scenario"
    DELETE_SCENARIO = "delete_scenario"
    RUN_SCENARIO = "run_scenario"
    CANCEL_RUN = "cancel_run"
    ADD_USER = "add_user"
    REMOVE_USER = "remove_user"
    SET_ROLE = "set_role"
    SET_PASSWORD = "set_password"
    RESTORE = "restore"


AUDIT_ACTION_LABELS = {
    AuditAction.IMPORT_PLAN: pN_("操作记录", "导入规划"),
    AuditAction.IMPORT_SCHEDULE: pN_("操作记录", "导入安排表"),
    AuditAction.SAVE_SETTINGS: pN_("操作记录", "保存项目设置"),
    AuditAction.RESET_SETTINGS: pN_("操作记录", "恢复默认设置"),
    AuditAction.SAVE_SCENARIO: pN_("操作记录", "保存情景"),
    AuditAction.DELETE_SCENARIO: pN_("操作记录", "删除情景"),
    AuditAction.RUN_SCENARIO: pN_("操作记录", "运行情景"),
    AuditAction.CANCEL_RUN: pN_("操作记录", "取消运行"),
    AuditAction.ADD_USER: pN_("操作记录", "添加用户"),
    AuditAction.REMOVE_USER: pN_("操作记录", "删除用户"),
    AuditAction.SET_ROLE: pN_("操作记录", "更改角色"),
    AuditAction.SET_PASSWORD: pN_("操作记录", "更改密码"),
    AuditAction.RESTORE: pN_("操作记录", "从备份恢复"),
}


@dataclass(frozen=True)
class AuditView:
    """One entry as the audit page and ``portfolio audit`` show it."""

    id: int
    at: dt.datetime
    actor: str
    role: str
    action: str
    target: str
    before: dict[str, Any]
    after: dict[str, Any]


def record(
    session: Session,
    actor: Actor,
    action: AuditAction,
    target: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Add an entry to the trail, in the caller's transaction."""
    session.add(
        m.AuditEntry(
            at=dt.datetime.now(dt.UTC),
            actor=actor.name,
            role=actor.role.value,
            action=action.value,
            target=target,
            before_json=_json(before),
            after_json=_json(after),
        )
    )


def _json(values: Mapping[str, Any] | None) -> str:
    return json.dumps(dict(values or {}), ensure_ascii=False, sort_keys=True, default=str)


def list_entries(
    session: Session,
    *,
    since: dt.datetime | None = None,
    actor: str | None = None,
    limit: int | None = None,
) -> list[AuditView]:
    """Entries newest first, from ``since`` on and by ``actor`` when given."""
    query = select(m.AuditEntry).order_by(m.AuditEntry.at.desc(), m.AuditEntry.id.desc())
    if since is not None:
        query = query.where(m.AuditEntry.at >= since)
    if actor is not None:
        query = query.where(m.AuditEntry.actor == actor)
    if limit is not None:
        query = query.limit(limit)
    return [
        AuditView(
            id=row.id,
            at=row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC),
            actor=row.actor,
            role=row.role,
            action=row.action,
            target=row.target,
            before=json.loads(row.before_json),
            after=json.loads(row.after_json),
        )
        for row in session.scalars(query)
    ]
