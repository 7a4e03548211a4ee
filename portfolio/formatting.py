"""Numbers as planners write them: money in 亿元 (or 万元), exact."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

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


def rate_text(rate: Fraction | None, *, signed: bool = False, unknown: str = "-") -> str:
    """A ratio as a percentage to one decimal, rounded half up, with no trailing zero; exact
    until written. ``signed`` writes a ``+`` before a rise.

    >>> rate_text(Fraction(1, 8))
    '12.5%'
    >>> rate_text(Fraction(-7, 20), signed=True)
    '-35%'
    >>> rate_text(Fraction(2, 3), signed=True)
    '+66.7%'
    """
    if rate is None:
        return unknown
    percent = (Decimal(rate.numerator) * 100 / Decimal(rate.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    text = format(percent.normalize(), "f") if percent else "0"
    return f"{'+' if signed and percent > 0 else ''}{text}%"
