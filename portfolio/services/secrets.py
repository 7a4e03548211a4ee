"""Secrets the office server keeps in its database: made at random on first use, then the same
for every process and every restart (a session cookie signed by one process is good in all)."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from portfolio.db import models as m

SECRET_BYTES = 32


def server_secret(sessions: sessionmaker[Session], name: str) -> str:
    """The secret ``name``, made (random, URL-safe text) and stored if there is none yet.

    Two processes starting at once may both make one; the second's insert fails on the
    primary key and it reads the first's, so they end up signing with the same key."""
    with sessions() as session:
        value = session.scalar(select(m.ServerSecret.value).where(m.ServerSecret.name == name))
    if value is not None:
        return value
    try:
        with sessions.begin() as session:
            made = secrets.token_urlsafe(SECRET_BYTES)
            session.add(m.ServerSecret(name=name, value=made))
        return made
    except IntegrityError:
        with sessions() as session:
            stored = session.scalar(select(m.ServerSecret.value).where(m.ServerSecret.name == name))
        if stored is None:
            raise
        return stored
