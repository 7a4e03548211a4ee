"""Bulk inserts: PostgreSQL's COPY where the server is PostgreSQL, the driver's executemany
on SQLite, in batches.

Loading a 10,000-row sheet writes some 50,000 rows. Both ways hand the rows to the driver
without SQLAlchemy's per-row statement machinery (about five times faster on SQLite, COPY
several times faster than INSERT statements on PostgreSQL), and one statement per row never
meets SQLite's limit on the variables of one statement. Rows are sent in batches of
``BATCH_ROWS`` so that a caller may hand over a generator and memory stays flat.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Boolean, func, select, text
from sqlalchemy.orm import Session

from portfolio.db.engine import NOT_PLAN_TABLES, mark_written
from portfolio.db.models import Base

BATCH_ROWS = 5_000


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def reserve_ids(session: Session, table: str, count: int) -> list[int]:
    """``count`` new ids for rows of ``table``, so that rows can be written without RETURNING.

    PostgreSQL takes them from the table's sequence. SQLite counts on from the largest id:
    only the transaction holding the write lock may do so, and it must have written already
    (an import has: its plan row), so no other writer can take the same ids before it ends.
    """
    if is_postgres(session):
        sequence = session.scalar(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table}
        )
        return list(
            session.scalars(
                text("SELECT nextval(:sequence) FROM generate_series(1, :count)"),
                {"sequence": sequence, "count": count},
            )
        )
    if not _driver(session).in_transaction:
        raise RuntimeError("reserve_ids on SQLite needs a transaction that has written")
    largest = session.scalar(select(func.max(Base.metadata.tables[table].c.id))) or 0
    return list(range(largest + 1, largest + 1 + count))


def bulk_insert(session: Session, model: type[Base], rows: Iterable[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts of column values, all with the same keys) into ``model``'s
    table, in batches of ``BATCH_ROWS``. Every column with a Python-side default must be
    given: neither COPY nor the driver knows those defaults."""
    batches = _batches(iter(rows))
    first = next(batches, None)
    if first is None:
        return
    table = Base.metadata.tables[model.__tablename__]
    columns = list(first[0])
    missing = [c.name for c in table.columns if c.default is not None and c.name not in columns]
    if missing:
        raise ValueError(f"bulk rows for {table.name} must give {', '.join(missing)}")
    session.flush()
    mark_written(session, plan=table.name not in NOT_PLAN_TABLES)  # this goes past the session
    dialect = session.get_bind().dialect
    # The conversions SQLAlchemy would make, applied here; but both drivers take Python's
    # bools as they are (SQLAlchemy's check of each one costs more than writing the row).
    processors = [
        None
        if isinstance(table.c[name].type, Boolean)
        else table.c[name].type._cached_bind_processor(dialect)
        for name in columns
    ]
    convert = _converter(columns, processors)
    quoted = ", ".join(f'"{name}"' for name in columns)
    cursor = _driver(session).cursor()
    try:
        for batch in itertools.chain([first], batches):
            if is_postgres(session):
                with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                    for row in batch:
                        copy.write_row(convert(row))
            else:
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(
                    f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})',
                    [convert(row) for row in batch],
                )
    finally:
        cursor.close()


def _driver(session: Session) -> Any:
    """The driver's connection of the session's transaction."""
    return session.connection().connection.driver_connection


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH_ROWS)):
        yield batch


def _converter(
    columns: list[str], processors: Sequence[Callable[[Any], Any] | None]
) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A row's values in column order (picked in C), converted where a column needs it."""
    pick = operator.itemgetter(*columns)
    if len(columns) == 1:
        return lambda row: (pick(row),)
    converted = [(i, process) for i, process in enumerate(processors) if process is not None]
    if not converted:
        return pick

    def convert(row: dict[str, Any]) -> tuple[Any, ...]:
        values = list(pick(row))
        for i, process in converted:
            values[i] = process(values[i])
        return tuple(values)

    return convert
