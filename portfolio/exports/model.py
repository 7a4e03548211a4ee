"""What an investment-schedule export holds: frozen DTOs, filled by the export service.

Money is integer 万元 throughout; the writers turn it into 亿元 only when they write a cell.
Nothing here touches the database, so the workbook and CSV writers can be tested on DTOs alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Grouping(StrEnum):
    """How the schedule is cut into groups and sheets."""

    CITY = "city"
    COUNTY = "county"


class MoneyUnit(StrEnum):
    """The unit money cells are written in (the values stay exact)."""

    WAN = "wan"  # 万元, integers
    YI = "yi"  # 亿元, 万元 / 10,000 with four decimals


class Language(StrEnum):
    ZH = "zh"
    EN = "en"


@dataclass(frozen=True)
class ExportOptions:
    """The planner's choices for one export."""

    by: Grouping = Grouping.CITY
    unit: MoneyUnit = MoneyUnit.WAN
    lang: Language = Language.ZH


@dataclass(frozen=True)
class ScheduleRow:
    """One project in the schedule: its plan data, its schedule and its spend per year.

    ``county_spend`` and ``city_spend`` split each year's spend over the project's places by
    their shares, with the optimizer's rounding rule (largest remainder), so that the parts
    add up to ``spend`` exactly. A project with no place has both empty.
    """

    project_id: int
    plan: str
    table: str
    seq: str
    name: str
    units: tuple[str, ...]
    places: str  # counties (or cities, or 全省) as a listing shows them
    total_wan: int
    planned_start: int
    planned_end: int
    funded: bool
    start: int | None
    end: int | None
    delay_years: int
    stretch_years: int
    spend: Mapping[int, int]
    # A run in quarters or months: its delay and stretch in them (the years are rounded up).
    delay_periods: int | None = None
    stretch_periods: int | None = None
    start_period: str | None = None  # "2023Q2", "2023-05"
    end_period: str | None = None
    period_spend: Mapping[str, int] = field(default_factory=dict)  # period label → 万元
    county_spend: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    city_spend: Mapping[str, Mapping[int, int]] = field(default_factory=dict)

    def parts(self, by: Grouping) -> Mapping[str, Mapping[int, int]]:
        """Spend per city or per county-level place."""
        return self.city_spend if by is Grouping.CITY else self.county_spend

    @property
    def moved(self) -> bool:
        """Delayed, stretched or not funded: the schedule differs from the plan."""
        return not self.funded or self.delay_years > 0 or self.stretch_years > 0

    def active(self, year: int) -> bool:
        """Whether the project runs in ``year`` as scheduled."""
        return (
            self.funded
            and self.start is not None
            and self.end is not None
            and self.start <= year <= self.end
        )


@dataclass(frozen=True)
class ObjectiveLine:
    name: str
    value: int | None
    bound: int | None
    gap: float | None
    status: str


@dataclass(frozen=True)
class CapLine:
    """A cap of the scenario in one year and what the schedule spends under it.

    ``period`` is set for a cap of one quarter or month (``2023Q2``, ``2023-05``) of a run in
    quarters or months; empty for a cap of the whole year.
    """

    kind: str  # total, region (county), city, table, plan
    key: str
    year: int
    cap_wan: int
    used_wan: int
    binding: bool
    period: str = ""

    @property
    def whole_year(self) -> bool:
        """True when the cap is on the year's spend (not one quarter's or month's)."""
        return not self.period


@dataclass(frozen=True)
class ChangeLine:
    """Why a project moved: in Chinese, and in English for an English workbook."""

    project_id: int
    reason: str
    reason_en: str = ""

    def text(self, lang: Language) -> str:
        return self.reason_en if lang is Language.EN and self.reason_en else self.reason


@dataclass(frozen=True)
class NotScheduledLine:
    """A project left out of the schedule, and why: in Chinese, and in English."""

    project_id: int
    name: str
    plan: str
    table: str
    reason: str
    reason_en: str = ""

    def text(self, lang: Language) -> str:
        return self.reason_en if lang is Language.EN and self.reason_en else self.reason


@dataclass(frozen=True)
class FindingLine:
    id: int
    plan: str
    project_id: int | None
    project_name: str | None
    kind: str
    severity: str
    message: str
    source: str  # document:first-last line


@dataclass(frozen=True)
class RiskBandLine:
    """P10/P50/P90 of one year's need (万元), in total (``place`` empty) or in a county."""

    place: str
    year: int
    p10: int
    p50: int
    p90: int


@dataclass(frozen=True)
class RiskCapLine:
    """A cap (in the reader's words), its amount and how many samples exceeded it."""

    cap: str
    cap_wan: int
    exceeded: int
    samples: int


@dataclass(frozen=True)
class RiskExport:
    """A delay-risk simulation of the run's scenario, for the 风险模拟 sheet: its facts (mode,
    seed, samples, the expected weighted delay, in words), the bands, the caps, the projects
    most often delayed and left out (name, samples), and where the chances came from."""

    facts: tuple[tuple[str, str], ...]
    bands: tuple[RiskBandLine, ...]
    caps: tuple[RiskCapLine, ...]
    delayed: tuple[tuple[str, int], ...]
    dropped: tuple[tuple[str, int], ...]
    measured: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScheduleExport:
    """Everything an investment-schedule workbook shows, from one run or from the plan."""

    scenario: str
    run_id: int | None  # None: the plan itself, not a stored run
    status: str
    as_of: int
    horizon: tuple[int, int]
    objectives: tuple[ObjectiveLine, ...]
    caps: tuple[CapLine, ...]
    rows: tuple[ScheduleRow, ...]
    changes: tuple[ChangeLine, ...]
    not_scheduled: tuple[NotScheduledLine, ...]
    findings: tuple[FindingLine, ...]
    parameters: str  # the scenario's TOML as it was run
    made_at: dt.datetime
    database: str  # URL without password
    city_of: Mapping[str, str] = field(default_factory=dict)  # county → city
    periods: str = "year"  # what one period of the run is: year, quarter or month
    period_labels: tuple[str, ...] = ()  # a run in quarters or months: its periods in order
    risk: RiskExport | None = None  # a delay-risk simulation of this run, when asked for

    @property
    def years(self) -> range:
        return range(self.horizon[0], self.horizon[1] + 1)

    def total_by_year(self) -> dict[int, int]:
        """Scheduled spend of all projects per year."""
        totals = dict.fromkeys(self.years, 0)
        for row in self.rows:
            for year, amount in row.spend.items():
                totals[year] += amount
        return totals

    def totals_by(self, by: Grouping) -> dict[str, dict[int, int]]:
        """Spend per city (or county) and year, from the apportioned parts."""
        totals: dict[str, dict[int, int]] = {}
        for row in self.rows:
            for key, spend in row.parts(by).items():
                per_year = totals.setdefault(key, dict.fromkeys(self.years, 0))
                for year, amount in spend.items():
                    per_year[year] += amount
        return dict(sorted(totals.items()))

    def totals_by_table(self) -> dict[tuple[str, str], dict[int, int]]:
        """Spend per plan table and year, in the order tables first appear."""
        totals: dict[tuple[str, str], dict[int, int]] = {}
        for row in self.rows:
            per_year = totals.setdefault((row.plan, row.table), dict.fromkeys(self.years, 0))
            for year, amount in row.spend.items():
                per_year[year] += amount
        return totals

    def windows(self) -> dict[str, list[tuple[ScheduleRow, int, int]]]:
        """The one reading of overlap: per place, each scheduled project's first and last year.

        A project counts in a place where it has a share (its ``county_spend``); only funded
        projects with a schedule run. The active counts and the overlapping pairs of every
        page and sheet are read from these windows.
        """
        windows: dict[str, list[tuple[ScheduleRow, int, int]]] = {}
        for row in self.rows:
            if not row.funded or row.start is None or row.end is None:
                continue
            for place in row.county_spend:
                windows.setdefault(place, []).append((row, row.start, row.end))
        return windows

    def overlap(self) -> dict[str, dict[int, int]]:
        """Active projects per county-level place (or whole city) and year."""
        # Every place of the schedule, those whose projects are all unscheduled with zeros.
        counts = {
            place: dict.fromkeys(self.years, 0) for row in self.rows for place in row.county_spend
        }
        for place, runs in self.windows().items():
            for _, start, end in runs:
                for year in range(max(start, self.horizon[0]), min(end, self.horizon[1]) + 1):
                    counts[place][year] += 1
        return dict(
            sorted(counts.items(), key=lambda item: (self.city_of.get(item[0], ""), item[0]))
        )

    def overlapping_pairs(self, place: str) -> list[OverlapPair]:
        """Pairs of the place's scheduled projects that run in the same years, longest first."""
        runs = self.windows().get(place, [])
        pairs = []
        for i, (a, a_start, a_end) in enumerate(runs):
            for b, b_start, b_end in runs[i + 1 :]:
                first, last = max(a_start, b_start), min(a_end, b_end)
                if first <= last:
                    pairs.append(OverlapPair(a.name, b.name, first, last))
        return sorted(
            pairs, key=lambda pair: (-pair.years, pair.from_year, pair.first, pair.second)
        )


@dataclass(frozen=True)
class OverlapPair:
    """Two projects of one place whose scheduled years overlap."""

    first: str
    second: str
    from_year: int
    to_year: int

    @property
    def years(self) -> int:
        return self.to_year - self.from_year + 1
