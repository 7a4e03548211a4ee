"""Backups and restores keep every row, refuse what they must and change nothing on failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url, text

from portfolio.services.backup import BackupError, BackupSummary, backup_database, restore_database
from portfolio.services.workspace import Workspace
from tests.conftest import POSTGRES_URL
from tests.portfolio.services.snapshot import snapshot

SCENARIO = Path(__file__).resolve().parents[3] / "data" / "scenarios" / "cut-2023.toml"
# Databases of these tests alone on the PostgreSQL server (others' tests use its `test`).
PG_SOURCE = "backup_test"
PG_TARGET = "backup_test_restored"


def _fresh_postgres(name: str) -> str:
    """An empty database ``name`` on the test server, made again from nothing."""
    server = make_url(POSTGRES_URL)
    admin = server.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.set(database=name).render_as_string(hide_password=False)


def _loaded(url: str) -> Workspace:
    """The bundled plans and one stored scenario run."""
    workspace = Workspace(url)
    workspace.init()
    workspace.run_scenario(SCENARIO.read_text(encoding="utf-8"), "cut-2023.toml", time_limit=10)
    return workspace


def _tables(url: str) -> dict[str, list[tuple[object, ...]]]:
    workspace = Workspace(url)
    try:
        dump = snapshot(workspace)
        with workspace.engine.connect() as connection:
            dump["alembic_version"] = list(
                connection.execute(text("SELECT * FROM alembic_version"))
            )
        return dump
    finally:
        workspace.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A source database with data and an empty target, on SQLite or PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}"
    else:
        yield _fresh_postgres(PG_SOURCE), _fresh_postgres(PG_TARGET)


def test_a_restored_backup_has_every_row_of_the_original(
    urls: tuple[str, str], tmp_path: Path
) -> None:
    source, target = urls
    _loaded(source).close()
    file = tmp_path / "portfolio.backup"

    written = backup_database(source, file)
    restored = restore_database(target, file)

    assert written == restored
    assert restored.plans > 0 and restored.projects > 0
    assert (restored.scenarios, restored.runs) == (1, 1)
    original, copy = _tables(source), _tables(target)
    assert original.keys() == copy.keys()
    for table in original:
        assert copy[table] == original[table], table


def test_restore_refuses_a_database_with_data_unless_forced(
    urls: tuple[str, str], tmp_path: Path
) -> None:
    source, target = urls
    _loaded(source).close()
    file = tmp_path / "portfolio.backup"
    backup_database(source, file)
    Workspace(target).init()
    before = _tables(target)

    with pytest.raises(BackupError, match="--force"):
        restore_database(target, file)
    assert _tables(target) == before

    restored = restore_database(target, file, force=True)
    assert restored.runs == 1
    after = _tables(target)
    assert after["scenario_runs"] == _tables(source)["scenario_runs"]
    # the revision moves on, so that a running app forgets what it computed from the old data
    (_, old_revision), (_, new_revision) = before["data_revision"][0], after["data_revision"][0]
    assert isinstance(old_revision, int) and isinstance(new_revision, int)
    assert new_revision > old_revision


def test_a_corrupt_backup_is_refused_and_changes_nothing(
    urls: tuple[str, str], tmp_path: Path
) -> None:
    source, target = urls
    _loaded(source).close()
    file = tmp_path / "portfolio.backup"
    backup_database(source, file)
    Workspace(target).init()
    before = _tables(target)
    data = bytearray(file.read_bytes())
    corrupt = tmp_path / "corrupt.backup"
    corrupt.write_bytes(bytes(data[: len(data) // 2]) + b"\x00" * 64)

    with pytest.raises(BackupError, match="数据库未改变"):
        restore_database(target, corrupt, force=True)
    assert _tables(target) == before


def test_a_file_that_is_no_backup_is_refused(urls: tuple[str, str], tmp_path: Path) -> None:
    _source, target = urls
    file = tmp_path / "notes.txt"
    file.write_text("not a backup", encoding="utf-8")
    with pytest.raises(BackupError, match="不是"):
        restore_database(target, file)


def test_a_database_never_created_has_nothing_to_back_up(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="尚未创建"):
        backup_database(f"sqlite:///{tmp_path / 'none.sqlite3'}", tmp_path / "x.backup")
    assert not (tmp_path / "x.backup").exists()


def test_the_summary_says_whether_there_is_data() -> None:
    assert not BackupSummary(0, 0, 0, 0).has_data
    assert BackupSummary(0, 0, 1, 0).has_data
