"""The audit trail: every change recorded with who, when and what, before and after.

:func:`record` is called inside the transaction of the change it records, so that both are
stored or neither is. ``before`` and ``after`` are plain JSON-able mappings (``{}`` for what
did not exist before, or no longer exists after).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.access import Actor
from portfolio.audit import AuditAction, AuditView
from portfolio.db import models as m


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


__all__ = ["AuditAction", "AuditView", "list_entries", "record"]
