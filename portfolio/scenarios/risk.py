"""Delay-risk simulation of a fixed plan: sampled futures and their figures, all in 万元.

Each sample is drawn from its own generator, ``random.Random(f"{seed}:{index}")`` (a string
seed is hashed the same on every machine and Python), so a sample is the same whichever
process draws it and in whatever order. For every funded project, in the order of their ids,
two numbers are drawn whatever happens: the first decides a delay (``delay_years`` whole
years, with ``delay_chance``), the second an overrun (``overrun`` percent more on each year
still to spend, with ``overrun_chance``). A delay moves what remains to spend (the years from
``as_of`` on; history is spent) later; an overrun raises each remaining year's amount to
``amount × (100 + overrun) / 100`` rounded half up to the 万元. Money never becomes a float.

A sample's yearly need falls on the caps' scopes as the optimizer counts them
(:func:`optimizer.options.scope_spend`: counties by largest remainder, cities as their
counties' sum), so "cap exceeded" means what it means to the solver.

Percentiles are by nearest rank: P\\ *k* of *n* sorted amounts is the ⌈k·n/100⌉-th smallest,
an amount some sample really needed (never an interpolation).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from optimizer import Cap, CapKind, ProblemData, Project
from optimizer.options import scope_spend
from optimizer.windows import window_spend
from portfolio.scenarios.risk_spec import RiskRule

PERCENTILES = (10, 50, 90)


@dataclass(frozen=True)
class RiskProject:
    """A funded project of the plan measured: the optimizer's project (for its scopes), its
    spend per year in the plan, its delay in the plan, its priority and its rule."""

    project: Project
    name: str
    spend: Mapping[int, int]
    plan_delay: int
    rule: RiskRule

    @property
    def id(self) -> str:
        return self.project.id


@dataclass(frozen=True)
class Sample:
    """One future: the need per year in total and per county, which caps it breaks (in
    the data's order), the projects it delays, its weighted delay (Σ priority × years), and
    when re-planned, the projects the re-plan leaves out, whether no plan exists
    (``infeasible``), whether none was found in time (``unsolved``: left out of every figure
    but the count, since it says nothing of the future) or one was found but not proven best
    (``unproven``)."""

    index: int
    need: Mapping[int, int]
    county_need: Mapping[str, Mapping[int, int]]
    exceeded: tuple[bool, ...]
    delayed: tuple[str, ...]
    weighted_delay: int
    infeasible: bool = False
    dropped: tuple[str, ...] = ()  # funded in the plan, not in this sample's re-plan
    unsolved: bool = False  # re-planned: no plan found in time, nor proven impossible
    unproven: bool = False  # re-planned: a plan, not proven optimal in time


def raised(amount: int, percent: Decimal) -> int:
    """``amount`` raised by ``percent``, rounded half up to the 万元."""
    exact = Decimal(amount) * (100 + percent) / 100
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def sampled_spend(
    spend: Mapping[int, int], delay: int, overrun: Decimal | None, as_of: int | None
) -> dict[int, int]:
    """A project's spend per year with a delay and an overrun applied to what remains."""
    moved: dict[int, int] = {}
    for year, amount in spend.items():
        if as_of is not None and year < as_of:
            moved[year] = moved.get(year, 0) + amount  # history: already spent
            continue
        amount = amount if overrun is None else raised(amount, overrun)
        moved[year + delay] = moved.get(year + delay, 0) + amount
    return moved


@dataclass(frozen=True)
class Event:
    """What a future does to one project: a delay of whole years, an overrun in percent
    (``None``: none)."""

    delay: int = 0
    overrun: Decimal | None = None

    @property
    def happens(self) -> bool:
        return bool(self.delay) or self.overrun is not None


def events(rules: Mapping[str, RiskRule], seed: int, index: int) -> dict[str, Event]:
    """Sample ``index`` of the simulation seeded ``seed``: per project (by optimizer id, in the
    order of the ids), two numbers drawn whatever happens (see the module)."""
    rng = random.Random(f"{seed}:{index}")
    drawn = {}
    for project_id in sorted(rules, key=_order):
        rule = rules[project_id]
        late = rng.random() * 100 < float(rule.delay_chance or 0)
        over = rng.random() * 100 < float(rule.overrun_chance or 0)
        drawn[project_id] = Event(
            (rule.delay_years or 0) if late else 0, rule.overrun if over else None
        )
    return drawn


def need_by_scope(
    data: ProblemData, spends: Iterable[tuple[Project, Mapping[int, int]]]
) -> dict[tuple[CapKind, str], dict[int, int]]:
    """The spend per year of each cap scope (total, counties, cities, tables, plans, units),
    counted as the optimizer counts it."""
    used: dict[tuple[CapKind, str], dict[int, int]] = {}
    for project, spend in spends:
        for scope, amounts in scope_spend(data, project, spend).items():
            per_year = used.setdefault(scope, {})
            for year, amount in amounts.items():
                per_year[year] = per_year.get(year, 0) + amount
    return used


def measured_sample(
    data: ProblemData,
    index: int,
    used: Mapping[tuple[CapKind, str], Mapping[int, int]],
    delayed: Sequence[str],
    weighted_delay: int,
    dropped: Sequence[str] = (),
) -> Sample:
    """A sample from its need per scope: the total, the counties, the caps it breaks."""
    counties = {key: dict(years) for (kind, key), years in used.items() if kind is CapKind.REGION}
    return Sample(
        index=index,
        need=dict(sorted(used.get((CapKind.TOTAL, ""), {}).items())),
        county_need=counties,
        exceeded=tuple(_exceeded(cap, used) for cap in data.caps),
        delayed=tuple(sorted(delayed, key=_order)),
        weighted_delay=weighted_delay,
        dropped=tuple(sorted(dropped, key=_order)),
    )


def draw(
    data: ProblemData,
    projects: Sequence[RiskProject],
    seed: int,
    index: int,
    as_of: int | None = None,
    rules: Mapping[str, RiskRule] | None = None,
) -> Sample:
    """Sample ``index`` of the simulation seeded ``seed``, measured on the fixed plan: each
    funded project's remaining spend delayed and raised as drawn. ``rules`` are those of
    every project the futures are drawn for (by default the funded ones'): a re-planned
    simulation with the same seed and rules draws the same futures."""
    drawn = events(rules if rules is not None else {p.id: p.rule for p in projects}, seed, index)
    spends = []
    delayed: list[str] = []
    weighted = 0
    for item in projects:
        event = drawn.get(item.id, Event())
        spends.append((item.project, sampled_spend(item.spend, event.delay, event.overrun, as_of)))
        if event.delay:
            delayed.append(item.id)
        weighted += item.project.priority * (item.plan_delay + event.delay)
    return measured_sample(data, index, need_by_scope(data, spends), delayed, weighted)


def _order(project_id: str) -> tuple[int, str]:
    return (int(project_id), "") if project_id.isdigit() else (0, project_id)


def _exceeded(cap: Cap, used: Mapping[tuple[CapKind, str], Mapping[int, int]]) -> bool:
    return window_spend(used.get((cap.kind, cap.key), {}), cap.periods) > cap.amount


def nearest_rank(values: Sequence[int], percentile: int) -> int:
    """P``percentile`` of ``values`` by nearest rank (the ⌈p·n/100⌉-th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-percentile * len(ordered) // 100))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Band:
    """P10, P50 and P90 of one year's need (万元)."""

    year: int
    p10: int
    p50: int
    p90: int


@dataclass(frozen=True)
class CapRisk:
    """How many samples needed more than ``cap`` allows, of how many measured."""

    cap: Cap
    exceeded: int
    samples: int

    @property
    def probability(self) -> Fraction:
        return Fraction(self.exceeded, self.samples) if self.samples else Fraction(0)


@dataclass(frozen=True)
class RiskFigures:
    """What a simulation reports: bands per year in total and per county, each cap's chance
    of being exceeded, the projects most often delayed (id, samples), the expected weighted
    delay, how many samples were asked for, measured and found infeasible, and in a
    re-planned simulation the projects of the plan most often left out (id, samples) and
    how many samples found no plan in time (``unsolved``, left out of the other figures) or
    one not proven best (``unproven``)."""

    asked: int
    measured: int
    infeasible: int
    total: tuple[Band, ...]
    counties: Mapping[str, tuple[Band, ...]]
    caps: tuple[CapRisk, ...]
    delayed: tuple[tuple[str, int], ...]
    weighted_delay_sum: int
    dropped: tuple[tuple[str, int], ...] = ()
    unsolved: int = 0
    unproven: int = 0

    @property
    def expected_weighted_delay(self) -> Fraction:
        """Mean weighted delay over the samples with a plan (an exact fraction)."""
        planned = self.measured - self.infeasible - self.unsolved
        return Fraction(self.weighted_delay_sum, planned) if planned else Fraction(0)


def figures(caps: Sequence[Cap], samples: Iterable[Sample], asked: int) -> RiskFigures:
    """The figures of the samples measured (fewer than ``asked`` when cancelled half-way).
    An infeasible sample counts in ``infeasible`` and breaks every cap; it has no need to
    put in the bands. An unsolved one is only counted: the caps' chances are over the
    samples decided."""
    done = sorted(samples, key=lambda s: s.index)
    decided = [s for s in done if not s.unsolved]
    planned = [s for s in decided if not s.infeasible]
    counties = sorted({county for s in planned for county in s.county_need})
    delayed = Counter(project for s in planned for project in s.delayed)
    dropped = Counter(project for s in planned for project in s.dropped)
    return RiskFigures(
        asked=asked,
        measured=len(done),
        infeasible=len(decided) - len(planned),
        total=_bands([s.need for s in planned]),
        counties={c: _bands([s.county_need.get(c, {}) for s in planned]) for c in counties},
        caps=tuple(
            CapRisk(cap, sum(s.infeasible or s.exceeded[i] for s in decided), len(decided))
            for i, cap in enumerate(caps)
        ),
        delayed=_most_often(delayed),
        weighted_delay_sum=sum(s.weighted_delay for s in planned),
        dropped=_most_often(dropped),
        unsolved=len(done) - len(decided),
        unproven=sum(s.unproven for s in planned),
    )


def _most_often(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], _order(kv[0]))))


def _bands(needs: Sequence[Mapping[int, int]]) -> tuple[Band, ...]:
    years = sorted({year for need in needs for year in need})
    bands = []
    for year in years:
        values = [need.get(year, 0) for need in needs]
        p10, p50, p90 = (nearest_rank(values, p) for p in PERCENTILES)
        bands.append(Band(year, p10, p50, p90))
    return tuple(bands)
