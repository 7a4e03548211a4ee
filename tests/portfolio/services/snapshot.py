"""A full dump of a database's rows, to show that a refused import changed nothing."""

from __future__ import annotations

from sqlalchemy import select

from portfolio.db.models import Base
from portfolio.services.workspace import Workspace


def snapshot(workspace: Workspace) -> dict[str, list[tuple[object, ...]]]:
    dump: dict[str, list[tuple[object, ...]]] = {}
    with workspace.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(select(table)).all()
            dump[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return dump
