"""Numbers as planners write them: money in 亿元 (or 万元), exact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from portfolio.cells import WAN_PER_YI


def yi_text(wan: int | None, *, unknown: str = "-") -> str:
    """万元 as 亿元 with no more decimals than needed: 19159100 → ``1915.91``.

    >>> yi_text(1330)
    '0.133'
    >>> yi_text(None)
    '-'
    """
    if wan is None:
        return unknown
    value = Decimal(wan) / WAN_PER_YI
    text = format(value.normalize(), "f")
    return text


def wan_text(wan: int | None, *, unknown: str = "-") -> str:
    """万元 with thousands separators: 19159100 → ``19,159,100``."""
    return unknown if wan is None else f"{wan:,}"


# Fujian's offices read times in Beijing time (UTC+8, no daylight saving); the server's clock
# and the database keep UTC.
OFFICE_TIME = dt.timezone(dt.timedelta(hours=8), "UTC+8")


def office_time(moment: dt.datetime | None, *, unknown: str = "-") -> str:
    """A stored moment as the office reads it, to the minute, in Beijing time.

    >>> office_time(dt.datetime(2026, 12, 6, 23, 5, tzinfo=dt.UTC))
    '2026-12-07 07:05'
    """
    if moment is None:
        return unknown
    if moment.tzinfo is None:  # SQLite returns stored UTC moments without their zone
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(OFFICE_TIME).strftime("%Y-%m-%d %H:%M")


def office_today() -> dt.date:
    """Today's date in Beijing, whatever the server's zone: a report made on the morning of
    1 January there is dated in the new year."""
    return dt.datetime.now(OFFICE_TIME).date()
