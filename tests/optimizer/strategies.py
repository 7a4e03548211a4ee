"""Hypothesis strategies for small random scenarios, and a brute-force reference solver."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import strategies as st

from optimizer import (
    Cap,
    CapKind,
    ConcurrencyKind,
    ConcurrencyLimit,
    FlexibleShares,
    Link,
    Objective,
    ProblemData,
    Project,
    all_options,
    check_schedules,
    objective_values,
)
from optimizer.options import ScheduleOption, with_spend
from optimizer.usage import schedules_from_choice

FIRST = 2021
REGIONS = ("A", "B", "C")
CITIES = {"A": "X", "B": "X", "C": "Y"}
UNITS = ("u1", "u2")
TABLES = ("", "t1", "t2")
PLANS = ("", "p1")


@st.composite
def profiles(draw: st.DrawFn, total: int, periods: int) -> tuple[int, ...] | None:
    """``None`` (even spread) or explicit amounts summing to ``total``."""
    if not draw(st.booleans()):
        return None
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=periods - 1, max_size=periods - 1)))
    bounds = [0, *cuts, total]
    return tuple(bounds[i + 1] - bounds[i] for i in range(periods))


@st.composite
def flexible_shares(draw: st.DrawFn, total: int, periods: int) -> FlexibleShares | None:
    """Share bounds that can hold ``total`` over ``periods`` periods, or ``None``."""
    shares = FlexibleShares(
        draw(st.sampled_from((0, 1000, 2500, 3333))),
        draw(st.sampled_from((5000, 6000, 10_000))),
    )
    return shares if shares.fits(total, periods) else None


@st.composite
def scenarios(
    draw: st.DrawFn,
    max_projects: int = 5,
    max_periods: int = 6,
    max_delay: int | None = None,
    tight: bool = False,
    flexible_total: int = 60,
    spanning: bool = False,
) -> ProblemData:
    """A random scenario. ``max_delay`` bounds every project's delay (for brute force);
    ``tight`` draws small caps and limits, so that many scenarios are infeasible. About one
    project in three has a flexible profile, with a total of at most ``flexible_total`` (small
    totals keep the flexible amounts few enough for brute force to enumerate). ``spanning``
    adds up to three caps over several consecutive periods (some reaching across ``as_of``),
    beside the one-period caps."""
    periods = draw(st.integers(1, max_periods))
    last = FIRST + periods - 1
    as_of = draw(st.one_of(st.just(FIRST), st.integers(FIRST, last + 1)))
    projects = []
    for index in range(draw(st.integers(1, max_projects))):
        start = draw(st.integers(FIRST, last))
        end = draw(st.integers(start, min(last, start + 2)))
        flexible = draw(st.integers(0, 2)) == 0
        total = draw(st.integers(0, flexible_total if flexible else 60))
        shares = draw(flexible_shares(total, end - start + 1)) if flexible else None
        started = start < as_of
        excluded = not started and draw(st.integers(0, 7)) == 0
        delay_limit = (
            draw(st.integers(0, max_delay))
            if max_delay is not None
            else draw(st.one_of(st.none(), st.integers(0, 3)))
        )
        projects.append(
            Project(
                id=f"P{index}",
                total=total,
                planned_start=start,
                planned_end=end,
                profile=None if shares else draw(profiles(total, end - start + 1)),
                flexible=shares,
                regions=draw(
                    st.dictionaries(st.sampled_from(REGIONS), st.integers(1, 3), max_size=2)
                ),
                units=tuple(draw(st.lists(st.sampled_from(UNITS), unique=True, max_size=2))),
                table=draw(st.sampled_from(TABLES)),
                plan=draw(st.sampled_from(PLANS)),
                priority=draw(st.integers(0, 3)),
                must_fund=not excluded and draw(st.integers(0, 3)) == 0,
                locked=draw(st.integers(0, 4)) == 0,
                excluded=excluded,
                max_delay=delay_limit,
                max_stretch=draw(st.integers(0, 1)),
            )
        )
    pairs = [(a, b) for a in range(len(projects)) for b in range(a + 1, len(projects))]
    links = (
        [
            Link(f"P{a}", f"P{b}", draw(st.integers(0, 1)))
            for a, b in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=2))
        ]
        if pairs
        else []
    )
    high = 40 if tight else 120
    caps = []
    for period in range(FIRST, last + 1):
        if draw(st.booleans()):
            caps.append(Cap(CapKind.TOTAL, "", period, draw(st.integers(0, high))))
        for cap_kind, keys in (
            (CapKind.REGION, REGIONS),
            (CapKind.CITY, ("X", "Y")),
            (CapKind.TABLE, TABLES[1:]),
            (CapKind.PLAN, PLANS[1:]),
        ):
            for key in keys:
                if draw(st.integers(0, 5)) == 0:
                    caps.append(Cap(cap_kind, key, period, draw(st.integers(0, high // 2))))
    if spanning and last > FIRST:
        for _ in range(draw(st.integers(1, 3))):
            begin = draw(st.integers(FIRST, last - 1))
            end_period = draw(st.integers(begin + 1, last))
            kind, key = draw(
                st.sampled_from([(CapKind.TOTAL, ""), (CapKind.REGION, "A"), (CapKind.CITY, "X")])
            )
            cap = Cap(kind, key, begin, draw(st.integers(0, high)), last_period=end_period)
            if all(cap.ident != other.ident for other in caps):
                caps.append(cap)
    limits = []
    for limit_kind, key in ((ConcurrencyKind.REGION, "A"), (ConcurrencyKind.UNIT, "u1")):
        if draw(st.integers(0, 2)) == 0:
            limit_period = draw(st.one_of(st.none(), st.integers(FIRST, last)))
            limits.append(ConcurrencyLimit(limit_kind, key, draw(st.integers(0, 2)), limit_period))
    return ProblemData(
        projects=projects,
        horizon=(FIRST, last),
        as_of=as_of,
        links=links,
        caps=caps,
        concurrency=limits,
        cities=CITIES,
    )


@st.composite
def flexible_scenarios(draw: st.DrawFn) -> ProblemData:
    """Scenarios made for flexible spend to matter: one to three projects of small totals,
    the first flexible over two or three periods, and caps near their even amounts."""
    periods = draw(st.integers(2, 4))
    last = FIRST + periods - 1
    as_of = draw(st.sampled_from((FIRST, FIRST, FIRST + 1)))
    projects = []
    for index in range(draw(st.integers(1, 3))):
        flexible = index == 0 or draw(st.booleans())
        start = draw(st.integers(FIRST, last - 1 if flexible else last))
        end = draw(st.integers(start + 1 if flexible else start, min(last, start + 2)))
        total = draw(st.integers(2 if flexible else 0, 6))
        shares = (
            FlexibleShares(
                draw(st.sampled_from((0, 1000, 2000))), draw(st.sampled_from((6000, 10_000)))
            )
            if flexible
            else None
        )
        if shares is not None and not shares.fits(total, end - start + 1):
            shares = FlexibleShares()
        projects.append(
            Project(
                id=f"P{index}",
                total=total,
                planned_start=start,
                planned_end=end,
                flexible=shares,
                regions=draw(
                    st.dictionaries(st.sampled_from(REGIONS), st.integers(1, 3), max_size=3)
                ),
                priority=draw(st.integers(0, 2)),
                must_fund=draw(st.booleans()),
                locked=draw(st.integers(0, 5)) == 0,
                max_delay=draw(st.integers(0, 1)),
                max_stretch=draw(st.integers(0, 1)),
            )
        )
    caps = []
    for period in range(FIRST, last + 1):
        if draw(st.booleans()):
            caps.append(Cap(CapKind.TOTAL, "", period, draw(st.integers(1, 4))))
        if draw(st.integers(0, 3)) == 0:
            caps.append(Cap(CapKind.REGION, "A", period, draw(st.integers(0, 3))))
        if draw(st.integers(0, 3)) == 0:
            caps.append(Cap(CapKind.CITY, "X", period, draw(st.integers(0, 4))))
    return ProblemData(
        projects=projects, horizon=(FIRST, last), as_of=as_of, caps=caps, cities=CITIES
    )


objective_orders = st.lists(
    st.sampled_from(list(Objective)), min_size=1, max_size=3, unique=True
).map(tuple)


def lexicographic_key(
    values: dict[Objective, int], objectives: Sequence[Objective]
) -> tuple[int, ...]:
    """A tuple that sorts better solutions first (maximised objectives negated)."""
    return tuple(-values[o] if o.maximize else values[o] for o in objectives)


def amount_vectors(total: int, periods: int, low: int, high: int) -> list[tuple[int, ...]]:
    """Every way to spend ``total`` over ``periods`` periods, each within ``low..high``."""
    if periods == 0:
        return [()] if total == 0 else []
    return [
        (first, *rest)
        for first in range(low, min(high, total) + 1)
        for rest in amount_vectors(total - first, periods - 1, low, high)
    ]


def menu(data: ProblemData, project_id: str) -> list[ScheduleOption]:
    """A project's options, each flexible one expanded into every amount vector it allows
    (a started flexible project spends its even spread: its one option as it is)."""
    project = data.project(project_id)
    options = all_options(data)[project_id]
    if project.flexible is None or data.has_started(project):
        return list(options)
    low, high = project.flexible.bounds(project.total)
    expanded = []
    for option in options:
        periods = range(option.start, option.end + 1)
        for amounts in amount_vectors(project.total, len(periods), low, high):
            expanded.append(with_spend(data, option, dict(zip(periods, amounts, strict=True))))
    return expanded


def brute_force(data: ProblemData, objectives: Sequence[Objective]) -> tuple[int, ...] | None:
    """Best lexicographic objective values over every combination of options (flexible
    projects' amounts enumerated), checked by the validator; ``None`` when none is valid."""
    menus: list[list[ScheduleOption | None]] = [
        [None, *menu(data, project.id)] for project in data.projects
    ]
    best: tuple[int, ...] | None = None
    for combo in itertools.product(*menus):
        chosen = {project.id: option for project, option in zip(data.projects, combo, strict=True)}
        schedules = schedules_from_choice(data, chosen)
        if check_schedules(data, schedules, objectives):
            continue
        key = lexicographic_key(objective_values(data, schedules), objectives)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    return tuple(-k if o.maximize else k for k, o in zip(best, objectives, strict=True))


def combinations(data: ProblemData) -> int:
    """How many combinations ``brute_force`` would enumerate."""
    count = 1
    for project in data.projects:
        count *= len(menu(data, project.id)) + 1
    return count
