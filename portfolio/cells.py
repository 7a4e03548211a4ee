"""Parsing of single cells as planners write them: money and years.

Shared by the plan-document parsers and the spreadsheet importer. Money is exact: amounts
are parsed as ``Decimal`` and converted to integer 万元; an amount that is not a whole
number of 万元 is refused rather than rounded.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

WAN_PER_YI = 10_000  # 1 亿元 = 10,000 万元

UNKNOWN_MARKS = frozenset({"", "-", "—", "－", "--", "/", "无", "待定", "—　", "不详"})

# Years a plan of the 2010s-2030s can name; anything else is a typo or a misread cell.
MIN_YEAR = 1990
MAX_YEAR = 2060


class CellError(ValueError):
    """A cell whose text cannot be read as the value its column holds."""


class MoneyUnit(StrEnum):
    YI = "亿元"
    WAN = "万元"


def clean(text: str) -> str:
    """NFKC-normalize (full-width digits and dashes to ASCII) and trim white space."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_money(text: str, unit: MoneyUnit = MoneyUnit.YI) -> int | None:
    """Return the amount in integer 万元, or ``None`` for an unknown mark such as ``-``.

    >>> parse_money("0.133")
    1330
    >>> parse_money("1,915.91")
    19159100
    >>> parse_money("350", MoneyUnit.WAN)
    350
    >>> parse_money("-") is None
    True
    """
    value = clean(text).replace(",", "").replace(" ", "")
    for suffix in ("亿元", "万元", "亿", "万"):
        if value.endswith(suffix):
            unit = MoneyUnit.YI if suffix.startswith("亿") else MoneyUnit.WAN
            value = value[: -len(suffix)]
            break
    if value in UNKNOWN_MARKS:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise CellError(f"“{text}” is not an amount of money") from None
    if not amount.is_finite():
        raise CellError(f"“{text}” is not an amount of money")
    if amount < 0:
        raise CellError(f"negative amount “{text}”")
    wan = amount * WAN_PER_YI if unit is MoneyUnit.YI else amount
    if wan != wan.to_integral_value():
        raise CellError(f"“{text}” {unit.value} is not a whole number of 万元")
    return int(wan)


@dataclass(frozen=True)
class YearSpan:
    """Years as parsed from a cell. ``start`` is ``None`` when only an end year is given."""

    start: int | None
    end: int | None


_YEAR = r"(\d{4})"
_RANGE_RE = re.compile(
    rf"^{_YEAR}(?:年)?(?:\.\d{{1,2}}|年\d{{1,2}}月)?\s*(?:-|~|至|到|—|–)+\s*"
    rf"{_YEAR}(?:年)?(?:\.\d{{1,2}}|\d{{1,2}}月)?(?:年底|年末|底)?$"
)
_SINGLE_RE = re.compile(rf"^{_YEAR}(?:年)?(?:\.\d{{1,2}}|\d{{1,2}}月)?(?:年底|年末|底|前)?$")
_GLUED_RE = re.compile(rf"^{_YEAR}{_YEAR}$")  # "20212025": the dash lost in PDF extraction


def _check_year(year: int, text: str) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(f"year {year} in “{text}” is outside {MIN_YEAR}-{MAX_YEAR}")
    return year


@functools.lru_cache(maxsize=4096)  # a table repeats few spans: 2021－2025, 2022－2024, …
def parse_years(text: str) -> YearSpan:
    """Read a years cell: ``2021－2025``, ``2021-2023``, ``2021.03-2023.12``, ``20212025``,
    ``2021年`` (a single year is a completion year), ``-`` (unknown).

    >>> parse_years("2021－2025")
    YearSpan(start=2021, end=2025)
    >>> parse_years("2023 年")
    YearSpan(start=None, end=2023)
    """
    value = clean(text).replace(" ", "").replace("\u3000", "")
    # NFKC leaves the em dash and the wave dash alone; fold the dashes planners type.
    value = re.sub("[—–―−~～〜]", "-", value)
    if value in UNKNOWN_MARKS:
        return YearSpan(None, None)
    match = _RANGE_RE.match(value) or _GLUED_RE.match(value)
    if match:
        start = _check_year(int(match.group(1)), text)
        end = _check_year(int(match.group(2)), text)
        if end < start:
            raise CellError(f"end year {end} is before start year {start} in “{text}”")
        return YearSpan(start, end)
    match = _SINGLE_RE.match(value)
    if match:
        return YearSpan(None, _check_year(int(match.group(1)), text))
    raise CellError(f"“{text}” is not a year or a range of years")
