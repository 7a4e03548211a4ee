"""Shared fixtures: a fresh database per test, on SQLite and on the PostgreSQL server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, text

if TYPE_CHECKING:
    from portfolio.services.workspace import Workspace

POSTGRES_URL = os.environ.get(
    "PORTFOLIO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def reset_postgres(url: str = POSTGRES_URL) -> None:
    """Drop everything in the test database's public schema."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: an SQLite file, or the PostgreSQL test database emptied."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'portfolio.sqlite3'}"
    else:
        reset_postgres()
        yield POSTGRES_URL


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def loaded_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with the bundled plans loaded, shared by a module's read-only tests."""
    from portfolio.services.workspace import Workspace

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('loaded') / 'portfolio.sqlite3'}"
    else:
        reset_postgres()
        url = POSTGRES_URL
    workspace = Workspace(url)
    workspace.init()
    workspace.close()
    return url


@pytest.fixture(scope="module")
def loaded_workspace(loaded_url: str) -> Iterator[Workspace]:
    """A workspace on the bundled plans, shared by a module's read-only tests."""
    from portfolio.services.workspace import Workspace

    workspace = Workspace(loaded_url)
    yield workspace
    workspace.close()
