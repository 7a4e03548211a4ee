"""Findings collected while loading a plan, written in one bulk insert."""

from __future__ import annotations

from sqlalchemy.orm import Session

from portfolio.db import models as m
from portfolio.db.bulk import bulk_insert
from portfolio.records import SourceRef


class FindingsLog:
    """Collects the findings of one load; :meth:`write` stores them."""

    def __init__(self, plan_id: int) -> None:
        self.plan_id = plan_id
        self.rows: list[dict[str, object]] = []
        self.count = 0

    def add(
        self,
        kind: str,
        message: str,
        source: SourceRef,
        *,
        project_id: int | None = None,
        severity: str = "warning",
        plan_id: int | None = None,
    ) -> None:
        self.rows.append(
            {
                "plan_id": plan_id or self.plan_id,
                "project_id": project_id,
                "kind": kind,
                "severity": severity,
                "message": message,
                "source_document": source.document,
                "source_line_start": source.line_start,
                "source_line_end": source.line_end,
            }
        )
        self.count += 1

    def write(self, session: Session) -> None:
        bulk_insert(session, m.Finding, self.rows)
        self.rows = []
