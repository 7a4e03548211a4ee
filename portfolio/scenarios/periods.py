"""Time in a scenario: years, quarters or months, and the optimizer's integer periods.

The optimizer counts time in plain integer periods and knows nothing of years, so the
calendar lives here, with the file format that names years and quarters. A scenario counts
in years (``periods = "year"``, the default), quarters or months; its periods are numbered

    year                      (years:    the period is the year itself)
    year × 4 + (quarter − 1)  (quarters: 2023Q2 is 8093)
    year × 12 + (month − 1)   (months:   2023-05 is 24280)

so the year of a period is ``period // n`` with ``n`` periods a year, and consecutive
periods are consecutive integers across year ends. Periods are written ``"2023"``,
``"2023Q2"`` and ``"2023-05"``. A year's amount is spread over its periods by the rule the
optimizer spreads money with (``optimizer.spread_evenly``: equal parts, the remainder 1 万元
each to the earliest periods), so the periods of a year add up to the year's amount exactly.

>>> quarters = Calendar(PeriodUnit.QUARTER)
>>> quarters.first(2023), quarters.label(8093), quarters.year_of(8093)
(8092, '2023Q2', 2023)
>>> quarters.spread([10, 3])
(3, 3, 2, 2, 1, 1, 1, 0)
>>> parse_period_key("2023-05").label
'2023-05'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from optimizer import spread_evenly


class PeriodUnit(StrEnum):
    """What one period of a scenario is."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"

    @property
    def per_year(self) -> int:
        """How many periods a year has."""
        return {PeriodUnit.YEAR: 1, PeriodUnit.QUARTER: 4, PeriodUnit.MONTH: 12}[self]


_QUARTER = re.compile(r"^(\d{4})[Qq](\d+)$")
_MONTH = re.compile(r"^(\d{4})-(\d+)$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True, order=True)
class PeriodKey:
    """A year, quarter or month as a scenario file writes it: ``2023``, ``2023Q2``,
    ``2023-05``. ``index`` is the quarter (1-4) or month (1-12); 1 for a year."""

    year: int
    unit: PeriodUnit = PeriodUnit.YEAR
    index: int = 1

    @property
    def label(self) -> str:
        """The key as written: ``"2023"``, ``"2023Q2"``, ``"2023-05"``."""
        if self.unit is PeriodUnit.QUARTER:
            return f"{self.year}Q{self.index}"
        if self.unit is PeriodUnit.MONTH:
            return f"{self.year}-{self.index:02d}"
        return str(self.year)


def period_order(key: PeriodKey) -> tuple[int, int, int]:
    """A sort key: years before quarters before months, each in time order."""
    return (key.unit.per_year, key.year, key.index)


def parse_period_key(text: str) -> PeriodKey:
    """``"2023"``, ``"2023Q2"`` or ``"2023-05"`` as a key; ``ValueError`` with a message for
    anything else (``"2023Q5"``, ``"2023-13"``, ``"23Q1"``)."""
    text = text.strip()
    if _YEAR.match(text):
        return PeriodKey(int(text))
    quarter, month = _QUARTER.match(text), _MONTH.match(text)
    if quarter:
        year, index = int(quarter.group(1)), int(quarter.group(2))
        if not 1 <= index <= 4:
            raise ValueError(f"“{text}”: a year has quarters Q1-Q4")
        return PeriodKey(year, PeriodUnit.QUARTER, index)
    if month:
        year, index = int(month.group(1)), int(month.group(2))
        if not 1 <= index <= 12 or len(month.group(2)) != 2:
            raise ValueError(f"“{text}”: write a month as 2023-01 … 2023-12")
        return PeriodKey(year, PeriodUnit.MONTH, index)
    raise ValueError(f"“{text}” is not a year (2023), quarter (2023Q2) or month (2023-05)")


@dataclass(frozen=True)
class Calendar:
    """A scenario's periods: their numbers, labels and years (see the module)."""

    unit: PeriodUnit = PeriodUnit.YEAR

    @property
    def per_year(self) -> int:
        """Periods in a year."""
        return self.unit.per_year

    @property
    def yearly(self) -> bool:
        """True when a period is a year (every figure is then as it always was)."""
        return self.unit is PeriodUnit.YEAR

    def first(self, year: int) -> int:
        """The first period of ``year``."""
        return year * self.per_year

    def last(self, year: int) -> int:
        """The last period of ``year``."""
        return year * self.per_year + self.per_year - 1

    def periods_of(self, year: int) -> range:
        """The periods of ``year``."""
        return range(self.first(year), self.last(year) + 1)

    def year_of(self, period: int) -> int:
        """The year a period lies in."""
        return period // self.per_year

    def years(self, count: int) -> int:
        """``count`` years in periods (a delay limit, a link's lag)."""
        return count * self.per_year

    def whole_years(self, periods: int) -> int:
        """``periods`` as whole years, rounded up: one quarter late counts as a year late in
        the yearly figures (the periods themselves are reported beside them)."""
        return -(-periods // self.per_year)

    def label(self, period: int) -> str:
        """``"2023"``, ``"2023Q2"`` or ``"2023-05"``."""
        year, index = divmod(period, self.per_year)
        return PeriodKey(year, self.unit, index + 1).label

    def window_label(self, first: int, last: int) -> str:
        """The periods ``first..last`` as a planner names them: one period's label, a year
        (``"2023"``), a quarter of months (``"2023Q2"``), or ``"2023Q2-2023Q3"``."""
        if first == last:
            return self.label(first)
        year = self.year_of(first)
        if (first, last) == (self.first(year), self.last(year)):
            return str(year)
        if self.unit is PeriodUnit.MONTH and first % 3 == 0 and last == first + 2:
            return PeriodKey(year, PeriodUnit.QUARTER, first % 12 // 3 + 1).label
        return f"{self.label(first)}-{self.label(last)}"

    def span(self, key: PeriodKey) -> tuple[int, int]:
        """The first and last period a key covers: a year's periods, a quarter's (one, or
        three months), a month. ``ValueError`` when the key is finer than a period."""
        if key.unit.per_year > self.per_year:
            raise ValueError(
                f"“{key.label}” is a {key.unit.value}: it needs periods = "
                + (
                    '"quarter" or "month"'
                    if key.unit is PeriodUnit.QUARTER
                    else f'"{PeriodUnit.MONTH.value}"'
                )
                + f" (this scenario counts in {self.unit.value}s)"
            )
        if key.unit is PeriodUnit.YEAR:
            return self.first(key.year), self.last(key.year)
        size = self.per_year // key.unit.per_year  # periods in one of the key's units
        first = self.first(key.year) + (key.index - 1) * size
        return first, first + size - 1

    def spread(self, yearly: Sequence[int]) -> tuple[int, ...]:
        """Amounts per year (of consecutive years) as amounts per period: each year's spread
        evenly over its periods, the remainder to the earliest."""
        if self.yearly:
            return tuple(yearly)
        return tuple(part for amount in yearly for part in spread_evenly(amount, self.per_year))

    def by_year(self, spend: Mapping[int, int]) -> dict[int, int]:
        """Spend per period summed per year, in year order."""
        years: dict[int, int] = {}
        for period, amount in sorted(spend.items()):
            year = self.year_of(period)
            years[year] = years.get(year, 0) + amount
        return years
