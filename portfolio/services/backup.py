"""Backups of a portfolio database, and restoring one.

SQLite is copied with SQLite's online backup API, so a backup taken while the app writes is
still one consistent state. PostgreSQL is dumped and restored by ``pg_dump`` and
``pg_restore`` (custom format) of the PostgreSQL client tools.

A restore changes nothing until the backup has been read in full: SQLite is restored into a
temporary file next to the database, checked and brought to the newest schema, then put in
place by an atomic rename; PostgreSQL is restored in one transaction. It refuses to replace a
database that holds data unless told to.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, func, make_url, select, update
from sqlalchemy.exc import SQLAlchemyError

from portfolio.db import models as m
from portfolio.db.engine import is_migrated, make_engine, migrate, session_factory
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import N_, tr

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"  # the first bytes of pg_dump's custom format


class BackupError(PortfolioError):
    """A backup that cannot be written or read, or a restore that was refused."""

    def __init__(self, said: str, /, **values: object) -> None:
        self.said = said  # Chinese, marked with N_; translated by message()
        self.values = values
        super().__init__(self.message(Language.ZH))

    def message(self, lang: Language) -> str:
        """What went wrong, in ``lang``."""
        return tr(lang, self.said, **self.values)


@dataclass(frozen=True)
class BackupSummary:
    """What a database holds: the counts a backup or restore reports."""

    plans: int
    projects: int
    scenarios: int
    runs: int

    @property
    def has_data(self) -> bool:
        return any((self.plans, self.projects, self.scenarios, self.runs))


def backup_database(url: str, file: Path) -> BackupSummary:
    """Write a backup of the database at ``url`` to ``file`` and say what it holds.

    The file appears only once complete (written beside it, then renamed).
    """
    summary = _summary(url)
    if summary is None:
        raise BackupError(N_("数据库尚未创建，没有可备份的内容"))
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = _temporary_beside(file)
    except OSError as exc:
        raise BackupError(N_("无法写入备份 {file}：{detail}"), file=file, detail=exc) from exc
    try:
        if _is_sqlite(url):
            source = _sqlite_path(url)
            try:
                _sqlite_copy(source, partial)
            except sqlite3.Error as exc:
                raise BackupError(
                    N_("无法备份 SQLite 数据库 {file}：{detail}"), file=source, detail=exc
                ) from exc
            # counted in the copy: the app may have written since the first count
            summary = _summary(f"sqlite:///{partial}") or summary
        else:
            _pg_dump(url, partial)
        os.replace(partial, file)
    except OSError as exc:
        raise BackupError(N_("无法写入备份 {file}：{detail}"), file=file, detail=exc) from exc
    finally:
        partial.unlink(missing_ok=True)
    return summary


def restore_database(url: str, file: Path, *, force: bool = False) -> BackupSummary:
    """Replace the database at ``url`` by the backup in ``file``; returns what it restored.

    Refuses a database that holds plans, projects or scenarios unless ``force``; a backup
    that cannot be read leaves the database as it was.
    """
    _check_backup_file(url, file)
    before = _summary(url)
    if before is not None and before.has_data and not force:
        raise BackupError(
            N_(
                "数据库已有数据（{plans} 个规划、{projects} 个项目、{scenarios} 个情景），"
                "未恢复；要覆盖请加 --force"
            ),
            plans=before.plans,
            projects=before.projects,
            scenarios=before.scenarios,
        )
    old_revision = _revision(url) if before is not None else 0
    if _is_sqlite(url):
        _sqlite_restore(url, file, old_revision)
    else:
        _pg_restore(url, file, old_revision)
    restored = _summary(url)
    assert restored is not None  # the restore just created the schema
    return restored


# -- SQLite --------------------------------------------------------------------------------


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(N_("内存中的数据库无法备份或恢复"))
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite file to another page by page, as one consistent state (raises
    ``sqlite3.Error``)."""
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _sqlite_restore(url: str, file: Path, old_revision: int) -> None:
    target = _sqlite_path(url)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = _temporary_beside(target)
    except OSError as exc:
        raise BackupError(N_("无法写入数据库 {file}：{detail}"), file=target, detail=exc) from exc
    try:
        try:
            _sqlite_copy(file, staged)
        except sqlite3.Error as exc:
            raise _unreadable(file, exc) from exc
        _check_sqlite_file(staged, file)
        _finish(f"sqlite:///{staged}", file, old_revision)
        if target.exists():
            shutil.copymode(target, staged)  # the database keeps who may read it
            _empty_wal(target)
        os.replace(staged, target)
    except OSError as exc:
        raise BackupError(N_("无法写入数据库 {file}：{detail}"), file=target, detail=exc) from exc
    finally:
        staged.unlink(missing_ok=True)


def _empty_wal(path: Path) -> None:
    """Write the database's write-ahead log back into it and empty the log, so that the
    file renamed over it is not read with the old file's last changes (raises ``OSError``)."""
    try:
        with closing(sqlite3.connect(path, timeout=30)) as connection:
            (busy, _, _) = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as exc:
        raise OSError(f"{path} is in use: {exc}") from exc
    if busy:
        raise OSError(f"{path} is being read or written by a running program")


def _check_sqlite_file(path: Path, backup: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.Error as exc:
        raise _unreadable(backup, exc) from exc
    if verdict is None or verdict[0] != "ok":
        raise _unreadable(backup, verdict[0] if verdict else "integrity check failed")


# -- PostgreSQL ----------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(N_("找不到 PostgreSQL 客户端程序 {tool}，请先安装"), tool=name)
    return found


def _pg_connection(url: str) -> tuple[list[str], dict[str, str]]:
    """The connection options of the client tools, the password in their environment."""
    parsed: URL = make_url(url)
    options = ["--dbname", parsed.database or "postgres"]
    if parsed.host:
        options += ["--host", parsed.host]
    if parsed.port:
        options += ["--port", str(parsed.port)]
    if parsed.username:
        options += ["--username", parsed.username]
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    return options, env


def _run_pg(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def _pg_dump(url: str, file: Path) -> None:
    options, env = _pg_connection(url)
    done = _run_pg(
        [
            _pg_tool("pg_dump"),
            *("--format=custom", "--no-owner", "--no-privileges", "--file", str(file)),
            *options,
        ],
        env,
    )
    if done.returncode != 0:
        raise BackupError(N_("pg_dump 失败：{detail}"), detail=done.stderr.strip())


def _pg_restore(url: str, file: Path, old_revision: int) -> None:
    options, env = _pg_connection(url)
    done = _run_pg(
        [
            _pg_tool("pg_restore"),
            *("--single-transaction", "--exit-on-error", "--clean", "--if-exists"),
            *("--no-owner", "--no-privileges"),
            *options,
            str(file),
        ],
        env,
    )
    if done.returncode != 0:
        raise BackupError(N_("pg_restore 失败，数据库未改变：{detail}"), detail=done.stderr.strip())
    _finish(url, file, old_revision)


# -- Both ----------------------------------------------------------------------------------


def _check_backup_file(url: str, file: Path) -> None:
    """Refuse a missing file, or one that is not a backup of this kind of database."""
    try:
        with file.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise BackupError(N_("无法读取备份 {file}：{detail}"), file=file, detail=exc) from exc
    if _is_sqlite(url):
        if header != SQLITE_HEADER:
            raise BackupError(N_("{file} 不是 SQLite 数据库的备份"), file=file)
        return
    if not header.startswith(PG_DUMP_HEADER):
        raise BackupError(
            N_("{file} 不是 PostgreSQL 数据库的备份（pg_dump 自定义格式）"), file=file
        )
    _options, env = _pg_connection(url)
    listed = _run_pg([_pg_tool("pg_restore"), "--list", str(file)], env)
    if listed.returncode != 0:
        raise _unreadable(file, listed.stderr.strip())


def _unreadable(file: Path, detail: object) -> BackupError:
    return BackupError(
        N_("备份 {file} 已损坏或无法读取，数据库未改变：{detail}"), file=file, detail=detail
    )


def _finish(url: str, file: Path, old_revision: int) -> None:
    """Bring a restored database to the newest schema, and its data revision past the old
    database's, so that a running app does not keep results computed from the old data."""
    engine = make_engine(url)
    try:
        if not is_migrated(engine):
            raise _unreadable(file, "no portfolio schema (alembic_version)")
        migrate(engine)
        with session_factory(engine).begin() as session:
            number = session.scalar(select(m.DataRevision.number)) or 0
            if number <= old_revision:
                session.execute(
                    update(m.DataRevision).values(number=old_revision + 1),
                    execution_options={"portfolio_revision": True},
                )
    except SQLAlchemyError as exc:
        raise _unreadable(file, exc) from exc
    finally:
        engine.dispose()


def _summary(url: str) -> BackupSummary | None:
    """The counts of the database at ``url``; None when it has no portfolio schema yet."""
    if _is_sqlite(url) and not _sqlite_path(url).exists():
        return None
    engine = make_engine(url)
    try:
        try:
            migrated = is_migrated(engine)
        except SQLAlchemyError as exc:
            raise BackupError(
                N_("无法打开数据库：{detail}"), detail=getattr(exc, "orig", None) or exc
            ) from exc
        if not migrated:
            return None
        with engine.connect() as connection:

            def count(model: type[m.Base]) -> int:
                return connection.scalar(select(func.count()).select_from(model)) or 0

            return BackupSummary(
                plans=count(m.Plan),
                projects=count(m.Project),
                scenarios=count(m.Scenario),
                runs=count(m.ScenarioRun),
            )
    finally:
        engine.dispose()


def _revision(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(m.DataRevision.number)) or 0
    finally:
        engine.dispose()


def _temporary_beside(path: Path) -> Path:
    """A new empty-named file in ``path``'s folder, so that a rename onto ``path`` is atomic."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)  # an empty file: sqlite3 and pg_dump write into it
    return Path(name)
