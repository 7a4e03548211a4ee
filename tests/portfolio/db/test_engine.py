"""The schema comes from the migrations, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from portfolio.db.engine import alembic_config, is_migrated, make_engine, migrate
from portfolio.db.models import Base


def test_migrations_create_the_schema_the_models_describe(db_url: str) -> None:
    engine = make_engine(db_url)
    assert not is_migrated(engine)
    migrate(engine)
    migrate(engine)  # a second run is a no-op
    assert is_migrated(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_downgrade_removes_everything(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    command.downgrade(alembic_config(engine), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_sqlite_enforces_foreign_keys(tmp_path: object) -> None:
    engine = make_engine("sqlite:///:memory:")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
