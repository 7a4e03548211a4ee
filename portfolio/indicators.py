"""Indicator values as written (``20``, ``1.54``, ``[6.8]``, ``20以上``, ``-``)."""

from __future__ import annotations

import re
from decimal import Decimal

from portfolio.cells import clean

_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")


def indicator_value(value_raw: str) -> Decimal | None:
    """The number an indicator cell states, exactly, or ``None`` when it states none.

    Qualifiers such as ``以上`` (or more) are kept in the raw text, not in the number.

    >>> indicator_value("1.54")
    Decimal('1.54')
    >>> indicator_value("20以上")
    Decimal('20')
    >>> indicator_value("-") is None
    True
    """
    text = clean(value_raw).replace(",", "")
    if text in {"", "-", "—", "/"}:
        return None
    match = _NUMBER_RE.search(text)
    return Decimal(match.group(0)) if match else None
