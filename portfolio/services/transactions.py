"""One transaction per user action, or its rehearsal: a dry run does every write of the
action in its transaction (the database checks them as for real: keys, constraints) and then
rolls it back, so that what a check shows is what the import would do, through the same code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker


@contextmanager
def transaction(sessions: sessionmaker[Session], *, dry_run: bool = False) -> Iterator[Session]:
    """A session in one transaction: committed when the block ends, rolled back when it
    raises, and rolled back after its writes were flushed when ``dry_run`` (nothing stored,
    the data's revision unchanged)."""
    with sessions() as session, session.begin():
        yield session
        if dry_run:
            session.flush()
            session.rollback()
