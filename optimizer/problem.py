"""The scenario the optimizer works on: projects, links, caps and limits.

Everything is immutable and checked on construction, so a ``ProblemData`` that exists is one
the solver can take. Time is counted in integer periods (years, usually) and money in integer
万元; there are no floats anywhere in the data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from optimizer.flexible import FlexibleShares


class CapKind(StrEnum):
    """What a budget cap limits: all spending, a county, a city, one plan table or one plan."""

    TOTAL = "total"
    REGION = "region"
    CITY = "city"
    TABLE = "table"
    PLAN = "plan"


class ConcurrencyKind(StrEnum):
    """What a concurrency limit counts projects in: a county or a responsible unit."""

    REGION = "region"
    UNIT = "unit"


def _set(obj: object, name: str, value: object) -> None:
    # Frozen dataclasses normalise their inputs (lists to tuples, sorted dicts) this way.
    object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class Project:
    """A project of the plan as the optimizer sees it.

    ``total`` is the total investment in 万元; the project's planned window is
    ``planned_start..planned_end`` (periods, inclusive). ``profile`` gives the planned amount
    of each period of that window (it must sum to ``total``); ``None`` spreads ``total`` evenly,
    the remainder going 1 万元 each to the earliest periods. ``regions`` maps a county to its
    integer weight (parts per 10,000, or amounts: only the ratios count); a period's spend is
    apportioned to the counties by largest remainder, ties going to the county whose name sorts
    first. ``max_delay`` of ``None`` lets the project slip up to the end of the horizon;
    ``max_stretch`` is how many periods may be added to its duration, its money then being
    re-spread evenly over the longer window. ``table`` and ``plan`` name the plan table and
    the plan the project stands in (for table and plan caps).

    ``flexible`` makes the spend a decision: the solver picks each active period's amount
    within the shares' bounds, summing to ``total`` (see ``optimizer.flexible``); the planned
    amounts it is compared with are the even spread. A flexible project has no explicit
    ``profile``, and its planned window must be able to hold the total within the bounds.
    """

    id: str
    total: int
    planned_start: int
    planned_end: int
    profile: Sequence[int] | None = None
    regions: Mapping[str, int] = field(default_factory=dict)
    units: Sequence[str] = ()
    table: str = ""
    plan: str = ""
    flexible: FlexibleShares | None = None
    priority: int = 1
    must_fund: bool = False
    locked: bool = False
    excluded: bool = False
    max_delay: int | None = None
    max_stretch: int = 0

    def __post_init__(self) -> None:
        _set(self, "units", tuple(self.units))
        _set(self, "regions", dict(sorted(self.regions.items())))
        if self.profile is not None:
            _set(self, "profile", tuple(self.profile))
        if not self.id:
            raise ValueError("a project needs a non-empty id")
        where = f"project {self.id!r}"
        if self.total < 0:
            raise ValueError(f"{where}: total {self.total} is negative")
        if self.planned_start > self.planned_end:
            raise ValueError(
                f"{where}: planned start {self.planned_start} is after end {self.planned_end}"
            )
        if self.profile is not None:
            if len(self.profile) != self.duration:
                raise ValueError(
                    f"{where}: profile has {len(self.profile)} amounts for {self.duration} periods"
                )
            if any(amount < 0 for amount in self.profile):
                raise ValueError(f"{where}: profile has a negative amount")
            if sum(self.profile) != self.total:
                raise ValueError(
                    f"{where}: profile sums to {sum(self.profile)}, total is {self.total}"
                )
        if self.flexible is not None:
            if self.profile is not None:
                raise ValueError(f"{where}: a flexible project has no explicit profile")
            if not self.flexible.fits(self.total, self.duration):
                low, high = self.flexible.bounds(self.total)
                raise ValueError(
                    f"{where}: {self.duration} periods of {low}..{high} cannot add up to "
                    f"its total {self.total} (shares {self.flexible.describe()})"
                )
        if any(weight <= 0 for weight in self.regions.values()):
            raise ValueError(f"{where}: region weights must be positive integers")
        if any(not region for region in self.regions):
            raise ValueError(f"{where}: empty region name")
        if self.priority < 0:
            raise ValueError(f"{where}: priority {self.priority} is negative")
        if self.max_delay is not None and self.max_delay < 0:
            raise ValueError(f"{where}: max_delay {self.max_delay} is negative")
        if self.max_stretch < 0:
            raise ValueError(f"{where}: max_stretch {self.max_stretch} is negative")
        if self.must_fund and self.excluded:
            raise ValueError(f"{where}: cannot be both must_fund and excluded")

    @property
    def duration(self) -> int:
        """Number of periods of the planned window."""
        return self.planned_end - self.planned_start + 1


@dataclass(frozen=True)
class Link:
    """Finish-to-start link: the successor starts at least ``lag`` periods after the
    predecessor's last period, and may be funded only if the predecessor is."""

    predecessor: str
    successor: str
    lag: int = 0

    def __post_init__(self) -> None:
        if self.predecessor == self.successor:
            raise ValueError(f"link from {self.predecessor!r} to itself")
        if self.lag < 0:
            raise ValueError(f"link {self.key}: negative lag {self.lag}")

    @property
    def key(self) -> str:
        """Readable identifier used in explanations: ``"A→B"``."""
        return f"{self.predecessor}→{self.successor}"


@dataclass(frozen=True)
class Cap:
    """At most ``amount`` 万元 may be spent within the scope of the cap over the periods
    ``period..last_period`` (inclusive); ``last_period`` of ``None`` caps ``period`` alone.

    ``key`` names the county, city, table or plan; it is empty for a total cap. A cap that
    spans several periods (a year of quarters, say) limits the sum of their spend, and
    beside it other caps may limit single periods of the same scope.
    """

    kind: CapKind
    key: str
    period: int
    amount: int
    last_period: int | None = None

    def __post_init__(self) -> None:
        _set(self, "kind", CapKind(self.kind))
        if self.last_period == self.period:
            _set(self, "last_period", None)  # one period, however it is written
        if self.amount < 0:
            raise ValueError(f"cap {self.label}: negative amount {self.amount}")
        if (self.kind is CapKind.TOTAL) != (self.key == ""):
            raise ValueError(f"cap {self.label}: a total cap has an empty key, others a name")
        if self.last_period is not None and self.last_period < self.period:
            raise ValueError(f"cap {self.label}: its last period is before its first")

    @property
    def last(self) -> int:
        """The last period the cap covers (``period`` for a one-period cap)."""
        return self.period if self.last_period is None else self.last_period

    @property
    def periods(self) -> range:
        """The periods whose spend the cap adds up."""
        return range(self.period, self.last + 1)

    @property
    def spanning(self) -> bool:
        """True when the cap covers more than one period."""
        return self.last_period is not None

    @property
    def ident(self) -> tuple[CapKind, str, int, int]:
        """What tells caps apart: kind, key, first and last period."""
        return (self.kind, self.key, self.period, self.last)

    @property
    def label(self) -> str:
        """Readable identifier: ``"region 丰泽区 2023"``, ``"total 8092..8095"``."""
        scope = self.kind.value if self.kind is CapKind.TOTAL else f"{self.kind.value} {self.key}"
        return f"{scope} {window_text(self.period, self.last_period)}"


def window_text(period: int, last_period: int | None) -> str:
    """``"2023"`` for one period, ``"8092..8095"`` for several."""
    return str(period) if last_period is None else f"{period}..{last_period}"


@dataclass(frozen=True)
class ConcurrencyLimit:
    """At most ``limit`` projects active at once in a county or with a unit.

    ``period`` of ``None`` applies the limit to every period of the horizon.
    """

    kind: ConcurrencyKind
    key: str
    limit: int
    period: int | None = None

    def __post_init__(self) -> None:
        _set(self, "kind", ConcurrencyKind(self.kind))
        if self.limit < 0:
            raise ValueError(f"concurrency limit {self.kind.value} {self.key}: negative limit")
        if not self.key:
            raise ValueError("a concurrency limit needs a county or unit name")


@dataclass(frozen=True)
class ProblemData:
    """A complete scenario.

    ``horizon`` is ``(first, last)`` period, inclusive. Periods before ``as_of`` are history:
    a project whose planned start lies before ``as_of`` has started and keeps its planned
    schedule and money (it is funded and cannot move; a flexible one spends its even spread,
    as planned). Caps that lie wholly in history periods are reported but not enforced: what
    was spent was spent. A cap spanning periods on both sides of ``as_of`` is enforced, and
    the history spent within its window counts against it. ``cities`` maps a county to its
    city, for city caps. Every planned window must lie within the horizon.
    """

    projects: Sequence[Project]
    horizon: tuple[int, int]
    as_of: int | None = None
    links: Sequence[Link] = ()
    caps: Sequence[Cap] = ()
    concurrency: Sequence[ConcurrencyLimit] = ()
    cities: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("projects", "links", "caps", "concurrency"):
            _set(self, name, tuple(getattr(self, name)))
        _set(self, "horizon", (int(self.horizon[0]), int(self.horizon[1])))
        _set(self, "cities", dict(sorted(self.cities.items())))
        first, last = self.horizon
        if first > last:
            raise ValueError(f"horizon {first}..{last} is empty")
        if self.as_of is None:
            _set(self, "as_of", first)
        if not first <= self.first_planning_period <= last + 1:
            raise ValueError(f"as_of {self.as_of} lies outside {first}..{last + 1}")
        self._check_projects()
        self._check_links()
        self._check_limits()

    def _check_projects(self) -> None:
        first, last = self.horizon
        seen: set[str] = set()
        for project in self.projects:
            if project.id in seen:
                raise ValueError(f"duplicate project id {project.id!r}")
            seen.add(project.id)
            if project.planned_start < first or project.planned_end > last:
                raise ValueError(
                    f"project {project.id!r}: planned {project.planned_start}..."
                    f"{project.planned_end} leaves the horizon {first}..{last}"
                )
            if project.excluded and self.has_started(project):
                raise ValueError(f"project {project.id!r} has started and cannot be excluded")

    def _check_links(self) -> None:
        ids = {project.id for project in self.projects}
        successors: dict[str, list[str]] = {}
        seen: set[tuple[str, str]] = set()
        for link in self.links:
            for end in (link.predecessor, link.successor):
                if end not in ids:
                    raise ValueError(f"link {link.key}: unknown project {end!r}")
            if (link.predecessor, link.successor) in seen:
                raise ValueError(f"duplicate link {link.key}")
            seen.add((link.predecessor, link.successor))
            successors.setdefault(link.predecessor, []).append(link.successor)
        # Depth-first search for a cycle; links must form a DAG for schedules to exist.
        state: dict[str, int] = {}

        def visit(node: str) -> None:
            state[node] = 1
            for nxt in successors.get(node, []):
                if state.get(nxt) == 1:
                    raise ValueError(f"links form a cycle through {nxt!r}")
                if nxt not in state:
                    visit(nxt)
            state[node] = 2

        for node in sorted(successors):
            if node not in state:
                visit(node)

    def _check_limits(self) -> None:
        first, last = self.horizon
        seen_caps: set[tuple[CapKind, str, int, int]] = set()
        for cap in self.caps:
            if not first <= cap.period <= cap.last <= last:
                raise ValueError(f"cap {cap.label}: period outside the horizon")
            if cap.ident in seen_caps:
                raise ValueError(f"duplicate cap {cap.label}")
            seen_caps.add(cap.ident)
        seen_limits: set[tuple[ConcurrencyKind, str, int | None]] = set()
        for limit in self.concurrency:
            if limit.period is not None and not first <= limit.period <= last:
                raise ValueError(f"concurrency limit {limit.key}: period outside the horizon")
            ident_limit = (limit.kind, limit.key, limit.period)
            if ident_limit in seen_limits:
                raise ValueError(f"duplicate concurrency limit {limit.kind.value} {limit.key}")
            seen_limits.add(ident_limit)

    @property
    def first_planning_period(self) -> int:
        """The first period that is not history (``as_of``)."""
        assert self.as_of is not None  # set in __post_init__
        return self.as_of

    @property
    def periods(self) -> range:
        """All periods of the horizon."""
        return range(self.horizon[0], self.horizon[1] + 1)

    @property
    def planning_periods(self) -> range:
        """Periods from ``as_of`` to the end of the horizon: those the optimizer decides."""
        return range(self.first_planning_period, self.horizon[1] + 1)

    def is_enforced(self, cap: Cap) -> bool:
        """True when the cap reaches a planning period (caps wholly in history are facts)."""
        return cap.last >= self.first_planning_period

    def level_windows(self) -> list[tuple[range, int]]:
        """The terms of the ``level`` objective as ``(periods, allowance)``, in period order:
        the window of each enforced total cap with its amount, and each planning period no
        total cap covers with 0. The level is the largest spend over a term's periods minus
        its allowance (with one-period caps: the peak over planning periods of spend minus
        that period's total cap)."""
        covered: set[int] = set()
        terms: list[tuple[range, int]] = []
        for cap in self.caps:
            if cap.kind is CapKind.TOTAL and self.is_enforced(cap):
                terms.append((cap.periods, cap.amount))
                covered.update(cap.periods)
        terms += [(range(p, p + 1), 0) for p in self.planning_periods if p not in covered]
        return sorted(terms, key=lambda term: (term[0].start, term[0].stop))

    def has_started(self, project: Project) -> bool:
        """True when the project's planned start lies in history (before ``as_of``)."""
        return project.planned_start < self.first_planning_period

    def is_fixed(self, project: Project) -> bool:
        """True when the project cannot move: locked, or started before ``as_of``."""
        return project.locked or self.has_started(project)

    @cached_property
    def projects_by_id(self) -> dict[str, Project]:
        """Projects by id, in the order given."""
        return {project.id: project for project in self.projects}

    def project(self, project_id: str) -> Project:
        """The project with this id (``KeyError`` when there is none)."""
        return self.projects_by_id[project_id]

    def city_of(self, region: str) -> str | None:
        """The city a county belongs to, if the scenario says."""
        return self.cities.get(region)
