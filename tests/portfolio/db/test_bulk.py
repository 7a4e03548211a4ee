"""Bulk inserts give the same rows through COPY (PostgreSQL) as through INSERT (SQLite)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portfolio.db import models as m
from portfolio.db.bulk import bulk_insert, reserve_ids
from portfolio.db.engine import make_engine, migrate, session_factory
from tests.conftest import POSTGRES_URL, reset_postgres


def test_bulk_insert_round_trip(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    with session_factory(engine).begin() as session:
        plan = m.Plan(
            key="p",
            title="规划",
            issuer="",
            level="city",
            period_start=2021,
            period_end=2025,
            document="d.txt",
            doc_number="",
            document_sha256="0" * 64,
        )
        session.add(plan)
        session.flush()
        rows = [
            {
                "plan_id": plan.id,
                "project_id": None,
                "kind": "k",
                "severity": "info",
                "message": f"含\t制表符与换行\n的说明 {i}",
                "source_document": "d.txt",
                "source_line_start": i,
                "source_line_end": i,
            }
            for i in range(1, 4)
        ]
        bulk_insert(session, m.Finding, rows)
        stored = session.scalars(select(m.Finding).order_by(m.Finding.source_line_start)).all()
        assert [f.message for f in stored] == [r["message"] for r in rows]
        ids = reserve_ids(session, "findings", 2)
        assert ids is None or (len(ids) == 2 and min(ids) > max(f.id for f in stored))
    engine.dispose()


@pytest.mark.postgres
def test_copy_refuses_rows_without_python_side_defaults() -> None:
    reset_postgres()
    engine = make_engine(POSTGRES_URL)
    migrate(engine)
    with session_factory(engine).begin() as session:
        row = {
            "key": "p",
            "title": "规划",
            "issuer": "",
            "level": "city",
            "period_start": 2021,
            "period_end": 2025,
            "document": "d.txt",
            "document_sha256": "0" * 64,
        }  # no doc_number, which has a Python-side default
        with pytest.raises(ValueError, match="doc_number"):
            bulk_insert(session, m.Plan, [row])
    engine.dispose()
