"""One import at a time, and writers that wait for it with words instead of a traceback.

An import is one long transaction. Two at once would both find a file "not imported yet"
and the second would end on the unique index (a raw ``IntegrityError``); on SQLite a
transaction that read before it wrote cannot wait for another writer at all. So an import
first takes the import lock: SQLite's write lock at once (``BEGIN IMMEDIATE``), PostgreSQL's
transaction-level advisory lock. Once it has it, it sees every import that ended before, and
the file imported twice at once is "already imported" the second time.

An import that finds the lock taken says so (``notify``) and waits up to ``wait`` seconds,
then gives up with :class:`ImportBusyError`. Any other write that SQLite's busy timeout
could not wait out becomes :class:`DatabaseBusyError` (see :func:`say_busy`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import N_, tr

IMPORT_LOCK_KEY = 7_301_016  # any constant the office's other software does not use
IMPORT_WAIT_SECONDS = 120.0
# What the person importing is told while another import holds the lock.
WAITING_FOR_IMPORT = N_("另一项导入正在进行，等它完成后再导入……")


class ImportBusyError(PortfolioError):
    """Another import held the lock for longer than this one could wait; nothing changed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = round(seconds)
        super().__init__(self.message(Language.ZH))

    def message(self, lang: Language) -> str:
        """The refusal in the reader's language."""
        return tr(
            lang,
            "另一项导入正在进行，等了 {seconds} 秒仍未完成；本次导入未执行，请稍后再试。",
            seconds=self.seconds,
        )


class DatabaseBusyError(PortfolioError):
    """A write waited for SQLite's write lock (held by an import) longer than its timeout;
    nothing of it was stored."""

    def __init__(self, seconds: float) -> None:
        self.seconds = round(seconds)
        super().__init__(self.message(Language.ZH))

    def message(self, lang: Language) -> str:
        """The refusal in the reader's language."""
        return tr(
            lang,
            "数据库正忙：另一项导入正在写入，等了 {seconds} 秒仍未完成；"
            "本次操作未执行，请稍后再试。",
            seconds=self.seconds,
        )


def take_import_lock(
    session: Session,
    *,
    wait: float | None = None,
    notify: Callable[[str], None] | None = None,
) -> None:
    """Make the session's transaction the one import running, waiting up to ``wait``
    seconds (after telling ``notify`` so) for one that runs; raises :class:`ImportBusyError`.
    Call it first in the transaction: the lock is held until the transaction ends.
    ``wait`` defaults to ``IMPORT_WAIT_SECONDS``."""
    wait = IMPORT_WAIT_SECONDS if wait is None else wait
    if session.get_bind().dialect.name == "postgresql":
        _advisory_lock(session, wait, notify)
    else:
        _immediate(session, wait, notify)


def _immediate(session: Session, wait: float, notify: Callable[[str], None] | None) -> None:
    driver = session.connection().connection.driver_connection
    if driver.in_transaction:  # type: ignore[union-attr]
        raise RuntimeError("the import lock must be taken before the transaction writes")
    (before,) = driver.execute("PRAGMA busy_timeout").fetchone()  # type: ignore[union-attr]
    try:
        driver.execute("PRAGMA busy_timeout = 0")  # type: ignore[union-attr]
        try:
            driver.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
        if notify is not None:
            notify(WAITING_FOR_IMPORT)
        driver.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")  # type: ignore[union-attr]
        try:
            driver.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise ImportBusyError(wait) from None
            raise
    finally:
        driver.execute(f"PRAGMA busy_timeout = {int(before)}")  # type: ignore[union-attr]


def _advisory_lock(session: Session, wait: float, notify: Callable[[str], None] | None) -> None:
    key = {"key": IMPORT_LOCK_KEY}
    if session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), key):
        return
    if notify is not None:
        notify(WAITING_FOR_IMPORT)
    # SET LOCAL: the limit ends with the transaction; the import's own statements then
    # run under it too, and none of them waits for a lock another import holds.
    session.execute(text(f"SET LOCAL lock_timeout = {int(wait * 1000)}"))
    try:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), key)
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) == "55P03":  # lock_not_available
            raise ImportBusyError(wait) from None
        raise


def _is_busy(exc: BaseException) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def say_busy(engine: Engine, timeout: float) -> None:
    """Turn SQLite's "database is locked" on ``engine`` (whose busy timeout is ``timeout``
    seconds) into :class:`DatabaseBusyError`."""

    @event.listens_for(engine, "handle_error")
    def _busy(context: ExceptionContext) -> None:
        original = context.original_exception
        if isinstance(original, sqlite3.OperationalError) and _is_busy(original):
            raise DatabaseBusyError(timeout) from original
