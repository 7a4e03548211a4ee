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
    Link,
    Objective,
    ProblemData,
    Project,
    all_options,
    check_schedules,
    objective_values,
)
from optimizer.options import ScheduleOption
from optimizer.usage import schedules_from_choice

FIRST = 2021
REGIONS = ("A", "B", "C")
CITIES = {"A": "X", "B": "X", "C": "Y"}
UNITS = ("u1", "u2")
TABLES = ("", "t1", "t2")


@st.composite
def profiles(draw: st.DrawFn, total: int, periods: int) -> tuple[int, ...] | None:
    """``None`` (even spread) or explicit amounts summing to ``total``."""
    if not draw(st.booleans()):
        return None
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=periods - 1, max_size=periods - 1)))
    bounds = [0, *cuts, total]
    return tuple(bounds[i + 1] - bounds[i] for i in range(periods))


@st.composite
def scenarios(
    draw: st.DrawFn,
    max_projects: int = 5,
    max_periods: int = 6,
    max_delay: int | None = None,
    tight: bool = False,
) -> ProblemData:
    """A random scenario. ``max_delay`` bounds every project's delay (for brute force);
    ``tight`` draws small caps and limits, so that many scenarios are infeasible."""
    periods = draw(st.integers(1, max_periods))
    last = FIRST + periods - 1
    as_of = draw(st.one_of(st.just(FIRST), st.integers(FIRST, last + 1)))
    projects = []
    for index in range(draw(st.integers(1, max_projects))):
        start = draw(st.integers(FIRST, last))
        end = draw(st.integers(start, min(last, start + 2)))
        total = draw(st.integers(0, 60))
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
                profile=draw(profiles(total, end - start + 1)),
                regions=draw(
                    st.dictionaries(st.sampled_from(REGIONS), st.integers(1, 3), max_size=2)
                ),
                units=tuple(draw(st.lists(st.sampled_from(UNITS), unique=True, max_size=2))),
                table=draw(st.sampled_from(TABLES)),
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
        ):
            for key in keys:
                if draw(st.integers(0, 5)) == 0:
                    caps.append(Cap(cap_kind, key, period, draw(st.integers(0, high // 2))))
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


objective_orders = st.lists(
    st.sampled_from(list(Objective)), min_size=1, max_size=3, unique=True
).map(tuple)


def lexicographic_key(
    values: dict[Objective, int], objectives: Sequence[Objective]
) -> tuple[int, ...]:
    """A tuple that sorts better solutions first (maximised objectives negated)."""
    return tuple(-values[o] if o.maximize else values[o] for o in objectives)


def brute_force(data: ProblemData, objectives: Sequence[Objective]) -> tuple[int, ...] | None:
    """Best lexicographic objective values over every combination of options, checked by
    the validator; ``None`` when no combination is valid."""
    options = all_options(data)
    menus: list[list[ScheduleOption | None]] = [
        [None, *options[project.id]] for project in data.projects
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
    for menu in all_options(data).values():
        count *= len(menu) + 1
    return count
