"""Engines, sessions and schema migrations.

SQLite is the default (one file in the user's data directory); PostgreSQL serves an office
that shares one database. The schema is created and upgraded by Alembic migrations only.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, insert, inspect, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from portfolio.db.models import DataRevision
from portfolio.db.writers import say_busy

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ENV_DATABASE_URL = "PORTFOLIO_DATABASE_URL"
RETRY_PAUSE_SECONDS = 2.0
SQLITE_BUSY_SECONDS = 30.0
T = TypeVar("T")

log = logging.getLogger(__name__)


def default_database_url() -> str:
    """The database named by ``PORTFOLIO_DATABASE_URL``, else an SQLite file in the user's
    data directory (created on first use)."""
    url = os.environ.get(ENV_DATABASE_URL)
    if url:
        return url
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("portfolio-planner", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'portfolio.sqlite3'}"


def make_engine(url: str) -> Engine:
    """Create an engine. SQLite gets foreign keys switched on, write-ahead logging (pages
    read on while an import writes) and a busy timeout: a write waits that long for another
    (an import's) to end, then says the database is busy (:mod:`portfolio.db.writers`)."""
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
            cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
            cursor.execute("PRAGMA foreign_keys=ON")
            # Kept in the file once set; an in-memory database stays in its own mode.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        say_busy(engine, SQLITE_BUSY_SECONDS)
        return engine
    return create_engine(url, pool_pre_ping=True)


def unreachable(exc: OperationalError) -> bool:
    """Whether ``exc`` says the database could not be reached (connecting failed, or the
    connection was lost), rather than what a statement did (a missing table, a lock)."""
    return exc.statement is None or exc.connection_invalidated


def when_back(action: Callable[[], T], wait: float) -> T:
    """``action()`` (one transaction), tried again while the database cannot be reached, for
    up to ``wait`` seconds; then its error is raised."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return action()
        except OperationalError as exc:
            if not unreachable(exc) or time.monotonic() > deadline:
                raise
            log.warning("the database cannot be reached, trying again: %s", exc)
            time.sleep(RETRY_PAUSE_SECONDS)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (creating it in an empty database)."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_migrated(engine: Engine) -> bool:
    return "alembic_version" in inspect(engine).get_table_names()


WROTE = "portfolio_wrote"
ANY_DATA, PLAN_DATA = 1, 2  # the rows of ``data_revision``: every write; writes to the plans
# What scenarios, their runs, people and the audit trail keep: writing them leaves the plans,
# and what pages compute from the plans alone, as they were.
NOT_PLAN_TABLES = frozenset(
    {
        "scenarios",
        "scenario_runs",
        "scenario_run_projects",
        "scenario_run_spend",
        "scenario_run_period_spend",
        "scenario_run_caps",
        "jobs",
        "audit_log",
        "users",
        "server_secrets",
    }
)


def mark_written(session: Session, *, plan: bool = True) -> None:
    """Note that this transaction changes data (writes the ORM does not see, such as COPY),
    and whether the plans' data among them (``plan``: when in doubt, yes)."""
    written: set[int] = session.info.setdefault(WROTE, set())
    written.add(ANY_DATA)
    if plan:
        written.add(PLAN_DATA)


def _table_of(instance: object) -> str | None:
    table = getattr(instance, "__table__", None)
    return None if table is None else str(table.name)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that increase the data revision in every transaction that writes.

    Writes are seen as they happen: objects flushed, and INSERT, UPDATE or DELETE statements
    run through the session; :func:`mark_written` covers the rest. Two numbers move: one at
    every write, one at writes to the plans' data only (not to scenarios, runs, people or the
    audit trail), so that what is computed from the plans alone outlives a stored run. The
    increase is part of the same transaction, so a rolled-back import leaves them as they were.
    """
    factory = sessionmaker(engine, expire_on_commit=False)

    @event.listens_for(factory, "before_flush")
    def _objects(session: Session, _context: object, _instances: object) -> None:
        for instance in (*session.new, *session.dirty, *session.deleted):
            mark_written(session, plan=_table_of(instance) not in NOT_PLAN_TABLES)

    @event.listens_for(factory, "do_orm_execute")
    def _statements(state: ORMExecuteState) -> None:
        if (
            state.is_insert or state.is_update or state.is_delete
        ) and not state.execution_options.get("portfolio_revision"):
            mapper = state.bind_mapper
            table = None if mapper is None else _table_of(mapper.class_)
            mark_written(state.session, plan=table not in NOT_PLAN_TABLES)

    @event.listens_for(factory, "before_commit")
    def _bump(session: Session) -> None:
        for row in sorted(session.info.pop(WROTE, ())):
            bumped = session.execute(
                update(DataRevision)
                .where(DataRevision.id == row)
                .values(number=DataRevision.number + 1),
                execution_options={"portfolio_revision": True},
            )
            if getattr(bumped, "rowcount", 1) == 0:  # the row was lost or is new: start it
                session.execute(
                    insert(DataRevision).values(id=row, number=1),
                    execution_options={"portfolio_revision": True},
                )

    @event.listens_for(factory, "after_rollback")
    def _forget(session: Session) -> None:
        session.info.pop(WROTE, None)

    return factory


def data_revision(session: Session, *, plan: bool = False) -> int:
    """The data's revision number (0 before the first write); ``plan``: the plans' data's."""
    row = PLAN_DATA if plan else ANY_DATA
    return session.scalar(select(DataRevision.number).where(DataRevision.id == row)) or 0
