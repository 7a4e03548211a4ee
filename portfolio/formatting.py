"""Numbers as planners write them: money in 亿元 (or 万元), exact."""

from __future__ import annotations

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
